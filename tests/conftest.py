"""Shared fixtures: the personas of STYLE.md, on the real PostgreSQL and Redis.

alice  — mentor, regiehouder of ``student``          (full record)
bob    — mentor in the same team                      (reads, cannot edit)
carol  — mentor of another team                       (sees nothing of ``student``)
dave   — uitstroomcoördinator of the team             (only students in outflow/aftercare)
erin   — manager of the team                          (aggregates only, never a student)
frank  — functioneel beheerder                        (configuration and audit, no students)
"""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import translation
from psycopg2 import sql
from rest_framework.test import APIClient

from entree.accounts.roles import Role
from tests.factories import PASSWORD, StudentFactory, TeamFactory, UserFactory


@pytest.fixture(autouse=True)
def _dutch_to_start_with():
    # A request in English leaves English active in this thread (LocaleMiddleware does not
    # reset it), which would turn the next test's Dutch messages into English ones.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _clean_cache():
    # Sessions and throttling state live in Redis; every test starts from nothing.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def team(db):
    return TeamFactory(name="Entree Zorg")


@pytest.fixture
def other_team(db, team):
    return TeamFactory(name="Entree Techniek", institution=team.institution)


@pytest.fixture
def alice(team):
    return UserFactory(email="alice@school.example.test", roles=[Role.MENTOR], teams=[team])


@pytest.fixture
def bob(team):
    return UserFactory(email="bob@school.example.test", roles=[Role.MENTOR], teams=[team])


@pytest.fixture
def carol(other_team):
    return UserFactory(email="carol@school.example.test", roles=[Role.MENTOR], teams=[other_team])


@pytest.fixture
def dave(team):
    return UserFactory(email="dave@school.example.test", roles=[Role.COORDINATOR], teams=[team])


@pytest.fixture
def erin(team):
    return UserFactory(email="erin@school.example.test", roles=[Role.MANAGEMENT], teams=[team])


@pytest.fixture
def frank(db):
    return UserFactory(
        email="frank@school.example.test", roles=[Role.FUNCTIONAL_ADMIN], is_staff=True
    )


@pytest.fixture
def student(team, alice):
    return StudentFactory(team=team, regiehouder=alice, first_name="Noor", last_name="Jansen")


@pytest.fixture
def personas(alice, bob, carol, dave, erin, frank):
    return {"alice": alice, "bob": bob, "carol": carol, "dave": dave, "erin": erin, "frank": frank}


def login(client, user):
    """Log in through the real login page (so the 2FA flag and axes see it)."""
    response = client.post("/account/inloggen/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    return client


@pytest.fixture
def client_for(client):
    def _client_for(user):
        if user is None:
            return client
        client.force_login(user)
        return client

    return _client_for


@pytest.fixture
def api_for():
    def _api_for(user):
        api = APIClient()
        if user is not None:
            api.force_login(user)
        return api

    return _api_for


@pytest.fixture
def app_role(db):
    """The test runs with the database rights of the application (web, worker, beat):
    the test database belongs to the owner, who created it; SET ROLE switches to the
    application role for the rest of the test, inside its transaction."""
    with transaction.atomic(), connection.cursor() as cursor:
        role = sql.SQL("SET ROLE {}").format(sql.Identifier(settings.DATABASE_APP_USER))
        cursor.execute(role.as_string(cursor.cursor))
        cursor.execute("SELECT current_user")
        assert cursor.fetchone() == (settings.DATABASE_APP_USER,)
        yield
        cursor.execute("RESET ROLE")
