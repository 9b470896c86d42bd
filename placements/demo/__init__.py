"""Demo placements for ``seed_demo``: host companies in every sector with their
praktijkopleiders, and for active students a running placement (most), a search, or —
on the labour-market route — still nothing; earlier placements completed or broken off,
and for students in outflow the placement that often became a job. Visits are logged for
most placements, but some are past their midpoint without one and some end soon with too
few, so every placement signal shows in the demo caseload and the bpv-begeleider's list.

The data follow the services' rules (placements.services): agreements signed before the
start (by a parent or guardian too for a minor), no two full-time placements at once,
supervisors who are mentors of the student's team, goals linked only to steps of the
current plan (the plans seeder runs first, INSTALLED_APPS order). Registered as a demo
seeder in ``PlacementsConfig.ready``."""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from uuid import UUID

from django.db.models import Subquery
from django.utils import timezone

from entree.accounts.models import User
from entree.core.bulk import bulk_insert
from entree.core.demo import DemoBatch, student_random
from placements.models import (
    Outcome,
    Placement,
    PlacementCertificate,
    PlacementGoal,
    PlacementStatus,
    Sector,
    StopReason,
    Visit,
)
from placements.services.validation import guardian_needed
from plans.models import Plan, PlanRoute, PlanStep
from students.models import Profile, Status, Student

from .companies import SECTORS, Pool, company_pool, pool_size
from .texts import CERTIFICATES, GOALS, STOP_NOTES, VISITS

__all__ = ["seed"]

_BULK = 1000

_PROFILE_SECTOR: dict[str, str] = {
    Profile.ZORG: Sector.ZORG,
    Profile.RETAIL: Sector.RETAIL,
    Profile.HORECA: Sector.HORECA,
    Profile.LOGISTIEK: Sector.LOGISTIEK,
    Profile.BOUWEN: Sector.BOUW,
    Profile.INSTALLATIE: Sector.TECHNIEK,
    Profile.MOBILITEIT: Sector.MOBILITEIT,
    Profile.PROCESTECHNIEK: Sector.PROCESINDUSTRIE,
    Profile.GROEN: Sector.AGRARISCH,
}
_OUTCOMES = {  # of a completed placement of a student who left (weights)
    Outcome.BAAN: 30,
    Outcome.BBL_BAAN: 10,
    Outcome.BANENAFSPRAAK: 10,
    Outcome.GEEN_BAAN: 20,
    "": 30,
}


@dataclass
class _Rows:
    placements: list[Placement] = field(default_factory=list)
    goals: list[PlacementGoal] = field(default_factory=list)
    certificates: list[PlacementCertificate] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)


@dataclass
class _Context:
    seed: int
    today: date
    pool: Pool
    mentors: dict[int, list[User]]
    routes: dict[int, str]
    steps: dict[int, list[tuple[str, UUID]]]
    rows: _Rows


def seed(batch: DemoBatch) -> None:
    """Companies for the batch's students and their placements, goals, certificates and
    visits (a fixed number of queries per batch, bulk inserts)."""
    if not batch.students:
        return
    mentors = [u for u in batch.users.values() if "mentor" in u.roles and u.is_active]
    by_team: dict[int, list[User]] = {}
    links = User.teams.through.objects.filter(user__in=[m.pk for m in mentors])
    by_pk = {m.pk: m for m in mentors}
    for user_id, team_id in links.order_by("team_id", "user_id").values_list("user_id", "team_id"):
        by_team.setdefault(team_id, []).append(by_pk[user_id])
    ids = [s.pk for s in batch.students]
    plans = Plan.objects.filter(student__in=ids)
    steps: dict[int, list[tuple[str, UUID]]] = {}
    current = PlanStep.objects.filter(version_id__in=Subquery(plans.values("current_id")))
    for student_id, description, key in current.order_by("id").values_list(
        "version__plan__student_id", "description", "key"
    ):
        steps.setdefault(student_id, []).append((description, key))
    context = _Context(
        seed=batch.seed,
        today=batch.today,
        pool=company_pool(
            seed=batch.seed,
            institution=batch.institution,
            by=mentors[0],
            today=batch.today,
            size=pool_size(batch.stop - 1),
        ),
        mentors=by_team,
        routes=dict(plans.values_list("student_id", "current__route")),
        steps=steps,
        rows=_Rows(),
    )
    for offset, student in enumerate(batch.students):
        _student(batch.start + offset, student, context)
    rows = context.rows
    bulk_insert(rows.placements)
    bulk_insert(rows.goals)
    bulk_insert(rows.certificates)
    bulk_insert(rows.visits)


def _day(rng: random.Random, first: date, last: date) -> date:
    """A day from ``first`` to ``last`` (``first`` when the range is empty)."""
    return first + timedelta(days=rng.randint(0, max(0, (last - first).days)))


