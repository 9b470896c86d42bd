"""The placement services: host companies and their praktijkopleiders, a placement's
details, agreement, start, end and outcome, and the visits — every rule refused in Dutch
with nothing saved, and only for those who may."""

from dataclasses import replace
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from entree.accounts.roles import Role
from placements import services
from placements.models import (
    Company,
    CompanyContact,
    Placement,
    PlacementCertificate,
    PlacementGoal,
    Visit,
)
from placements.services import (
    AgreementData,
    CertificateData,
    CompanyData,
    ContactData,
    GoalData,
    PlacementData,
    VisitData,
)
from plans import selectors as plan_selectors
from plans import services as plan_services
from plans.services import PlanData, StepData
from students.models import Status
from tests.factories import (
    CompanyContactFactory,
    CompanyFactory,
    InstitutionFactory,
    PlacementFactory,
    StudentFactory,
    TeamFactory,
    UserFactory,
    VisitFactory,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 16)  # the clock of tests/placements/conftest.py
END_BEFORE_START = "De einddatum ligt vóór of op de startdatum."


@pytest.fixture
def elsewhere(db):
    """A mentor of another institution."""
    team = TeamFactory(institution=InstitutionFactory(name="ROC Elders"))
    return UserFactory(roles=[Role.MENTOR], teams=[team])


def _company(**extra: object) -> CompanyData:
    base = CompanyData(name="Bakkerij Het Korenaar", kvk_number="87654321", sector="horeca")
    return replace(base, **extra)  # type: ignore[arg-type]


# --- Companies ----------------------------------------------------------------------------


def test_a_mentor_adds_a_company_to_the_institution_with_the_kvk_number_as_digits(alice, team):
    company = services.company_create(
        by=alice, data=_company(kvk_number="8765 4321", postcode="1234 ab", name=" Korenaar ")
    )
    company.refresh_from_db()
    assert company.kvk_number == "87654321"
    assert company.name == "Korenaar"
    assert company.postcode == "1234 AB"
    assert company.institution == team.institution
    assert company.created_by == alice


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (_company(kvk_number="1234567"), "kvk_number", "KvK"),
        (_company(kvk_number="1234567a"), "kvk_number", "KvK"),
        (_company(name="  "), "name", "Vul de naam van het bedrijf in."),
        (_company(sector="ruimtevaart"), "sector", "Kies een sector."),
        (
            _company(sbb_recognised=True, sbb_number=" "),
            "sbb_number",
            "Vul het erkenningsnummer van SBB in.",
        ),
        (_company(sbb_checked_on=date(2026, 12, 1)), "sbb_checked_on", "in de toekomst"),
    ],
)
def test_a_bad_company_gets_a_dutch_field_error_and_nothing_is_saved(data, field, message, alice):
    with pytest.raises(ValidationError) as refused:
        services.company_create(by=alice, data=data)
    assert message in " ".join(refused.value.message_dict[field])
    assert Company.objects.count() == 0


def test_a_recognised_company_keeps_its_sbb_number_and_an_unrecognised_one_none(alice):
    recognised = services.company_create(
        by=alice, data=_company(sbb_recognised=True, sbb_number=" 100234 ")
    )
    assert recognised.sbb_number == "100234"
    other = services.company_create(
        by=alice, data=_company(kvk_number="11112222", sbb_recognised=False, sbb_number="999")
    )
    assert other.sbb_number == ""


def test_the_same_kvk_number_twice_in_an_institution_names_the_existing_company(
    alice, carol, company
):
    # carol works in another team of the same institution: she finds alice's company.
    with pytest.raises(ValidationError) as refused:
        services.company_create(by=carol, data=_company(kvk_number="1234 5678"))
    assert refused.value.message_dict["kvk_number"] == [
        "Dit KvK-nummer hoort al bij Groothandel De Vaart (Testmond). Kies dat bedrijf; zo "
        "staat elk bedrijf er één keer in."
    ]
    assert "__all__" not in refused.value.message_dict
    assert list(Company.objects.all()) == [company]
    assert services.duplicate_of(carol, "12.345.678") == company


def test_another_institution_may_have_a_company_with_the_same_kvk_number(elsewhere, company):
    theirs = services.company_create(by=elsewhere, data=_company(kvk_number="12345678"))
    assert theirs.institution != company.institution
    assert Company.objects.filter(kvk_number="12345678").count() == 2
    assert services.duplicate_of(elsewhere, "12345678") == theirs


def test_the_coordinator_works_with_companies_too(dave):
    assert services.company_create(by=dave, data=_company()).pk


@pytest.mark.parametrize("name", ["erin", "frank"])
def test_management_and_the_beheerder_do_not_add_companies(name, personas):
    with pytest.raises(PermissionDenied):
        services.company_create(by=personas[name], data=_company())
    assert Company.objects.count() == 0


