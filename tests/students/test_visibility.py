"""Who sees which student, on the page and the API alike (DESIGN §2)."""

import re
import uuid

import pytest

from entree.audit.models import AccessLog
from students import selectors
from students.models import Status
from tests.factories import StudentFactory

pytestmark = pytest.mark.django_db


def _without_csrf(content: bytes) -> bytes:
    """The page minus what differs per request: the CSRF token and the requested address."""
    content = re.sub(rb'(X-CSRFToken": "|csrfmiddlewaretoken" value=")[^"]+', rb"\1", content)
    return re.sub(
        rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", b"UUID", content
    )


# persona -> (sees the student, may edit) for an active student held by alice.
ACTIVE_RULES = {
    "alice": (True, True),
    "bob": (True, False),
    "carol": (False, False),
    "dave": (False, False),
    "erin": (False, False),
    "frank": (False, False),
}


@pytest.mark.parametrize(("name", "rule"), ACTIVE_RULES.items())
def test_student_page_follows_the_role_rules(name, rule, personas, student, client_for):
    sees, _edits = rule
    response = client_for(personas[name]).get(f"/studenten/{student.uuid}/")
    assert response.status_code == (200 if sees else 404)
    if sees:
        assert "Noor Jansen" in response.content.decode()


@pytest.mark.parametrize(("name", "rule"), ACTIVE_RULES.items())
def test_student_endpoint_follows_the_role_rules(name, rule, personas, student, api_for):
    sees, _edits = rule
    response = api_for(personas[name]).get(f"/api/v1/students/{student.uuid}/")
    assert response.status_code == (200 if sees else 404)
    if sees:
        assert response.json()["id"] == str(student.uuid)
    else:
        assert response.json() == {"detail": "Niet gevonden.", "errors": {}}


@pytest.mark.parametrize(("name", "rule"), ACTIVE_RULES.items())
def test_edit_rights_follow_the_role_rules(name, rule, personas, student):
    _sees, edits = rule
    assert selectors.student_can_edit(personas[name], student) is edits


def test_anonymous_visitor_is_sent_to_login_and_api_refuses(student, client, api_for):
    page = client.get(f"/studenten/{student.uuid}/")
    assert page.status_code == 302
    assert page["Location"].startswith("/account/inloggen/")
    api = api_for(None).get(f"/api/v1/students/{student.uuid}/")
    assert api.status_code in (401, 403)
    assert "detail" in api.json()


@pytest.mark.parametrize("status", [Status.UITGESTROOMD, Status.NAZORG])
def test_coordinator_sees_and_edits_students_in_outflow_of_own_team(
    status, dave, student, client_for
):
    student.status = status
    student.save()
    assert client_for(dave).get(f"/studenten/{student.uuid}/").status_code == 200
    assert selectors.student_can_edit(dave, student)


def test_coordinator_of_another_team_does_not_see_outflow_students(dave, other_team, alice):
    elsewhere = StudentFactory(team=other_team, status=Status.NAZORG)
    assert not selectors.students_visible_to(dave).filter(pk=elsewhere.pk).exists()


def test_regiehouder_sees_own_student_in_another_team(alice, other_team):
    held = StudentFactory(team=other_team, regiehouder=alice)
    assert selectors.students_visible_to(alice).filter(pk=held.pk).exists()
    assert selectors.student_can_edit(alice, held)


def test_manager_gets_404_on_every_student_url_and_endpoint(erin, student, client_for, api_for):
    client = client_for(erin)
    assert client.get("/studenten/").status_code == 404
    assert client.get(f"/studenten/{student.uuid}/").status_code == 404
    api = api_for(erin)
    listing = api.get("/api/v1/students/")
    assert listing.status_code == 200
    assert listing.json()["count"] == 0
    assert api.get(f"/api/v1/students/{student.uuid}/").status_code == 404


def test_missing_and_forbidden_student_look_the_same(carol, student, client_for):
    client = client_for(carol)
    forbidden = client.get(f"/studenten/{student.uuid}/")
    missing = client.get(f"/studenten/{uuid.uuid4()}/")
    assert forbidden.status_code == missing.status_code == 404
    # Identical but for the per-response CSRF token.
    assert _without_csrf(forbidden.content) == _without_csrf(missing.content)


def test_list_endpoint_returns_only_visible_students(bob, carol, student, other_team, api_for):
    StudentFactory(team=other_team)
    ids_for_bob = {row["id"] for row in api_for(bob).get("/api/v1/students/").json()["results"]}
    ids_for_carol = {row["id"] for row in api_for(carol).get("/api/v1/students/").json()["results"]}
    assert ids_for_bob == {str(student.uuid)}
    assert str(student.uuid) not in ids_for_carol
    assert len(ids_for_carol) == 1


def test_reading_a_record_is_logged_without_values(bob, student, client_for, api_for):
    client_for(bob).get(f"/studenten/{student.uuid}/")
    api_for(bob).get(f"/api/v1/students/{student.uuid}/")
    entries = list(AccessLog.objects.filter(student_uuid=student.uuid).order_by("id"))
    assert [(e.user_id, e.channel, e.part) for e in entries] == [
        (bob.pk, "web", "dossier"),
        (bob.pk, "api", "dossier"),
    ]


def test_a_refused_read_is_not_logged_as_a_read(carol, student, client_for):
    client_for(carol).get(f"/studenten/{student.uuid}/")
    assert not AccessLog.objects.exists()


def test_caseload_page_uses_constant_queries(
    alice, team, client_for, django_assert_max_num_queries
):
    client = client_for(alice)
    StudentFactory.create_batch(3, team=team, regiehouder=alice)
    with django_assert_max_num_queries(12) as few:
        client.get("/studenten/")
    baseline = len(few.captured_queries)  # read now: the next request resets the query log
    StudentFactory.create_batch(30, team=team, regiehouder=alice)
    with django_assert_max_num_queries(baseline):
        response = client.get("/studenten/")
    assert response.status_code == 200


def test_student_list_endpoint_uses_constant_queries(
    alice, team, api_for, django_assert_max_num_queries
):
    api = api_for(alice)
    StudentFactory.create_batch(3, team=team, regiehouder=alice)
    with django_assert_max_num_queries(12) as few:
        api.get("/api/v1/students/")
    baseline = len(few.captured_queries)
    StudentFactory.create_batch(30, team=team, regiehouder=alice)
    with django_assert_max_num_queries(baseline):
        assert api.get("/api/v1/students/").status_code == 200
