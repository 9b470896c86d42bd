"""The student API for every persona: the list never shows a student the user may not
see, every endpoint answers 404 for a record the user cannot see, writes are for the
regiehouder, and every error has the same shape ``{"detail": ..., "errors": {...}}``."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from students.models import (
    Consent,
    Intake,
    LifeDomain,
    LifeDomainAssessment,
    NetworkContact,
    RegieTransfer,
    Status,
    Student,
    StudyAdvice,
)
from tests.factories import (
    InstitutionFactory,
    IntakeFactory,
    LifeDomainAssessmentFactory,
    NetworkContactFactory,
    StudentFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 11, 22, 12, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))


@pytest.fixture(autouse=True)
def _today():
    # Signals and "not in the future" (a consent on 1 September 2026) are judged against
    # today: fix it, so the expectations hold on any day the suite runs.
    with time_machine.travel(NOON, tick=False):
        yield


LIST = "/api/v1/students/"
NOT_FOUND = {"detail": "Niet gevonden.", "errors": {}}


def _url(student, suffix: str = "") -> str:
    return f"{LIST}{student.uuid}/{suffix}"


def _ids(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def _assert_error_shape(response, *fields: str) -> dict:
    assert response.status_code == 400, response.content
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert isinstance(body["detail"], str) and body["detail"]
    for field in fields:
        assert field in body["errors"], body
    return body["errors"]


@pytest.fixture
def world(team, other_team, student):
    """Students in both teams, active and in outflow (``student`` is alice's)."""
    return {
        "student": student,
        "team_outflow": StudentFactory(
            team=team, status=Status.NAZORG, cohort="2024-2025", last_name="Uitstroom"
        ),
        "other": StudentFactory(team=other_team, last_name="Elders"),
        "other_outflow": StudentFactory(
            team=other_team, status=Status.UITGESTROOMD, last_name="Eldersuit"
        ),
    }


# --- List ---------------------------------------------------------------------------------

VISIBLE_IN_LIST = {
    "alice": {"student", "team_outflow"},
    "bob": {"student", "team_outflow"},
    "carol": {"other", "other_outflow"},
    "dave": {"team_outflow"},
    "erin": set(),
    "frank": set(),
}


@pytest.mark.parametrize("name", VISIBLE_IN_LIST)
def test_list_returns_exactly_the_students_the_persona_may_see(name, personas, world, api_for):
    response = api_for(personas[name]).get(LIST)
    expected = {str(world[key].uuid) for key in VISIBLE_IN_LIST[name]}
    assert _ids(response) == expected
    assert response.json()["count"] == len(expected)


def test_list_refuses_an_anonymous_visitor(world, api_for):
    response = api_for(None).get(LIST)
    assert response.status_code in (401, 403)
    assert set(response.json()) == {"detail", "errors"}
    assert "Noor" not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=nazorg", {"team_outflow"}),
        ("status=actief", {"student"}),
        ("signal=geen_regiehouder", {"team_outflow"}),
        ("q=Noor", {"student"}),
        # Every word must match (first name, prefix or last name): two names narrow down.
        ("q=noor+uitstroom", set()),
        ("q=noor+jansen", {"student"}),
        ("cohort=2024-2025", {"team_outflow"}),
        ("cohort=2026-2027", {"student"}),
        ("mine=ja", {"student"}),
        ("learning_path=bbl", set()),
    ],
)
def test_list_filters(query, expected, alice, world, api_for):
    response = api_for(alice).get(f"{LIST}?{query}")
    assert _ids(response) == {str(world[key].uuid) for key in expected}


def test_list_search_by_student_number(alice, world, api_for):
    number = world["team_outflow"].student_number
    assert _ids(api_for(alice).get(f"{LIST}?q={number}")) == {str(world["team_outflow"].uuid)}


