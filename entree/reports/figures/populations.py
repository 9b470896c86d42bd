"""Who each block counts, keyed to one school year (so that no number is shared between
two years, see :mod:`.suppression`). Each returns the institution's rows of the school
year and of the year before, annotated ``team_key`` and ``year_key``.

A student's team is the team they are in *now*: the record keeps no history of team
changes, so a student who changed team counts once, in their current team.
"""

from datetime import date
from typing import Any

from django.db.models import DateField, F, Func, IntegerField, Q, QuerySet
from django.db.models.functions import Cast, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entree.reports.report import SchoolYear
from outflow.models import FollowUpContact, Outflow
from placements.models import Placement
from students.models import Intake, Status, Student

from .cube import Population


def school_year_of(expression: Any) -> Func:
    """The first year of the school year (1 August – 31 July) a date falls in."""
    return Func(
        expression,
        template="EXTRACT(YEAR FROM (%(expressions)s - INTERVAL '7 months'))::int",
        output_field=IntegerField(),
    )


def plus(expression: Any, interval: str) -> Func:
    """``expression + INTERVAL interval`` as a date (PostgreSQL keeps month ends right:
    29 February + 12 months is 28 February)."""
    return Func(
        expression,
        template=f"(%(expressions)s + INTERVAL '{interval}')::date",  # fixed text, no input
        output_field=DateField(),
    )


def _span(year: SchoolYear) -> tuple[date, date]:
    return year.previous().starts_on, year.ends_on


def _cohort(institution_id: int, year: SchoolYear) -> QuerySet[Any]:
    labels = [year.previous().label, year.label]
    return (
        Student.objects.filter(institution_id=institution_id, cohort__in=labels)
        # Started: active now, or left through an outflow. A placed candidate who never
        # came has a start date but no outflow and is closed: not in the cohort.
        .filter(Q(status=Status.ACTIEF) | Q(outflow__isnull=False))
        .annotate(
            team_key=F("team_id"),
            year_key=Cast(Substr("cohort", 1, 4), IntegerField()),
            one_year_after_start=plus(F("start_date"), "12 months"),
            # Age in whole years on the start date (PostgreSQL's AGE counts calendar years).
            age_at_start=Func(
                F("start_date"),
                F("date_of_birth"),
                template="EXTRACT(YEAR FROM AGE(%(expressions)s))::int",
                output_field=IntegerField(),
            ),
        )
    )


def _intakes(institution_id: int, year: SchoolYear) -> QuerySet[Any]:
    return (
        Intake.objects.filter(
            student__institution_id=institution_id,
            decided_on__range=_span(year),
        )
        .exclude(outcome="")
        .annotate(team_key=F("student__team_id"), year_key=school_year_of(F("decided_on")))
    )


def _placements(institution_id: int, year: SchoolYear) -> QuerySet[Any]:
    return Placement.objects.filter(
        student__institution_id=institution_id, started_on__range=_span(year)
    ).annotate(team_key=F("student__team_id"), year_key=school_year_of(F("started_on")))


def _leavers(institution_id: int, year: SchoolYear) -> QuerySet[Any]:
    return Outflow.objects.filter(
        student__institution_id=institution_id, left_on__range=_span(year)
    ).annotate(team_key=F("student__team_id"), year_key=school_year_of(F("left_on")))


def _contacts(institution_id: int, year: SchoolYear) -> QuerySet[Any]:
    start, end = _span(year)
    # Only moments that have fallen due: one planned for next month is not late yet.
    end = min(end, timezone.localdate())
    return FollowUpContact.objects.filter(
        outflow__student__institution_id=institution_id, due_on__range=(start, end)
    ).annotate(team_key=F("outflow__student__team_id"), year_key=school_year_of(F("due_on")))


COHORT = Population("cohort", _("Instroomcohort"), _cohort)
INTAKES = Population("intakes", _("Intakebesluiten"), _intakes)
PLACEMENTS = Population("placements", _("Gestarte bpv-plekken"), _placements)
LEAVERS = Population("leavers", _("Uitstromers"), _leavers)
CONTACTS = Population("contacts", _("Contactmomenten nazorg"), _contacts)