def _student(index: int, student: Student, ctx: _Context) -> None:
    start, today = student.start_date, ctx.today
    mentors = ctx.mentors.get(student.team_id, [])
    if start is None or not mentors:
        return
    rng = student_random(ctx.seed, index, "placements")
    if student.status == Status.GEPLAATST:
        if rng.random() < 0.3:
            _search(rng, index, student, ctx, supervisor=None)
        return
    # The regiehouder supervises most of their own students' placements.
    regie = student.regiehouder
    supervisor = regie if regie in mentors and rng.random() < 0.7 else rng.choice(mentors)
    if student.status in (Status.UITGESTROOMD, Status.NAZORG):
        if rng.random() < 0.85:
            # Over within the first four months: the outflow seeder, which runs later,
            # lets a student leave no earlier than 120 days after the start.
            begins = start + timedelta(days=rng.randint(21, 35))
            ends = min(begins + timedelta(weeks=rng.randint(8, 12)), today - timedelta(days=14))
            _ended(rng, index, student, ctx, supervisor, begins, ends, leaver=True)
        return
    if student.status != Status.ACTIEF:
        return
    free_from = start + timedelta(days=21)
    if free_from > today - timedelta(days=3):
        if rng.random() < 0.5:
            _search(rng, index, student, ctx, supervisor)
        return
    if ctx.routes.get(student.pk) == PlanRoute.ARBEIDSMARKT and rng.random() < 0.3:
        # Still without a place on the labour-market route: the "geen bpv" signal.
        if rng.random() < 0.5:
            _search(rng, index, student, ctx, supervisor)
        return
    if (today - start).days > 150 and rng.random() < 0.35:
        begins = free_from + timedelta(days=rng.randint(0, 14))
        ends = begins + timedelta(weeks=rng.randint(8, 12))
        if ends < today - timedelta(days=30):
            ended = _ended(rng, index, student, ctx, supervisor, begins, ends, leaver=False)
            free_from = ended + timedelta(days=rng.randint(7, 21))
    roll = rng.random()
    first = max(free_from, today - timedelta(days=150))
    if roll < 0.8 and first <= today - timedelta(days=3):
        _running(rng, index, student, ctx, supervisor, _day(rng, first, today - timedelta(days=3)))
    elif roll < 0.9:
        _search(rng, index, student, ctx, supervisor)


def _placement(
    rng: random.Random,
    index: int,
    student: Student,
    ctx: _Context,
    supervisor: User | None,
    begins: date,
    ends: date,
    status: str,
    ended_on: date | None = None,
) -> Placement:
    """A placement with company, praktijkopleider, period and a signed agreement."""
    profile_sector = _PROFILE_SECTOR.get(student.profile)
    sector = profile_sector or rng.choice(SECTORS)
    number = ctx.pool.pick(rng, sector, index)
    trainers = [t for t in ctx.pool.trainers[number] if t.active] or ctx.pool.trainers[number]
    days = rng.choice([2, 3, 3, 4, 4, 5])
    school = begins - timedelta(days=rng.randint(5, 20))
    signed_student = min(school + timedelta(days=rng.randint(0, 3)), begins - timedelta(days=1))
    placement = Placement(
        student=student,
        company=ctx.pool.companies[number],
        trainer=rng.choice(trainers),
        supervisor=supervisor,
        start_date=begins,
        end_date=ends,
        days_per_week=days,
        hours_per_week=days * rng.choice([6, 7, 8]),
        signed_school_on=school,
        signed_student_on=signed_student,
        signed_company_on=school - timedelta(days=rng.randint(0, 5)),
        signed_guardian_on=signed_student if guardian_needed(student, begins) else None,
        status=status,
        started_on=None if status == PlacementStatus.ZOEKEND else begins,
        ended_on=ended_on,
    )
    ctx.rows.placements.append(placement)
    _goals_and_certificates(rng, placement, ctx, sector, done=status == PlacementStatus.AFGEROND)
    return placement


