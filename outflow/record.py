"""Outflow's section of the student's complete record (AVG art. 15): the outflow with its
corrections, the checklist, and per partner every step and the confirmation. A fixed
number of queries."""

from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy

from entree.core.records import choice, person, register_section
from outflow.models import ConfirmationLink, Handover, Outflow, OutflowCorrection, PartnerHandover
from outflow.services import HANDOVER_FIELDS, OUTFLOW_FIELDS
from students.models import Student


def outflow_section(student: Student) -> dict[str, Any] | None:
    outflow = (
        Outflow.objects.filter(student=student)
        .select_related("registered_by", "plan_version", "handover__closed_by")
        .prefetch_related(
            Prefetch(
                "corrections", queryset=OutflowCorrection.objects.select_related("recorded_by")
            ),
            Prefetch(
                "handover__partners",
                queryset=PartnerHandover.objects.select_related("contact").prefetch_related(
                    Prefetch("links", queryset=ConfirmationLink.objects.order_by("sent_at"))
                ),
            ),
        )
        .first()
    )
    if outflow is None:
        return None
    handover: Handover = outflow.handover
    return {
        **{
            name: choice(outflow, name) if name == "destination" else getattr(outflow, name)
            for name in OUTFLOW_FIELDS
        },
        "dropout": outflow.dropout,
        "plan_version": outflow.plan_version.number if outflow.plan_version else None,
        "registered_by": person(outflow.registered_by),
        "registered_at": outflow.registered_at,
        "corrections": [
            {
                "changes": c.changes,
                "reason": c.reason,
                "recorded_by": person(c.recorded_by),
                "recorded_at": c.recorded_at,
            }
            for c in outflow.corrections.all()
        ],
        "handover": {
            **{name: getattr(handover, name) for name in HANDOVER_FIELDS},
            "closed_at": handover.closed_at,
            "partners": [
                {
                    "kind": choice(p, "kind"),
                    "contact": p.contact.name if p.contact else None,
                    "contacted_on": p.contacted_on,
                    "meeting_on": p.meeting_on,
                    "shared_on": p.shared_on,
                    "answer": choice(p, "answer"),
                    "answered_on": p.answered_on,
                    "answer_channel": choice(p, "answer_channel"),
                    "first_contact_on": p.first_contact_on,
                    "contact_person_now": p.contact_person_now,
                    "links_sent": [
                        {"sent_to": link.sent_to, "sent_at": link.sent_at, "used_at": link.used_at}
                        for link in p.links.all()
                    ],
                }
                for p in handover.partners.all()
            ],
        },
    }


register_section(
    "uitstroom",
    gettext_lazy("Uitstroom en warme overdracht"),
    outflow_section,
    labels={
        **{f.name: f.verbose_name for f in Outflow._meta.fields},
        "dropout": gettext_lazy("uitval"),
        "corrections": gettext_lazy("correcties"),
        "handover": gettext_lazy("warme overdracht"),
        "partners": gettext_lazy("ontvangende partners"),
        "links_sent": gettext_lazy("verstuurde bevestigingslinks"),
        **{f.name: f.verbose_name for f in Handover._meta.fields},
        **{f.name: f.verbose_name for f in PartnerHandover._meta.fields},
    },
)
