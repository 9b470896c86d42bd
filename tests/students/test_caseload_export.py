"""A large caseload CSV is made by a Celery worker and downloaded when ready (issue 9,
item 3): the same file as the streamed one, only for the user who asked, logged like the
streamed one, and deleted after the retention."""

import csv
import io
from datetime import timedelta

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from entree.audit.models import AccessLog
from students.models import CaseloadExport, ExportStatus, Status
from students.services.caseload_export import (
    caseload_export_build,
    caseload_export_run,
    caseload_exports_purge,
)
from tests.factories import StudentFactory

pytestmark = pytest.mark.django_db

THRESHOLD = 3


@pytest.fixture(autouse=True)
def _small_threshold_and_private_files(settings, tmp_path):
    settings.CASELOAD_EXPORT_ASYNC_THRESHOLD = THRESHOLD
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def many(team, alice, student):
    """Five visible students for alice (more than the threshold), one with a formula."""
    StudentFactory.create_batch(3, team=team, regiehouder=alice)
    StudentFactory(team=team, regiehouder=None, status=Status.INTAKE, last_name="=SOM(A1)")
    return team


def _rows(body: bytes) -> list[list[str]]:
    text = body.decode("utf-8").removeprefix("\ufeff")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def _streamed(client: Client, query: str = "") -> bytes:
    response = client.get(f"/studenten/export.csv{query}")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return b"".join(response.streaming_content)


def _job(user, filters=None) -> CaseloadExport:
    return CaseloadExport.objects.create(user=user, filters=filters or {})


def _logged(user):
    return AccessLog.objects.filter(user=user, part="caseload-export", channel="export")


# --- The service --------------------------------------------------------------------------


def test_build_writes_the_same_csv_as_the_stream_to_private_storage(
    many, alice, client_for, settings
):
    job = _job(alice, {"mine": ["ja"]})
    caseload_export_build(export_uuid=job.uuid)
    job.refresh_from_db()
    assert job.status == ExportStatus.KLAAR
    assert job.finished_at is not None
    assert job.file_name.startswith("caseload-exports/") and len(job.file_name) > 50
    with default_storage.open(job.file_name, "rb") as file:
        built = file.read()
    settings.CASELOAD_EXPORT_ASYNC_THRESHOLD = 1000  # the same export, streamed
    streamed = _streamed(client_for(alice), "?mine=ja")
    assert built == streamed
    assert job.row_count == len(_rows(built)) - 1 == 4
    assert sorted(job.student_uuids) == sorted(
        _logged(alice).values_list("student_uuid", flat=True)
    )


def test_build_writes_no_access_log_lines_nothing_has_left_yet(many, alice):
    job = _job(alice)
    caseload_export_build(export_uuid=job.uuid)
    assert not AccessLog.objects.exists()


def test_build_is_idempotent_a_redelivered_task_leaves_a_finished_job_alone(many, alice):
    job = _job(alice)
    caseload_export_build(export_uuid=job.uuid)
    job.refresh_from_db()
    StudentFactory(team=many, regiehouder=alice)  # would change the file if rebuilt
    caseload_export_build(export_uuid=job.uuid)
    again = CaseloadExport.objects.get(pk=job.pk)
    assert (again.file_name, again.row_count) == (job.file_name, 5)


def test_an_interrupted_job_is_built_again_and_its_old_file_removed(many, alice):
    job = _job(alice)
    old = default_storage.save("caseload-exports/half.csv", io.BytesIO(b"half"))
    CaseloadExport.objects.filter(pk=job.pk).update(status=ExportStatus.BEZIG, file_name=old)
    caseload_export_build(export_uuid=job.uuid)
    job.refresh_from_db()
    assert job.status == ExportStatus.KLAAR and job.row_count == 5
    assert not default_storage.exists(old)


def test_a_failing_job_is_marked_failed_not_left_waiting(many, alice, client_for):
    job = _job(alice, {"cohort": ["2025"]})  # invalid: never "everyone" instead
    with pytest.raises(Exception, match="2025-2026"):
        caseload_export_run(export_uuid=job.uuid)
    job.refresh_from_db()
    assert job.status == ExportStatus.MISLUKT and not job.file_name
    response = client_for(alice).get(f"/studenten/export/{job.uuid}/")
    assert "Het bestand kon niet worden gemaakt" in response.content.decode()
    assert "hx-trigger" not in response.content.decode()


def test_the_filters_and_visibility_of_the_job_are_those_of_the_page(
    many, alice, carol, other_team
):
    StudentFactory(team=other_team, last_name="Anderteam")
    job = _job(alice, {"status": ["intake"]})
    caseload_export_build(export_uuid=job.uuid)
    with default_storage.open(CaseloadExport.objects.get(pk=job.pk).file_name, "rb") as file:
        assert [row[1] for row in _rows(file.read())[1:]] == ["'=SOM(A1)"]


def test_purge_deletes_jobs_and_files_older_than_the_retention(many, alice):
    old, recent = _job(alice), None
    caseload_export_build(export_uuid=old.uuid)
    old.refresh_from_db()
    with time_machine.travel(timezone.now() + timedelta(hours=23)):
        recent = _job(alice)
        caseload_export_build(export_uuid=recent.uuid)
        recent.refresh_from_db()
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        assert caseload_exports_purge() == 1
    assert not CaseloadExport.objects.filter(pk=old.pk).exists()
    assert not default_storage.exists(old.file_name)
    assert default_storage.exists(recent.file_name)