def test_list_filters_never_widen_what_the_persona_sees(carol, world, api_for):
    # 'nazorg' in alice's team exists, but carol sees only her own team's students.
    assert _ids(api_for(carol).get(f"{LIST}?status=nazorg")) == set()
    assert _ids(api_for(carol).get(f"{LIST}?q=Noor")) == set()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("cohort=2026", "cohort"),
        ("cohort=26-27", "cohort"),
        ("status=weg", "status"),
        ("signal=iets", "signal"),
        ("profile=kapper", "profile"),
    ],
)
def test_an_invalid_filter_gives_400_in_the_common_shape(query, field, alice, world, api_for):
    errors = _assert_error_shape(api_for(alice).get(f"{LIST}?{query}"), field)
    if field == "cohort":
        assert errors["cohort"] == ["Schrijf het cohort als 2025-2026."]


def test_list_shows_signals_and_the_regiehouder_by_name(alice, world, api_for):
    rows = {row["id"]: row for row in api_for(alice).get(LIST).json()["results"]}
    mine = rows[str(world["student"].uuid)]
    assert mine["regiehouder"] == alice.get_full_name()
    orphan = rows[str(world["team_outflow"].uuid)]
    assert orphan["regiehouder"] is None
    assert "geen_regiehouder" in orphan["signals"]


def test_list_queries_do_not_grow_with_the_students(
    alice, bob, team, other_team, api_for, django_assert_max_num_queries
):
    def add(n):
        StudentFactory.create_batch(n, team=team, regiehouder=alice)
        StudentFactory.create_batch(n, team=team, regiehouder=bob, status=Status.AANGEMELD)
        StudentFactory.create_batch(n, team=other_team)  # invisible, costs nothing

    api = api_for(alice)
    add(1)  # 3 students
    with django_assert_max_num_queries(12) as few:
        assert api.get(LIST).status_code == 200
    baseline = len(few.captured_queries)  # read now: the next request resets the log
    add(10)  # 30 students
    with django_assert_max_num_queries(baseline):
        response = api.get(f"{LIST}?signal=intake_onvolledig")
    assert response.json()["count"] == 11


# --- Retrieve -----------------------------------------------------------------------------

RETRIEVE = {
    # persona: (active student of alice, student in outflow in alice's team)
    "alice": (200, 200),
    "bob": (200, 200),
    "carol": (404, 404),
    "dave": (404, 200),
    "erin": (404, 404),
    "frank": (404, 404),
}


@pytest.mark.parametrize("name", RETRIEVE)
def test_retrieve_follows_the_role_rules(name, personas, world, api_for):
    api = api_for(personas[name])
    for key, status in zip(("student", "team_outflow"), RETRIEVE[name], strict=True):
        response = api.get(_url(world[key]))
        assert response.status_code == status
        if status == 200:
            assert response.json()["id"] == str(world[key].uuid)
        else:
            assert response.json() == NOT_FOUND


def test_retrieve_of_an_unknown_student_is_the_same_404(alice, api_for):
    response = api_for(alice).get(f"{LIST}00000000-0000-4000-8000-000000000000/")
    assert response.status_code == 404
    assert response.json() == NOT_FOUND


# --- Create -------------------------------------------------------------------------------

NEW = {
    "student_number": "9300001",
    "team": "Entree Zorg",
    "first_name": "Yara",
    "last_name": "Koster",
    "date_of_birth": "2009-06-01",
    "learning_path": "bbl",
}


def test_mentor_registers_a_candidate_through_the_api(alice, team, api_for):
    response = api_for(alice).post(LIST, NEW)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["team"], body["regiehouder"]) == (
        "aangemeld",
        "Entree Zorg",
        alice.get_full_name(),
    )
    assert "intake_onvolledig" in body["signals"]
    student = Student.objects.get(uuid=body["id"])
    assert (student.student_number, student.team, student.regiehouder) == ("9300001", team, alice)


