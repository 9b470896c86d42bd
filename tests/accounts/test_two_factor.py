"""TOTP two-factor authentication: optional by default, compulsory in production."""

import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/account/inloggen/"
TWO_FACTOR = "/account/tweestapsverificatie/"

#: Five seconds into a 30-second TOTP step (every whole minute is a step boundary).
MID_STEP = datetime(2026, 11, 22, 10, 0, 5, tzinfo=ZoneInfo("Europe/Amsterdam"))


@pytest.fixture(autouse=True)
def _clock_in_the_middle_of_a_step():
    # The clock stands still: a code made here is checked in the same step. If a step ended
    # between making and checking it, django-otp would accept it one step back and store a
    # drift of -1, and a later code "one step ahead" would then be refused.
    with time_machine.travel(MID_STEP, tick=False):
        yield


def _code(device: TOTPDevice, offset: int = 0) -> str:
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset)
    return f"{code:06d}"


def _wrong_code(device: TOTPDevice) -> str:
    """A code that is valid in none of the steps the device accepts now (the key is random,
    so a fixed "wrong" code is right once in a few hundred thousand runs)."""
    valid = {_code(device, offset) for offset in range(-2, 3)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in valid)


def _set_up(client) -> TOTPDevice:
    client.get(TWO_FACTOR)
    device = TOTPDevice.objects.get(confirmed=False)
    response = client.post(TWO_FACTOR, {"token": _code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_user_sets_up_an_authenticator_with_a_qr_code(alice, client):
    client.post(LOGIN, {"username": alice.email, "password": PASSWORD})
    page = client.get(TWO_FACTOR)
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    _set_up(client)
    status = client.get(TWO_FACTOR)
    assert "Tweestapsverificatie staat aan" in status.content.decode()


def test_a_wrong_setup_code_is_refused_with_a_message(alice, client):
    client.post(LOGIN, {"username": alice.email, "password": PASSWORD})
    client.get(TWO_FACTOR)
    device = TOTPDevice.objects.get(confirmed=False)
    response = client.post(TWO_FACTOR, {"token": _wrong_code(device)})
    assert response.status_code == 200
    assert "Deze code klopt niet" in response.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()


def test_once_set_up_every_login_asks_for_the_code(alice, client):
    client.post(LOGIN, {"username": alice.email, "password": PASSWORD})
    device = _set_up(client)
    client.post("/account/uitloggen/")

    response = client.post(LOGIN, {"username": alice.email, "password": PASSWORD})
    assert response["Location"].startswith(TWO_FACTOR)
    # Pages and API stay closed until the code is given.
    assert client.get("/studenten/")["Location"].startswith(TWO_FACTOR)
    assert client.get("/api/v1/students/").status_code == 403
    wrong = client.post(TWO_FACTOR, {"token": _wrong_code(device)})
    assert "klopt niet" in wrong.content.decode()
    # django-otp throttles after a wrong code (1 s, doubling); the next step's code is
    # accepted (one step of clock drift), the one already used is not (no replay).
    with time_machine.travel(time.time() + 3):
        right = client.post(TWO_FACTOR, {"token": _code(device, offset=1)})
    assert right.status_code == 302
    assert client.get("/studenten/").status_code == 200
    assert client.get("/api/v1/students/").status_code == 200


def test_when_required_a_user_without_authenticator_must_set_one_up(alice, client, settings):
    settings.ENTREE_REQUIRE_2FA = True
    response = client.post(LOGIN, {"username": alice.email, "password": PASSWORD})
    assert response["Location"].startswith(TWO_FACTOR)
    assert client.get("/studenten/")["Location"].startswith(TWO_FACTOR)
    assert "verplicht" in client.get(TWO_FACTOR).content.decode()
    _set_up(client)
    assert client.get("/studenten/").status_code == 200


def test_when_required_two_factor_cannot_be_switched_off(alice, client, settings):
    client.post(LOGIN, {"username": alice.email, "password": PASSWORD})
    _set_up(client)
    settings.ENTREE_REQUIRE_2FA = True
    client.post(f"{TWO_FACTOR}uitzetten/")
    assert TOTPDevice.objects.filter(user=alice, confirmed=True).exists()


def test_optional_two_factor_can_be_switched_off(alice, client):
    client.post(LOGIN, {"username": alice.email, "password": PASSWORD})
    _set_up(client)
    client.post(f"{TWO_FACTOR}uitzetten/")
    assert not TOTPDevice.objects.filter(user=alice).exists()


def test_the_next_address_after_the_code_stays_on_this_site(alice, client):
    client.post(LOGIN, {"username": alice.email, "password": PASSWORD})
    client.get(TWO_FACTOR)
    device = TOTPDevice.objects.get(confirmed=False)
    response = client.post(
        f"{TWO_FACTOR}?next=https://evil.example.test/", {"token": _code(device)}
    )
    assert response["Location"] == "/"