def test_updating_a_company_follows_the_same_rules(alice, carol, company):
    other = CompanyFactory(institution=company.institution, kvk_number="11112222")
    changed = services.company_update(
        by=carol,
        company=company,
        data=_company(name="De Vaart Logistiek", kvk_number="12345678", sector="logistiek"),
    )
    assert Company.objects.get(pk=company.pk).name == "De Vaart Logistiek"
    assert changed.kvk_number == "12345678"  # its own number is no duplicate
    with pytest.raises(ValidationError) as refused:
        services.company_update(by=alice, company=company, data=_company(kvk_number="1111 2222"))
    assert other.name in refused.value.message_dict["kvk_number"][0]
    with pytest.raises(ValidationError):
        services.company_update(by=alice, company=company, data=_company(sector=""))
    company.refresh_from_db()
    assert (company.kvk_number, company.sector) == ("12345678", "logistiek")


def test_a_company_of_another_institution_or_a_manager_cannot_update(elsewhere, erin, company):
    for user in (elsewhere, erin):
        with pytest.raises(PermissionDenied):
            services.company_update(by=user, company=company, data=_company(name="Weg"))
    company.refresh_from_db()
    assert company.name == "Groothandel De Vaart"


def test_a_praktijkopleider_is_added_and_changed(alice, company):
    contact = services.contact_save(
        by=alice, company=company, data=ContactData(name=" Kees Bos ", phone="0612345678")
    )
    assert (contact.name, contact.company) == ("Kees Bos", company)
    services.contact_save(
        by=alice, company=company, contact=contact, data=ContactData(name="Kees Bos", active=False)
    )
    contact.refresh_from_db()
    assert contact.active is False
    assert contact.phone == ""


def test_a_praktijkopleider_needs_a_name_and_the_right_company(alice, company, trainer):
    with pytest.raises(ValidationError) as refused:
        services.contact_save(by=alice, company=company, data=ContactData(name=" "))
    assert refused.value.message_dict["name"] == ["Vul de naam van de contactpersoon in."]
    other = CompanyFactory(institution=company.institution)
    with pytest.raises(ValidationError):
        services.contact_save(
            by=alice, company=other, contact=trainer, data=ContactData(name="Weg")
        )
    with pytest.raises(ValidationError):
        services.contact_save(
            by=alice, company=company, data=ContactData(name="Piet", phone="bel me")
        )
    assert list(CompanyContact.objects.all()) == [trainer]
    trainer.refresh_from_db()
    assert trainer.name == "Sanne Vermeer"


def test_only_who_works_with_companies_of_the_institution_adds_a_praktijkopleider(
    erin, elsewhere, company
):
    for user in (erin, elsewhere):
        with pytest.raises(PermissionDenied):
            services.contact_save(by=user, company=company, data=ContactData(name="Piet"))
    assert not CompanyContact.objects.exists()


# --- A placement's details ----------------------------------------------------------------


@pytest.fixture
def details(company, trainer, bob):
    return PlacementData(
        company=company,
        trainer=trainer,
        supervisor=bob,
        start_date=date(2026, 12, 1),
        end_date=date(2027, 3, 31),
        days_per_week=3,
        hours_per_week=24,
    )


def test_the_regiehouder_registers_a_placement_with_goals_and_certificates(student, alice, details):
    placement = services.placement_save(
        student=student,
        by=alice,
        data=replace(
            details,
            notes=" Eerst kennismaken. ",
            goals=(GoalData(description=" Orderpicken "),),
            certificates=(CertificateData(kind="heftruck"), CertificateData(kind="vca")),
        ),
    )
    placement = Placement.objects.get(pk=placement.pk)
    assert placement.status == "zoekend"
    assert placement.notes == "Eerst kennismaken."
    assert placement.midpoint == date(2027, 1, 30)
    assert [g.description for g in placement.goals.all()] == ["Orderpicken"]
    assert [c.kind for c in placement.certificates.all()] == ["heftruck", "vca"]


def test_a_search_may_start_without_any_details(student, alice):
    placement = services.placement_save(student=student, by=alice, data=PlacementData())
    assert placement.status == "zoekend" and placement.company is None


def test_saving_again_replaces_goals_and_certificates(student, alice, details):
    placement = services.placement_save(
        student=student,
        by=alice,
        data=replace(details, goals=(GoalData(description="A"), GoalData(description="B"))),
    )
    services.placement_save(
        student=student,
        by=alice,
        placement=placement,
        data=replace(details, goals=(GoalData(description="C", achieved=True),)),
    )
    assert list(PlacementGoal.objects.values_list("description", "achieved")) == [("C", True)]
    assert not PlacementCertificate.objects.exists()


