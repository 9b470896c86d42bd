"""Rules that came out of the project review: data minimisation in lists, no way around
the second login step, no cached records, a regiehouder who left counts as none."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from entree.accounts.roles import Role
from students import selectors, services
from students.models import Status
from tests.factories import StudentFactory

pytestmark = pytest.mark.django_db


def test_api_list_shows_no_contact_details_or_birth_date(alice, student, api_for):
    row = api_for(alice).get("/api/v1/students/").json()["results"][0]
    for private in ("date_of_birth", "email", "phone", "address", "postcode", "city"):
        assert private not in row
    detail = api_for(alice).get(f"/api/v1/students/{student.uuid}/").json()
    assert detail["date_of_birth"] == student.date_of_birth.isoformat()


def test_the_admin_login_page_sends_everybody_to_the_one_login_page(client):
    response = client.get("/beheer/login/?next=/beheer/")
    assert response.status_code == 302
    assert response["Location"] == "/account/inloggen/?next=/beheer/"


def test_a_session_made_elsewhere_still_owes_the_code_of_a_user_with_an_authenticator(
    alice, client
):
    TOTPDevice.objects.create(user=alice, name="telefoon", confirmed=True)
    client.force_login(alice)  # a login that did not pass our login page
    response = client.get("/studenten/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/tweestapsverificatie/")
    assert client.get("/api/v1/students/").status_code == 403


def test_pages_for_logged_in_users_are_never_cached(alice, student, client_for):
    response = client_for(alice).get(f"/studenten/{student.uuid}/")
    assert response["Cache-Control"] == "no-store, private"


def test_record_tabs_follow_the_users_language(alice, student, client_for):
    client = client_for(alice)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(f"/studenten/{student.uuid}/").content.decode()
    assert "Network and consent" in html
    assert "Netwerk en toestemming" not in html


def test_api_schema_is_not_public(client, alice, client_for):
    assert client.get("/api/schema/").status_code in (401, 403)
    assert client_for(alice).get("/api/schema/").status_code == 200


def test_a_mentor_who_left_the_team_no_longer_counts_as_regiehouder(
    alice, bob, team, other_team, student
):
    alice.teams.set([other_team])
    annotated = selectors.with_signals(
        type(student).objects.filter(pk=student.pk), student.start_date
    ).get()
    assert annotated.signal_geen_regiehouder
    # A mentor of the team can take over, without the old holder's consent.
    assert services.regie_can_transfer(bob, student)
    services.regie_transfer(student=student, by=bob, to_user=bob, reason="Alice is vertrokken")
    student.refresh_from_db()
    assert student.regiehouder == bob


def test_a_deactivated_regiehouder_counts_as_none(alice, student):
    alice.is_active = False
    alice.save()
    rows = selectors.with_signals(type(student).objects.filter(pk=student.pk), student.start_date)
    assert rows.get().signal_geen_regiehouder


def test_a_coordinator_holding_an_active_student_counts_as_none(dave, team):
    held = StudentFactory(team=team, regiehouder=dave, status=Status.ACTIEF)
    in_outflow = StudentFactory(team=team, regiehouder=dave, status=Status.NAZORG)
    rows = {
        s.pk: s.signal_geen_regiehouder
        for s in selectors.with_signals(
            type(held).objects.filter(pk__in=[held.pk, in_outflow.pk]), held.start_date
        )
    }
    assert rows == {held.pk: True, in_outflow.pk: False}
    assert Role.COORDINATOR in dave.roles


def test_caseload_search_needs_every_word(alice, team, client_for):
    StudentFactory(team=team, first_name="Jan", last_name_prefix="de", last_name="Vries")
    StudentFactory(team=team, first_name="Noa", last_name_prefix="de", last_name="Boer")
    client = client_for(alice)
    rows = client.get("/studenten/", {"q": "Jan de Vries"}).context["page"].object_list
    assert [s.last_name for s in rows] == ["Vries"]
