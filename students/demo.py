"""Demo students with the national mix of prior education, learning path and profile.

The weights come from the inspectorate's 2018 report (``shared/reference``): table 2.2a
(inflow by prior education, cohort 2017), 5.1a (learning path, cohort 2016) and 2.3b
(inflow by profile, cohort 2017).
"""

from datetime import date, timedelta

from students.models import (
    AdviceDecision,
    Consent,
    ConsentPurpose,
    ContactKind,
    DomainState,
    DutchLevel,
    HandedOverTo,
    HandoverFile,
    Intake,
    LearningPath,
    LifeDomain,
    LifeDomainAssessment,
    NetworkContact,
    Placeability,
    PriorEducation,
    PriorEducationLevel,
    Profile,
    ReferenceLevel,
    ReferralRoute,
    Route,
    Status,
    Student,
    StudyAdvice,
    school_year_of,
)

# Table 2.2a, cohort 2017 (percent). "vo incl. vbo" maps to vo_met_diploma.
PRIOR_EDUCATION_WEIGHTS = {
    PriorEducation.GEEN_DIPLOMA_VO: 25,
    PriorEducation.ONBEKEND: 21,
    PriorEducation.PRAKTIJKONDERWIJS: 19,
    PriorEducation.ISK: 19,
    PriorEducation.VSO: 15,
    PriorEducation.VO_MET_DIPLOMA: 1,
}
# Table 5.1a, cohort 2016 (counts).
LEARNING_PATH_WEIGHTS = {
    LearningPath.BOL: 7581,
    LearningPath.BBL: 2218,
    LearningPath.EXAMENDEELNEMER: 976,
}
# Table 2.3b, cohort 2017 (counts).
PROFILE_WEIGHTS = {
    Profile.BOUWEN: 706,
    Profile.ZORG: 3183,
    Profile.HORECA: 1105,
    Profile.INSTALLATIE: 868,
    Profile.LOGISTIEK: 613,
    Profile.MOBILITEIT: 585,
    Profile.PROCESTECHNIEK: 31,
    Profile.RETAIL: 1909,
    Profile.GROEN: 375,
    Profile.NOG_NIET: 2522,
}
LEVEL_WEIGHTS = {
    PriorEducationLevel.BRUGJAAR: 10,
    PriorEducationLevel.VMBO_BASIS: 55,
    PriorEducationLevel.VMBO_KADER: 25,
    PriorEducationLevel.VMBO_GT: 7,
    PriorEducationLevel.HAVO: 3,
}
# Which team a profile belongs to (index into DEMO_TEAMS).
PROFILE_TEAM = {
    Profile.ZORG: 0,
    Profile.RETAIL: 0,
    Profile.NOG_NIET: 0,
    Profile.BOUWEN: 1,
    Profile.INSTALLATIE: 1,
    Profile.LOGISTIEK: 1,
    Profile.MOBILITEIT: 1,
    Profile.PROCESTECHNIEK: 1,
    Profile.HORECA: 2,
    Profile.GROEN: 2,
}
# Where students stand on the demo day (weights).
STATUS_WEIGHTS = {
    Status.AANGEMELD: 6,
    Status.INTAKE: 8,
    Status.GEPLAATST: 6,
    Status.NIET_GEPLAATST: 2,
    Status.HOGER_NIVEAU: 1,
    Status.UITGESTELD: 2,
    Status.ACTIEF: 45,
    Status.UITGESTROOMD: 10,
    Status.NAZORG: 15,
    Status.AFGESLOTEN: 5,
}
_PREFIXES = ("van der", "van den", "van de", "van", "de", "den", "der", "ter", "te", "in 't", "'t")


def _pick(rng, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()), k=1)[0]


def _referral(rng, prior: str) -> str:
    if prior in (PriorEducation.PRAKTIJKONDERWIJS, PriorEducation.VSO, PriorEducation.ISK):
        return rng.choice([ReferralRoute.PRO_VSO_ISK] * 4 + [ReferralRoute.LEERPLICHT_RMC])
    if prior == PriorEducation.GEEN_DIPLOMA_VO:
        return rng.choice([ReferralRoute.LEERPLICHT_RMC, ReferralRoute.EIGEN_INITIATIEF])
    return rng.choice(
        [
            ReferralRoute.GEMEENTE,
            ReferralRoute.GEMEENTE,
            ReferralRoute.EIGEN_INITIATIEF,
            ReferralRoute.ANDERS,
        ]
    )


def split_last_name(full: str) -> tuple[str, str]:
    """'van den Berg' → ('van den', 'Berg'): Dutch sorting ignores the prefix."""
    for prefix in _PREFIXES:
        if full.lower().startswith(prefix + " "):
            return full[: len(prefix)], full[len(prefix) + 1 :]
    return "", full


