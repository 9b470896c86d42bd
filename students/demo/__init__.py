"""Demo students with the national mix of prior education, learning path and profile.

The weights come from the inspectorate's 2018 report (``shared/reference``): table 2.2a
(inflow by prior education, cohort 2017), 5.1a (learning path, cohort 2016) and 2.3b
(inflow by profile, cohort 2017).
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from faker import Faker

from entree.accounts.models import Institution, Team, User
from entree.core.bulk import bulk_insert
from entree.core.demo import DemoBatch, faker_for, student_random
from students.models import (
    AdviceDecision,
    Consent,
    ConsentPurpose,
    DomainState,
    DutchLevel,
    HandedOverTo,
    HandoverFile,
    Intake,
    LifeDomain,
    LifeDomainAssessment,
    NetworkContact,
    Placeability,
    PriorEducation,
    Profile,
    ReferenceLevel,
    Route,
    Status,
    Student,
    StudyAdvice,
    school_year_of,
)
from students.services import STUDY_ADVICE_MONTHS, add_months

from .mix import (
    CONTACT_KINDS,
    GENERAL_MOTIVATIONS,
    LEARNING_PATH_WEIGHTS,
    LEVEL_WEIGHTS,
    MOTIVATIONS,
    NOTES,
    PRIOR_EDUCATION_WEIGHTS,
    PROFILE_WEIGHTS,
    STATUS_WEIGHTS,
    pick,
    referral,
    split_last_name,
)

_BULK = 1000  # rows per INSERT statement


@dataclass(slots=True)
class _Record:
    """One demo student and everything the students app hangs off them."""

    student: Student
    intake: Intake | None = None
    contacts: list[NetworkContact] = field(default_factory=list)
    domains: list[LifeDomainAssessment] = field(default_factory=list)
    consents: list[Consent] = field(default_factory=list)
    advice: StudyAdvice | None = None


@dataclass(frozen=True, slots=True)
class _Staff:
    mentors_by_team: dict[int, list[User]]
    coordinators_by_team: dict[int, list[User]]
    coordinator: User


def seed(batch: DemoBatch) -> None:
    """Demo students ``batch.start`` … ``batch.stop - 1`` with intake, network, consent and
    study advice; they are put on ``batch.students`` for the seeders that follow.

    Student ``index`` gets student number ``5000001 + index``, and its data depend only on
    ``seed``, ``today`` and ``index`` (``student_random``): seeding 0–100 at once or as
    0–50 and 50–100 gives the same rows. A student joins a team drawn by
    ``batch.team_weights`` (the teams' relative sizes; equal when not given).
    """
    staff = _staff(batch.users)
    weights = batch.team_weights or [1.0] * len(batch.teams)
    records = [
        _record(
            index,
            seed=batch.seed,
            today=batch.today,
            institution=batch.institution,
            teams=(batch.teams, weights),
            staff=staff,
        )
        for index in range(batch.start, batch.stop)
    ]
    # Parents before children: bulk_create sets the primary keys the children point to.
    bulk_insert([r.student for r in records])
    bulk_insert([r.intake for r in records if r.intake])
    bulk_insert([c for r in records for c in r.contacts])
    bulk_insert([d for r in records for d in r.domains])
    bulk_insert([c for r in records for c in r.consents])
    bulk_insert([r.advice for r in records if r.advice])
    batch.students = [r.student for r in records]


def seeded(institution: Institution) -> int:
    """How many demo students are committed in ``institution`` (to resume a seed)."""
    return Student.objects.filter(institution=institution).count()


def _staff(users: dict[str, User]) -> _Staff:
    mentors_by_team: dict[int, list[User]] = {}
    coordinators_by_team: dict[int, list[User]] = {}
    for user in users.values():
        for team in user.teams.all():
            if "mentor" in user.roles:
                mentors_by_team.setdefault(team.pk, []).append(user)
            if "uitstroomcoordinator" in user.roles:
                coordinators_by_team.setdefault(team.pk, []).append(user)
    return _Staff(
        mentors_by_team=mentors_by_team,
        coordinators_by_team=coordinators_by_team,
        coordinator=next(u for u in users.values() if "uitstroomcoordinator" in u.roles),
    )


def _team_mentor(student: Student, staff: _Staff) -> User:
    """Who decided the intake or gave the advice: a mentor of the student's team — the
    regiehouder while they are one. Only mentors take intake decisions; the coordinator
    who holds regie after outflow was not there at the intake."""
    regiehouder = student.regiehouder
    team_mentors = staff.mentors_by_team[student.team_id]
    return regiehouder if regiehouder in team_mentors else team_mentors[0]


def _record(
    index: int,
    *,
    seed: int,
    today: date,
    institution: Institution,
    teams: tuple[list[Team], list[float]],
    staff: _Staff,
) -> _Record:
    rng = student_random(seed, index, "students")
    fake = faker_for(rng)
    student = _student(
        index, rng=rng, fake=fake, today=today, institution=institution, teams=teams, staff=staff
    )
    record = _Record(student=student)
    if student.status != Status.AANGEMELD:
        _intake(record, rng=rng, fake=fake, today=today, staff=staff)
    # Study advice: most actief students past the four months have one; some are overdue.
    due = student.study_advice_due_on
    if student.status == Status.ACTIEF and due and due < today and rng.random() < 0.7:
        record.advice = StudyAdvice(
            student=student,
            decision=AdviceDecision.POSITIEF,
            given_on=due,
            motivation="Goede voortgang op school en in de bpv.",
            recorded_by=_team_mentor(student, staff),
        )
        student.study_advice_due_on = None
    return record


def _student(
    index: int,
    *,
    rng: random.Random,
    fake: Faker,
    today: date,
    institution: Institution,
    teams: tuple[list[Team], list[float]],
    staff: _Staff,
) -> Student:
    prior = pick(rng, PRIOR_EDUCATION_WEIGHTS)
    profile = pick(rng, PROFILE_WEIGHTS)
    # Teams follow locations, not profiles: each team has the national mix of profiles.
    team_list, weights = teams
    team = rng.choices(team_list, weights=weights, k=1)[0]
    status = pick(rng, STATUS_WEIGHTS)
    # About half of entree students are under 18 at the start (DESIGN §1).
    age_days = (
        rng.randint(16 * 365, 18 * 365) if rng.random() < 0.5 else rng.randint(18 * 365, 27 * 365)
    )
    date_of_birth = today - timedelta(days=age_days)
    if 5 <= index < 11:
        # A few students turn 18 within the coming weeks (the 18-/18+ transition signal).
        date_of_birth = _years_ago(today + timedelta(days=rng.randint(3, 55)), 18)
    if status in (Status.AANGEMELD, Status.INTAKE):
        start = None
    elif status in (Status.UITGESTROOMD, Status.NAZORG, Status.AFGESLOTEN):
        start = today - timedelta(days=rng.randint(300, 900))
    else:
        start = today - timedelta(days=rng.randint(0, 300))
    if status in (Status.UITGESTROOMD, Status.NAZORG):
        regiehouder = rng.choice(staff.coordinators_by_team.get(team.pk, [staff.coordinator]))
    elif status == Status.AFGESLOTEN:
        regiehouder = None
    else:
        regiehouder = rng.choice(staff.mentors_by_team[team.pk])
    # A few active students without a regiehouder, so the signal has something to show.
    if status == Status.ACTIEF and rng.random() < 0.03:
        regiehouder = None
    prefix, last = split_last_name(fake.last_name())
    first = fake.first_name()
    return Student(
        institution=institution,
        team=team,
        student_number=f"{5_000_001 + index}",
        first_name=first,
        last_name_prefix=prefix,
        last_name=last,
        date_of_birth=date_of_birth,
        start_date=start,
        cohort=school_year_of(start) if start else "",
        learning_path=pick(rng, LEARNING_PATH_WEIGHTS),
        profile=profile,
        prior_education=prior,
        prior_education_level=(
            pick(rng, LEVEL_WEIGHTS) if prior == PriorEducation.GEEN_DIPLOMA_VO else ""
        ),
        referral_route=referral(rng, prior),
        status=status,
        regiehouder=regiehouder,
        study_advice_due_on=(
            add_months(start, STUDY_ADVICE_MONTHS) if status == Status.ACTIEF and start else None
        ),
    )


def _years_ago(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _intake(
    record: _Record, *, rng: random.Random, fake: Faker, today: date, staff: _Staff
) -> None:
    """Intake, life domains, network with consent for a student past registration."""
    student = record.student
    decided = student.status != Status.INTAKE
    outcomes: dict[str, str] = {
        Status.NIET_GEPLAATST: Placeability.NIET_GEPLAATST,
        Status.HOGER_NIVEAU: Placeability.HOGER_NIVEAU,
        Status.UITGESTELD: Placeability.UITGESTELD,
    }
    outcome = outcomes.get(student.status, Placeability.GEPLAATST if decided else "")
    needs_motivation = outcome in (
        Placeability.NIET_GEPLAATST,
        Placeability.HOGER_NIVEAU,
        Placeability.UITGESTELD,
    )
    native = student.prior_education != PriorEducation.ISK
    intake = record.intake = Intake(
        student=student,
        referrer=rng.choice(["", "Doorstroompunt (RMC)", "Leerplichtambtenaar", "Ouder"]),
        handover_file=rng.choice(list(HandoverFile.values)),
        dutch_level=DutchLevel.MOEDERTAAL if native else rng.choice(["A1", "A2", "B1"]),
        maths_level=rng.choice(list(ReferenceLevel.values)),
        language_level=rng.choice(list(ReferenceLevel.values)),
        motivation=(
            rng.choice(MOTIVATIONS[Profile(student.profile)] + GENERAL_MOTIVATIONS)
            if decided or rng.random() < 0.5
            else ""
        ),
        route_indication=rng.choice(list(Route.values)) if decided else "",
        higher_level_considered=(
            rng.random() < 0.8
            if decided
            and (
                student.prior_education == PriorEducation.ISK
                or student.prior_education_level in ("vmbo_kader", "vmbo_gt", "havo")
            )
            else None
        ),
        outcome=outcome,
        outcome_motivation=(
            "Eerst huisvesting en inkomen regelen met de gemeente." if needs_motivation else ""
        ),
        handed_over_to=HandedOverTo.GEMEENTE if outcome == Placeability.NIET_GEPLAATST else "",
        handed_over_contact=(
            "Consulent jongerenloket" if outcome == Placeability.NIET_GEPLAATST else ""
        ),
        decided_on=(student.start_date or today) - timedelta(days=14) if decided else None,
        decided_by=_team_mentor(student, staff) if decided else None,
    )
    for kind, role, organisation in rng.sample(CONTACT_KINDS, k=rng.randint(1, 3)):
        record.contacts.append(
            NetworkContact(
                student=student,
                kind=kind,
                role=role,
                organisation=organisation,
                name=fake.name(),
                phone=f"06-{rng.randint(10000000, 99999999)}",
            )
        )
    complete = bool(outcome) or rng.random() < 0.4
    for domain in LifeDomain if complete else list(LifeDomain)[: rng.randint(0, 4)]:
        state = rng.choices(list(DomainState), weights=[6, 3, 1])[0]
        record.domains.append(
            LifeDomainAssessment(
                intake=intake,
                domain=domain,
                state=state,
                note=rng.choice(NOTES[domain]) if state != DomainState.OP_ORDE else "",
            )
        )
    for contact in record.contacts:
        record.consents.append(
            Consent(
                student=student,
                contact=contact,
                purpose=ConsentPurpose.BETREKKEN,
                given=rng.random() < 0.9,
                on=today - timedelta(days=rng.randint(20, 400)),
                recorded_by=student.regiehouder or _team_mentor(student, staff),
            )
        )
