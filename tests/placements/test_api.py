"""The placements API: the same rules, messages and visibility as the pages.

Companies are the institution's network: mentors and coordinators (alice, bob, carol,
dave) work with them; erin and frank get an empty list and 404. A student's placements
follow the student's visibility (alice and bob read, the rest 404); writes go through the
services: alice as regiehouder, bob only as the placement's bpv-begeleider.
"""

from datetime import date

import pytest

from entree.audit.models import AccessLog
from entree.core.validators import KVK_MESSAGE
from placements.models import Company, CompanyContact, Placement, PlacementStatus, Visit
from placements.services import COMPANY_REFUSED, PLACEMENT_REFUSED
from students.models import Status
from students.selectors.visibility import EDIT_REFUSED
from tests.factories import (
    CompanyContactFactory,
    CompanyFactory,
    InstitutionFactory,
    PlacementFactory,
    StudentFactory,
    UserFactory,
    VisitFactory,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/"
UNKNOWN = "00000000-0000-4000-8000-000000000000"
NO_STUDENTS = ["carol", "dave", "erin", "frank"]
COMPANY_USERS = ["alice", "bob", "carol", "dave"]
NO_COMPANIES = ["erin", "frank"]


def _placements(student, rest=""):
    return f"{API}students/{student.uuid}/placements/{rest}"


def _placement(placement, rest=""):
    return _placements(placement.student, f"{placement.uuid}/{rest}")


def _company(company, rest=""):
    return f"{API}companies/{company.uuid}/{rest}"


def _company_body(**extra):
    return {"name": "Bakkerij Het Korenaar", "kvk_number": "8765 4321", "sector": "horeca", **extra}


def _seeking(student, **extra):
    """A placement that is still being sought: no agreement yet."""
    return PlacementFactory(
        student=student,
        status=PlacementStatus.ZOEKEND,
        signed_school_on=None,
        signed_student_on=None,
        signed_company_on=None,
        **extra,
    )


# --- Companies ----------------------------------------------------------------------------


@pytest.mark.parametrize("who", COMPANY_USERS)
def test_mentors_and_coordinators_list_the_institutions_companies(who, personas, company, api_for):
    response = api_for(personas[who]).get(f"{API}companies/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["id"] == str(company.uuid) and row["kvk_number"] == "12345678"
    assert row["promising"] is True


@pytest.mark.parametrize("who", COMPANY_USERS)
def test_mentors_and_coordinators_open_a_company_and_its_history(
    who, personas, company, placement, api_for
):
    api = api_for(personas[who])
    detail = api.get(_company(company))
    assert detail.status_code == 200
    assert detail.json()["name"] == "Groothandel De Vaart"
    history = api.get(_company(company, "placements/"))
    assert history.status_code == 200 and history.json()["count"] == 1


@pytest.mark.parametrize("who", NO_COMPANIES)
def test_management_and_the_beheerder_see_no_companies(who, personas, company, api_for):
    api = api_for(personas[who])
    assert api.get(f"{API}companies/").json()["count"] == 0
    assert api.get(_company(company)).status_code == 404
    assert api.get(_company(company, "contacts/")).status_code == 404
    assert api.get(_company(company, "placements/")).status_code == 404
    assert api.put(_company(company), _company_body(), format="json").status_code == 404
    contacts = _company(company, "contacts/")
    assert api.post(contacts, {"name": "Piet"}, format="json").status_code == 404
    trainer = CompanyContactFactory(company=company)
    assert api.put(f"{contacts}{trainer.uuid}/", {"name": "Piet"}, "json").status_code == 404
    refused = api.post(f"{API}companies/", _company_body(), format="json")
    assert refused.status_code == 403
    assert refused.json()["detail"] == COMPANY_REFUSED
    assert Company.objects.count() == 1


def test_anonymous_gets_nothing(company, placement, api_for):
    anonymous = api_for(None)
    for url in (
        f"{API}companies/",
        _company(company),
        _company(company, "contacts/"),
        _company(company, "placements/"),
        _placements(placement.student),
        _placement(placement),
        _placement(placement, "visits/"),
        f"{API}placements/to-visit/",
    ):
        assert anonymous.get(url).status_code in (401, 403), url
    assert anonymous.post(f"{API}companies/", _company_body(), format="json").status_code in (
        401,
        403,
    )


def test_anonymous_writes_nothing(company, trainer, placement, api_for):
    anonymous = api_for(None)
    visit = VisitFactory(placement=placement)
    for method, url in [
        ("put", _company(company)),
        ("post", _company(company, "contacts/")),
        ("put", _company(company, f"contacts/{trainer.uuid}/")),
        ("post", _placements(placement.student)),
        ("put", _placement(placement)),
        ("put", _placement(placement, "agreement/")),
        ("post", _placement(placement, "start/")),
        ("post", _placement(placement, "finish/")),
        ("post", _placement(placement, "stop/")),
        ("put", _placement(placement, "outcome/")),
        ("post", _placement(placement, "visits/")),
        ("put", _placement(placement, f"visits/{visit.uuid}/")),
    ]:
        response = getattr(anonymous, method)(url, {}, format="json")
        assert response.status_code in (401, 403), url
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.LOPEND and Visit.objects.count() == 1


def test_a_company_in_another_institution_is_not_found(company, alice, api_for):
    elsewhere = CompanyFactory(institution=InstitutionFactory(name="ROC Elders", brin="00BB"))
    assert api_for(alice).get(_company(elsewhere)).status_code == 404
    assert api_for(alice).get(f"{API}companies/{UNKNOWN}/").status_code == 404


def test_the_list_filters_on_name_sector_and_kvk(company, team, alice, api_for):
    CompanyFactory(institution=team.institution, name="Zorghuis Linde", sector="zorg")
    api = api_for(alice)

    def names(query):
        return [row["name"] for row in api.get(f"{API}companies/?{query}").json()["results"]]

    assert names("q=linde") == ["Zorghuis Linde"]
    assert names("sector=logistiek") == ["Groothandel De Vaart"]
    assert names("kvk=1234.5678") == ["Groothandel De Vaart"]
    bad_sector = api.get(f"{API}companies/?sector=ruimtevaart")
    assert bad_sector.status_code == 400 and "sector" in bad_sector.json()["errors"]
    bad_kvk = api.get(f"{API}companies/?kvk=123")
    assert bad_kvk.status_code == 400
    assert bad_kvk.json()["errors"]["kvk"] == [KVK_MESSAGE]


def test_a_mentor_adds_a_company_and_reads_it_back(alice, team, api_for):
    response = api_for(alice).post(
        f"{API}companies/", _company_body(sbb_recognised=True, sbb_number="SBB-77"), format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["kvk_number"] == "87654321" and body["sbb_number"] == "SBB-77"
    assert body["figures"] == {
        "placements": 0,
        "running": 0,
        "completed": 0,
        "stopped": 0,
        "jobs": 0,
    }
    company = Company.objects.get(uuid=body["id"])
    assert company.institution == team.institution and company.created_by == alice


def test_a_bad_kvk_number_is_refused_with_the_dutch_message(alice, api_for):
    response = api_for(alice).post(
        f"{API}companies/", _company_body(kvk_number="1234"), format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"]["kvk_number"] == [KVK_MESSAGE]
    assert not Company.objects.exists()


def test_a_duplicate_kvk_number_names_the_existing_company(company, carol, api_for):
    # carol is in another team of the same institution: she finds alice's company.
    response = api_for(carol).post(
        f"{API}companies/", _company_body(kvk_number="12 34 56 78"), format="json"
    )
    assert response.status_code == 400
    (message,) = response.json()["errors"]["kvk_number"]
    assert message.startswith("Dit KvK-nummer hoort al bij Groothandel De Vaart (Testmond).")
    assert Company.objects.count() == 1


def test_missing_fields_get_the_services_messages(alice, api_for):
    response = api_for(alice).post(
        f"{API}companies/",
        _company_body(name="", sbb_recognised=True, sbb_number=""),
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["name"] == ["Vul de naam van het bedrijf in."]
    assert errors["sbb_number"] == ["Vul het erkenningsnummer van SBB in."]
    assert not Company.objects.exists()


def test_a_company_is_changed_as_a_whole(company, bob, team, api_for):
    other = CompanyFactory(institution=team.institution, kvk_number="11112222")
    api = api_for(bob)
    changed = api.put(
        _company(company), _company_body(kvk_number="12345678", city="Utrecht"), format="json"
    )
    assert changed.status_code == 200, changed.json()
    company.refresh_from_db()
    assert (company.name, company.city, company.sector) == (
        "Bakkerij Het Korenaar",
        "Utrecht",
        "horeca",
    )
    twin = api.put(_company(company), _company_body(kvk_number="11112222"), format="json")
    assert twin.status_code == 400
    assert other.name in twin.json()["errors"]["kvk_number"][0]
    company.refresh_from_db()
    assert company.kvk_number == "12345678"


def test_the_company_shows_its_figures(company, placement, alice, api_for):
    placement.outcome, placement.outcome_on = "baan", date(2026, 11, 10)
    placement.save()
    figures = api_for(alice).get(_company(company)).json()["figures"]
    assert figures == {"placements": 1, "running": 1, "completed": 0, "stopped": 0, "jobs": 1}


@pytest.mark.parametrize("who", COMPANY_USERS)
def test_contacts_are_listed_added_and_changed(who, personas, company, trainer, api_for):
    api = api_for(personas[who])
    assert [c["name"] for c in api.get(_company(company, "contacts/")).json()] == ["Sanne Vermeer"]
    added = api.post(
        _company(company, "contacts/"), {"name": "Ahmed Bakker", "phone": "030-1234567"}, "json"
    )
    assert added.status_code == 201, added.json()
    url = _company(company, f"contacts/{trainer.uuid}/")
    changed = api.put(url, {"name": "Sanne Vermeer", "active": False}, format="json")
    assert changed.status_code == 200 and changed.json()["active"] is False
    assert CompanyContact.objects.filter(company=company).count() == 2


def test_a_contact_needs_a_name_and_a_valid_phone(company, trainer, alice, api_for):
    api = api_for(alice)
    nameless = api.post(_company(company, "contacts/"), {"name": " "}, format="json")
    assert nameless.json()["errors"]["name"] == ["Vul de naam van de contactpersoon in."]
    bad_phone = api.post(
        _company(company, "contacts/"), {"name": "Piet", "phone": "bel me"}, format="json"
    )
    assert bad_phone.status_code == 400 and "phone" in bad_phone.json()["errors"]
    assert CompanyContact.objects.count() == 1


def test_a_contact_of_another_company_is_not_found(company, team, alice, api_for):
    elsewhere = CompanyContactFactory(company=CompanyFactory(institution=team.institution))
    url = _company(company, f"contacts/{elsewhere.uuid}/")
    assert api_for(alice).put(url, {"name": "X"}, format="json").status_code == 404


def test_the_history_names_only_students_the_user_may_see(
    company, placement, alice, carol, api_for
):
    mine = api_for(alice).get(_company(company, "placements/")).json()
    assert mine["count"] == 1
    assert mine["results"][0]["student"] == str(placement.student.uuid)
    assert mine["results"][0]["student_name"] == "Noor Jansen"
    theirs = api_for(carol).get(_company(company, "placements/")).json()
    assert theirs["count"] == 1
    assert theirs["results"][0]["student"] is None
    assert theirs["results"][0]["student_name"] is None
    assert theirs["results"][0]["status"] == "lopend"


# --- A student's placements: who reads -----------------------------------------------------


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_the_team_reads_the_students_placements(who, personas, placement, api_for):
    VisitFactory(placement=placement, recorded_by=personas["bob"])
    api = api_for(personas[who])
    (listed,) = api.get(_placements(placement.student)).json()
    assert listed["id"] == str(placement.uuid)
    assert listed["company"] == str(placement.company.uuid)
    assert listed["trainer_name"] == "Sanne Vermeer"
    assert listed["supervisor"] == "bob@school.example.test"
    assert listed["agreement"]["signed"] is True
    assert listed["visit_count"] == 1
    # One visit: the second is due two weeks before the end (31 January).
    assert listed["visit_due_on"] == "2027-01-17"
    assert api.get(_placement(placement)).json() == listed
    assert len(api.get(_placement(placement, "visits/")).json()) == 1


@pytest.mark.parametrize("who", NO_STUDENTS)
@pytest.mark.parametrize("rest", ["", "{p}/", "{p}/visits/"])
def test_a_hidden_students_placements_are_404(who, rest, personas, placement, api_for):
    url = _placements(placement.student, rest.format(p=placement.uuid))
    assert api_for(personas[who]).get(url).status_code == 404


@pytest.mark.parametrize("who", NO_STUDENTS)
@pytest.mark.parametrize(
    ("method", "rest", "body"),
    [
        ("post", "", {}),
        ("put", "{p}/", {}),
        ("put", "{p}/agreement/", {}),
        ("post", "{p}/start/", None),
        ("post", "{p}/finish/", {}),
        ("post", "{p}/stop/", {"stop_reason": "student"}),
        ("put", "{p}/outcome/", {"outcome": "baan", "outcome_on": "2026-11-10"}),
        ("post", "{p}/visits/", {"visited_on": "2026-11-10", "kind": "video", "rating": "goed"}),
        (
            "put",
            "{p}/visits/{v}/",
            {"visited_on": "2026-11-10", "kind": "video", "rating": "goed"},
        ),
    ],
)
def test_nobody_outside_the_team_writes(who, method, rest, body, personas, placement, api_for):
    visit = VisitFactory(placement=placement, recorded_by=personas["bob"])
    url = _placements(placement.student, rest.format(p=placement.uuid, v=visit.uuid))
    response = getattr(api_for(personas[who]), method)(url, body, format="json")
    assert response.status_code == 404
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.LOPEND and not placement.outcome
    assert Visit.objects.count() == 1 and Placement.objects.count() == 1


def test_an_unknown_placement_or_visit_is_404(placement, alice, api_for):
    api = api_for(alice)
    assert api.get(_placements(placement.student, f"{UNKNOWN}/")).status_code == 404
    other = PlacementFactory()  # another student's placement, under this student's address
    assert api.get(_placements(placement.student, f"{other.uuid}/")).status_code == 404
    visit = {"visited_on": "2026-11-10", "kind": "video", "rating": "goed"}
    assert api.put(_placement(placement, f"visits/{UNKNOWN}/"), visit, "json").status_code == 404


def test_every_read_of_a_student_is_in_the_access_log(placement, bob, api_for):
    api = api_for(bob)
    api.get(_placements(placement.student))
    api.get(_placement(placement))
    api.get(_placement(placement, "visits/"))
    logged = list(
        AccessLog.objects.filter(student_uuid=placement.student.uuid, user=bob)
        .order_by("pk")
        .values_list("part", "channel", "path")
    )
    assert logged == [
        ("bpv", "api", _placements(placement.student)),
        ("bpv", "api", _placement(placement)),
        ("bpv", "api", _placement(placement, "visits/")),
    ]


# --- Writing: the regiehouder, and the bpv-begeleider ------------------------------------


def _details(company, trainer, supervisor, **extra):
    return {
        "company": str(company.uuid),
        "trainer": str(trainer.uuid),
        "supervisor": supervisor.email,
        "start_date": "2026-12-01",
        "end_date": "2027-03-31",
        "days_per_week": 2,
        "hours_per_week": 16,
        "goals": [{"description": "Zelfstandig orders verzamelen"}],
        "certificates": [{"kind": "heftruck"}],
        **extra,
    }


def test_the_regiehouder_registers_a_placement(student, company, trainer, alice, bob, api_for):
    response = api_for(alice).post(
        _placements(student), _details(company, trainer, bob), format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "zoekend"
    assert (body["company"], body["trainer"]) == (str(company.uuid), str(trainer.uuid))
    assert (body["supervisor"], body["supervisor_name"]) == (bob.email, bob.get_full_name())
    assert body["goals"] == [
        {"description": "Zelfstandig orders verzamelen", "plan_step_key": None, "achieved": False}
    ]
    assert body["certificates"] == [{"kind": "heftruck", "other": "", "obtained_on": None}]
    assert body["agreement"]["signed"] is False and body["visit_due_on"] is None
    placement = Placement.objects.get(uuid=body["id"])
    assert placement.supervisor == bob and placement.goals.count() == 1


def test_a_colleague_cannot_register_one(student, company, trainer, bob, api_for):
    response = api_for(bob).post(
        _placements(student), _details(company, trainer, bob), format="json"
    )
    assert response.status_code == 403
    assert response.json()["detail"] == EDIT_REFUSED
    assert not Placement.objects.exists()


def test_the_supervisor_must_be_a_mentor_of_the_team(
    student, company, trainer, alice, carol, api_for
):
    for email in (carol.email, "niemand@school.example.test"):
        response = api_for(alice).post(
            _placements(student), {**_details(company, trainer, carol), "supervisor": email}, "json"
        )
        assert response.status_code == 400
        assert response.json()["errors"]["supervisor"] == [
            "De bpv-begeleider is een mentor van het team van de student."
        ]
    assert not Placement.objects.exists()


def test_a_company_of_another_institution_is_unknown(student, trainer, alice, bob, api_for):
    elsewhere = CompanyFactory(institution=InstitutionFactory(name="ROC Elders", brin="00BB"))
    body = _details(elsewhere, trainer, bob)
    response = api_for(alice).post(_placements(student), body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["company"] == ["Onbekend leerbedrijf."]


def test_end_before_start_is_refused(student, company, trainer, alice, bob, api_for):
    body = _details(company, trainer, bob, start_date="2027-03-01", end_date="2027-02-01")
    response = api_for(alice).post(_placements(student), body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["end_date"] == ["De einddatum ligt vóór of op de startdatum."]
    assert not Placement.objects.exists()


def test_a_trainer_of_another_company_is_refused(student, company, team, alice, bob, api_for):
    stranger = CompanyContactFactory(company=CompanyFactory(institution=team.institution))
    body = _details(company, stranger, bob)
    response = api_for(alice).post(_placements(student), body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["trainer"] == [
        "De praktijkopleider werkt niet bij dit leerbedrijf."
    ]


def test_the_details_are_changed_as_a_whole(placement, company, trainer, alice, bob, api_for):
    body = _details(company, trainer, bob, start_date="2026-10-01", end_date="2027-02-28")
    response = api_for(alice).put(_placement(placement), body, format="json")
    assert response.status_code == 200, response.json()
    placement.refresh_from_db()
    assert placement.end_date == date(2027, 2, 28) and placement.days_per_week == 2
    assert [c.kind for c in placement.certificates.all()] == ["heftruck"]


def test_the_supervisor_changes_the_placement_a_colleague_does_not(
    student, placement, company, trainer, bob, team, api_for
):
    body = _details(company, trainer, bob, start_date="2026-10-01")
    assert api_for(bob).put(_placement(placement), body, format="json").status_code == 200
    other_mentor = UserFactory(roles=["mentor"], teams=[team])
    refused = api_for(other_mentor).put(_placement(placement), body, format="json")
    assert refused.status_code == 403
    assert refused.json()["detail"] == PLACEMENT_REFUSED


def test_the_journey_agreement_start_visits_finish_and_a_job(
    student, company, trainer, alice, bob, api_for
):
    api = api_for(alice)
    body = _details(company, trainer, bob, start_date="2026-11-02", end_date="2027-02-26")
    created = api.post(_placements(student), body, format="json").json()
    placement = Placement.objects.get(uuid=created["id"])

    refused = api.post(_placement(placement, "start/"))
    assert refused.status_code == 400
    assert refused.json()["errors"]["agreement"][0].startswith(
        "Een bpv-plek begint pas als de praktijkovereenkomst getekend is."
    )
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.ZOEKEND

    signed = {
        "signed_school_on": "2026-10-20",
        "signed_student_on": "2026-10-20",
        "signed_company_on": "2026-10-22",
    }
    agreement = api.put(_placement(placement, "agreement/"), signed, format="json")
    assert agreement.status_code == 200, agreement.json()
    assert agreement.json()["agreement"]["signed"] is True
    started = api.post(_placement(placement, "start/"))
    assert started.status_code == 200, started.json()
    assert started.json()["status"] == "lopend"
    assert started.json()["visit_due_on"] == started.json()["midpoint"]

    # bob visits as the placement's bpv-begeleider, and corrects his report.
    bobs = api_for(bob)
    visit = {"visited_on": "2026-11-09", "kind": "op_locatie", "rating": "goed"}
    first = bobs.post(_placement(placement, "visits/"), visit, format="json")
    assert first.status_code == 201, first.json()
    assert first.json()["recorded_by"] == bob.get_full_name()
    corrected = bobs.put(
        _placement(placement, f"visits/{first.json()['id']}/"),
        {**visit, "rating": "aandacht", "employer_view": "Vaker op tijd komen."},
        format="json",
    )
    assert corrected.status_code == 200 and corrected.json()["rating"] == "aandacht"
    assert (
        bobs.post(
            _placement(placement, "visits/"), {**visit, "visited_on": "2026-11-16"}, "json"
        ).status_code
        == 201
    )
    assert bobs.get(_placement(placement)).json()["visit_count"] == 2

    finished = api.post(_placement(placement, "finish/"), {"ended_on": "2026-11-13"}, "json")
    assert finished.status_code == 200, finished.json()
    assert finished.json()["status"] == "afgerond"
    outcome = api.put(
        _placement(placement, "outcome/"), {"outcome": "baan", "outcome_on": "2026-11-16"}, "json"
    )
    assert outcome.status_code == 200, outcome.json()
    placement.refresh_from_db()
    assert (placement.status, placement.outcome) == ("afgerond", "baan")
    assert placement.visits.count() == 2


def test_a_placement_is_stopped_with_a_reason(placement, alice, api_for):
    api = api_for(alice)
    vague = api.post(_placement(placement, "stop/"), {"stop_reason": "anders"}, format="json")
    assert vague.status_code == 400
    assert vague.json()["errors"]["stop_note"] == ["Licht toe waarom de bpv-plek stopt."]
    stopped = api.post(
        _placement(placement, "stop/"),
        {"stop_reason": "match", "stop_note": "Past niet bij de student."},
        format="json",
    )
    assert stopped.status_code == 200, stopped.json()
    assert stopped.json()["status"] == "afgebroken"
    assert stopped.json()["ended_on"] == "2026-11-16"
    assert stopped.json()["visit_due_on"] is None


def test_a_colleague_who_is_not_the_supervisor_cannot_log_a_visit(placement, bob, team, api_for):
    placement.supervisor = UserFactory(roles=["mentor"], teams=[team])
    placement.save()
    visit = {"visited_on": "2026-11-10", "kind": "telefoon", "rating": "goed"}
    # bob is in the team but neither regiehouder nor this placement's bpv-begeleider.
    refused = api_for(bob).post(_placement(placement, "visits/"), visit, format="json")
    assert refused.status_code == 403
    assert refused.json()["detail"] == PLACEMENT_REFUSED
    assert not Visit.objects.exists()


def test_a_visit_before_the_start_is_refused(placement, alice, api_for):
    visit = {"visited_on": "2026-09-20", "kind": "telefoon", "rating": "goed"}
    response = api_for(alice).post(_placement(placement, "visits/"), visit, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["visited_on"] == [
        "Het bezoek ligt vóór de start van de bpv-plek."
    ]
    assert not Visit.objects.exists()


def test_overlapping_full_time_placements_cannot_both_run(
    placement, company, trainer, alice, bob, api_for
):
    second = PlacementFactory(
        student=placement.student,
        company=company,
        trainer=trainer,
        supervisor=bob,
        status=PlacementStatus.ZOEKEND,
        start_date=date(2026, 12, 1),
        end_date=date(2027, 3, 31),
        days_per_week=2,
    )
    response = api_for(alice).post(_placement(second, "start/"))
    assert response.status_code == 400
    (message,) = response.json()["errors"]["__all__"]
    assert message.startswith("De student heeft in die periode al een lopende bpv-plek")
    second.refresh_from_db()
    assert second.status == PlacementStatus.ZOEKEND


def test_an_outcome_needs_a_date(placement, alice, api_for):
    response = api_for(alice).put(
        _placement(placement, "outcome/"), {"outcome": "baan", "outcome_on": None}, "json"
    )
    assert response.status_code == 400
    assert response.json()["errors"]["outcome_on"] == ["Vul de datum van het resultaat in."]
    placement.refresh_from_db()
    assert placement.outcome == ""


def test_the_coordinator_records_the_outcome_after_outflow(
    student, placement, dave, alice, api_for
):
    """After outflow the coordinator reads the placements and records the job that came."""
    assert api_for(dave).get(_placements(student)).status_code == 404  # still active
    student.status = Status.UITGESTROOMD
    student.save()
    api = api_for(dave)
    assert len(api.get(_placements(student)).json()) == 1
    api_for(alice).post(_placement(placement, "finish/"), {}, format="json")
    response = api.put(
        _placement(placement, "outcome/"),
        {"outcome": "bbl_baan", "outcome_on": "2026-11-16"},
        "json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["outcome"] == "bbl_baan"


# --- The bpv-begeleider's list ------------------------------------------------------------


def test_the_supervisor_sees_the_placements_to_visit(placement, personas, api_for):
    for who, count in [("bob", 1), ("alice", 0), ("carol", 0), ("dave", 0), ("erin", 0)]:
        body = api_for(personas[who]).get(f"{API}placements/to-visit/").json()
        assert body["count"] == count, who
    (row,) = api_for(personas["bob"]).get(f"{API}placements/to-visit/").json()["results"]
    assert row["student"] == str(placement.student.uuid)
    assert row["student_name"] == "Noor Jansen"
    assert (row["visit_count"], row["visit_due_on"]) == (0, "2026-12-01")


def test_frank_has_nobody_to_visit(frank, api_for):
    assert api_for(frank).get(f"{API}placements/to-visit/").json()["count"] == 0


# --- Lists cost the same however many rows -----------------------------------------------


def _grow(team, company, bob, alice, how_many):
    for _ in range(how_many):
        student = StudentFactory(team=team, regiehouder=alice, status=Status.ACTIEF)
        placement = PlacementFactory(student=student, company=company, supervisor=bob)
        VisitFactory(placement=placement, recorded_by=bob)
        CompanyContactFactory(company=CompanyFactory(institution=team.institution))


def _placements_of(student, company, bob, how_many):
    for _ in range(how_many):
        placement = _seeking(student, company=company, supervisor=bob)
        placement.goals.create(description="Op tijd komen")
        placement.certificates.create(kind="vca")
        VisitFactory(placement=placement, recorded_by=bob)


@pytest.mark.parametrize(
    "url",
    [
        f"{API}companies/",
        "{company}placements/",
        f"{API}placements/to-visit/",
        "{student}",
    ],
)
def test_list_endpoints_cost_the_same_however_many_rows(
    url, placement, company, team, alice, bob, api_for, django_assert_max_num_queries
):
    url = url.format(company=_company(company), student=_placements(placement.student))
    api = api_for(bob)
    assert api.get(url).status_code == 200
    with django_assert_max_num_queries(40) as few:
        api.get(url)
    count = len(few)  # read now: the next request resets Django's query log
    _grow(team, company, bob, alice, 6)
    _placements_of(placement.student, company, bob, 4)
    with django_assert_max_num_queries(count):
        response = api.get(url)
    assert response.status_code == 200
    body = response.json()
    assert len(body if isinstance(body, list) else body["results"]) >= 5


def test_a_search_is_broken_off_without_an_agreement(student, alice, api_for):
    seeking = _seeking(student)
    response = api_for(alice).post(
        _placement(seeking, "stop/"), {"stop_reason": "andere_plek"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "afgebroken"
    assert response.json()["agreement"]["signed"] is False