def seed(*, rng, fake, today: date, institution, teams, users, count: int) -> int:
    mentors_by_team: dict[int, list] = {}
    for user in users.values():
        if "mentor" in user.roles:
            for team in user.teams.all():
                mentors_by_team.setdefault(team.pk, []).append(user)
    coordinator = next(u for u in users.values() if "uitstroomcoordinator" in u.roles)

    students = []
    for index in range(count):
        prior = _pick(rng, PRIOR_EDUCATION_WEIGHTS)
        profile = _pick(rng, PROFILE_WEIGHTS)
        team = teams[PROFILE_TEAM[profile]]
        status = _pick(rng, STATUS_WEIGHTS)
        # About half of entree students are under 18 at the start (DESIGN §1).
        age_days = (
            rng.randint(16 * 365, 18 * 365)
            if rng.random() < 0.5
            else rng.randint(18 * 365, 27 * 365)
        )
        if status in (Status.AANGEMELD, Status.INTAKE):
            start = None
        elif status in (Status.UITGESTROOMD, Status.NAZORG, Status.AFGESLOTEN):
            start = today - timedelta(days=rng.randint(300, 900))
        else:
            start = today - timedelta(days=rng.randint(0, 300))
        if status in (Status.UITGESTROOMD, Status.NAZORG):
            regiehouder = coordinator
        elif status == Status.AFGESLOTEN:
            regiehouder = None
        else:
            regiehouder = rng.choice(mentors_by_team[team.pk])
        # A few active students without a regiehouder, so the signal has something to show.
        if status == Status.ACTIEF and rng.random() < 0.03:
            regiehouder = None
        prefix, last = split_last_name(fake.last_name())
        students.append(
            Student(
                institution=institution,
                team=team,
                student_number=f"{5_000_001 + index}",
                first_name=fake.first_name(),
                last_name_prefix=prefix,
                last_name=last,
                date_of_birth=today - timedelta(days=age_days),
                start_date=start,
                cohort=school_year_of(start) if start else "",
                learning_path=_pick(rng, LEARNING_PATH_WEIGHTS),
                profile=profile,
                prior_education=prior,
                prior_education_level=(
                    _pick(rng, LEVEL_WEIGHTS) if prior == PriorEducation.GEEN_DIPLOMA_VO else ""
                ),
                referral_route=_referral(rng, prior),
                status=status,
                regiehouder=regiehouder,
            )
        )
    # A few students turn 18 within the coming weeks (the 18-/18+ transition signal).
    for student in students[5:11]:
        student.date_of_birth = _years_ago(today + timedelta(days=rng.randint(3, 55)), 18)
    for student in students:
        if student.status == Status.ACTIEF and student.start_date:
            student.study_advice_due_on = _add_months(student.start_date, 4)
    Student.objects.bulk_create(students, batch_size=1000)
    _seed_intakes(rng=rng, fake=fake, today=today, students=students, users=users)
    return len(students)


