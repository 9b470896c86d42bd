"""A large caseload CSV through the real Celery worker on the real Redis broker: the
button starts the job, the page waits for the worker, the download is the streamed file."""

import csv
import io
import re
from collections.abc import Iterator

import pytest
from celery.contrib.testing.worker import start_worker

from entree.audit.models import AccessLog
from entree.celery import app
from students.models import CaseloadExport, ExportStatus, Status
from tests.factories import StudentFactory
from tests.waiting import wait_until

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker() -> Iterator[None]:
    app.control.purge()
    with start_worker(
        app, pool="solo", concurrency=1, perform_ping_check=False, shutdown_timeout=10
    ):
        yield


def _rows(body: bytes) -> list[list[str]]:
    text = body.decode("utf-8").removeprefix("\ufeff")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_a_large_export_ends_with_a_download_equal_to_the_streamed_csv(
    worker, settings, tmp_path, team, alice, student, client_for
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CASELOAD_EXPORT_ASYNC_THRESHOLD = 3
    StudentFactory.create_batch(4, team=team, regiehouder=alice)
    StudentFactory(team=team, regiehouder=None, status=Status.INTAKE, last_name="@Formule")
    client = client_for(alice)

    started = client.post("/studenten/export/")
    assert started.status_code == 302
    job = CaseloadExport.objects.get(user=alice)
    page_url = started["Location"]
    assert wait_until(
        lambda: "download.csv" in client.get(page_url).content.decode(), seconds=30
    ), CaseloadExport.objects.get(pk=job.pk).status
    page = client.get(page_url).content.decode()
    (download_url,) = re.findall(r'href="([^"]+/download\.csv)"', page)
    assert CaseloadExport.objects.get(pk=job.pk).status == ExportStatus.KLAAR
    assert not AccessLog.objects.exists()  # the file is made, nothing has left yet

    download = client.get(download_url)
    downloaded = b"".join(download.streaming_content)
    settings.CASELOAD_EXPORT_ASYNC_THRESHOLD = 1000  # the same caseload, streamed
    streamed = b"".join(client.get("/studenten/export.csv").streaming_content)

    assert _rows(downloaded) == _rows(streamed)
    assert len(_rows(downloaded)) == 7  # header + 6 students
    assert [row[1] for row in _rows(downloaded) if row[1].startswith("'")] == ["'@Formule"]
    logged = AccessLog.objects.filter(part="caseload-export", channel="export", user=alice)
    from_job = list(logged.filter(path=download_url).values_list("student_uuid", flat=True))
    from_stream = list(
        logged.filter(path="/studenten/export.csv").values_list("student_uuid", flat=True)
    )
    assert len(from_job) == len(set(from_job)) == 6
    assert set(from_job) == set(from_stream)