def _bad(details: PlacementData, **extra: object) -> PlacementData:
    return replace(details, **extra)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"end_date": date(2026, 11, 30)}, "end_date", END_BEFORE_START),
        ({"end_date": date(2026, 12, 1)}, "end_date", END_BEFORE_START),
        ({"days_per_week": 0}, "days_per_week", "Een bpv-plek is 1 tot 5 dagen per week."),
        ({"days_per_week": 6}, "days_per_week", "Een bpv-plek is 1 tot 5 dagen per week."),
        (
            {"days_per_week": 2, "hours_per_week": 21},
            "hours_per_week",
            "Zoveel uren passen niet in 2 dagen (hooguit 10 uur per dag).",
        ),
        ({"hours_per_week": 41}, "hours_per_week", "Vul 1 tot 40 uur per week in."),
        (
            {"start_date": date(2029, 1, 1), "end_date": date(2029, 3, 1)},
            "start_date",
            "Deze datum ligt meer dan 2 jaar in de toekomst; dat kan niet kloppen.",
        ),
        (
            {"certificates": (CertificateData(kind="anders", other=" "),)},
            "certificates",
            "Certificaat 1: schrijf de naam van het certificaat.",
        ),
        (
            {"certificates": (CertificateData(kind="rijbewijs"),)},
            "certificates",
            "Certificaat 1: kies een certificaat.",
        ),
        (
            {"goals": (GoalData(description="Goed"), GoalData(description=" "))},
            "goals",
            "Leerdoel 2: beschrijf het leerdoel.",
        ),
    ],
)
def test_bad_details_get_a_dutch_field_error_and_save_nothing(
    extra, field, message, student, alice, details
):
    with pytest.raises(ValidationError) as refused:
        services.placement_save(student=student, by=alice, data=_bad(details, **extra))
    assert message in refused.value.message_dict[field]
    assert Placement.objects.count() == 0
    assert PlacementGoal.objects.count() == 0
    assert PlacementCertificate.objects.count() == 0


def test_a_certificate_of_another_kind_needs_its_name(student, alice, details):
    placement = services.placement_save(
        student=student,
        by=alice,
        data=replace(details, certificates=(CertificateData(kind="anders", other="Rijbewijs B"),)),
    )
    assert str(placement.certificates.get()) == "Rijbewijs B"


def test_the_trainer_works_at_the_chosen_company(student, alice, details, company):
    other = CompanyFactory(institution=company.institution)
    stranger = CompanyContactFactory(company=other)
    with pytest.raises(ValidationError) as refused:
        services.placement_save(student=student, by=alice, data=replace(details, trainer=stranger))
    assert refused.value.message_dict["trainer"] == [
        "De praktijkopleider werkt niet bij dit leerbedrijf."
    ]
    assert not Placement.objects.exists()


@pytest.mark.parametrize("name", ["carol", "dave", "erin"])
def test_the_supervisor_is_a_mentor_of_the_students_team(name, personas, student, alice, details):
    with pytest.raises(ValidationError) as refused:
        services.placement_save(
            student=student, by=alice, data=replace(details, supervisor=personas[name])
        )
    assert refused.value.message_dict["supervisor"] == [
        "De bpv-begeleider is een mentor van het team van de student."
    ]
    assert not Placement.objects.exists()


def test_a_company_of_another_institution_is_refused(student, alice, details, elsewhere):
    theirs = CompanyFactory(institution=elsewhere.teams.get().institution)
    with pytest.raises(ValidationError) as refused:
        services.placement_save(
            student=student, by=alice, data=replace(details, company=theirs, trainer=None)
        )
    assert refused.value.message_dict["company"] == [
        "Kies een leerbedrijf van uw eigen instelling."
    ]
    assert not Placement.objects.exists()


def _plan_with_two_steps(student, alice):
    plan_services.plan_save(
        student=student,
        by=alice,
        data=PlanData(
            route="arbeidsmarkt",
            goal="Ik wil in een magazijn werken.",
            steps=(
                StepData(description="Heftruckcursus", owner="student", due_on=date(2027, 1, 1)),
                StepData(description="Cv maken", owner="mentor", due_on=date(2026, 12, 1)),
            ),
        ),
    )
    data = plan_services.plan_data_of(plan_selectors.current_version(student))
    return data