def _running(
    rng: random.Random,
    index: int,
    student: Student,
    ctx: _Context,
    supervisor: User,
    begins: date,
) -> None:
    today = ctx.today
    ends = begins + timedelta(weeks=rng.randint(12, 26))
    if ends <= today:
        ends = today + timedelta(days=rng.randint(1, 45))
    placement = _placement(
        rng, index, student, ctx, supervisor, begins, ends, PlacementStatus.LOPEND
    )
    midpoint = begins + timedelta(days=(ends - begins).days // 2)
    first: date | None = None
    if today >= midpoint and rng.random() < 0.75:
        first = _day(rng, begins + timedelta(days=7), min(today, midpoint + timedelta(days=7)))
    elif today < midpoint and rng.random() < 0.3:
        first = _day(rng, begins, today)
    if first is None:
        return  # past the midpoint: "bpv-bezoek nodig"
    _visit(rng, placement, ctx, min(first, today), supervisor)
    second = first + timedelta(days=rng.randint(14, 42))
    if (ends - today).days <= 30 and second <= today and rng.random() < 0.6:
        _visit(rng, placement, ctx, second, supervisor)


def _ended(
    rng: random.Random,
    index: int,
    student: Student,
    ctx: _Context,
    supervisor: User,
    begins: date,
    ends: date,
    *,
    leaver: bool,
) -> date:
    """A placement that is over — completed, or broken off with a reason; returns its
    last day."""
    stopped = rng.random() < (0.2 if leaver else 0.45)
    status = PlacementStatus.AFGEBROKEN if stopped else PlacementStatus.AFGEROND
    ended = _day(rng, begins + timedelta(days=14), ends - timedelta(days=1)) if stopped else ends
    placement = _placement(rng, index, student, ctx, supervisor, begins, ends, status, ended)
    if stopped:
        placement.stop_reason = rng.choice(StopReason.values)
        placement.stop_note = rng.choice(STOP_NOTES) if rng.random() < 0.5 else ""
        if placement.stop_reason == StopReason.ANDERS:
            placement.stop_note = STOP_NOTES[0]
    outcome = (
        rng.choices(list(_OUTCOMES), weights=list(_OUTCOMES.values()))[0]
        if leaver and not stopped
        else (Outcome.GEEN_BAAN if rng.random() < 0.2 else "")
    )
    if outcome:
        placement.outcome = outcome
        placement.outcome_on = min(ended + timedelta(days=rng.randint(0, 30)), ctx.today)
    visits = [_day(rng, begins + timedelta(days=7), begins + (ended - begins) / 2)]
    if (ended - begins).days > 42 and rng.random() < 0.85:
        visits.append(_day(rng, ended - timedelta(days=20), ended))
    for day in visits:
        _visit(rng, placement, ctx, min(day, ended), supervisor)
    return ended


def _search(
    rng: random.Random, index: int, student: Student, ctx: _Context, supervisor: User | None
) -> None:
    """Still looking: sometimes a company in view, with a start that is not there yet."""
    if supervisor is not None and rng.random() < 0.4:
        begins = ctx.today + timedelta(days=rng.randint(7, 35))
        placement = _placement(
            rng,
            index,
            student,
            ctx,
            supervisor,
            begins,
            begins + timedelta(weeks=rng.randint(12, 20)),
            PlacementStatus.ZOEKEND,
        )
        # Only the school has signed so far, if anyone.
        placement.signed_school_on = ctx.today if rng.random() < 0.5 else None
        placement.signed_student_on = placement.signed_company_on = None
        placement.signed_guardian_on = None
        return
    sector = Sector(_PROFILE_SECTOR.get(student.profile, Sector.ANDERS)).label.lower()
    ctx.rows.placements.append(
        Placement(
            student=student,
            supervisor=supervisor,
            status=PlacementStatus.ZOEKEND,
            notes=f"Zoekt een plek in de sector {sector}; cv is klaar.",
        )
    )


def _goals_and_certificates(
    rng: random.Random, placement: Placement, ctx: _Context, sector: str, *, done: bool
) -> None:
    steps = ctx.steps.get(placement.student.pk, [])
    goals = rng.sample(GOALS.get(sector, GOALS[Sector.ANDERS]), k=rng.randint(1, 2))
    for description in goals:
        ctx.rows.goals.append(
            PlacementGoal(
                placement=placement,
                description=description,
                achieved=done and rng.random() < 0.7,
            )
        )
    if steps and rng.random() < 0.6:
        step, key = rng.choice(steps)
        ctx.rows.goals.append(
            PlacementGoal(
                placement=placement,
                description=f"Uit het plan: {step}",
                plan_step_key=key,
                achieved=done,
            )
        )
    options = CERTIFICATES.get(sector, [])
    for kind, other in rng.sample(options, k=rng.randint(0, min(2, len(options)))):
        last = min(placement.ended_on or ctx.today, ctx.today)
        obtained = (
            _day(rng, placement.start_date, last)
            if placement.start_date and placement.start_date <= last and rng.random() < 0.5
            else None
        )
        ctx.rows.certificates.append(
            PlacementCertificate(placement=placement, kind=kind, other=other, obtained_on=obtained)
        )


def _visit(rng: random.Random, placement: Placement, ctx: _Context, day: date, by: User) -> None:
    rating = rng.choices(list(VISITS), weights=[70, 22, 8])[0]
    notes, employer = rng.choice(VISITS[rating])
    ctx.rows.visits.append(
        Visit(
            placement=placement,
            visited_on=day,
            kind=rng.choice(["op_locatie", "op_locatie", "telefoon", "video"]),
            rating=rating,
            employer_view=employer,
            notes=notes,
            recorded_by=by,
            recorded_at=timezone.make_aware(datetime.combine(day, time(14, 0))),
        )
    )
