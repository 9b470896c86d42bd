"""An approved erasure through the real Celery worker on the real Redis broker: the
approval queues the task on the "privacy" queue after the commit, the privacy worker
anonymises the record."""

from collections.abc import Iterator

import pytest
from celery.contrib.testing.worker import start_worker

from entree.celery import app
from entree.privacy.models import ErasureRequest, ErasureStatus
from entree.privacy.services import erasure_request
from students.models import Status, Student
from tests.factories import StudentFactory
from tests.waiting import wait_until

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def privacy_worker() -> Iterator[None]:
    app.control.purge()
    with start_worker(
        app,
        pool="solo",
        concurrency=1,
        perform_ping_check=False,
        shutdown_timeout=10,
        queues=["privacy"],
    ):
        yield
    # The worker narrowed the app's queues to "privacy" for the whole process (Celery keeps
    # the selection on the app): later workers in this test run take the default again.
    app.amqp.queues._consume_from = None


def test_an_approval_is_carried_out_by_the_privacy_worker(
    privacy_worker, team, dave, frank, client_for
):
    closed = StudentFactory(
        team=team, regiehouder=dave, status=Status.AFGESLOTEN, first_name="Wietske"
    )
    request = erasure_request(student=closed, by=dave, reason="Verzoek van de student.")
    prefix = f"r{request.uuid.hex}"
    response = client_for(frank).post(
        f"/beheer/privacy/verzoek/{request.uuid}/besluit/",
        {f"{prefix}-approve": "1", f"{prefix}-note": ""},
    )
    assert response.status_code == 302
    assert wait_until(
        lambda: ErasureRequest.objects.get(pk=request.pk).status == ErasureStatus.DONE
    ), ErasureRequest.objects.get(pk=request.pk).status
    assert Student.objects.get(pk=closed.pk).first_name == "Geanonimiseerd"