def test_a_goal_links_to_a_step_of_the_current_plan_only(student, alice, details):
    data = _plan_with_two_steps(student, alice)
    kept, dropped = data.steps
    # Version 2 drops the second step: its key is in the plan's history, not in the plan.
    plan_services.plan_save(student=student, by=alice, data=replace(data, steps=(kept,)))
    with pytest.raises(ValidationError) as refused:
        services.placement_save(
            student=student,
            by=alice,
            data=replace(details, goals=(GoalData(description="Cv", plan_step_key=dropped.key),)),
        )
    assert refused.value.message_dict["goals"] == [
        "Leerdoel 1: die stap staat niet in het huidige plan van de student."
    ]
    assert not Placement.objects.exists()
    placement = services.placement_save(
        student=student,
        by=alice,
        data=replace(details, goals=(GoalData(description="Heftruck", plan_step_key=kept.key),)),
    )
    assert placement.goals.get().plan_step_key == kept.key


def test_a_step_of_another_students_plan_is_refused(student, alice, details, team):
    other = StudentFactory(team=team, regiehouder=alice)
    theirs = _plan_with_two_steps(other, alice).steps[0]
    with pytest.raises(ValidationError):
        services.placement_save(
            student=student,
            by=alice,
            data=replace(details, goals=(GoalData(description="X", plan_step_key=theirs.key),)),
        )
    assert not Placement.objects.exists()


@pytest.mark.parametrize("name", ["bob", "carol", "dave", "erin", "frank"])
def test_only_the_regiehouder_registers_a_placement(name, personas, student, details):
    with pytest.raises(PermissionDenied):
        services.placement_save(student=student, by=personas[name], data=details)
    assert not Placement.objects.exists()


def test_the_supervisor_may_change_the_placement_a_colleague_may_not(
    student, alice, bob, team, placement, details
):
    colleague = UserFactory(roles=[Role.MENTOR], teams=[team])
    data = replace(details, start_date=placement.start_date, end_date=date(2027, 2, 15))
    services.placement_save(student=student, by=bob, placement=placement, data=data)
    placement.refresh_from_db()
    assert placement.end_date == date(2027, 2, 15)
    with pytest.raises(PermissionDenied):
        services.placement_save(
            student=student, by=colleague, placement=placement, data=replace(data, notes="x")
        )
    assert Placement.objects.get(pk=placement.pk).notes == ""


@pytest.mark.parametrize("name", ["carol", "dave", "erin"])
def test_others_may_not_change_a_placement(name, personas, student, placement, details):
    with pytest.raises(PermissionDenied):
        services.placement_save(
            student=student, by=personas[name], placement=placement, data=details
        )
    placement.refresh_from_db()
    assert placement.start_date == date(2026, 10, 1)


def test_a_running_placement_keeps_its_company_and_dates(student, alice, placement, details):
    with pytest.raises(ValidationError) as refused:
        services.placement_save(
            student=student, by=alice, placement=placement, data=replace(details, company=None)
        )
    assert "company" in refused.value.message_dict
    placement.refresh_from_db()
    assert placement.company is not None


def test_a_placement_of_another_student_is_refused(alice, team, placement, details):
    other = StudentFactory(team=team, regiehouder=alice)
    with pytest.raises(ValidationError):
        services.placement_save(student=other, by=alice, placement=placement, data=details)
    assert Placement.objects.get(pk=placement.pk).student_id == placement.student_id


def test_a_candidate_in_intake_gets_no_placement(team, alice, details):
    candidate = StudentFactory(team=team, regiehouder=alice, status=Status.INTAKE)
    with pytest.raises(ValidationError):
        services.placement_save(student=candidate, by=alice, data=details)
    assert not Placement.objects.exists()


# --- The agreement ------------------------------------------------------------------------


def _search(student, company, trainer, bob, **extra: object) -> Placement:
    """A placement still being sought, with everything its start needs."""
    values: dict[str, object] = {
        "student": student,
        "company": company,
        "trainer": trainer,
        "supervisor": bob,
        "status": "zoekend",
        "start_date": date(2026, 12, 1),
        "end_date": date(2027, 3, 31),
    }
    return PlacementFactory(**{**values, **extra})


def test_signatures_come_in_one_by_one(student, alice, company, trainer, bob):
    placement = _search(
        student, company, trainer, bob, signed_school_on=None, signed_company_on=None
    )
    services.agreement_record(
        by=alice,
        placement=placement,
        data=AgreementData(signed_school_on=date(2026, 11, 2), signed_student_on=None),
    )
    placement.refresh_from_db()
    assert (placement.signed_school_on, placement.signed_student_on) == (date(2026, 11, 2), None)
    assert services.agreement_of(placement) == AgreementData(signed_school_on=date(2026, 11, 2))


def test_a_signature_in_the_future_is_refused(alice, placement):
    agreement = replace(services.agreement_of(placement), signed_company_on=date(2026, 11, 17))
    with pytest.raises(ValidationError) as refused:
        services.agreement_record(by=alice, placement=placement, data=agreement)
    assert refused.value.message_dict["signed_company_on"] == ["Deze datum ligt in de toekomst."]
    placement.refresh_from_db()
    assert placement.signed_company_on == date(2026, 9, 22)


