"""The outflow API: the same rules and Dutch messages as the pages, for every persona."""

from datetime import date

import pytest

from entree.audit.models import AccessLog
from outflow.models import Outflow
from outflow.services import partner_add
from students.models import ConsentPurpose, Status, Student
from tests.factories import ConsentFactory, NetworkContactFactory

pytestmark = pytest.mark.django_db


def _url(student, path=""):
    return f"/api/v1/students/{student.uuid}/outflow/{path}"


def _register(dave, **extra):
    return {
        "left_on": "2027-06-26",
        "diploma": False,
        "destination": "geen",
        "coordinator": dave.email,
        **extra,
    }


def test_registering_through_the_api_uses_the_current_plan(planned, alice, dave, api_for):
    answer = api_for(alice).post(_url(planned), _register(dave), format="json")
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert body["dropout"] is True
    assert [p["kind"] for p in body["partners"]] == ["doorstroompunt"]
    assert body["progress"]["complete"] is False
    student = Student.objects.get(pk=planned.pk)
    assert student.status == Status.UITGESTROOMD and student.regiehouder == dave


def test_bad_input_gives_the_services_dutch_message_and_saves_nothing(
    planned, alice, dave, api_for
):
    answer = api_for(alice).post(
        _url(planned), _register(dave, left_on="2027-08-01"), format="json"
    )
    assert answer.status_code == 400
    assert answer.json()["errors"]["left_on"] == ["Deze datum ligt in de toekomst."]
    dave.teams.clear()
    answer = api_for(alice).post(_url(planned), _register(dave), format="json")
    assert answer.status_code == 400
    assert "geen uitstroomcoördinator" in answer.json()["errors"]["coordinator"][0]
    assert not Outflow.objects.exists()


@pytest.mark.parametrize(
    ("who", "code"), [("bob", 403), ("carol", 404), ("erin", 404), ("frank", 404)]
)
def test_only_the_regiehouder_registers(planned, dave, personas, who, code, api_for):
    answer = api_for(personas[who]).post(_url(planned), _register(dave), format="json")
    assert answer.status_code == code
    assert not Outflow.objects.exists()


def test_the_coordinator_sends_a_link_only_with_consent(outflow, alice, dave, api_for):
    contact = NetworkContactFactory(
        student=outflow.student, kind="werkgever", email="baas@bedrijf.example.test"
    )
    partner = partner_add(handover=outflow.handover, by=dave, kind="werkgever", contact=contact)
    link = _url(outflow.student, f"partners/{partner.uuid}/link/")
    refused = api_for(dave).post(link, {}, format="json")
    assert refused.status_code == 400 and "toestemming" in str(refused.json())
    ConsentFactory(
        student=outflow.student,
        contact=contact,
        purpose=ConsentPurpose.GEGEVENS_DELEN,
        on=date(2027, 6, 1),
        recorded_by=alice,
    )
    assert api_for(dave).post(link, {}, format="json").status_code == 201


def test_reads_are_logged_and_cost_the_same_for_many_partners(
    outflow, dave, api_for, django_assert_max_num_queries
):
    api = api_for(dave)
    with django_assert_max_num_queries(30) as few:
        assert api.get(_url(outflow.student)).status_code == 200
    count = len(few.captured_queries)
    for kind in ("gemeente", "werkgever", "zorgaanbieder", "niveau2"):
        partner_add(handover=outflow.handover, by=dave, kind=kind)
    with django_assert_max_num_queries(count):
        assert len(api.get(_url(outflow.student)).json()["partners"]) == 4
    assert AccessLog.objects.filter(user=dave, part="uitstroom", channel="api").count() == 2


@pytest.mark.parametrize(
    ("who", "code"), [("alice", 403), ("bob", 403), ("carol", 404), ("erin", 404), ("frank", 404)]
)
def test_every_write_endpoint_is_refused_to_who_may_not_act(
    outflow, dave, personas, who, code, api_for
):
    partner = partner_add(handover=outflow.handover, by=dave, kind="werkgever")
    row = f"partners/{partner.uuid}/"
    api = api_for(personas[who])
    calls = [
        (
            "post",
            "correction/",
            {"left_on": "2027-06-20", "diploma": True, "destination": "werk", "reason": "x"},
        ),
        ("put", "handover/", {"support_needed": "x"}),
        ("post", "partners/", {"kind": "gemeente"}),
        ("post", f"{row}steps/", {"step": "contacted", "on": "2027-06-28"}),
        ("post", f"{row}link/", {}),
        ("post", f"{row}answer/", {"answer": "onbereikbaar", "channel": "telefoon"}),
        ("delete", row, None),
        ("post", "close/", {}),
    ]
    for method, path, body in calls:
        answer = getattr(api, method)(_url(outflow.student, path), body, format="json")
        assert answer.status_code == code, (method, path, answer.status_code)
    assert api.get(_url(outflow.student)).status_code == (200 if code == 403 else 404)
    row_now = type(partner).objects.get(pk=partner.pk)
    assert row_now.contacted_on is None and not row_now.answer
