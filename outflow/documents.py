"""The handover document (PDF) for one receiving partner.

It holds only what the student's consent allows: without a current consent to share
information with the partner's contact there is no document at all. With consent, each
partner gets what it needs for its part of the next phase and no more (data
minimisation): an employer or a level-2 team reads about learning at work and support, not
about debts or care; the gemeente, the Doorstroompunt and a care provider read about the
regelzaken and the support needed. The caller logs every download in the access log.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from entree.core.models import field_label
from outflow.models import Handover, PartnerHandover, PartnerKind
from outflow.services import sharing_refused

#: Per kind of partner, the checklist answers its document holds.
DOCUMENT_QUESTIONS: dict[str, tuple[str, ...]] = {
    PartnerKind.WERKGEVER: ("goals_to_learn", "support_needed", "lifelong_learning"),
    PartnerKind.NIVEAU2: ("goals_to_learn", "support_needed", "lifelong_learning"),
    PartnerKind.GEMEENTE: ("regelzaken", "support_needed", "alternatives", "intermediate_step"),
    PartnerKind.DOORSTROOMPUNT: (
        "goals_to_learn",
        "regelzaken",
        "support_needed",
        "alternatives",
        "intermediate_step",
    ),
    PartnerKind.ZORGAANBIEDER: ("regelzaken", "support_needed"),
}


@dataclass(frozen=True)
class DocumentItem:
    label: str
    text: str


def handover_document_data(partner: PartnerHandover) -> dict[str, Any]:
    """What the partner's document says, or ValidationError when consent does not allow
    a document (the same words as the checklist)."""
    if refused := sharing_refused(partner.contact):
        raise ValidationError(refused)
    handover: Handover = partner.handover
    outflow = handover.outflow
    student = outflow.student
    items = []
    for name in DOCUMENT_QUESTIONS[partner.kind]:
        if text := handover.answer(name):
            items.append(DocumentItem(field_label(Handover, name), text))
    return {
        "partner": partner,
        "contact": partner.contact,
        "student": student,
        "outflow": outflow,
        "team": student.team,
        "institution": student.institution,
        "coordinator": student.regiehouder,
        "items": items,
        "takes_along": [
            label
            for present, label in (
                (outflow.diploma, _("entreediploma")),
                (outflow.with_certificate, _("certificaat")),
                (outflow.with_mbo_verklaring, _("mbo-verklaring")),
                (outflow.with_praktijkverklaring, _("praktijkverklaring")),
            )
            if present
        ],
    }


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> Any:
    raise ValueError(f"Geen externe bronnen in een overdrachtsdocument: {url}")


def render_handover_pdf(partner: PartnerHandover) -> bytes:
    """The partner's handover document as a tagged PDF (PDF/UA), via WeasyPrint."""
    from weasyprint import HTML  # heavy import, needed only here

    # A document for a partner outside the school: in Dutch, whatever the user's language.
    with translation.override("nl"):
        html = render_to_string("outflow/handover_pdf.html", handover_document_data(partner))
    return HTML(string=html, url_fetcher=_refuse_fetch).write_pdf(pdf_variant="pdf/ua-1")