def test_a_running_placement_keeps_its_signatures(alice, placement):
    agreement = replace(services.agreement_of(placement), signed_student_on=None)
    with pytest.raises(ValidationError) as refused:
        services.agreement_record(by=alice, placement=placement, data=agreement)
    assert "handtekeningen van de overeenkomst blijven staan" in refused.value.messages[0]
    placement.refresh_from_db()
    assert placement.signed_student_on == date(2026, 9, 20)
    # Correcting a date (or adding the guardian's) is fine.
    services.agreement_record(
        by=alice,
        placement=placement,
        data=replace(agreement, signed_student_on=date(2026, 9, 21)),
    )
    placement.refresh_from_db()
    assert placement.signed_student_on == date(2026, 9, 21)


def test_a_colleague_records_no_agreement(carol, bob, alice, team, placement):
    with pytest.raises(PermissionDenied):
        services.agreement_record(by=carol, placement=placement, data=AgreementData())
    assert Placement.objects.get(pk=placement.pk).agreement_signed


# --- Starting -----------------------------------------------------------------------------


def test_a_placement_with_everything_starts(student, alice, company, trainer, bob):
    placement = _search(student, company, trainer, bob)
    started = services.placement_start(by=alice, placement=placement)
    assert started.status == "lopend"
    assert Placement.objects.get(pk=placement.pk).status == "lopend"


def test_the_supervisor_starts_the_placement_too(student, company, trainer, bob):
    placement = _search(student, company, trainer, bob)
    assert services.placement_start(by=bob, placement=placement).status == "lopend"


def test_every_missing_piece_is_named(student, alice):
    placement = PlacementFactory(
        student=student,
        status="zoekend",
        company=None,
        trainer=None,
        start_date=None,
        end_date=None,
        days_per_week=None,
        hours_per_week=None,
        signed_school_on=None,
        signed_student_on=None,
        signed_company_on=None,
    )
    with pytest.raises(ValidationError) as refused:
        services.placement_start(by=alice, placement=placement)
    errors = refused.value.message_dict
    assert errors["company"] == ["Kies het leerbedrijf."]
    assert errors["trainer"] == ["Kies de praktijkopleider."]
    assert errors["supervisor"] == ["Kies de bpv-begeleider van school."]
    assert errors["start_date"] == ["Vul de startdatum in."]
    assert errors["end_date"] == ["Vul de einddatum in."]
    assert errors["days_per_week"] == ["Vul het aantal dagen per week in."]
    assert errors["hours_per_week"] == ["Vul het aantal uren per week in."]
    assert errors["agreement"] == [
        "Een bpv-plek begint pas als de praktijkovereenkomst getekend is. Nog niet getekend "
        "door: de school, de student, het leerbedrijf."
    ]
    assert Placement.objects.get(pk=placement.pk).status == "zoekend"


def test_without_the_companys_signature_the_placement_does_not_start(
    student, alice, company, trainer, bob
):
    placement = _search(student, company, trainer, bob, signed_company_on=None)
    with pytest.raises(ValidationError) as refused:
        services.placement_start(by=alice, placement=placement)
    assert refused.value.message_dict["agreement"][0].endswith("het leerbedrijf.")
    assert list(refused.value.message_dict) == ["agreement"]
    assert Placement.objects.get(pk=placement.pk).status == "zoekend"


def test_a_minor_needs_a_guardians_signature(team, alice, company, trainer, bob):
    # 17 on the start date (18 only on 2 December 2026).
    minor = StudentFactory(team=team, regiehouder=alice, date_of_birth=date(2008, 12, 2))
    placement = _search(minor, company, trainer, bob)
    with pytest.raises(ValidationError) as refused:
        services.placement_start(by=alice, placement=placement)
    assert (
        "een ouder of voogd (de student is jonger dan 18)"
        in (refused.value.message_dict["agreement"][0])
    )
    assert Placement.objects.get(pk=placement.pk).status == "zoekend"
    services.agreement_record(
        by=alice,
        placement=placement,
        data=replace(services.agreement_of(placement), signed_guardian_on=date(2026, 11, 10)),
    )
    assert services.placement_start(by=alice, placement=placement).status == "lopend"


def test_a_student_who_is_18_on_the_start_date_signs_alone(team, alice, company, trainer, bob):
    adult = StudentFactory(team=team, regiehouder=alice, date_of_birth=date(2008, 12, 1))
    placement = _search(adult, company, trainer, bob)
    assert services.placement_start(by=alice, placement=placement).status == "lopend"


