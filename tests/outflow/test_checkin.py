"""The leaver's own check-in: a personal one-time link for a due contact, four questions,
recorded as that contact (channel "zelf"); "I want help" makes a task at once. The token
rules are the partner confirmation's."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from outflow import public
from outflow.models import CheckInLink, FollowUpContact, FollowUpTask
from outflow.services import (
    CheckInData,
    ContactData,
    checkin_answer,
    checkin_link_make,
    contact_record,
    token_hash,
)

pytestmark = pytest.mark.django_db


def _main(page):
    text = page.content.decode()
    return text[text.index("<main") : text.index("</main>")]


@pytest.fixture
def due(outflow):
    """The one-month contact (26 July 2027), a week ahead of which a link may be made."""
    return outflow.contacts.get(month=1)


def _make(due, dave, **kwargs):
    with time_machine.travel(date(2027, 7, 20), tick=False):
        return checkin_link_make(contact=due, by=dave, by_email=False, **kwargs)


def test_a_link_only_for_an_open_contact_that_is_nearly_due(due, outflow, dave, alice):
    with pytest.raises(ValidationError, match="pas op"):
        checkin_link_make(contact=due, by=dave, by_email=False)  # 30 June: too early
    link, url = _make(due, dave)
    token = url.rsplit("/", 2)[-2]
    assert link.token_hash == token_hash(token) and token not in link.token_hash
    with pytest.raises(PermissionDenied):
        _make(due, alice)
    later = outflow.contacts.get(month=24)
    with pytest.raises(ValidationError):
        _make(later, dave)


def test_by_email_only_with_the_students_address(due, dave, django_capture_on_commit_callbacks):
    student = due.outflow.student
    with (
        pytest.raises(ValidationError, match="geen e-mailadres"),
        time_machine.travel(date(2027, 7, 20), tick=False),
    ):
        checkin_link_make(contact=due, by=dave, by_email=True)
    student.email = "oud.student@mail.example.test"
    student.save()
    with (
        django_capture_on_commit_callbacks(execute=True),
        time_machine.travel(date(2027, 7, 20), tick=False),
    ):
        checkin_link_make(contact=due, by=dave, by_email=True)
    assert mail.outbox[-1].to == ["oud.student@mail.example.test"]
    assert "/nazorg/" in mail.outbox[-1].body


def test_the_leaver_answers_once_and_asks_for_help(due, dave, client):
    _link, url = _make(due, dave)
    path = url[url.index("/nazorg/") :]
    with time_machine.travel(date(2027, 7, 21), tick=False):
        page = client.get(path)
        assert page.status_code == 200 and "Wat doe je nu?" in _main(page)
        assert due.outflow.student.last_name not in _main(page)
        assert set(page.cookies) <= {"csrftoken"}
        done = client.post(
            path,
            {
                "position": "werknemer",
                "hours_per_week": "24",
                "same_place": "ja",
                "wants_help": "ja",
            },
        )
        assert "Bedankt voor je antwoord!" in _main(done)
        contact = FollowUpContact.objects.get(pk=due.pk)
        assert contact.channel == "zelf" and contact.reached and contact.recorded_by is None
        assert contact.position == "werknemer" and contact.hours_per_week == 24
        assert contact.done_on == date(2027, 7, 21)
        assert FollowUpTask.objects.get().assigned_to == dave
        # Used: the same neutral page as anything else.
        again = client.get(path)
        assert "werkt niet" in _main(again)


def test_an_incomplete_answer_keeps_the_link(due, dave, client):
    _link, url = _make(due, dave)
    path = url[url.index("/nazorg/") :]
    with time_machine.travel(date(2027, 7, 21), tick=False):
        page = client.post(path, {"hours_per_week": "8"})
        assert "Wat doe je nu?" in _main(page) and page.status_code == 200
        assert not CheckInLink.objects.get().used_at


def test_wrong_expired_replaced_and_recorded_links_show_nothing(due, dave, client):
    _first, first_url = _make(due, dave)
    _second, second_url = _make(due, dave)
    first = first_url[first_url.index("/nazorg/") :]
    second = second_url[second_url.index("/nazorg/") :]
    with time_machine.travel(date(2027, 7, 21), tick=False):
        assert "werkt niet" in _main(client.get(first))  # replaced
        assert "werkt niet" in _main(client.get("/nazorg/verzonnen/"))
        assert "werkt niet" not in _main(client.get(second))
    with time_machine.travel(date(2027, 7, 20) + timedelta(days=15), tick=False):
        assert "werkt niet" in _main(client.get(second))  # expired
    assert checkin_answer(token="verzonnen", data=CheckInData(position="werknemer")) is None
    assert not FollowUpContact.objects.get(pk=due.pk).done


def test_a_contact_recorded_by_the_coordinator_closes_the_link(due, dave, client):
    _link, url = _make(due, dave)
    contact_record(
        contact=due,
        by=dave,
        data=ContactData(done_on=date(2027, 6, 30), reached=False, channel="telefoon"),
    )
    with time_machine.travel(date(2027, 7, 21), tick=False):
        assert "werkt niet" in _main(client.get(url[url.index("/nazorg/") :]))


def test_guessing_is_rate_limited(due, dave, client, monkeypatch):
    _link, url = _make(due, dave)
    monkeypatch.setattr(public, "RATE_LIMIT", 2)
    for i in range(2):
        client.get(f"/nazorg/geraden-{i}/")
    with time_machine.travel(date(2027, 7, 21), tick=False):
        assert "werkt niet" in _main(client.get(url[url.index("/nazorg/") :]))


def test_the_coordinator_makes_a_link_to_copy_through_the_page(due, dave, alice, client_for):
    page_url = f"/studenten/{due.outflow.student.uuid}/uitstroom/nazorg/{due.uuid}/"
    with time_machine.travel(date(2027, 7, 20), tick=False):
        client = client_for(dave)
        made = client.post(page_url + "link/", {"via": "kopie"})
        assert made.status_code == 200
        assert "Link voor de oud-student" in made.content.decode()
        assert "/nazorg/" in made.content.decode()
        assert CheckInLink.objects.count() == 1
        assert client_for(alice).post(page_url + "link/", {"via": "kopie"}).status_code == 403