def test_duplicate_student_number_through_the_api_is_400_on_the_field(
    alice, team, student, api_for
):
    errors = _assert_error_shape(
        api_for(alice).post(LIST, {**NEW, "student_number": student.student_number}),
        "student_number",
    )
    assert student.student_number in errors["student_number"][0]
    assert Student.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"team": None}, "team"),
        ({"team": "Bestaat niet"}, "team"),
        ({"date_of_birth": "gisteren"}, "date_of_birth"),
        ({"learning_path": "deeltijd"}, "learning_path"),
        ({"first_name": ""}, "first_name"),
    ],
)
def test_invalid_registration_through_the_api_is_400_and_saves_nothing(
    changes, field, alice, team, api_for
):
    data = {k: v for k, v in {**NEW, **changes}.items() if v is not None}
    _assert_error_shape(api_for(alice).post(LIST, data), field)
    assert not Student.objects.exists()


def test_team_name_that_also_exists_in_another_institution_registers_in_the_users_team(
    alice, team, api_for
):
    # Team names are unique per institution only (team_name_unique_per_institution).
    TeamFactory(name=team.name, institution=InstitutionFactory(name="ROC Elders"))
    response = api_for(alice).post(LIST, NEW)
    assert response.status_code == 201, response.content
    assert Student.objects.get().team == team


def test_mentor_cannot_register_in_another_team_through_the_api(alice, other_team, api_for):
    response = api_for(alice).post(LIST, {**NEW, "team": other_team.name})
    # The team is looked up among alice's own teams: another team is not a valid choice.
    _assert_error_shape(response, "team")
    assert not Student.objects.exists()


def test_manager_cannot_register_through_the_api_even_in_own_team(erin, team, api_for):
    response = api_for(erin).post(LIST, NEW)
    assert response.status_code == 403
    assert set(response.json()) == {"detail", "errors"}
    assert not Student.objects.exists()


def test_beheerder_cannot_register_through_the_api(frank, team, api_for):
    response = api_for(frank).post(LIST, NEW)
    # frank belongs to no team, so the team is refused before the role is checked.
    assert response.status_code in (400, 403)
    assert set(response.json()) == {"detail", "errors"}
    assert not Student.objects.exists()


# --- Writes on one student, every persona -------------------------------------------------


def _complete_intake(student):
    intake = IntakeFactory(student=student)
    for domain in LifeDomain:
        LifeDomainAssessmentFactory(intake=intake, domain=domain)


def _prepare(student, status, *, intake=False):
    student.status = status
    student.save()
    if intake:
        _complete_intake(student)


#: name -> (method, suffix, prepare(student), data(student), status for alice)
WRITES = {
    "patch": ("patch", "", lambda s: None, lambda s: {"city": "Utrecht"}, 200),
    "intake": (
        "put",
        "intake/",
        lambda s: _prepare(s, Status.AANGEMELD),
        lambda s: {"dutch_level": "A2", "domains": [{"domain": "werk", "state": "op_orde"}]},
        200,
    ),
    "placement-decision": (
        "post",
        "placement-decision/",
        lambda s: _prepare(s, Status.INTAKE, intake=True),
        lambda s: {"outcome": "geplaatst", "start_date": "2026-09-01"},
        200,
    ),
    "activate": (
        "post",
        "activate/",
        lambda s: _prepare(s, Status.GEPLAATST),
        lambda s: {"start_date": "2026-10-31"},
        200,
    ),
    "contacts": (
        "post",
        "contacts/",
        lambda s: None,
        lambda s: {"kind": "gemeente", "name": "Mw. Bakker"},
        201,
    ),
    "consents": (
        "post",
        "consents/",
        lambda s: NetworkContactFactory(student=s),
        lambda s: {
            "contact": str(s.contacts.get().uuid),
            "purpose": "betrekken",
            "given": True,
            "on": "2026-09-01",
        },
        201,
    ),
    "study-advices": (
        "post",
        "study-advices/",
        lambda s: _prepare(s, Status.ACTIEF),
        lambda s: {"decision": "positief", "given_on": "2026-11-20", "motivation": "Goed"},
        201,
    ),
    "transfer": (
        "post",
        "transfer/",
        lambda s: None,
        lambda s: {"to_user": "bob@school.example.test", "reason": "Verlof"},
        201,
    ),
}

