"""What outflow adds to the caseload's signals (``students.registries``): a warm handover
whose partner has not confirmed contact with the student ten working days after the link
was sent (issue 12: the loop must close), and what the coordinator's overview counts
(issue 13): expected outflow, open checklists, follow-up contacts due and late, leavers
who asked for help. Each is a condition PostgreSQL evaluates, so the overview's numbers
and the caseload filter behind each number are the same rule.

A leaver's signal lives in its own table (an open checklist, a partner waiting, a contact
due or late, an open task): :class:`LeaverRows` says which rows raise it on a day and how
a row reaches its student. The caseload's condition asks per student whether such a row
exists; the overview counts the visible leavers from the rows' side (an index range of
open rows joined to the students), so its cost follows the open rows, not the team."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Value
from django.utils.translation import gettext_lazy as _

from outflow.models import (
    ConfirmationLink,
    FollowUpContact,
    FollowUpTask,
    Handover,
    PartnerHandover,
)
from placements.models import Placement, PlacementStatus
from students.models import OUTFLOW_STATUSES, Status, Student
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


@dataclass(frozen=True)
class LeaverRows:
    """A leaver's signal kept in its own table: the rows that raise it on a day, and the
    lookup from such a row to its student. Both the caseload's condition and the
    overview's number are built from it, so they are one rule."""

    rows: Callable[[date], QuerySet[Any]]
    #: Lookup from a row to the student, e.g. ``"outflow__student"``.
    student: str

    def condition(self, today: date) -> Q:
        """A leaver with such a row (the caseload signal)."""
        found = self.rows(today).filter(**{self.student: OuterRef("pk")})
        return Q(status__in=OUTFLOW_STATUSES) & Q(Exists(found))

    def counted(self, code: str, students: QuerySet[Student], today: date) -> QuerySet[Any]:
        """One row ``(code, n)``: how many of ``students`` the condition holds for,
        counted from the rows' side — the open rows joined to their leaver — instead of
        asking every student whether a row exists."""
        leavers = students.filter(status__in=OUTFLOW_STATUSES).values("pk")
        return (
            self.rows(today)
            .filter(**{f"{self.student}__in": leavers})
            .order_by()
            .annotate(code=Value(code))
            .values("code")
            .annotate(n=Count(self.student, distinct=True))
        )


def _waiting_partners(today: date) -> QuerySet[PartnerHandover]:
    """A partner on an open checklist that has not answered, while the first link to it
    went out at least ten working days ago."""
    since = working_days_before(today, CONFIRMATION_WORKING_DAYS)
    asked = ConfirmationLink.objects.filter(partner=OuterRef("pk"), sent_at__date__lte=since)
    return PartnerHandover.objects.filter(handover__closed_at__isnull=True, answer="").filter(
        Exists(asked)
    )


def _late_contacts(today: date) -> QuerySet[FollowUpContact]:
    """A follow-up contact moment whose date has passed without a recorded contact."""
    return FollowUpContact.objects.filter(done_on__isnull=True, due_on__lt=today)


def _coming_contacts(today: date) -> QuerySet[FollowUpContact]:
    """A follow-up contact moment due today or within two weeks, not yet recorded."""
    return FollowUpContact.objects.filter(
        done_on__isnull=True, due_on__gte=today, due_on__lte=today + CONTACT_WARNING
    )


def _open_checklists(today: date) -> QuerySet[Handover]:
    """A warm-handover checklist that is not closed yet."""
    return Handover.objects.filter(closed_at__isnull=True)


def _open_tasks(today: date) -> QuerySet[FollowUpTask]:
    """A leaver's request for help (an open task for the coordinator)."""
    return FollowUpTask.objects.filter(done_on__isnull=True)


#: The leavers' signals by code, each from its own table.
LEAVER_SIGNALS = {
    "checklist_open": LeaverRows(_open_checklists, "outflow__student"),
    "overdracht_onbevestigd": LeaverRows(_waiting_partners, "handover__outflow__student"),
    "nazorg_binnenkort": LeaverRows(_coming_contacts, "outflow__student"),
    "nazorg_te_laat": LeaverRows(_late_contacts, "outflow__student"),
    "wil_hulp": LeaverRows(_open_tasks, "student"),
}


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


OUTFLOW_SIGNALS = (
    Signal("uitstroom_verwacht", _("Uitstroom verwacht"), _outflow_expected),
    *(
        Signal(code, label, LEAVER_SIGNALS[code].condition)
        for code, label in (
            ("checklist_open", _("Overdrachtschecklist open")),
            ("overdracht_onbevestigd", _("Overdracht niet bevestigd")),
            ("nazorg_binnenkort", _("Nazorgcontact binnenkort")),
            ("nazorg_te_laat", _("Nazorgcontact te laat")),
            ("wil_hulp", _("Oud-student wil hulp")),
        )
    ),
)