@pytest.mark.parametrize("status", [Status.GEPLAATST, Status.UITGESTROOMD])
def test_only_an_active_student_starts_a_placement(status, team, alice, company, trainer, bob):
    student = StudentFactory(team=team, regiehouder=alice, status=status)
    placement = _search(student, company, trainer, bob)
    with pytest.raises(ValidationError) as refused:
        services.placement_start(by=alice, placement=placement)
    assert "Alleen een actieve student begint aan een bpv-plek." in refused.value.messages
    assert Placement.objects.get(pk=placement.pk).status == "zoekend"


def test_a_second_full_time_placement_in_the_same_period_is_refused(
    student, alice, company, trainer, bob, placement
):
    second = _search(student, company, trainer, bob, start_date=date(2027, 1, 4))
    with pytest.raises(ValidationError) as refused:
        services.placement_start(by=alice, placement=second)
    assert "al een lopende bpv-plek (bij Groothandel De Vaart)" in refused.value.messages[0]
    assert Placement.objects.get(pk=second.pk).status == "zoekend"


@pytest.mark.parametrize(("days", "fits"), [(2, True), (3, False)])
def test_two_part_time_placements_run_together_when_their_days_fit(
    days, fits, student, alice, company, trainer, bob
):
    PlacementFactory(student=student, company=company, trainer=trainer, part_time=True)
    second = _search(
        student, company, trainer, bob, part_time=True, days_per_week=days, hours_per_week=16
    )
    if fits:
        assert services.placement_start(by=alice, placement=second).status == "lopend"
    else:
        with pytest.raises(ValidationError):
            services.placement_start(by=alice, placement=second)
        assert Placement.objects.get(pk=second.pk).status == "zoekend"
    assert Placement.objects.filter(student=student, status="lopend").count() == (2 if fits else 1)


def test_a_part_time_placement_beside_a_full_time_one_is_refused(
    student, alice, company, trainer, bob, placement
):
    second = _search(student, company, trainer, bob, part_time=True, days_per_week=1)
    with pytest.raises(ValidationError):
        services.placement_start(by=alice, placement=second)


def test_a_placement_after_the_running_one_starts(student, alice, company, trainer, bob, placement):
    later = _search(
        student, company, trainer, bob, start_date=date(2027, 2, 1), end_date=date(2027, 5, 31)
    )
    assert services.placement_start(by=alice, placement=later).status == "lopend"


def test_a_placement_starts_only_once(student, alice, placement):
    with pytest.raises(ValidationError) as refused:
        services.placement_start(by=alice, placement=placement)
    assert refused.value.messages == ["Deze bpv-plek is al begonnen of voorbij."]


@pytest.mark.parametrize("name", ["carol", "dave", "erin"])
def test_others_do_not_start_a_placement(name, personas, student, company, trainer, bob):
    placement = _search(student, company, trainer, bob)
    with pytest.raises(PermissionDenied):
        services.placement_start(by=personas[name], placement=placement)
    assert Placement.objects.get(pk=placement.pk).status == "zoekend"


def test_changing_a_running_placement_may_not_make_it_overlap(
    student, alice, company, trainer, bob, placement
):
    later = PlacementFactory(
        student=student,
        company=company,
        trainer=trainer,
        start_date=date(2027, 2, 1),
        end_date=date(2027, 5, 31),
    )
    data = PlacementData(
        company=company,
        trainer=trainer,
        supervisor=bob,
        start_date=date(2027, 1, 15),
        end_date=date(2027, 5, 31),
        days_per_week=3,
        hours_per_week=24,
    )
    with pytest.raises(ValidationError) as refused:
        services.placement_save(student=student, by=alice, placement=later, data=data)
    assert "al een lopende bpv-plek" in refused.value.messages[0]
    assert Placement.objects.get(pk=later.pk).start_date == date(2027, 2, 1)


# --- Finishing, stopping and the status moves ---------------------------------------------


def test_finishing_a_placement_records_the_day(alice, placement):
    finished = services.placement_finish(by=alice, placement=placement, on=date(2026, 11, 13))
    assert (finished.status, finished.ended_on) == ("afgerond", date(2026, 11, 13))


def test_finishing_defaults_to_today_while_the_end_is_ahead(alice, placement):
    assert services.placement_finish(by=alice, placement=placement).ended_on == TODAY


def test_finishing_in_the_future_or_before_the_start_is_refused(alice, placement):
    for day, message in [
        (date(2026, 11, 17), "Deze datum ligt in de toekomst."),
        (date(2026, 9, 30), "Deze datum ligt vóór de start van de bpv-plek."),
    ]:
        with pytest.raises(ValidationError) as refused:
            services.placement_finish(by=alice, placement=placement, on=day)
        assert refused.value.message_dict["ended_on"] == [message]
    assert Placement.objects.get(pk=placement.pk).status == "lopend"


