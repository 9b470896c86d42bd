"""The rules a placement must meet, with Dutch messages per field (page, API and demo
data all get these same words)."""

from datetime import date
from uuid import UUID

from django.db.models import Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from entree.core.dates import age_on
from placements.models import (
    Certificate,
    Placement,
    PlacementStatus,
)
from placements.selectors import supervisor_choices
from plans.models import Plan, PlanStep
from students.models import Status, Student

from .data import AgreementData, PlacementData

#: A placement is sought and planned for a placed or active student; after outflow its
#: visits and outcome can still be recorded (a job often follows weeks later).
PLACEMENT_STATUSES = frozenset(
    {Status.GEPLAATST, Status.ACTIEF, Status.UITGESTROOMD, Status.NAZORG}
)
#: Only an active student starts a placement.
START_STATUSES = frozenset({Status.ACTIEF})
#: Working days in a week: two part-time placements must fit in together.
DAYS_IN_WEEK = 5
MAX_HOURS_PER_WEEK = 40
#: A working day at a placement is at most this long.
MAX_HOURS_PER_DAY = 10
ADULT_AGE = 18

Errors = dict[str, list[str]]


def _add(errors: Errors, key: str, message: str) -> None:
    errors.setdefault(key, []).append(message)


def details_problems(*, student: Student, data: PlacementData) -> Errors:
    """Every reason to refuse these details, by field. Dates are checked for plausibility
    by the model fields' validators (the shared date rules)."""
    errors: Errors = {}
    company = data.company
    if company is not None and company.institution_id != student.institution_id:
        _add(errors, "company", _("Kies een leerbedrijf van uw eigen instelling."))
    if data.trainer is not None and (company is None or data.trainer.company_id != company.pk):
        _add(errors, "trainer", _("De praktijkopleider werkt niet bij dit leerbedrijf."))
    supervisor = data.supervisor
    if supervisor and not supervisor_choices(student).filter(pk=supervisor.pk).exists():
        _add(
            errors, "supervisor", _("De bpv-begeleider is een mentor van het team van de student.")
        )
    if data.start_date and data.end_date and data.end_date <= data.start_date:
        _add(errors, "end_date", _("De einddatum ligt vóór of op de startdatum."))
    if data.days_per_week is not None and not 1 <= data.days_per_week <= DAYS_IN_WEEK:
        _add(
            errors,
            "days_per_week",
            _("Een bpv-plek is 1 tot %(max)s dagen per week.") % {"max": DAYS_IN_WEEK},
        )
    if data.hours_per_week is not None:
        if not 1 <= data.hours_per_week <= MAX_HOURS_PER_WEEK:
            _add(
                errors,
                "hours_per_week",
                _("Vul 1 tot %(max)s uur per week in.") % {"max": MAX_HOURS_PER_WEEK},
            )
        elif data.days_per_week and data.hours_per_week > data.days_per_week * MAX_HOURS_PER_DAY:
            _add(
                errors,
                "hours_per_week",
                _("Zoveel uren passen niet in %(days)s dagen (hooguit %(max)s uur per dag).")
                % {"days": data.days_per_week, "max": MAX_HOURS_PER_DAY},
            )
    known = _current_step_keys(
        student, {g.plan_step_key for g in data.goals if g.plan_step_key is not None}
    )
    for number, goal in enumerate(data.goals, start=1):
        label = _("Leerdoel %(number)s") % {"number": number}
        if not goal.description.strip():
            _add(errors, "goals", _("%(item)s: beschrijf het leerdoel.") % {"item": label})
        elif len(goal.description.strip()) > 300:
            _add(errors, "goals", _("%(item)s: schrijf hooguit 300 tekens.") % {"item": label})
        if goal.plan_step_key is not None and goal.plan_step_key not in known:
            _add(
                errors,
                "goals",
                _("%(item)s: die stap staat niet in het huidige plan van de student.")
                % {"item": label},
            )
    for number, certificate in enumerate(data.certificates, start=1):
        label = _("Certificaat %(number)s") % {"number": number}
        if certificate.kind not in Certificate.values:
            _add(errors, "certificates", _("%(item)s: kies een certificaat.") % {"item": label})
        elif certificate.kind == Certificate.ANDERS and not certificate.other.strip():
            _add(
                errors,
                "certificates",
                _("%(item)s: schrijf de naam van het certificaat.") % {"item": label},
            )
    return errors


