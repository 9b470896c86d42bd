"""factory_boy factories for every app's models. Fictional data only."""

from datetime import date

import factory

from entree.accounts.models import Institution, Team, User
from students.models import LearningPath, Status, Student

PASSWORD = "Correct-paard-batterij-9"

# Fixed fictional names, cycled: a random name could collide with a search term in a test
# (a generated "Noortje" once matched a search for "Noor"). None of these appear in a test.
FIRST_NAMES = ["Ilse", "Jurre", "Merel", "Stijn", "Tess", "Wout", "Femke", "Gijs", "Linde", "Ruben"]
LAST_NAMES = ["Aalbers", "Boerma", "Copier", "Draaisma", "Eikelboom", "Feenstra", "Gorter"]


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution
        django_get_or_create = ["name"]

    name = "ROC Testmond"
    brin = "00AA"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    institution = factory.SubFactory(InstitutionFactory)
    name = factory.Sequence(lambda n: f"Entree team {n}")
    location = "Locatie Test"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"gebruiker{n}@school.example.test")
    first_name = factory.Iterator(FIRST_NAMES)
    last_name = factory.Iterator(LAST_NAMES)
    roles = factory.LazyFunction(list)
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def teams(self, create, extracted, **kwargs):
        if create and extracted:
            self.teams.set(extracted)


class StudentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Student

    team = factory.SubFactory(TeamFactory)
    institution = factory.LazyAttribute(lambda o: o.team.institution)
    student_number = factory.Sequence(lambda n: f"{7_000_000 + n}")
    first_name = factory.Iterator(FIRST_NAMES)
    last_name = factory.Iterator(LAST_NAMES)
    date_of_birth = date(2008, 5, 17)
    start_date = date(2026, 9, 1)
    cohort = "2026-2027"
    learning_path = LearningPath.BOL
    status = Status.ACTIEF
    regiehouder = None


# --- students: intake, network, consent, study advice ------------------------------------
# Models are named as "app.Model" strings so that these factories need no imports here.


class IntakeFactory(factory.django.DjangoModelFactory):
    """An intake that is complete apart from the life domains (add those separately)."""

    class Meta:
        model = "students.Intake"

    student = factory.SubFactory(StudentFactory, status=Status.INTAKE)
    referrer = "Leerplicht gemeente Testmond"
    handover_file = "ontvangen"
    dutch_level = "moedertaal"
    maths_level = "1F"
    language_level = "1F"
    motivation = "Wil in de zorg werken."
    route_indication = "kwalificerend"


class NetworkContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "students.NetworkContact"

    student = factory.SubFactory(StudentFactory)
    kind = "gemeente"
    organisation = "Gemeente Testmond"
    name = factory.Sequence(lambda n: f"Mw. {LAST_NAMES[n % len(LAST_NAMES)]}")
    role = "Consulent werk en inkomen"


class LifeDomainAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "students.LifeDomainAssessment"

    intake = factory.SubFactory(IntakeFactory)
    domain = "wonen"
    state = "op_orde"


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "students.Consent"

    contact = factory.SubFactory(NetworkContactFactory)
    student = factory.LazyAttribute(lambda o: o.contact.student)
    purpose = "betrekken"
    given = True
    on = date(2026, 9, 1)
    recorded_by = factory.SubFactory(UserFactory)


class StudyAdviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "students.StudyAdvice"

    student = factory.SubFactory(StudentFactory)
    decision = "positief"
    given_on = date(2027, 1, 1)
    motivation = "Komt afspraken na en haalt de praktijkopdrachten."
    recorded_by = factory.SubFactory(UserFactory)


class RegieTransferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "students.RegieTransfer"

    student = factory.SubFactory(StudentFactory)
    from_user = None
    to_user = factory.SubFactory(UserFactory)
    reason = "Nieuwe mentor na teamwissel."
    by = factory.LazyAttribute(lambda o: o.to_user)


# --- placements: companies, praktijkopleiders, placements, visits --------------------------


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "placements.Company"

    institution = factory.SubFactory(InstitutionFactory)
    name = factory.Sequence(lambda n: f"Leerbedrijf {n} BV")
    kvk_number = factory.Sequence(lambda n: f"{90_000_000 + n}")
    sector = "logistiek"
    city = "Testmond"
    created_by = factory.SubFactory(UserFactory)


class CompanyContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "placements.CompanyContact"

    company = factory.SubFactory(CompanyFactory)
    name = factory.Sequence(lambda n: f"Praktijkopleider {n}")
    role = "Praktijkopleider"


class PlacementFactory(factory.django.DjangoModelFactory):
    """A running placement with a signed agreement (students in the factories are adults
    unless a test says otherwise: set ``signed_guardian_on`` for a minor)."""

    class Meta:
        model = "placements.Placement"

    student = factory.SubFactory(StudentFactory)
    company = factory.SubFactory(
        CompanyFactory, institution=factory.SelfAttribute("..student.institution")
    )
    trainer = factory.SubFactory(CompanyContactFactory, company=factory.SelfAttribute("..company"))
    supervisor = None
    start_date = date(2026, 10, 1)
    end_date = date(2027, 1, 31)
    days_per_week = 3
    hours_per_week = 24
    signed_school_on = date(2026, 9, 20)
    signed_student_on = date(2026, 9, 20)
    signed_company_on = date(2026, 9, 22)
    status = "lopend"
    #: Started when it runs or ran; a search (zoekend) never started.
    started_on = factory.LazyAttribute(lambda o: None if o.status == "zoekend" else o.start_date)


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "placements.Visit"

    placement = factory.SubFactory(PlacementFactory)
    visited_on = date(2026, 11, 2)
    kind = "op_locatie"
    rating = "goed"
    recorded_by = factory.SubFactory(UserFactory)


# --- outflow: the outflow, the warm-handover checklist, follow-up contacts -----------------


class OutflowFactory(factory.django.DjangoModelFactory):
    """A leaver with the entree diploma, on to level 2 (the report's most common case)."""

    class Meta:
        model = "outflow.Outflow"

    student = factory.SubFactory(StudentFactory, status=Status.UITGESTROOMD)
    left_on = date(2027, 6, 30)
    diploma = True
    destination = "mbo_niveau2_plus"
    registered_by = factory.SubFactory(UserFactory)


class HandoverFactory(factory.django.DjangoModelFactory):
    """A checklist with every question answered."""

    class Meta:
        model = "outflow.Handover"

    outflow = factory.SubFactory(OutflowFactory)
    goals_to_learn = "Zelfstandig orders picken."
    regelzaken = "Niets."
    support_needed = "Jobcoach de eerste maanden."
    lifelong_learning = "Heftruckcursus bij de werkgever."
    alternatives = "Uitzendbureau in de regio."
    intermediate_step = "geen"


class PartnerHandoverFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "outflow.PartnerHandover"

    handover = factory.SubFactory(HandoverFactory)
    kind = "gemeente"


class FollowUpContactFactory(factory.django.DjangoModelFactory):
    """An open contact moment; set ``done_on``, ``reached``, ``channel`` and ``position``
    for one that happened."""

    class Meta:
        model = "outflow.FollowUpContact"

    outflow = factory.SubFactory(OutflowFactory)
    month = factory.Sequence(lambda n: n % 24 + 1)
    due_on = date(2027, 7, 30)