def test_stopping_needs_a_reason(alice, placement):
    with pytest.raises(ValidationError) as refused:
        services.placement_stop(by=alice, placement=placement, on=TODAY, reason="")
    assert refused.value.message_dict["stop_reason"] == ["Kies waarom de bpv-plek stopt."]
    with pytest.raises(ValidationError) as refused:
        services.placement_stop(by=alice, placement=placement, on=TODAY, reason="anders", note=" ")
    assert refused.value.message_dict["stop_note"] == ["Licht toe waarom de bpv-plek stopt."]
    with pytest.raises(ValidationError) as refused:
        services.placement_stop(by=alice, placement=placement, on=date(2026, 12, 1), reason="match")
    assert refused.value.message_dict["ended_on"] == ["Deze datum ligt in de toekomst."]
    placement.refresh_from_db()
    assert (placement.status, placement.stop_reason, placement.ended_on) == ("lopend", "", None)
    stopped = services.placement_stop(
        by=alice, placement=placement, on=None, reason="anders", note=" Verhuisd "
    )
    assert (stopped.status, stopped.stop_reason, stopped.stop_note, stopped.ended_on) == (
        "afgebroken",
        "anders",
        "Verhuisd",
        TODAY,
    )


def test_a_search_can_be_given_up(student, alice, company, trainer, bob):
    search = _search(student, company, trainer, bob)
    assert (
        services.placement_stop(by=alice, placement=search, on=TODAY, reason="student").status
        == "afgebroken"
    )


def test_only_the_moves_of_the_table_are_possible(student, alice, company, trainer, bob, placement):
    search = _search(student, company, trainer, bob, start_date=date(2027, 2, 1))
    with pytest.raises(ValidationError) as refused:
        services.placement_finish(by=alice, placement=search, on=TODAY)
    assert refused.value.messages == ["Een bpv-plek die zoekend is, kan niet afgerond worden."]
    services.placement_stop(by=alice, placement=placement, on=TODAY, reason="bedrijf")
    with pytest.raises(ValidationError) as refused:
        services.placement_finish(by=alice, placement=placement, on=TODAY)
    assert refused.value.messages == ["Een bpv-plek die afgebroken is, kan niet afgerond worden."]
    with pytest.raises(ValidationError):
        services.placement_stop(by=alice, placement=placement, on=TODAY, reason="student")
    with pytest.raises(ValidationError):
        services.placement_start(by=alice, placement=placement)
    placement.refresh_from_db()
    assert (placement.status, placement.stop_reason) == ("afgebroken", "bedrijf")
    assert Placement.objects.get(pk=search.pk).status == "zoekend"


def test_a_finished_placement_is_not_stopped_afterwards(alice, placement):
    services.placement_finish(by=alice, placement=placement, on=TODAY)
    with pytest.raises(ValidationError):
        services.placement_stop(by=alice, placement=placement, on=TODAY, reason="match")
    assert Placement.objects.get(pk=placement.pk).status == "afgerond"


@pytest.mark.parametrize("name", ["carol", "dave", "erin"])
def test_others_do_not_end_a_placement(name, personas, placement):
    with pytest.raises(PermissionDenied):
        services.placement_finish(by=personas[name], placement=placement, on=TODAY)
    with pytest.raises(PermissionDenied):
        services.placement_stop(by=personas[name], placement=placement, on=TODAY, reason="match")
    assert Placement.objects.get(pk=placement.pk).status == "lopend"


# --- The outcome --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("outcome", "converted"),
    [("baan", True), ("bbl_baan", True), ("banenafspraak", True), ("geen_baan", False)],
)
def test_the_outcome_says_whether_the_placement_became_a_job(outcome, converted, alice, placement):
    services.placement_finish(by=alice, placement=placement, on=TODAY)
    services.outcome_record(by=alice, placement=placement, outcome=outcome, on=TODAY)
    stored = Placement.objects.get(pk=placement.pk)
    assert (stored.outcome, stored.outcome_on, stored.converted) == (outcome, TODAY, converted)


def test_an_outcome_needs_a_started_placement_a_choice_and_a_plausible_date(
    student, alice, company, trainer, bob, placement
):
    search = _search(student, company, trainer, bob)
    with pytest.raises(ValidationError) as refused:
        services.outcome_record(by=alice, placement=search, outcome="baan", on=TODAY)
    assert refused.value.message_dict["__all__"] == [
        "Een resultaat hoort bij een bpv-plek die begonnen is."
    ]
    for outcome, day, field in [
        ("baan", date(2026, 9, 30), "outcome_on"),
        ("baan", date(2026, 11, 20), "outcome_on"),
        ("baan", None, "outcome_on"),
        ("stage", TODAY, "outcome"),
    ]:
        with pytest.raises(ValidationError) as refused:
            services.outcome_record(by=alice, placement=placement, outcome=outcome, on=day)
        assert field in refused.value.message_dict
    assert "Deze datum ligt vóór de start van de bpv-plek." in (
        _refusal(alice, placement, date(2026, 9, 30))
    )
    assert not Placement.objects.exclude(outcome="").exists()


