"""What outflow adds to the caseload's signals (``students.registries``): a warm handover
whose partner has not confirmed contact with the student ten working days after the link
was sent (issue 12: the loop must close)."""

from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from outflow.models import ConfirmationLink, FollowUpContact, PartnerHandover
from students.models import OUTFLOW_STATUSES
from students.registries import Signal

#: Working days a partner has to confirm before the coordinator's list warns.
CONFIRMATION_WORKING_DAYS = 10


def working_days_before(day: date, days: int) -> date:
    """The date ``days`` working days (Monday to Friday) before ``day``."""
    while days > 0:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def _unconfirmed(today: date) -> Q:
    """A partner on an open checklist that has not answered, while the first link to it
    went out at least ten working days ago."""
    since = working_days_before(today, CONFIRMATION_WORKING_DAYS)
    asked = ConfirmationLink.objects.filter(partner=OuterRef("pk"), sent_at__date__lte=since)
    waiting = PartnerHandover.objects.filter(
        handover__outflow__student=OuterRef("pk"),
        handover__closed_at__isnull=True,
        answer="",
    ).filter(Exists(asked))
    return Q(status__in=OUTFLOW_STATUSES) & Q(Exists(waiting))


def _contact_overdue(today: date) -> Q:
    """A follow-up contact moment whose date has passed without a recorded contact."""
    late = FollowUpContact.objects.filter(
        outflow__student=OuterRef("pk"), done_on__isnull=True, due_on__lt=today
    )
    return Q(status__in=OUTFLOW_STATUSES) & Q(Exists(late))


OUTFLOW_SIGNALS = (
    Signal("overdracht_onbevestigd", _("Overdracht niet bevestigd"), _unconfirmed),
    Signal("nazorg_te_laat", _("Nazorgcontact te laat"), _contact_overdue),
)
