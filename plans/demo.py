"""Demo plans for ``seed_demo``: placed and active students get an integral plan with one
to four versions and progress meetings; some meetings are overdue, some steps late, some
provisions about to end and some routes undecided, so every plan signal shows in the
demo caseload. Registered as a demo seeder in ``PlansConfig.ready``."""

import random
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from entree.core.bulk import allocate_pks, bulk_insert, bulk_set
from entree.core.demo import DemoBatch, student_random
from plans.models import (
    MeetingDomain,
    ObstacleStatus,
    Plan,
    PlanObstacle,
    PlanProvision,
    PlanRoute,
    PlanStep,
    PlanVersion,
    ProgressMeeting,
    ProvisionKind,
    StepOwner,
    StepStatus,
)
from students.models import (
    AdviceDecision,
    DomainState,
    LifeDomain,
    Profile,
    Status,
    Student,
    StudyAdvice,
)

_BULK = 1000

#: Goals in the student's own words, per profile (what a team would recognise).
_GOALS = {
    Profile.ZORG: "Ik wil in een verpleeghuis werken, bij de dagbesteding.",
    Profile.RETAIL: "Ik wil in een supermarkt werken en later vakkenvuller-teamleider worden.",
    Profile.HORECA: "Ik wil in een keuken werken, het liefst in een restaurant.",
    Profile.LOGISTIEK: "Ik wil in een magazijn werken met de heftruck.",
    Profile.BOUWEN: "Ik wil bij een bouwbedrijf werken, buiten.",
    Profile.INSTALLATIE: "Ik wil monteur worden bij een installatiebedrijf.",
    Profile.MOBILITEIT: "Ik wil bij een garage werken, banden en onderhoud.",
    Profile.PROCESTECHNIEK: "Ik wil in een fabriek werken, bij de productielijn.",
    Profile.GROEN: "Ik wil bij een hovenier werken of in een kwekerij.",
    Profile.NOG_NIET: "Ik weet het nog niet; ik wil iets met mijn handen doen.",
}
_STEPS = [
    ("Cv maken met de mentor", StepOwner.STUDENT),
    ("Stageplek zoeken met uitzicht op werk", StepOwner.MENTOR),
    ("VCA-cursus volgen", StepOwner.STUDENT),
    ("Kennismaken met de praktijkopleider", StepOwner.WERKGEVER),
    ("Sollicitatiegesprek oefenen", StepOwner.MENTOR),
]
_STRENGTHS = ["Komt op tijd en is behulpzaam.", "Werkt netjes en zelfstandig.", "Goed met mensen."]
_OBSTACLES = [
    (LifeDomain.FINANCIEN, "Zorgtoeslag aanvragen"),
    (LifeDomain.WONEN, "Kamer zoeken; nu tijdelijk bij familie"),
    (LifeDomain.FINANCIEN, "Schulden in beeld brengen met de schuldhulp"),
    (LifeDomain.ZORG, "Wachtlijst ggz: tussentijdse begeleiding regelen"),
]