def _current_step_keys(student: Student, keys: set[UUID]) -> set[UUID]:
    """Which of ``keys`` are steps of the student's current plan (one query)."""
    if not keys:
        return set()
    current = Plan.objects.filter(student=student).values("current_id")
    return set(
        PlanStep.objects.filter(version_id=Subquery(current), key__in=keys).values_list(
            "key", flat=True
        )
    )


def overlap_problem(
    *,
    student: Student,
    placement: Placement | None,
    start: date,
    end: date,
    days_per_week: int,
    part_time: bool,
) -> str | None:
    """Why this placement cannot run beside the student's other running placements, or
    None. Two may run in the same period only when both are part-time and their days per
    week fit in one week together."""
    running = Placement.objects.filter(
        student=student, status=PlacementStatus.LOPEND, start_date__lt=end, end_date__gt=start
    ).select_related("company")
    if placement is not None and placement.pk is not None:
        running = running.exclude(pk=placement.pk)
    others = list(running)
    if not others:
        return None
    days = days_per_week + sum(other.days_per_week or 0 for other in others)
    if part_time and all(other.part_time for other in others) and days <= DAYS_IN_WEEK:
        return None
    return _(
        "De student heeft in die periode al een lopende bpv-plek (bij %(company)s). Twee "
        "tegelijk kan alleen als beide deeltijd zijn en hun dagen samen in een week "
        "passen (hooguit %(max)s)."
    ) % {"company": ", ".join(str(o.company) for o in others), "max": DAYS_IN_WEEK}


def guardian_needed(student: Student, start: date | None) -> bool:
    """A parent or guardian signs too while the student is under 18 when the placement
    starts (or today, for a placement without a start date yet)."""
    return age_on(student.date_of_birth, start or timezone.localdate()) < ADULT_AGE


def start_problems(*, student: Student, placement: Placement, agreement: AgreementData) -> Errors:
    """Every reason a placement cannot start: what the three-party agreement and the
    visits rely on must be there, and the student may not be double-booked."""
    errors: Errors = {}
    if student.status not in START_STATUSES:
        _add(errors, "__all__", _("Alleen een actieve student begint aan een bpv-plek."))
    required = {
        "company": _("Kies het leerbedrijf."),
        "trainer": _("Kies de praktijkopleider."),
        "supervisor": _("Kies de bpv-begeleider van school."),
        "start_date": _("Vul de startdatum in."),
        "end_date": _("Vul de einddatum in."),
        "days_per_week": _("Vul het aantal dagen per week in."),
        "hours_per_week": _("Vul het aantal uren per week in."),
    }
    for name, message in required.items():
        if getattr(placement, name) is None:
            _add(errors, name, message)
    missing = [
        label
        for name, label in (
            ("signed_school_on", _("de school")),
            ("signed_student_on", _("de student")),
            ("signed_company_on", _("het leerbedrijf")),
        )
        if getattr(agreement, name) is None
    ]
    if guardian_needed(student, placement.start_date) and agreement.signed_guardian_on is None:
        missing.append(_("een ouder of voogd (de student is jonger dan 18)"))
    if missing:
        _add(
            errors,
            "agreement",
            _(
                "Een bpv-plek begint pas als de praktijkovereenkomst getekend is. Nog niet "
                "getekend door: %(who)s."
            )
            % {"who": ", ".join(str(m) for m in missing)},
        )
    if (
        placement.start_date
        and placement.end_date
        and placement.days_per_week
        and (
            problem := overlap_problem(
                student=student,
                placement=placement,
                start=placement.start_date,
                end=placement.end_date,
                days_per_week=placement.days_per_week,
                part_time=placement.part_time,
            )
        )
    ):
        _add(errors, "__all__", problem)
    return errors