def _years_ago(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _add_months(day: date, months: int) -> date:
    from students.services import add_months

    return add_months(day, months)


_NOTES = {
    LifeDomain.ZORG: ["Heeft een hulpverlener bij jeugdhulp.", "Wacht op een intake bij de ggz."],
    LifeDomain.WONEN: ["Woont tijdelijk bij een tante.", "Zoekt een kamer; staat ingeschreven."],
    LifeDomain.FINANCIEN: [
        "Heeft schulden; bewindvoering aangevraagd.",
        "Geen inkomen, bijstand loopt.",
    ],
    LifeDomain.SCHOOL: ["Lang thuisgezeten na het vo.", "Extra taalondersteuning nodig."],
    LifeDomain.WERK: ["Werkt in het weekend in een supermarkt.", "Nog geen werkervaring."],
}
_MOTIVATIONS = [
    "Wil in de zorg werken, net als haar moeder.",
    "Wil een diploma halen en daarna aan het werk in de techniek.",
    "Wil graag koken; heeft stage gelopen in een restaurant.",
    "Wil een vaste baan en een eigen woning.",
    "Weet het nog niet precies; wil praktisch bezig zijn.",
]
_CONTACT_KINDS = [
    (ContactKind.VORIGE_SCHOOL, "Mentor vorige school", "Praktijkschool De Brug"),
    (ContactKind.DOORSTROOMPUNT, "Trajectbegeleider", "Doorstroompunt regio"),
    (ContactKind.GEMEENTE, "Consulent werk en inkomen", "Gemeente"),
    (ContactKind.OUDER, "Ouder", ""),
    (ContactKind.JEUGDZORG, "Ambulant hulpverlener", "Jeugdhulp regio"),
    (ContactKind.JOBCOACH, "Jobcoach", "Werkfit"),
]


def _seed_intakes(*, rng, fake, today: date, students, users) -> None:
    """Intakes, life domains, networks with consent and study advices for the demo."""
    mentor = next(u for u in users.values() if "mentor" in u.roles)
    intakes, contacts = [], []
    for student in students:
        if student.status == Status.AANGEMELD:
            continue
        decided = student.status not in (Status.INTAKE,)
        outcome = {
            Status.NIET_GEPLAATST: Placeability.NIET_GEPLAATST,
            Status.HOGER_NIVEAU: Placeability.HOGER_NIVEAU,
            Status.UITGESTELD: Placeability.UITGESTELD,
        }.get(student.status, Placeability.GEPLAATST if decided else "")
        needs_motivation = outcome in (
            Placeability.NIET_GEPLAATST,
            Placeability.HOGER_NIVEAU,
            Placeability.UITGESTELD,
        )
        native = student.prior_education != PriorEducation.ISK
        intakes.append(
            Intake(
                student=student,
                referrer=rng.choice(["", "Doorstroompunt (RMC)", "Leerplichtambtenaar", "Ouder"]),
                handover_file=rng.choice(list(HandoverFile.values)),
                dutch_level=DutchLevel.MOEDERTAAL if native else rng.choice(["A1", "A2", "B1"]),
                maths_level=rng.choice(list(ReferenceLevel.values)),
                language_level=rng.choice(list(ReferenceLevel.values)),
                motivation=rng.choice(_MOTIVATIONS) if decided or rng.random() < 0.5 else "",
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
                    "Eerst huisvesting en inkomen regelen met de gemeente."
                    if needs_motivation
                    else ""
                ),
                handed_over_to=(
                    HandedOverTo.GEMEENTE if outcome == Placeability.NIET_GEPLAATST else ""
                ),
                handed_over_contact=(
                    "Consulent jongerenloket" if outcome == Placeability.NIET_GEPLAATST else ""
                ),
                decided_on=(student.start_date or today) - timedelta(days=14) if decided else None,
                decided_by=student.regiehouder or mentor if decided else None,
            )
        )
        for kind, role, organisation in rng.sample(_CONTACT_KINDS, k=rng.randint(1, 3)):
            contacts.append(
                NetworkContact(
                    student=student,
                    kind=kind,
                    role=role,
                    organisation=organisation,
                    name=fake.name(),
                    phone=f"06-{rng.randint(10000000, 99999999)}",
                )
            )
    Intake.objects.bulk_create(intakes, batch_size=1000)
    NetworkContact.objects.bulk_create(contacts, batch_size=1000)

    domains, consents = [], []
    for intake in intakes:
        complete = bool(intake.outcome) or rng.random() < 0.4
        for domain in LifeDomain if complete else list(LifeDomain)[: rng.randint(0, 4)]:
            state = rng.choices(list(DomainState), weights=[6, 3, 1])[0]
            domains.append(
                LifeDomainAssessment(
                    intake=intake,
                    domain=domain,
                    state=state,
                    note=rng.choice(_NOTES[domain]) if state != DomainState.OP_ORDE else "",
                )
            )
    recorder = {s.pk: s.regiehouder or mentor for s in students}
    for contact in contacts:
        consents.append(
            Consent(
                student_id=contact.student_id,
                contact=contact,
                purpose=ConsentPurpose.BETREKKEN,
                given=rng.random() < 0.9,
                on=today - timedelta(days=rng.randint(20, 400)),
                recorded_by=recorder[contact.student_id],
            )
        )
    LifeDomainAssessment.objects.bulk_create(domains, batch_size=1000)
    Consent.objects.bulk_create(consents, batch_size=1000)

    # Study advice: most actief students past the four months have one; some are overdue.
    advices = []
    for student in students:
        due = student.study_advice_due_on
        if student.status == Status.ACTIEF and due and due < today and rng.random() < 0.7:
            advices.append(
                StudyAdvice(
                    student=student,
                    decision=AdviceDecision.POSITIEF,
                    given_on=due,
                    motivation="Goede voortgang op school en in de bpv.",
                    recorded_by=student.regiehouder or mentor,
                )
            )
            student.study_advice_due_on = None
    StudyAdvice.objects.bulk_create(advices, batch_size=1000)
    Student.objects.bulk_update(
        [a.student for a in advices], ["study_advice_due_on"], batch_size=1000
    )
