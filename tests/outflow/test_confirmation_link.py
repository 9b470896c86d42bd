"""Closing the loop: the partner's one-time link. Works once, expires, reveals nothing to a
wrong token, is rate-limited in Redis, sets no cookie but CSRF, and needs consent."""

import logging
from datetime import date, timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError

from entree.core.logging import MaskSecretPaths
from outflow import public
from outflow.models import ConfirmationLink, PartnerHandover
from outflow.services import (
    PartnerAnswerData,
    link_send,
    partner_add,
    partner_confirm,
    partner_remove,
    partner_set_contact,
    token_hash,
)
from students.models import ConsentPurpose
from tests.factories import ConsentFactory, NetworkContactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(outflow, alice, dave):
    contact = NetworkContactFactory(
        student=outflow.student,
        kind="werkgever",
        name="Bert Werkgever",
        email="bert@werkgever.example.test",
    )
    ConsentFactory(
        student=outflow.student,
        contact=contact,
        purpose=ConsentPurpose.GEGEVENS_DELEN,
        recorded_by=alice,
    )
    return partner_add(handover=outflow.handover, by=dave, kind="werkgever", contact=contact)


def _send(partner, dave, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        link_send(partner=partner, by=dave)
    body = mail.outbox[-1].body
    token = body.split("/bevestigen/")[1].split("/")[0]
    return token


def _main(page):
    """The page's own content (the frame around it holds a per-request CSRF token)."""
    text = page.content.decode()
    return text[text.index("<main") : text.index("</main>")]


def _answer(client, token, **data):
    values = {
        "answer": "in_contact",
        "first_contact_on": "2027-06-29",
        "contact_person_now": "Bert",
    }
    return client.post(f"/bevestigen/{token}/", {**values, **data})


def test_the_partner_confirms_once_and_the_row_records_it(
    partner, dave, client, django_capture_on_commit_callbacks
):
    token = _send(partner, dave, django_capture_on_commit_callbacks)
    message = mail.outbox[-1]
    assert message.to == ["bert@werkgever.example.test"]
    assert message.alternatives and "text/html" in message.alternatives[0][1]
    # Only the hash is stored.
    link = ConfirmationLink.objects.get()
    assert link.token_hash == token_hash(token) and token not in link.token_hash
    page = client.get(f"/bevestigen/{token}/")
    text = page.content.decode()
    assert page.status_code == 200 and "werkt niet" not in _main(page)
    student = partner.handover.outflow.student
    assert f"{student.first_name} {student.last_name[0]}." in text
    assert student.last_name not in text.replace(f"{student.last_name[0]}.", "")
    assert student.student_number not in text
    assert set(page.cookies) <= {"csrftoken"}
    assert page["Referrer-Policy"] == "same-origin"
    done = _answer(client, token)
    assert done.status_code == 200 and "ontvangen" in done.content.decode()
    assert set(done.cookies) <= {"csrftoken"}
    row = PartnerHandover.objects.get(pk=partner.pk)
    assert (
        row.confirmed and row.answer_channel == "link" and row.first_contact_on == date(2027, 6, 29)
    )
    assert row.contact_person_now == "Bert" and row.answer_recorded_by is None
    # Used: the same neutral page as anything else, and nothing changes.
    again = _answer(client, token, answer="onbereikbaar")
    assert "werkt niet" in _main(again)
    assert PartnerHandover.objects.get(pk=partner.pk).answer == "in_contact"


def test_wrong_expired_and_replaced_tokens_get_the_same_neutral_page(
    partner, dave, client, django_capture_on_commit_callbacks
):
    neutral = client.get("/bevestigen/verzonnen-token/")
    first = _send(partner, dave, django_capture_on_commit_callbacks)
    second = _send(partner, dave, django_capture_on_commit_callbacks)
    replaced = client.get(f"/bevestigen/{first}/")
    with time_machine.travel(date(2027, 6, 30) + timedelta(days=15), tick=False):
        expired = client.get(f"/bevestigen/{second}/")
        expired_post = _answer(client, second)
    forged = client.get(f"/bevestigen/{second[:-2]}xx/")
    pages = [neutral, replaced, expired, expired_post, forged]
    assert {p.status_code for p in pages} == {200}
    assert len({_main(p) for p in pages}) == 1
    assert "werkt niet" in _main(neutral)
    assert not PartnerHandover.objects.get(pk=partner.pk).answer
    # The live link still works.
    assert "werkt niet" not in _main(client.get(f"/bevestigen/{second}/"))


def test_an_incomplete_answer_keeps_the_link_usable(
    partner, dave, client, django_capture_on_commit_callbacks
):
    token = _send(partner, dave, django_capture_on_commit_callbacks)
    page = _answer(client, token, first_contact_on="")
    assert page.status_code == 200 and "eerste contact" in page.content.decode()
    assert not ConfirmationLink.objects.get().used_at
    assert _answer(client, token).status_code == 200


def test_no_link_without_consent_or_address(outflow, alice, dave):
    contact = NetworkContactFactory(student=outflow.student, kind="gemeente", email="")
    partner = partner_add(handover=outflow.handover, by=dave, kind="gemeente", contact=contact)
    with pytest.raises(ValidationError) as refused:
        link_send(partner=partner, by=dave)
    assert "toestemming" in str(refused.value) and "email" in refused.value.message_dict
    assert not ConfirmationLink.objects.exists() and not mail.outbox


def test_guessing_is_rate_limited_per_address(
    partner, dave, client, monkeypatch, django_capture_on_commit_callbacks
):
    token = _send(partner, dave, django_capture_on_commit_callbacks)
    monkeypatch.setattr(public, "RATE_LIMIT", 3)
    for i in range(3):
        client.get(f"/bevestigen/geraden-{i}/")
    # Over the limit even the right token gets the neutral page: nothing to learn.
    assert "werkt niet" in _main(client.get(f"/bevestigen/{token}/"))
    assert not PartnerHandover.objects.get(pk=partner.pk).answer


def test_a_head_request_neither_uses_nor_reveals_the_link(
    partner, dave, client, django_capture_on_commit_callbacks
):
    token = _send(partner, dave, django_capture_on_commit_callbacks)
    head = client.head(f"/bevestigen/{token}/")
    assert head.status_code == 200
    assert client.get(f"/bevestigen/{token}/").status_code == 200
    assert "werkt niet" not in _main(client.get(f"/bevestigen/{token}/"))


def test_the_logs_never_hold_a_token():
    record = logging.LogRecord(
        "django.request",
        logging.WARNING,
        __file__,
        1,
        "Method Not Allowed (%s): %s",
        ("PUT", "/bevestigen/geheim-token_123/"),
        None,
    )
    assert MaskSecretPaths().filter(record)
    assert record.getMessage() == "Method Not Allowed (PUT): /bevestigen/…/"
    assert "mask_secrets" in settings.LOGGING["handlers"]["console"]["filters"]


@pytest.mark.parametrize("what", ["consent withdrawn", "answered by phone", "new contact"])
def test_a_link_stops_working_when_it_should(
    what, partner, alice, dave, client, django_capture_on_commit_callbacks
):
    token = _send(partner, dave, django_capture_on_commit_callbacks)
    if what == "consent withdrawn":
        ConsentFactory(
            student=partner.handover.outflow.student,
            contact=partner.contact,
            purpose=ConsentPurpose.GEGEVENS_DELEN,
            given=False,
            recorded_by=alice,
        )
    elif what == "answered by phone":
        partner_confirm(
            partner=partner,
            by=dave,
            channel="telefoon",
            data=PartnerAnswerData(answer="in_contact", first_contact_on=date(2027, 6, 29)),
        )
    else:
        other = NetworkContactFactory(student=partner.handover.outflow.student, kind="werkgever")
        partner_set_contact(partner=partner, by=dave, contact=other)
    page = client.get(f"/bevestigen/{token}/")
    assert "werkt niet" in _main(page)
    assert partner.handover.outflow.student.first_name not in _main(page)


def test_not_reachable_is_no_dead_end(partner, dave, client, django_capture_on_commit_callbacks):
    token = _send(partner, dave, django_capture_on_commit_callbacks)
    _answer(client, token, answer="onbereikbaar", first_contact_on="")
    assert PartnerHandover.objects.get(pk=partner.pk).answer == "onbereikbaar"
    # A new link (or a phone call) can still bring the confirmation.
    second = _send(partner, dave, django_capture_on_commit_callbacks)
    _answer(client, second)
    assert PartnerHandover.objects.get(pk=partner.pk).confirmed


def test_a_partner_who_got_a_link_stays_on_the_checklist(
    partner, dave, django_capture_on_commit_callbacks
):
    _send(partner, dave, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError, match="bevestigingslink"):
        partner_remove(partner=partner, by=dave)