@dataclass
class _Plan:
    student: Student
    plan: Plan
    versions: list[PlanVersion] = field(default_factory=list)
    steps: list[PlanStep] = field(default_factory=list)
    provisions: list[PlanProvision] = field(default_factory=list)
    obstacles: list[PlanObstacle] = field(default_factory=list)
    meetings: list[ProgressMeeting] = field(default_factory=list)
    domains: list[MeetingDomain] = field(default_factory=list)
    #: A postponed study advice given after the last version: the plan must be revised.
    advice: StudyAdvice | None = None


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def _build(index: int, student: Student, *, seed: int, today: date) -> _Plan | None:
    if student.status not in (Status.ACTIEF, Status.GEPLAATST) or student.regiehouder is None:
        return None
    rng = student_random(seed, index, "plans")
    start = student.start_date or today
    if student.status == Status.ACTIEF and rng.random() < 0.15:
        return None  # no plan yet: the caseload shows the route and meeting signals
    by = student.regiehouder
    built = _Plan(student=student, plan=Plan(student=student))
    # The route: most decided early, some still open (the "route not chosen" signal).
    route = "" if rng.random() < 0.2 else rng.choice(PlanRoute.values)
    first_day = min(start + timedelta(days=14), today)
    # Meetings every 6–14 weeks since the start; the last one may be long ago.
    meeting_days: list[date] = []
    day = first_day + timedelta(weeks=rng.randint(6, 14))
    while day <= today and len(meeting_days) < 3:
        meeting_days.append(day)
        day += timedelta(weeks=rng.randint(6, 14))
    steps = rng.sample(_STEPS, k=rng.randint(2, 4))
    # A provision and a regelzaak, when there is one, stay in the plan from version to version.
    provision = None
    if rng.random() < 0.3:
        ends = today + timedelta(days=rng.randint(-20, 90))
        kind = rng.choice([ProvisionKind.JOBCOACHING, ProvisionKind.LOONKOSTENSUBSIDIE])
        provision = (kind, min(first_day, ends - timedelta(days=1)), ends)
    obstacle = rng.choice(_OBSTACLES) if rng.random() < 0.4 else None
    for number, day in enumerate([first_day, *meeting_days], start=1):
        version = PlanVersion(
            plan=built.plan,
            number=number,
            route=route if number > 1 or rng.random() < 0.7 else "",
            goal=_GOALS.get(Profile(student.profile), _GOALS[Profile.NOG_NIET]),
            strengths=rng.choice(
                [
                    "Komt op tijd en is behulpzaam.",
                    "Werkt netjes en zelfstandig.",
                    "Goed met mensen.",
                ]
            ),
            prepare_placement=route == PlanRoute.ARBEIDSMARKT and number > 1,
            ticket_praktijkverklaring=route == PlanRoute.ARBEIDSMARKT,
            reason="Eerste versie van het plan"
            if number == 1
            else f"Voortgangsgesprek van {day:%d-%m-%Y}",
            recorded_by=by,
            recorded_at=_moment(day),
        )
        built.versions.append(version)
        for key_index, (description, owner) in enumerate(steps):
            due = first_day + timedelta(weeks=4 * (key_index + 1))
            done = due < day and rng.random() < 0.8
            built.steps.append(
                PlanStep(
                    version=version,
                    key=_key(seed, index, "step", key_index),
                    description=description,
                    owner=owner,
                    due_on=due,
                    status=StepStatus.KLAAR if done else StepStatus.OPEN,
                )
            )
        if provision is not None:
            kind, starts, ends = provision
            built.provisions.append(
                PlanProvision(
                    version=version,
                    key=_key(seed, index, "provision", 0),
                    kind=kind,
                    starts_on=starts,
                    ends_on=ends,
                )
            )
        if obstacle is not None:
            # Regelzaken get arranged over time: open, then being arranged, then done.
            status = [ObstacleStatus.OPEN, ObstacleStatus.BEZIG, ObstacleStatus.GEREGELD][
                min(number - 1, 2)
            ]
            built.obstacles.append(
                PlanObstacle(
                    version=version,
                    key=_key(seed, index, "obstacle", 0),
                    domain=obstacle[0],
                    description=obstacle[1],
                    status=status,
                )
            )
        if number > 1:
            meeting = ProgressMeeting(
                student=student,
                held_on=day,
                with_student=True,
                with_employer=rng.random() < 0.6,
                notes="Besproken hoe het gaat op school en op de bpv-plek.",
                version=version,
                recorded_by=by,
                recorded_at=_moment(day),
            )
            built.meetings.append(meeting)
            built.domains += [
                MeetingDomain(
                    meeting=meeting,
                    domain=d.value,
                    state=DomainState.AANDACHT if rng.random() < 0.15 else DomainState.OP_ORDE,
                )
                for d in LifeDomain
            ]
    advice_due = student.study_advice_due_on
    if student.status == Status.ACTIEF and advice_due and advice_due < today and rng.random() < 0.5:
        built.advice = StudyAdvice(
            student=student,
            decision=AdviceDecision.UITGESTELD,
            given_on=advice_due,
            motivation="Nog te weinig gezien in de bpv; over zes weken opnieuw.",
            postponed_until=today + timedelta(weeks=6),
            recorded_by=by,
        )
        student.study_advice_due_on = built.advice.postponed_until
    return built


def _key(seed: int, index: int, kind: str, number: int) -> uuid.UUID:
    """A stable item key: the same step keeps its key from version to version."""
    source = random.Random(f"{seed}:plans:{index}:{kind}:{number}")  # noqa: S311 - demo data
    return uuid.UUID(int=source.getrandbits(128))


def seed(batch: DemoBatch) -> None:
    """Plans, versions and meetings for the batch's students (bulk inserts)."""
    plans = [
        built
        for offset, student in enumerate(batch.students)
        if (built := _build(batch.start + offset, student, seed=batch.seed, today=batch.today))
    ]
    # The versions' keys first, so each plan is written pointing at its current version
    # (the constraint is checked at commit), not written and then updated.
    allocate_pks([v for p in plans for v in p.versions])
    for p in plans:
        p.plan.current = p.versions[-1]
    bulk_insert([p.plan for p in plans])
    bulk_insert([v for p in plans for v in p.versions])
    bulk_insert([s for p in plans for s in p.steps])
    bulk_insert([s for p in plans for s in p.provisions])
    bulk_insert([s for p in plans for s in p.obstacles])
    bulk_insert([m for p in plans for m in p.meetings])
    bulk_insert([d for p in plans for d in p.domains])
    postponed = [p for p in plans if p.advice is not None]
    bulk_insert([p.advice for p in postponed if p.advice])
    bulk_set([p.student for p in postponed], ["study_advice_due_on"])
