"""Login, throttling and session lifetime."""

import time

import pytest
import time_machine
from axes.models import AccessAttempt

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/account/inloggen/"


def test_mentor_logs_in_with_email_and_lands_on_the_caseload(alice, client):
    response = client.post(LOGIN, {"username": "ALICE@school.example.test", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/", follow=True).redirect_chain[-1][0] == "/studenten/"


def test_a_wrong_password_gives_one_clear_dutch_message(alice, client):
    response = client.post(LOGIN, {"username": alice.email, "password": "fout-wachtwoord"})
    assert response.status_code == 200
    assert (
        "Deze combinatie van e-mailadres en wachtwoord is niet bekend" in response.content.decode()
    )
    unknown = client.post(LOGIN, {"username": "niemand@school.example.test", "password": "x"})
    # The same message for an unknown address: the page does not reveal who has an account.
    assert (
        "Deze combinatie van e-mailadres en wachtwoord is niet bekend" in unknown.content.decode()
    )


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(alice, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": alice.email, "password": "fout-wachtwoord"})
    locked = client.post(LOGIN, {"username": alice.email, "password": PASSWORD})
    assert locked.status_code == 429
    assert "Inloggen tijdelijk geblokkeerd" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.filter(username=alice.email).exists()


def test_lock_lifts_after_the_cool_off_period(alice, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": alice.email, "password": "fout-wachtwoord"})
    with time_machine.travel(time.time() + settings.AXES_COOLOFF_TIME.total_seconds() + 60):
        response = client.post(LOGIN, {"username": alice.email, "password": PASSWORD})
    assert response.status_code == 302


def test_an_idle_session_ends(alice, client, settings):
    client.post(LOGIN, {"username": alice.email, "password": PASSWORD})
    assert client.get("/studenten/").status_code == 200
    later = time.time() + settings.SESSION_IDLE_TIMEOUT.total_seconds() + 5
    with time_machine.travel(later):
        response = client.get("/studenten/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert client.get("/studenten/").status_code == 302


def test_an_active_session_still_ends_after_its_absolute_lifetime(alice, client, settings):
    start = time.time()
    with time_machine.travel(start, tick=False):
        client.post(LOGIN, {"username": alice.email, "password": PASSWORD})
    step = settings.SESSION_IDLE_TIMEOUT.total_seconds() / 2
    moment = start
    # Keep clicking every quarter hour: never idle, yet the session ends.
    while moment - start < settings.SESSION_ABSOLUTE_LIFETIME.total_seconds() - step:
        moment += step
        with time_machine.travel(moment, tick=False):
            assert client.get("/studenten/").status_code == 200
    with time_machine.travel(
        start + settings.SESSION_ABSOLUTE_LIFETIME.total_seconds() + 1, tick=False
    ):
        assert client.get("/studenten/").status_code == 302


def test_logout_needs_a_post(alice, client):
    client.post(LOGIN, {"username": alice.email, "password": PASSWORD})
    assert client.get("/account/uitloggen/").status_code == 405
    client.post("/account/uitloggen/")
    assert client.get("/studenten/").status_code == 302


def test_user_without_role_sees_an_explanation_not_an_error(client, db):
    from tests.factories import UserFactory

    nobody = UserFactory(roles=[])
    client.force_login(nobody)
    response = client.get("/")
    assert response.status_code == 200
    assert "Nog geen rol toegekend" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "home"),
    [
        ("alice", "/studenten/"),
        ("dave", "/studenten/"),
        ("erin", "/kerncijfers/"),
        ("frank", "/beheer/audit/inzage/"),
    ],
)
def test_each_role_starts_where_its_work_is(name, home, personas, client_for):
    response = client_for(personas[name]).get("/")
    assert response.status_code == 302
    assert response["Location"] == home


def test_passwords_are_checked_by_djangos_validators(db):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("welkom123")
    validate_password(PASSWORD)


PROXY = "10.0.0.2"


def _login_via_proxy(client, forwarded_for: str, email: str, password: str):
    return client.post(
        LOGIN,
        {"username": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_behind_a_proxy_a_lock_holds_only_for_the_visitor_who_caused_it(alice, client, settings):
    """Issue 8.2: throttling takes the visitor's address from X-Forwarded-For, not the
    proxy's, so five wrong passwords from one visitor do not lock the account for all."""
    settings.TRUSTED_PROXY_COUNT = 1
    attacker, colleague = "203.0.113.5", "198.51.100.7"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login_via_proxy(client, attacker, alice.email, "fout-wachtwoord")
    assert _login_via_proxy(client, attacker, alice.email, PASSWORD).status_code == 429
    # A forged entry to the left of what the proxy appended changes nothing.
    forged = _login_via_proxy(client, f"{colleague}, {attacker}", alice.email, PASSWORD)
    assert forged.status_code == 429

    assert _login_via_proxy(client, colleague, alice.email, PASSWORD).status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {attacker}


def test_the_number_of_trusted_proxies_picks_the_entry_from_the_right(rf, settings):
    from entree.accounts.client_ip import client_ip

    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.1.1.1, 2.2.2.2, 3.3.3.3")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == PROXY
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "3.3.3.3"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "2.2.2.2"
    settings.TRUSTED_PROXY_COUNT = 4  # fewer entries than proxies: not via the proxies
    assert client_ip(request) == PROXY
