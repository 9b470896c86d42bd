"""Erasure on request (AVG art. 17): asked by a coordinator who may change the record or a
beheerder, decided by a second person with the beheerder role, refused while a legal duty
to keep applies; and the pages of every persona."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from entree.accounts.roles import Role
from entree.core.anonymisation import REDACTED
from entree.privacy.models import ErasureRequest, ErasureStatus
from entree.privacy.services import erasure_carry_out, erasure_decide, erasure_request
from entree.privacy.tasks import erase_student
from outflow.models import Outflow
from students.models import Status
from tests.factories import StudentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(team, dave):
    """A closed record of dave's (the coordinator kept the regie), no diploma."""
    return StudentFactory(
        team=team, regiehouder=dave, status=Status.AFGESLOTEN, first_name="Wietske"
    )


@pytest.fixture
def gina(db):
    return UserFactory(
        email="gina@school.example.test", roles=[Role.FUNCTIONAL_ADMIN], is_staff=True
    )


def test_four_eyes(closed, dave, frank, gina):
    request = erasure_request(student=closed, by=dave, reason="Verzoek van de student per mail.")
    with pytest.raises(ValidationError):  # a second open request
        erasure_request(student=closed, by=frank, reason="Nogmaals")
    with pytest.raises(PermissionDenied):  # a coordinator does not decide
        erasure_decide(request=request, by=dave, approve=True)
    approved = erasure_decide(request=request, by=frank, approve=True, note="Akkoord.")
    assert approved.status == ErasureStatus.APPROVED and approved.decided_by == frank
    assert erase_student(approved.pk) == ErasureStatus.DONE
    closed.refresh_from_db()
    assert closed.first_name == "Geanonimiseerd"
    assert closed.anonymisation.reason == "erasure"
    # The request's texts went with the record; who asked and decided stays.
    request.refresh_from_db()
    assert request.reason == REDACTED and request.requested_by == dave
    assert erasure_carry_out(request.pk).status == ErasureStatus.DONE  # again: nothing


def test_the_nightly_task_carries_out_an_approval_whose_task_was_lost(closed, dave, frank):
    from entree.privacy.tasks import anonymise_due_task  # noqa: PLC0415

    request = erasure_request(student=closed, by=dave, reason="Verzoek.")
    erasure_decide(request=request, by=frank, approve=True)  # on_commit never runs here
    anonymise_due_task()
    request.refresh_from_db()
    assert request.status == ErasureStatus.DONE


def test_a_beheerder_cannot_approve_their_own_request(closed, frank, gina):
    request = erasure_request(student=closed, by=frank, reason="Verzoek per brief.")
    with pytest.raises(ValidationError, match="eigen verzoek"):
        erasure_decide(request=request, by=frank, approve=True)
    refused = erasure_decide(request=request, by=gina, approve=False, note="Nog in bezwaar.")
    assert refused.status == ErasureStatus.REFUSED
    closed.refresh_from_db()
    assert closed.first_name == "Wietske"


def test_the_four_eyes_hold_in_the_database(closed, frank):
    from django.db import IntegrityError, transaction  # noqa: PLC0415

    request = erasure_request(student=closed, by=frank, reason="Verzoek.")
    with pytest.raises(IntegrityError), transaction.atomic():
        ErasureRequest.objects.filter(pk=request.pk).update(decided_by=frank)


def test_refused_while_the_trajectory_runs(student, alice, frank):
    with pytest.raises(ValidationError, match="traject loopt nog"):
        erasure_request(student=student, by=frank, reason="Verzoek.")
    with pytest.raises(PermissionDenied):  # a mentor does not ask
        erasure_request(student=student, by=alice, reason="Verzoek.")


def test_refused_with_a_diploma_until_the_retention_ends(closed, frank, time_machine):
    Outflow.objects.create(
        student=closed,
        left_on=date(2026, 6, 30),
        diploma=True,
        destination="werk",
        registered_by=frank,
    )
    with pytest.raises(ValidationError, match="entreediploma"):
        erasure_request(student=closed, by=frank, reason="Verzoek.")
    time_machine.move_to(date(2031, 1, 1))
    assert erasure_request(student=closed, by=frank, reason="Verzoek.").pk


def test_the_privacy_tab_per_persona(client_for, closed, personas, django_assert_max_num_queries):
    url = f"/studenten/{closed.uuid}/privacy/"
    expected = {"alice": 200, "bob": 200, "carol": 404, "dave": 200, "erin": 404, "frank": 404}
    for name, status in expected.items():
        assert client_for(personas[name]).get(url).status_code == status, name
    dave = client_for(personas["dave"])
    with django_assert_max_num_queries(15):  # the same whatever the record holds
        page = dave.get(url)
    assert "Verzoek indienen" in page.content.decode()
    assert "Verzoek indienen" not in client_for(personas["alice"]).get(url).content.decode()
    response = client_for(personas["dave"]).post(url, {"reason": "Verzoek van de student."})
    assert response.status_code == 302
    assert ErasureRequest.objects.get().requested_by == personas["dave"]
    assert client_for(personas["alice"]).post(url, {"reason": "x"}).status_code == 403


def test_the_privacy_page_per_persona(
    client_for, closed, personas, gina, django_assert_max_num_queries
):
    url = "/beheer/privacy/"
    for name in ("alice", "bob", "carol", "dave", "erin"):
        assert client_for(personas[name]).get(url).status_code == 404, name
    erasure_request(student=closed, by=personas["dave"], reason="Verzoek van de student.")
    for _ in range(3):  # more requests, more closed records: the same queries
        other = StudentFactory(team=closed.team, regiehouder=personas["dave"], status="afgesloten")
        erasure_request(student=other, by=personas["dave"], reason="Nog een verzoek.")
    frank = client_for(personas["frank"])
    with django_assert_max_num_queries(8):
        page = frank.get(url)
    text = page.content.decode()
    assert page.status_code == 200
    assert "Verzoek van de student." in text
    assert "Wietske" not in text and closed.student_number not in text
    request = ErasureRequest.objects.get(student=closed)
    prefix = f"r{request.uuid.hex}"
    response = frank.post(
        f"/beheer/privacy/verzoek/{request.uuid}/besluit/",
        {f"{prefix}-approve": "1", f"{prefix}-note": ""},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == ErasureStatus.APPROVED and request.decided_by == personas["frank"]


def test_a_beheerder_asks_by_student_number(client_for, closed, frank, gina):
    response = client_for(frank).post(
        "/beheer/privacy/",
        {"student_number": closed.student_number, "reason": "Verzoek per brief."},
    )
    assert response.status_code == 302
    request = ErasureRequest.objects.get()
    page = client_for(frank).get("/beheer/privacy/").content.decode()
    assert "uw eigen verzoek" in page
    assert "uw eigen verzoek" not in client_for(gina).get("/beheer/privacy/").content.decode()
    assert request.requested_by == frank


def test_the_retention_settings_in_the_beheer(client_for, frank, team):
    page = client_for(frank).get("/beheer/privacy/retentionsettings/add/")
    assert page.status_code == 200
    assert "Geanonimiseerd bewaard" in page.content.decode()
    response = client_for(frank).post(
        "/beheer/privacy/retentionsettings/add/",
        {"institution": team.institution.pk, "months": 36, "legal_basis": "AVG art. 5"},
    )
    assert response.status_code == 302
    assert team.institution.retention_settings.months == 36
