"""What outflow adds to the caseload's signals (``students.registries``): a warm handover
whose partner has not confirmed contact with the student ten working days after the link
was sent (issue 12: the loop must close), and what the coordinator's overview counts
(issue 13): expected outflow, open checklists, follow-up contacts due and late, leavers
who asked for help. Each is a condition PostgreSQL evaluates, so the overview's numbers
and the caseload filter behind each number are the same rule."""

from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from outflow.models import (
    ConfirmationLink,
    FollowUpContact,
    FollowUpTask,
    Handover,
    PartnerHandover,
)
from placements.models import Placement, PlacementStatus
from students.models import OUTFLOW_STATUSES, Status
from students.registries import Signal
from students.services import add_months

#: How far ahead the overview looks for outflow (issue 13: "the next three months").
EXPECTED_OUTFLOW_MONTHS = 3
#: How far ahead a follow-up contact counts as "coming up".
CONTACT_WARNING = timedelta(days=14)

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


def _outflow_expected(today: date) -> Q:
    """An active student expected to leave within three months: their running placement
    ends by then, or their first year does (entree takes a year; the inspectorate counts a
    diploma within twelve months of the start as on time) — a student past that year is
    expected any day."""
    until = add_months(today, EXPECTED_OUTFLOW_MONTHS)
    ending = Placement.objects.filter(
        student=OuterRef("pk"),
        status=PlacementStatus.LOPEND,
        end_date__gte=today,
        end_date__lte=until,
    )
    return Q(status=Status.ACTIEF) & (Q(start_date__lte=add_months(until, -12)) | Q(Exists(ending)))


def _checklist_open(today: date) -> Q:
    """A leaver whose warm-handover checklist is not closed yet."""
    open_checklist = Handover.objects.filter(
        outflow__student=OuterRef("pk"), closed_at__isnull=True
    )
    return Q(status__in=OUTFLOW_STATUSES) & Q(Exists(open_checklist))


def _contact_coming(today: date) -> Q:
    """A follow-up contact moment due today or within two weeks, not yet recorded."""
    coming = FollowUpContact.objects.filter(
        outflow__student=OuterRef("pk"),
        done_on__isnull=True,
        due_on__gte=today,
        due_on__lte=today + CONTACT_WARNING,
    )
    return Q(status__in=OUTFLOW_STATUSES) & Q(Exists(coming))


def _asked_for_help(today: date) -> Q:
    """A leaver who asked for help (an open task for the coordinator)."""
    task = FollowUpTask.objects.filter(student=OuterRef("pk"), done_on__isnull=True)
    return Q(status__in=OUTFLOW_STATUSES) & Q(Exists(task))


OUTFLOW_SIGNALS = (
    Signal("uitstroom_verwacht", _("Uitstroom verwacht"), _outflow_expected),
    Signal("checklist_open", _("Overdrachtschecklist open"), _checklist_open),
    Signal("overdracht_onbevestigd", _("Overdracht niet bevestigd"), _unconfirmed),
    Signal("nazorg_binnenkort", _("Nazorgcontact binnenkort"), _contact_coming),
    Signal("nazorg_te_laat", _("Nazorgcontact te laat"), _contact_overdue),
    Signal("wil_hulp", _("Oud-student wil hulp"), _asked_for_help),
)