def _refusal(alice, placement: Placement, day: date) -> list[str]:
    with pytest.raises(ValidationError) as refused:
        services.outcome_record(by=alice, placement=placement, outcome="baan", on=day)
    return refused.value.message_dict["outcome_on"]


def test_a_colleague_records_no_outcome(carol, placement):
    with pytest.raises(PermissionDenied):
        services.outcome_record(by=carol, placement=placement, outcome="baan", on=TODAY)
    assert Placement.objects.get(pk=placement.pk).outcome == ""


# --- Visits -------------------------------------------------------------------------------


def _visit(**extra: object) -> VisitData:
    base = VisitData(
        visited_on=date(2026, 11, 12), kind="op_locatie", rating="goed", notes=" Gaat goed. "
    )
    return replace(base, **extra)  # type: ignore[arg-type]


def test_the_supervisor_logs_a_visit(bob, placement):
    visit = services.visit_save(by=bob, placement=placement, data=_visit())
    visit.refresh_from_db()
    assert (visit.placement, visit.recorded_by, visit.notes) == (placement, bob, "Gaat goed.")


def test_the_regiehouder_corrects_a_visit(alice, bob, placement):
    visit = services.visit_save(by=bob, placement=placement, data=_visit())
    services.visit_save(
        by=alice, placement=placement, visit=visit, data=_visit(rating="aandacht", notes="Laat")
    )
    visit.refresh_from_db()
    assert (visit.rating, visit.notes, visit.recorded_by) == ("aandacht", "Laat", bob)
    assert Visit.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (_visit(visited_on=date(2026, 9, 30)), "visited_on", "vóór de start"),
        (_visit(visited_on=date(2026, 11, 17)), "visited_on", "in de toekomst"),
        (_visit(visited_on=None), "visited_on", "Vul de datum van het bezoek in."),
        (_visit(kind="brief"), "kind", "Kies hoe het bezoek ging"),
        (_visit(rating="super"), "rating", "Kies hoe het gaat op de bpv-plek."),
    ],
)
def test_a_bad_visit_is_refused_in_dutch(data, field, message, bob, placement):
    with pytest.raises(ValidationError) as refused:
        services.visit_save(by=bob, placement=placement, data=data)
    assert message in " ".join(refused.value.message_dict[field])
    assert not Visit.objects.exists()


def test_a_visit_after_the_placement_ended_is_refused(alice, placement):
    services.placement_finish(by=alice, placement=placement, on=date(2026, 11, 10))
    with pytest.raises(ValidationError) as refused:
        services.visit_save(by=alice, placement=placement, data=_visit())
    assert refused.value.message_dict["visited_on"] == [
        "Het bezoek ligt na het einde van de bpv-plek."
    ]
    services.visit_save(by=alice, placement=placement, data=_visit(visited_on=date(2026, 11, 10)))
    assert Visit.objects.count() == 1


def test_a_search_gets_no_visits(student, alice, company, trainer, bob):
    search = _search(student, company, trainer, bob, start_date=date(2026, 11, 1))
    with pytest.raises(ValidationError) as refused:
        services.visit_save(by=alice, placement=search, data=_visit())
    assert refused.value.message_dict["__all__"] == [
        "Een bezoek hoort bij een bpv-plek die begonnen is."
    ]
    assert not Visit.objects.exists()


def test_a_visit_of_another_placement_is_not_changed_here(alice, placement):
    stranger = VisitFactory()
    with pytest.raises(ValidationError):
        services.visit_save(by=alice, placement=placement, visit=stranger, data=_visit())
    stranger.refresh_from_db()
    assert stranger.notes == ""


@pytest.mark.parametrize("name", ["carol", "dave", "erin", "frank"])
def test_others_log_no_visit(name, personas, placement):
    with pytest.raises(PermissionDenied):
        services.visit_save(by=personas[name], placement=placement, data=_visit())
    assert not Visit.objects.exists()


def test_a_colleague_who_is_not_the_supervisor_logs_no_visit(team, placement):
    colleague = UserFactory(roles=[Role.MENTOR], teams=[team])
    with pytest.raises(PermissionDenied):
        services.visit_save(by=colleague, placement=placement, data=_visit())
    assert not Visit.objects.exists()