WRITE_STATUS = {"bob": 403, "carol": 404, "dave": 404, "erin": 404, "frank": 404}


def _snapshot(student) -> tuple:
    student = Student.objects.get(pk=student.pk)
    return (
        student.status,
        student.city,
        student.regiehouder_id,
        student.start_date,
        student.study_advice_due_on,
        Intake.objects.filter(student=student).values_list("dutch_level", "outcome").first(),
        LifeDomainAssessment.objects.filter(intake__student=student).count(),
        NetworkContact.objects.filter(student=student).count(),
        Consent.objects.filter(student=student).count(),
        StudyAdvice.objects.filter(student=student).count(),
        RegieTransfer.objects.filter(student=student).count(),
    )


@pytest.mark.parametrize("endpoint", WRITES)
def test_regiehouder_can_write_through_every_endpoint(endpoint, alice, bob, student, api_for):
    method, suffix, prepare, data, status = WRITES[endpoint]
    prepare(student)
    before = _snapshot(student)
    response = getattr(api_for(alice), method)(_url(student, suffix), data(student))
    assert response.status_code == status, response.content
    assert _snapshot(student) != before


@pytest.mark.parametrize("name", WRITE_STATUS)
@pytest.mark.parametrize("endpoint", WRITES)
def test_nobody_else_can_write_and_nothing_changes(endpoint, name, personas, student, api_for):
    method, suffix, prepare, data, _status = WRITES[endpoint]
    prepare(student)
    before = _snapshot(student)
    response = getattr(api_for(personas[name]), method)(_url(student, suffix), data(student))
    assert response.status_code == WRITE_STATUS[name], response.content
    assert set(response.json()) == {"detail", "errors"}
    if WRITE_STATUS[name] == 404:
        assert response.json() == NOT_FOUND
    assert _snapshot(student) == before


def test_coordinator_writes_on_a_student_in_outflow_of_the_team(dave, student, api_for):
    student.status = Status.NAZORG
    student.save()
    api = api_for(dave)
    assert api.patch(_url(student), {"city": "Zwolle"}).status_code == 200
    response = api.post(_url(student, "contacts/"), {"kind": "werkgever", "name": "Dhr. Baas"})
    assert response.status_code == 201, response.content
    student.refresh_from_db()
    assert (student.city, student.contacts.count()) == ("Zwolle", 1)


#: nested endpoints that can be read
READS = ["intake/", "contacts/", "consents/", "study-advices/"]
READ_STATUS = {"alice": 200, "bob": 200, "carol": 404, "dave": 404, "erin": 404, "frank": 404}


@pytest.mark.parametrize("name", READ_STATUS)
@pytest.mark.parametrize("suffix", READS)
def test_nested_reads_follow_the_role_rules(suffix, name, personas, student, api_for):
    IntakeFactory(student=student)
    response = api_for(personas[name]).get(_url(student, suffix))
    assert response.status_code == READ_STATUS[name]
    if response.status_code == 404:
        assert response.json() == NOT_FOUND


def test_nested_reads_refuse_an_anonymous_visitor(student, api_for):
    for suffix in READS:
        response = api_for(None).get(_url(student, suffix))
        assert response.status_code in (401, 403)
        assert set(response.json()) == {"detail", "errors"}


# --- Intake -------------------------------------------------------------------------------


@pytest.fixture
def candidate(team, alice):
    return StudentFactory(
        team=team, regiehouder=alice, status=Status.AANGEMELD, start_date=None, cohort=""
    )


def test_intake_get_before_any_intake_is_404_with_a_message(alice, candidate, api_for):
    response = api_for(alice).get(_url(candidate, "intake/"))
    assert response.status_code == 404
    assert response.json() == {"detail": "Nog geen intake.", "errors": {}}


