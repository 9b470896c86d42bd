"""Who is due for anonymisation, and what the beheerder's privacy page shows.

A record's retention starts on the day its trajectory closed: the first time the write
audit recorded the student with status ``afgesloten`` (the students app keeps no separate
date, and the history cannot be rewritten by the application). The beheerder sees counts
per team and month only — never a student (DESIGN §2).
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.apps import apps
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncDate

from entree.accounts.models import Institution
from entree.privacy.models import (
    DEFAULT_RETENTION_MONTHS,
    AnonymisationRun,
    ErasureRequest,
    ErasureStatus,
    RetentionSettings,
)
from students.models import Status, Student
from students.services.common import add_months

#: How far ahead the privacy page looks.
AHEAD_DAYS = 30


def retention_months() -> dict[int, int]:
    """Months per institution id; institutions without settings keep the default."""
    configured = dict(RetentionSettings.objects.values_list("institution_id", "months"))
    return {
        pk: configured.get(pk, DEFAULT_RETENTION_MONTHS)
        for pk in Institution.objects.values_list("pk", flat=True)
    }


def closed_students() -> QuerySet[Student]:
    """Closed students not yet anonymised, with ``closed_on``: the day the write audit
    first recorded them as closed."""
    events = apps.get_model("students", "StudentEvent")
    closed_on = (
        events.objects.filter(pgh_obj_id=OuterRef("pk"), status=Status.AFGESLOTEN)
        .order_by("pgh_created_at")
        .annotate(day=TruncDate("pgh_created_at"))
        .values("day")[:1]
    )
    return Student.objects.filter(status=Status.AFGESLOTEN, anonymisation__isnull=True).annotate(
        closed_on=Subquery(closed_on)
    )


def _closed_by(months: dict[int, int], today: date) -> Q:
    """Closed on or before each institution's cut-off for ``today``."""
    due = Q(pk__in=[])
    for institution_id, kept in months.items():
        due |= Q(institution_id=institution_id, closed_on__lte=add_months(today, -kept))
    return due


def students_due(today: date) -> QuerySet[Student]:
    """Every student whose retention ended on or before ``today``, oldest id first."""
    return closed_students().filter(_closed_by(retention_months(), today)).order_by("pk")


def retention_ends(student: Student) -> date | None:
    """The day ``student``'s record is anonymised; None while the trajectory is open."""
    # closed_on is an annotation the type checker's plugin cannot see.
    row = (
        closed_students()
        .filter(pk=student.pk)
        .values("closed_on", "institution_id")  # type: ignore[misc]
        .first()
    )
    if row is None or row["closed_on"] is None:
        return None
    months = retention_months().get(row["institution_id"], DEFAULT_RETENTION_MONTHS)
    return add_months(row["closed_on"], months)


@dataclass(frozen=True)
class DueCount:
    team: str
    month: date  # the first of the month
    count: int


def due_ahead(today: date) -> list[DueCount]:
    """How many records fall due in the next ``AHEAD_DAYS`` days (today's included), per
    team and month — counts only. One query for the rows and one for the settings."""
    months = retention_months()
    rows = (
        closed_students()
        .filter(_closed_by(months, today + timedelta(days=AHEAD_DAYS)))
        .values_list("team__name", "closed_on", "institution_id")  # type: ignore[misc]
    )
    counts: Counter[tuple[str, date]] = Counter()
    for team, closed_on, institution_id in rows:
        ends = add_months(closed_on, months[institution_id])
        counts[(team or "", max(ends, today).replace(day=1))] += 1
    return [DueCount(team, month, n) for (team, month), n in sorted(counts.items())]


def open_erasure_requests() -> QuerySet[ErasureRequest]:
    """The requests waiting for a beheerder's decision, oldest first."""
    return (
        ErasureRequest.objects.filter(status__in=[ErasureStatus.OPEN, ErasureStatus.APPROVED])
        .select_related("requested_by", "student__team")
        .order_by("created_at")
    )


def last_runs(limit: int = 20) -> QuerySet[AnonymisationRun]:
    return AnonymisationRun.objects.all()[:limit]
