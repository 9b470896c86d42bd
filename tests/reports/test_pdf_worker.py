"""The annual report PDF through the real Celery worker on the real Redis broker: the
form starts it, the page shows the progress until the worker is done, the download is a
PDF whose text is the report's."""

import re
import subprocess
from collections.abc import Iterator

import pytest
from celery.contrib.testing.worker import start_worker

from entree.celery import app
from entree.reports.models import GeneratedReport, ReportStatus
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


def test_a_requested_report_is_made_by_the_worker_and_downloaded(
    worker, settings, tmp_path, team, erin, client_for
):
    settings.MEDIA_ROOT = tmp_path / "media"
    StudentFactory.create_batch(6, team=team, cohort="2025-2026")
    client = client_for(erin)

    started = client.post(
        "/kerncijfers/jaarverslagen/", {"school_year": "2025-2026", "scope": f"team-{team.pk}"}
    )
    assert started.status_code == 302
    page_url = started["Location"]
    report = GeneratedReport.objects.get()
    assert wait_until(lambda: "jaarverslag.pdf" in client.get(page_url).content.decode()), (
        GeneratedReport.objects.get(pk=report.pk).status
    )
    report.refresh_from_db()
    assert (report.status, report.progress) == (ReportStatus.KLAAR, 100)

    (download_url,) = set(
        re.findall(r'href="([^"]+/jaarverslag\.pdf)"', client.get(page_url).content.decode())
    )
    download = client.get(download_url)
    data = b"".join(download.streaming_content)
    path = tmp_path / "jaarverslag.pdf"
    path.write_bytes(data)
    text = subprocess.run(  # noqa: S603 - a fixed tool on a file this test wrote
        ["pdftotext", "-layout", str(path), "-"],  # noqa: S607
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    assert "Jaarverslag entree" in text and "Schooljaar 2025-2026" in text
    assert team.name in text and "Inhoud" in text
    assert f"Pagina 2 van {report.page_count}" in text