def test_intake_put_saves_fields_and_domains_with_a_partner(alice, candidate, api_for):
    partner = NetworkContactFactory(student=candidate)
    response = api_for(alice).put(
        _url(candidate, "intake/"),
        {
            "dutch_level": "A2",
            "maths_level": "1F",
            "domains": [
                {
                    "domain": "wonen",
                    "state": "zorg",
                    "note": "Opvang",
                    "partner": str(partner.uuid),
                },
                {"domain": "werk", "state": "aandacht"},
            ],
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["dutch_level"] == "A2"
    domains = {d["domain"]: d for d in body["domains"]}
    assert domains["wonen"]["partner"] == str(partner.uuid)
    assert domains["werk"]["state"] == "aandacht"
    assert "leefgebied Financiën" in body["missing"]
    assert Student.objects.get(pk=candidate.pk).status == Status.INTAKE


def test_intake_put_refuses_a_partner_from_another_students_network(
    alice, team, candidate, api_for
):
    stranger = NetworkContactFactory(student=StudentFactory(team=team))
    response = api_for(alice).put(
        _url(candidate, "intake/"),
        {
            "dutch_level": "A2",
            "domains": [{"domain": "wonen", "state": "zorg", "partner": str(stranger.uuid)}],
        },
    )
    _assert_error_shape(response, "domains")
    assert not Intake.objects.filter(student=candidate).exists()
    assert Student.objects.get(pk=candidate.pk).status == Status.AANGEMELD


def test_intake_put_refuses_a_care_domain_without_a_note_like_the_page_does(
    alice, candidate, api_for
):
    response = api_for(alice).put(
        _url(candidate, "intake/"), {"domains": [{"domain": "wonen", "state": "zorg"}]}
    )
    _assert_error_shape(response)
    assert not LifeDomainAssessment.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"dutch_level": "C2"}, "dutch_level"),
        ({"domains": [{"domain": "wonen", "state": "prima"}]}, "domains"),
        ({"domains": [{"domain": "vrije_tijd", "state": "op_orde"}]}, "domains"),
    ],
)
def test_intake_put_with_invalid_values_is_400(data, field, alice, candidate, api_for):
    _assert_error_shape(api_for(alice).put(_url(candidate, "intake/"), data), field)
    assert not Intake.objects.exists()


def test_intake_put_after_a_decision_is_400(alice, candidate, api_for):
    _prepare(candidate, Status.GEPLAATST, intake=True)
    _assert_error_shape(api_for(alice).put(_url(candidate, "intake/"), {"dutch_level": "B2"}))
    assert Intake.objects.get(student=candidate).dutch_level == "moedertaal"


# --- Placement decision and start ---------------------------------------------------------


def test_placing_through_the_api_sets_status_and_cohort(alice, candidate, api_for):
    _prepare(candidate, Status.INTAKE, intake=True)
    response = api_for(alice).post(
        _url(candidate, "placement-decision/"),
        {"outcome": "geplaatst", "start_date": "2026-07-31"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["outcome"] == "geplaatst"
    assert response.json()["decided_by"] == alice.get_full_name()
    candidate.refresh_from_db()
    assert (candidate.status, candidate.cohort) == (Status.GEPLAATST, "2025-2026")


def test_not_placing_without_motivation_and_handover_is_400_on_both_fields(
    alice, candidate, api_for
):
    _prepare(candidate, Status.INTAKE, intake=True)
    response = api_for(alice).post(
        _url(candidate, "placement-decision/"), {"outcome": "niet_geplaatst"}
    )
    _assert_error_shape(response, "motivation", "handed_over_to")
    assert Student.objects.get(pk=candidate.pk).status == Status.INTAKE


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"outcome": "misschien"}, "outcome"),
        ({}, "outcome"),
        ({"outcome": "niet_geplaatst", "motivation": "x", "handed_over_to": "buren"}, None),
        ({"outcome": "geplaatst"}, "start_date"),
    ],
)
def test_invalid_placement_decisions_are_400(data, field, alice, candidate, api_for):
    _prepare(candidate, Status.INTAKE, intake=True)
    response = api_for(alice).post(_url(candidate, "placement-decision/"), data)
    _assert_error_shape(response, *([field] if field else ["handed_over_to"]))
    assert Student.objects.get(pk=candidate.pk).status == Status.INTAKE


