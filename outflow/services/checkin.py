"""The leaver's own check-in: a personal one-time link for a due follow-up contact, and
the four short answers recorded as that contact (channel "zelf").

Teams say leavers do not answer calls or e-mails but do answer a short message: the
coordinator sends the link by e-mail or copies it into the leaver's chat app. The token
rules are the partner confirmation's (``tokens``); a link works only while the contact is
open and the leaver is in outflow or aftercare.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from entree.accounts.models import User
from outflow.models import CheckInLink, ContactChannel, FollowUpContact, Position
from students.models import OUTFLOW_STATUSES
from students.services.common import require_edit, validated_save

from .followup import MAX_HOURS_PER_WEEK, help_task
from .tokens import claim, live, new_token, token_url, withdraw

#: A contact may be asked for this long before its planned date.
ASK_AHEAD = timedelta(days=7)
#: What the leaver can answer to "what are you doing now" (the four plain answers).
CHECKIN_POSITIONS = (Position.WERKNEMER, Position.ONDERWIJS, Position.UITKERING, Position.ANDERS)


@dataclass(frozen=True)
class CheckInData:
    position: str
    hours_per_week: int | None = None
    same_place: bool | None = None
    wants_help: bool = False


def checkin_refused(contact: FollowUpContact) -> str | None:
    """Why no check-in link can be made for this contact now, or None."""
    if contact.done:
        return _("Dit contactmoment is al vastgelegd.")
    if contact.outflow.student.status not in OUTFLOW_STATUSES:
        return _("De nazorg van deze student is afgesloten.")
    if contact.due_on > timezone.localdate() + ASK_AHEAD:
        return _("Dit contactmoment is pas op %(day)s; een link kan vanaf een week ervoor.") % {
            "day": contact.due_on.strftime("%d-%m-%Y")
        }
    return None


@transaction.atomic
def checkin_link_make(
    *, contact: FollowUpContact, by: User, by_email: bool
) -> tuple[CheckInLink, str]:
    """Make the leaver's link for this contact and return it with its address. With
    ``by_email`` it goes to the student's own e-mail address; otherwise the coordinator
    copies it into a message. Earlier links for the contact stop working."""
    record = (
        FollowUpContact.objects.select_for_update(of=("self",))
        .select_related("outflow__student__team", "outflow__student__institution")
        .get(pk=contact.pk)
    )
    student = record.outflow.student
    require_edit(by, student)
    if refused := checkin_refused(record):
        raise ValidationError(refused)
    if by_email and not student.email:
        raise ValidationError(
            _("Er staat geen e-mailadres bij de student. Kopieer de link in een bericht.")
        )
    withdraw(CheckInLink.objects.filter(contact=record))
    token, hashed = new_token()
    now = timezone.now()
    link = CheckInLink.objects.create(
        contact=record,
        token_hash=hashed,
        sent_to=student.email if by_email else "",
        sent_by=by,
        sent_at=now,
        expires_at=now + timedelta(days=settings.ENTREE_CONFIRMATION_LINK_DAYS),
    )
    url = token_url("checkin", token)
    if by_email:
        context = {"url": url, "student": student, "days": settings.ENTREE_CONFIRMATION_LINK_DAYS}
        with translation.override("nl"):  # the leaver reads the Dutch mail (B1)
            subject = _("Hoe gaat het met je? Vier korte vragen van %(school)s") % {
                "school": student.institution.name
            }
            text = render_to_string("outflow/mail/checkin.txt", context)
            html = render_to_string("outflow/mail/checkin.html", context)
        message = EmailMultiAlternatives(subject=subject, body=text, to=[student.email])
        message.attach_alternative(html, "text/html")
        transaction.on_commit(message.send)
    return link, url


def checkin_open(token: str) -> CheckInLink | None:
    """The live link for ``token`` while its contact is open and the leaver is in outflow
    or aftercare; None for anything else."""
    return (
        live(CheckInLink.objects.all(), token)
        .filter(
            contact__done_on__isnull=True,
            contact__outflow__student__status__in=OUTFLOW_STATUSES,
        )
        .select_related("contact__outflow__student__institution")
        .first()
    )


def checkin_problems(data: CheckInData) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if data.position not in CHECKIN_POSITIONS:
        errors["position"] = [_("Kies wat je nu doet.")]
    if data.hours_per_week is not None and not 0 <= data.hours_per_week <= MAX_HOURS_PER_WEEK:
        errors["hours_per_week"] = [
            _("Vul een aantal uren tussen 0 en %(max)s in.") % {"max": MAX_HOURS_PER_WEEK}
        ]
    return errors


@transaction.atomic
def checkin_answer(*, token: str, data: CheckInData) -> FollowUpContact | None:
    """Record the leaver's answers as the contact (reached, channel "zelf"), once. None
    (and nothing changed) when the token is not a live link; ValidationError for an
    incomplete answer (the link stays usable). "Ik wil hulp" makes the coordinator's task
    at once."""
    link = checkin_open(token)
    if link is None:
        return None
    if errors := checkin_problems(data):
        raise ValidationError(errors)
    if not claim(CheckInLink.objects.all(), link.pk):
        return None
    contact = (
        FollowUpContact.objects.select_for_update(of=("self",))
        .select_related("outflow__student__regiehouder")
        .get(pk=link.contact_id)
    )
    if contact.done:
        return None
    contact.done_on = timezone.localdate()
    contact.reached = True
    contact.channel = ContactChannel.ZELF
    contact.position = data.position
    contact.hours_per_week = data.hours_per_week
    contact.same_place = data.same_place
    contact.needs_support = data.wants_help
    contact.recorded_by = None
    validated_save(contact)
    if data.wants_help:
        help_task(contact, contact.outflow.student)
    return contact
