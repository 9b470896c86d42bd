"""Closing the loop: the one-time link a receiving partner uses to confirm that they are
in contact with the student.

The token is 32 random bytes (URL-safe text) in the e-mail only; the database keeps its
SHA-256. A link works once, expires after ``ENTREE_CONFIRMATION_LINK_DAYS`` days, and a
new link for the same partner withdraws the earlier ones. Anything that is not a live
link — unknown, used, expired, forged — is answered the same way (None), so the page
without login can show one neutral text for all of them.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from entree.accounts.models import User
from outflow.models import ConfirmationChannel, ConfirmationLink, PartnerAnswer, PartnerHandover
from students.services.common import require_edit

from .data import PartnerAnswerData
from .handover import (
    _locked_partner,
    _open,
    answer_problems,
    links_withdraw,
    record_answer,
    sharing_refused,
)
from .tokens import claim, live, new_token, token_url


def link_url(token: str) -> str:
    return token_url("confirm", token)


@transaction.atomic
def link_send(*, partner: PartnerHandover, by: User) -> ConfirmationLink:
    """Send the partner contact a one-time link to confirm the handover.

    Rules: ``by`` may change the record; the checklist is open and the partner has not
    confirmed yet (after "not reachable" a new link may go out); the student consents to
    share with this contact (the link's page shows the student's first name and initial,
    the school and the team); the link goes only to the contact's own e-mail address in
    the student's network — never to an address typed in passing, which nobody consented
    to. Earlier links of this partner stop working.
    """
    record = _locked_partner(partner)
    student = record.handover.outflow.student
    require_edit(by, student)
    _open(record.handover)
    errors: dict[str, list[str]] = {}
    if record.confirmed:
        errors["__all__"] = [_("Deze partner heeft het contact met de student al bevestigd.")]
    if refused := sharing_refused(record.contact):
        errors.setdefault("__all__", []).append(refused)
    address = record.contact.email.strip() if record.contact else ""
    if record.contact and not address:
        errors["email"] = [
            _(
                "Er staat geen e-mailadres bij %(name)s. Vul het in bij netwerk en "
                "toestemming en stuur de link dan."
            )
            % {"name": record.contact.name}
        ]
    if errors:
        raise ValidationError(errors)
    links_withdraw(record)
    now = timezone.now()
    token, hashed = new_token()
    link = ConfirmationLink.objects.create(
        partner=record,
        token_hash=hashed,
        sent_to=address,
        sent_by=by,
        sent_at=now,
        expires_at=now + timedelta(days=settings.ENTREE_CONFIRMATION_LINK_DAYS),
    )
    context = {
        "url": link_url(token),
        "partner": record,
        "team": student.team,
        "institution": student.institution,
        "sender": by,
        "days": settings.ENTREE_CONFIRMATION_LINK_DAYS,
    }
    # The partner reads Dutch, whatever language the coordinator's pages are in.
    with translation.override("nl"):
        subject, text, html = (
            _("Bevestig de warme overdracht van een student van %(school)s")
            % {"school": student.institution.name},
            render_to_string("outflow/mail/confirm.txt", context),
            render_to_string("outflow/mail/confirm.html", context),
        )
    message = EmailMultiAlternatives(subject=subject, body=text, to=[address])
    message.attach_alternative(html, "text/html")
    # Sent when the transaction commits: a refused or rolled-back send mails nobody.
    transaction.on_commit(message.send)
    return link


def link_open(token: str) -> ConfirmationLink | None:
    """The live link for ``token`` with what its page may show, or None for anything else:
    unknown, used, expired, withdrawn — and also when the partner already confirmed, the
    checklist is closed, or the student's consent to share with the contact is no longer
    there (the page would show the student's name)."""
    link = (
        live(ConfirmationLink.objects.all(), token)
        .filter(partner__handover__closed_at__isnull=True)
        .exclude(partner__answer=PartnerAnswer.IN_CONTACT)
        .select_related(
            "partner__contact",
            "partner__handover__outflow__student__team",
            "partner__handover__outflow__student__institution",
        )
        .first()
    )
    if link is None or sharing_refused(link.partner.contact) is not None:
        return None
    return link


@transaction.atomic
def link_answer(*, token: str, data: PartnerAnswerData) -> PartnerHandover | None:
    """Record the partner's answer through the link, once. Returns None (and changes
    nothing) when the token is not a live link; raises ValidationError for an incomplete
    answer (the link stays usable)."""
    link = link_open(token)
    if link is None:
        return None
    errors = answer_problems(data)
    if errors:
        raise ValidationError(errors)
    # The conditional update claims the link: of two answers at once, one wins.
    if not claim(ConfirmationLink.objects.all(), link.pk):
        return None
    record = _locked_partner(link.partner)
    if record.handover.closed_at is not None or record.confirmed:
        return None
    return record_answer(record, data, channel=ConfirmationChannel.LINK, by=None)