def test_the_purge_runs_hourly_from_the_beat_schedule():
    from entree.celery import app

    app.loader.import_default_modules()  # what a worker does at start: autodiscovery
    entry = app.conf.beat_schedule["purge-caseload-exports"]
    assert entry["task"] == "students.tasks.purge_caseload_exports"
    assert entry["task"] in app.tasks


# --- The pages ----------------------------------------------------------------------------


def test_a_small_caseload_still_streams_directly(alice, student, client_for):
    response = client_for(alice).get("/studenten/export.csv")
    assert response.streaming
    assert not CaseloadExport.objects.exists()


def test_a_large_caseload_link_shows_a_button_and_starts_nothing(many, alice, client_for):
    response = client_for(alice).get("/studenten/export.csv?status=actief")
    body = response.content.decode()
    assert response.status_code == 200 and not response.streaming
    assert 'method="post" action="/studenten/export/?status=actief"' in body
    assert not CaseloadExport.objects.exists() and not AccessLog.objects.exists()


def test_the_caseload_export_button_starts_a_job_when_the_caseload_is_large(
    many, alice, client_for
):
    client = client_for(alice)
    page = client.get("/studenten/?mine=ja").content.decode()
    assert 'action="/studenten/export/?mine=ja"' in page
    response = client.post("/studenten/export/?mine=ja")
    job = CaseloadExport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/studenten/export/{job.uuid}/"
    assert (job.user, job.filters, job.status) == (alice, {"mine": ["ja"]}, ExportStatus.WACHTRIJ)


def test_starting_a_job_refuses_an_invalid_filter(many, alice, client_for):
    response = client_for(alice).post("/studenten/export/?cohort=2025")
    assert response.status_code == 400
    assert not CaseloadExport.objects.exists()


def test_starting_a_job_needs_a_post(many, alice, client_for):
    assert client_for(alice).get("/studenten/export/").status_code == 405


def test_the_job_page_polls_until_the_file_is_ready_then_links_it(many, alice, client_for):
    job = _job(alice)
    client = client_for(alice)
    waiting = client.get(f"/studenten/export/{job.uuid}/")
    body = waiting.content.decode()
    assert "Export wordt gemaakt" in body
    assert 'hx-trigger="every 3s"' in body
    assert f'<a href="/studenten/export/{job.uuid}/">Pagina vernieuwen</a>' in body  # no JS
    assert "no-store" in waiting["Cache-Control"]
    caseload_export_build(export_uuid=job.uuid)
    ready = client.get(f"/studenten/export/{job.uuid}/").content.decode()
    assert "hx-trigger" not in ready
    assert f"/studenten/export/{job.uuid}/download.csv" in ready
    assert "5 studenten" in ready


def test_the_job_page_is_in_english_too(many, alice, client_for):
    job = _job(alice)
    client = client_for(alice)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = client.get(f"/studenten/export/{job.uuid}/").content.decode()
    assert "Export is being made" in body and "Refresh the page" in body


def test_the_job_page_costs_the_same_queries_for_a_small_and_a_large_file(
    many, alice, team, client_for
):
    client = client_for(alice)

    def queries(job: CaseloadExport) -> int:
        client.get(f"/studenten/export/{job.uuid}/")  # warm the session
        with CaptureQueriesContext(connection) as context:
            assert client.get(f"/studenten/export/{job.uuid}/").status_code == 200
        return len(context.captured_queries)

    small = _job(alice, {"status": ["intake"]})
    caseload_export_build(export_uuid=small.uuid)
    StudentFactory.create_batch(20, team=team)
    large = _job(alice)
    caseload_export_build(export_uuid=large.uuid)
    assert CaseloadExport.objects.get(pk=large.pk).row_count == 25
    assert queries(small) == queries(large)


def test_the_download_serves_the_file_with_no_store_and_logs_every_student(many, alice, client_for):
    job = _job(alice)
    caseload_export_build(export_uuid=job.uuid)
    job.refresh_from_db()
    response = client_for(alice).get(f"/studenten/export/{job.uuid}/download.csv")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith('attachment; filename="studenten-')
    assert len(_rows(b"".join(response.streaming_content))) == 6
    assert sorted(_logged(alice).values_list("student_uuid", flat=True)) == sorted(
        job.student_uuids
    )
    assert set(_logged(alice).values_list("path", flat=True)) == {
        f"/studenten/export/{job.uuid}/download.csv"
    }


def test_a_job_not_ready_has_no_download(many, alice, client_for):
    job = _job(alice)
    assert client_for(alice).get(f"/studenten/export/{job.uuid}/download.csv").status_code == 404


@pytest.mark.parametrize("name", ["bob", "carol", "dave", "erin", "frank"])
def test_someone_elses_job_and_file_are_404_as_if_missing(name, many, personas, client_for):
    job = _job(personas["alice"])
    caseload_export_build(export_uuid=job.uuid)
    client = client_for(personas[name])
    assert client.get(f"/studenten/export/{job.uuid}/").status_code == 404
    assert client.get(f"/studenten/export/{job.uuid}/download.csv").status_code == 404
    assert not AccessLog.objects.exists()


def test_anonymous_users_go_to_the_login_page(many, alice, client):
    job = _job(alice)
    caseload_export_build(export_uuid=job.uuid)
    for url in (
        f"/studenten/export/{job.uuid}/",
        f"/studenten/export/{job.uuid}/download.csv",
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/account/inloggen/" in response["Location"]
    assert client.post("/studenten/export/").status_code == 302
    assert not CaseloadExport.objects.filter(user__isnull=True).exists()
