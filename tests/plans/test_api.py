"""The plan endpoints: the same rules and the same visibility as the pages."""

from datetime import date

import pytest
import time_machine

from entree.audit.models import AccessLog
from plans import services
from plans.models import PlanVersion, ProgressMeeting
from plans.services import PlanData, StepData
from tests.factories import NetworkContactFactory

pytestmark = pytest.mark.django_db

DOMAINS = ["hulpverlening_zorg", "wonen", "financien", "school", "werk"]


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(date(2026, 11, 16), tick=False):
        yield


def _url(student, rest=""):
    return f"/api/v1/students/{student.uuid}/plan/{rest}"


def _body(**extra):
    return {
        "route": "arbeidsmarkt",
        "goal": "Werken in de groenvoorziening.",
        "steps": [{"description": "Stage zoeken", "owner": "mentor", "due_on": "2026-12-15"}],
        **extra,
    }


def _plan(student, alice):
    return services.plan_save(
        student=student,
        by=alice,
        data=PlanData(
            goal="Eerste doel",
            steps=(StepData(description="Cv maken", owner="student", due_on=date(2026, 12, 1)),),
        ),
    )


@pytest.mark.parametrize("who", ["carol", "erin", "frank"])
@pytest.mark.parametrize(
    "rest", ["", "versions/", "versions/1/", "compare/?from=1&to=1", "meetings/"]
)
def test_hidden_students_plan_is_404_for_everyone_else(who, rest, personas, student, api_for):
    _plan(student, personas["alice"])
    assert api_for(personas[who]).get(_url(student, rest)).status_code == 404
    assert api_for(personas[who]).post(_url(student), _body(), format="json").status_code == 404


def test_anonymous_gets_401_or_403(student, api_for):
    assert api_for(None).get(_url(student)).status_code in (401, 403)


def test_the_regiehouder_writes_a_version_through_the_api(student, alice, api_for):
    contact = NetworkContactFactory(student=student)
    response = api_for(alice).post(
        _url(student), _body(supporters=[str(contact.uuid)]), format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["number"] == 1 and body["route"] == "arbeidsmarkt"
    assert body["supporters"] == [str(contact.uuid)]
    assert body["steps"][0]["description"] == "Stage zoeken"
    assert api_for(alice).get(_url(student)).json()["number"] == 1


def test_a_colleague_reads_but_cannot_write(student, alice, bob, api_for):
    _plan(student, alice)
    assert api_for(bob).get(_url(student)).json()["goal"] == "Eerste doel"
    response = api_for(bob).post(_url(student), _body(), format="json")
    assert response.status_code == 403
    assert "regiehouder" in response.json()["detail"]
    assert PlanVersion.objects.count() == 1


def test_bad_input_gets_the_services_dutch_messages(student, alice, api_for):
    response = api_for(alice).post(
        _url(student),
        _body(steps=[{"description": "", "owner": "student", "due_on": "3026-01-01"}]),
        format="json",
    )
    assert response.status_code == 400
    messages = response.json()["errors"]["steps"]
    assert "Stap 1: beschrijf de stap." in messages
    assert not PlanVersion.objects.exists()


def test_a_contact_from_another_network_is_unknown(student, alice, api_for, team):
    from tests.factories import StudentFactory

    stranger = NetworkContactFactory(student=StudentFactory(team=team))
    response = api_for(alice).post(
        _url(student), _body(supporters=[str(stranger.uuid)]), format="json"
    )
    assert response.status_code == 400
    assert "supporters" in response.json()["errors"]


def test_versions_and_the_comparison(student, alice, api_for):
    _plan(student, alice)
    api_for(alice).post(_url(student), _body(), format="json")
    versions = api_for(alice).get(_url(student, "versions/")).json()
    assert [v["number"] for v in versions] == [2, 1]
    diff = api_for(alice).get(_url(student, "compare/?from=1&to=2")).json()
    assert {c["field"] for c in diff["changes"]} >= {
        "route",
        "doel van de student (waar wil je werken?)",
    }
    assert {(i["change"], i["item"]) for i in diff["items"]} == {
        ("toegevoegd", "Stage zoeken"),
        ("verwijderd", "Cv maken"),
    }
    bad = api_for(alice).get(_url(student, "compare/?from=x"))
    assert bad.status_code == 400


def test_a_meeting_through_the_api_revises_the_plan(student, alice, api_for):
    _plan(student, alice)
    response = api_for(alice).post(
        _url(student, "meetings/"),
        {
            "held_on": "2026-11-12",
            "domains": [{"domain": d, "state": "op_orde"} for d in DOMAINS],
            "plan": _body(),
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["plan_version"] == 2
    assert ProgressMeeting.objects.count() == 1
    listed = api_for(alice).get(_url(student, "meetings/")).json()
    assert listed[0]["held_on"] == "2026-11-12"


def test_every_api_read_is_logged(student, alice, bob, api_for):
    _plan(student, alice)
    api_for(bob).get(_url(student))
    api_for(bob).get(_url(student, "versions/"))
    parts = list(
        AccessLog.objects.filter(student_uuid=student.uuid, user=bob).values_list("part", "channel")
    )
    assert parts == [("plan", "api"), ("plan", "api")]


def test_the_plan_endpoint_costs_the_same_for_a_long_plan(
    student, alice, api_for, django_assert_max_num_queries
):
    _plan(student, alice)
    api = api_for(alice)
    api.get(_url(student))
    with django_assert_max_num_queries(30) as short:
        api.get(_url(student))
    count = len(short)  # read now: the next request resets Django's query log
    steps = [
        {"description": f"Stap {i}", "owner": "student", "due_on": "2026-12-15"} for i in range(8)
    ]
    api.post(_url(student), _body(steps=steps), format="json")
    with django_assert_max_num_queries(count):
        api.get(_url(student))