def test_deciding_twice_through_the_api_is_400(alice, candidate, api_for):
    _prepare(candidate, Status.GEPLAATST, intake=True)
    response = api_for(alice).post(
        _url(candidate, "placement-decision/"),
        {"outcome": "uitgesteld", "motivation": "Toch eerst wonen"},
    )
    _assert_error_shape(response)
    assert Student.objects.get(pk=candidate.pk).status == Status.GEPLAATST


def test_activating_sets_the_study_advice_due_date(alice, candidate, api_for):
    _prepare(candidate, Status.GEPLAATST)
    response = api_for(alice).post(_url(candidate, "activate/"), {"start_date": "2026-10-31"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["start_date"], body["study_advice_due_on"]) == (
        "actief",
        "2026-10-31",
        "2027-02-28",
    )


def test_activating_a_student_who_is_not_placed_is_400(alice, candidate, api_for):
    response = api_for(alice).post(_url(candidate, "activate/"), {"start_date": "2026-10-31"})
    _assert_error_shape(response)
    assert Student.objects.get(pk=candidate.pk).status == Status.AANGEMELD


# --- Network, consent, study advice, transfer ---------------------------------------------


def test_contacts_are_listed_and_added(alice, bob, student, api_for):
    NetworkContactFactory(student=student, name="Dhr. Smit")
    NetworkContactFactory(student=StudentFactory(team=student.team), name="Andermans")
    response = api_for(alice).post(
        _url(student, "contacts/"),
        {"kind": "doorstroompunt", "name": "Mw. Bakker", "email": "bakker@rmc.example.test"},
    )
    assert response.status_code == 201, response.content
    listed = api_for(bob).get(_url(student, "contacts/")).json()
    assert sorted(c["name"] for c in listed) == ["Dhr. Smit", "Mw. Bakker"]


def test_an_invalid_contact_is_400_on_the_fields(alice, student, api_for):
    response = api_for(alice).post(
        _url(student, "contacts/"), {"kind": "buurman", "email": "geen-adres"}
    )
    _assert_error_shape(response, "kind", "name", "email")
    assert not NetworkContact.objects.exists()


def test_consent_is_recorded_and_withdrawn_as_new_rows(alice, student, api_for):
    contact = NetworkContactFactory(student=student)
    api = api_for(alice)
    for given in (True, False):
        response = api.post(
            _url(student, "consents/"),
            {
                "contact": str(contact.uuid),
                "purpose": "gegevens_delen",
                "given": given,
                "on": "2026-09-01",
            },
        )
        assert response.status_code == 201, response.content
        assert response.json()["recorded_by"] == alice.get_full_name()
    listed = api.get(_url(student, "consents/")).json()
    assert [c["given"] for c in listed] == [False, True]  # newest first


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"on": "2999-01-01"}, "on"),
        ({"purpose": "verkopen"}, "purpose"),
        ({"contact": "stranger"}, "contact"),
        ({"contact": "00000000-0000-4000-8000-000000000000"}, "contact"),
    ],
)
def test_invalid_consent_is_400_and_nothing_recorded(changes, field, alice, team, student, api_for):
    contact = NetworkContactFactory(student=student)
    stranger = NetworkContactFactory(student=StudentFactory(team=team))
    data = {
        "contact": str(contact.uuid),
        "purpose": "betrekken",
        "given": True,
        "on": "2026-09-01",
        **changes,
    }
    if data["contact"] == "stranger":
        data["contact"] = str(stranger.uuid)
    _assert_error_shape(api_for(alice).post(_url(student, "consents/"), data), field)
    assert not Consent.objects.exists()


