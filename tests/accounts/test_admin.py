import pytest

from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_beheerder_manages_users_and_teams(frank, client_for):
    client = client_for(frank)
    assert client.get("/beheer/").status_code == 200
    assert client.get("/beheer/accounts/user/").status_code == 200
    assert client.get("/beheer/accounts/team/").status_code == 200


def test_beheerder_creates_a_mentor_with_a_role_and_team(frank, team, client_for):
    from entree.accounts.models import User

    response = client_for(frank).post(
        "/beheer/accounts/user/add/",
        {
            "email": "nieuw@school.example.test",
            "first_name": "Nieuwe",
            "last_name": "Mentor",
            "roles": ["mentor"],
            "teams": [team.pk],
            "usable_password": "true",
            "password1": "Lang-en-sterk-wachtwoord-1",
            "password2": "Lang-en-sterk-wachtwoord-1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(email="nieuw@school.example.test")
    assert user.roles == ["mentor"]
    assert list(user.teams.all()) == [team]


def test_students_are_not_in_the_admin(frank, student, client_for):
    assert client_for(frank).get("/beheer/students/student/").status_code == 404


@pytest.mark.parametrize("name", ["alice", "dave", "erin"])
@pytest.mark.parametrize("url", ["/beheer/", "/beheer/accounts/user/"])
def test_other_roles_get_a_404_from_the_admin_not_a_redirect_loop(name, url, personas, client):
    """Issue 7.1: a logged-in mentor, coordinator or manager was sent to the login page,
    which sent them back to /beheer/ ("too many redirects"). Followed to the end, they now
    land on the friendly 404 page without any redirect."""
    login(client, personas[name])
    response = client.get(url, follow=True)
    assert response.status_code == 404
    assert response.redirect_chain == []
    assert "Deze pagina bestaat niet" in response.content.decode()


def test_a_visitor_who_is_not_logged_in_is_sent_to_the_login_page(client):
    response = client.get("/beheer/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith("/account/inloggen/")


def test_a_beheerder_cannot_give_themselves_a_student_role(frank, team, client_for):
    client = client_for(frank)
    client.post(
        f"/beheer/accounts/user/{frank.pk}/change/",
        {
            "email": frank.email,
            "first_name": "Frank",
            "last_name": "Beheer",
            "roles": ["functioneel_beheerder", "mentor"],
            "teams": [team.pk],
            "is_active": "on",
            "is_staff": "on",
        },
    )
    frank.refresh_from_db()
    assert frank.roles == ["functioneel_beheerder"]
    assert not frank.teams.exists()


def test_beheerder_resets_a_lost_authenticator(frank, alice, client_for):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=alice, name="telefoon", confirmed=True)
    client = client_for(frank)
    assert client.get("/beheer/accounts/authenticator/").status_code == 200
    response = client.post(f"/beheer/accounts/authenticator/{device.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=alice).exists()


def test_api_token_key_is_shown_after_creation(frank, client_for):
    from rest_framework.authtoken.models import Token

    from tests.factories import UserFactory

    token = Token.objects.create(user=UserFactory(is_system_account=True))
    page = client_for(frank).get(f"/beheer/accounts/apitoken/{token.user_id}/change/")
    assert page.status_code == 200
    assert token.key in page.content.decode()


def _edit(client, user, **changes):
    data = {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "roles": list(user.roles),
        "teams": [t.pk for t in user.teams.all()],
        "is_active": "on" if user.is_active else "",
    }
    data.update(changes)
    data = {key: value for key, value in data.items() if value != ""}
    return client.post(f"/beheer/accounts/user/{user.pk}/change/", data, follow=True)


@pytest.mark.parametrize(
    "change",
    [{"is_active": ""}, {"teams": []}, {"roles": ["management"]}],
    ids=["deactivated", "left the team", "lost the role"],
)
def test_beheerder_is_warned_when_a_regiehouder_can_no_longer_hold_regie(
    change, frank, alice, student, client_for
):
    from tests.factories import StudentFactory

    StudentFactory(team=student.team, regiehouder=alice)
    response = _edit(client_for(frank), alice, **change)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"{alice.get_full_name()} is nog regiehouder van 2 studenten" in html
    assert student.last_name not in html  # a count, never a student's name


def test_no_warning_when_the_change_leaves_regie_working(frank, alice, student, client_for):
    response = _edit(client_for(frank), alice, first_name="Alicia")
    assert response.status_code == 200
    assert "is nog regiehouder" not in response.content.decode()


def test_beheer_names_every_section_in_dutch(frank, client_for):
    client = client_for(frank)
    html = client.get("/beheer/").content.decode()
    for name in ("Inlogblokkades", "Authenticator-apps (tweestapsverificatie)", "API-tokens"):
        assert name in html
    for third_party in ("Access attempts", "TOTP devices", "OTP_TOTP", "Axes"):
        assert third_party not in html
    for url in ("loginblock", "authenticator", "apitoken"):
        assert client.get(f"/beheer/accounts/{url}/").status_code == 200


def test_the_new_user_form_speaks_dutch_also_in_its_widgets(frank, client_for):
    client = client_for(frank)
    form = client.get("/beheer/accounts/user/add/").content.decode()
    assert "Na het aanmaken kunt u de overige gegevens" in form
    assert "After you" not in form
    # The team picker's texts come from the admin's JavaScript catalogue.
    catalogue = client.get("/beheer/jsi18n/").content.decode()
    assert "Alle %s kiezen" in catalogue
