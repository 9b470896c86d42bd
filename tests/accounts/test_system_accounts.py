"""System accounts: links with other systems that use the API with a token, and nothing else.

A token skips the second login step, so only a system account may hold one; a system
account in turn never logs in on the website, never administers and never holds regie.
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from entree.accounts.roles import Role
from students.models import Status, Student
from students.selectors import regie_candidates, signals_of, with_signals
from students.services import student_register
from tests.factories import PASSWORD, StudentFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/account/inloggen/"


@pytest.fixture
def link(team):
    """The student information system's link, reading the team's students."""
    return UserFactory(
        email="sis-koppeling@school.example.test",
        first_name="Koppeling",
        last_name="SIS",
        roles=[Role.MENTOR],
        teams=[team],
        is_system_account=True,
    )


def _token_client(user) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return api


def test_a_system_account_reads_through_the_api_with_its_token(link, student):
    response = _token_client(link).get("/api/v1/students/")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [str(student.uuid)]


def test_a_token_of_a_person_is_refused(alice, student):
    response = _token_client(alice).get("/api/v1/students/")
    assert response.status_code == 401
    assert response.json() == {
        "detail": "Dit token hoort niet bij een systeemaccount. Log in op de website.",
        "errors": {},
    }


def test_a_system_account_cannot_log_in_on_the_website(link, client):
    response = client.post(LOGIN, {"username": link.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Deze combinatie van e-mailadres en wachtwoord is niet bekend" in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    "admin_rights",
    [{"is_staff": True}, {"is_superuser": True}, {"roles": [Role.FUNCTIONAL_ADMIN]}],
)
def test_a_system_account_never_administers(admin_rights, link):
    for name, value in admin_rights.items():
        setattr(link, name, value)
    with pytest.raises(ValidationError, match="Een systeemaccount kan geen functioneel beheerder"):
        link.full_clean(exclude=["password"])
    with pytest.raises(IntegrityError), transaction.atomic():
        link.save()


def test_a_system_account_never_holds_regie(link, alice, team):
    student = StudentFactory(team=team, regiehouder=alice)
    assert list(regie_candidates(student)) == [alice]

    registered = student_register(
        by=link,
        team=team,
        student_number="7999001",
        first_name="Ilse",
        last_name="Aalbers",
        date_of_birth=student.date_of_birth,
        learning_path=student.learning_path,
    )
    assert registered.regiehouder is None
    assert registered.status == Status.AANGEMELD
    # Made regiehouder behind the rules' back, it still counts as "no regiehouder".
    Student.objects.filter(pk=student.pk).update(regiehouder=link)
    row = with_signals(Student.objects.filter(pk=student.pk), student.start_date).get()
    assert "geen_regiehouder" in [signal.code for signal in signals_of(row)]


def test_the_beheerder_issues_tokens_to_system_accounts_only(frank, alice, link, client_for):
    client = client_for(frank)
    form = client.get("/beheer/accounts/apitoken/add/").content.decode()
    assert link.email in form or "Koppeling SIS" in form
    assert alice.get_full_name() not in form

    refused = client.post("/beheer/accounts/apitoken/add/", {"user": alice.pk})
    assert refused.status_code == 200
    assert not Token.objects.filter(user=alice).exists()

    created = client.post("/beheer/accounts/apitoken/add/", {"user": link.pk})
    assert created.status_code == 302
    token = Token.objects.get(user=link)
    page = client.get(f"/beheer/accounts/apitoken/{link.pk}/change/")
    assert token.key in page.content.decode()


def test_a_candidate_registered_by_a_system_account_waits_for_a_mentor(link, team):
    response = _token_client(link).post(
        "/api/v1/students/",
        {
            "student_number": "7999002",
            "team": team.name,
            "first_name": "Merel",
            "last_name": "Copier",
            "date_of_birth": "2009-06-01",
            "learning_path": "bol",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["regiehouder"]) == ("aangemeld", None)
    assert "geen_regiehouder" in body["signals"]