def test_study_advice_is_recorded_and_listed(alice, bob, student, api_for):
    _prepare(student, Status.ACTIEF)
    Student.objects.filter(pk=student.pk).update(study_advice_due_on=date(2027, 1, 1))
    response = api_for(alice).post(
        _url(student, "study-advices/"),
        {
            "decision": "uitgesteld",
            "given_on": "2026-11-20",
            "motivation": "Ziek",
            "postponed_until": "2027-03-01",
        },
    )
    assert response.status_code == 201, response.content
    assert Student.objects.get(pk=student.pk).study_advice_due_on == date(2027, 3, 1)
    listed = api_for(bob).get(_url(student, "study-advices/")).json()
    assert [(a["decision"], a["postponed_until"]) for a in listed] == [("uitgesteld", "2027-03-01")]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (
            {"decision": "uitgesteld", "given_on": "2026-11-20", "motivation": "Ziek"},
            "postponed_until",
        ),
        ({"decision": "positief", "given_on": "2026-08-01", "motivation": "Goed"}, "given_on"),
        ({"decision": "positief", "given_on": "2026-11-20", "motivation": ""}, "motivation"),
        ({"decision": "prima", "given_on": "2026-11-20", "motivation": "Goed"}, "decision"),
    ],
)
def test_invalid_study_advice_is_400_and_nothing_recorded(data, field, alice, student, api_for):
    _prepare(student, Status.ACTIEF)
    _assert_error_shape(api_for(alice).post(_url(student, "study-advices/"), data), field)
    assert not StudyAdvice.objects.exists()


def test_transfer_through_the_api_hands_over_regie(alice, bob, student, api_for):
    response = api_for(alice).post(
        _url(student, "transfer/"), {"to_user": "BOB@school.example.test", "reason": "Verlof"}
    )
    assert response.status_code == 201, response.content
    assert response.json()["to_user"] == bob.get_full_name()
    assert response.json()["from_user"] == alice.get_full_name()
    assert Student.objects.get(pk=student.pk).regiehouder == bob


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"to_user": "niemand@school.example.test", "reason": "Verlof"}, "to_user"),
        ({"to_user": "carol@school.example.test", "reason": "Verlof"}, "to_user"),
        ({"to_user": "dave@school.example.test", "reason": "Verlof"}, "to_user"),
        ({"to_user": "alice@school.example.test", "reason": "Verlof"}, "to_user"),
        ({"to_user": "bob@school.example.test", "reason": ""}, "reason"),
        ({"to_user": "geen adres", "reason": "Verlof"}, "to_user"),
    ],
)
def test_invalid_transfer_is_400_and_regie_stays(data, field, alice, carol, dave, student, api_for):
    _assert_error_shape(api_for(alice).post(_url(student, "transfer/"), data), field)
    assert Student.objects.get(pk=student.pk).regiehouder == alice
    assert not RegieTransfer.objects.exists()


# --- Schema -------------------------------------------------------------------------------


def test_openapi_schema_documents_every_student_endpoint(alice, api_for):
    response = api_for(alice).get("/api/schema/?format=json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/v1/students/",
        "/api/v1/students/{uuid}/",
        "/api/v1/students/{uuid}/intake/",
        "/api/v1/students/{uuid}/placement-decision/",
        "/api/v1/students/{uuid}/activate/",
        "/api/v1/students/{uuid}/contacts/",
        "/api/v1/students/{uuid}/consents/",
        "/api/v1/students/{uuid}/study-advices/",
        "/api/v1/students/{uuid}/transfer/",
    ):
        assert path in paths, sorted(paths)
    assert {"get", "post"} <= set(paths["/api/v1/students/"])
    assert {"get", "put"} <= set(paths["/api/v1/students/{uuid}/intake/"])
