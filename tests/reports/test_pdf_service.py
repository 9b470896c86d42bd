"""Requesting and making an annual report PDF, the service without the worker (the worker
itself: test_pdf_worker.py)."""

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.http import Http404
from django.utils import timezone

from entree.reports import services
from entree.reports.models import GeneratedReport, ReportStatus
from entree.reports.report import SchoolYear
from tests.reports.conftest import build_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def hand_built(monkeypatch):
    """The figures as a hand-built report of the asked scope: this tests making the PDF,
    not computing the figures."""
    calls = []

    def report_build(*, user, school_year, scope_key):
        from entree.reports import pdf_selectors

        calls.append((user, school_year, scope_key))
        return build_report(pdf_selectors.report_scope_for_user(user, scope_key), school_year)

    monkeypatch.setattr(services, "report_build", report_build)
    return calls


def test_a_request_records_who_what_and_queues_the_worker_after_commit(
    erin, team, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        report = services.report_pdf_request(
            user=erin, school_year=SchoolYear(2025), scope_key=f"team-{team.pk}"
        )
    assert len(callbacks) == 1  # queued on commit, not before
    report.refresh_from_db()
    assert report.requested_by == erin
    assert (report.school_year, report.scope_key, report.team_id) == (
        "2025-2026",
        f"team-{team.pk}",
        team.pk,
    )
    assert report.institution_id == team.institution_id
    assert team.name in report.scope_name
    assert (report.status, report.progress) == (ReportStatus.WACHTRIJ, 0)


def test_a_scope_the_manager_may_not_see_is_refused(erin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(Http404):
        services.report_pdf_request(user=erin, school_year=SchoolYear(2025), scope_key="team-0")
    assert not callbacks
    assert not GeneratedReport.objects.exists()


def _queued(user, team) -> GeneratedReport:
    return GeneratedReport.objects.create(
        requested_by=user,
        school_year="2025-2026",
        institution=team.institution,
        team=team,
        scope_key=f"team-{team.pk}",
        scope_name=team.name,
    )


def test_generating_stores_the_pdf_and_marks_it_done(erin, team, media, hand_built):
    report = services.report_pdf_generate(report_id=_queued(erin, team).pk)
    assert report is not None
    assert (report.status, report.progress, report.error) == (ReportStatus.KLAAR, 100, "")
    assert report.page_count == 5 and report.finished_at is not None
    assert report.file_name.startswith("jaarverslagen/") and report.file_name.endswith(".pdf")
    with default_storage.open(report.file_name, "rb") as file:
        data = file.read()
    assert data.startswith(b"%PDF") and len(data) == report.file_size
    # The figures are those of the requester, for the asked year and scope.
    assert hand_built == [(erin, SchoolYear(2025), f"team-{team.pk}")]


def test_a_report_is_made_once_however_often_the_task_runs(erin, team, media, hand_built):
    queued = _queued(erin, team)
    assert services.report_pdf_generate(report_id=queued.pk) is not None
    assert services.report_pdf_generate(report_id=queued.pk) is None  # nothing to claim
    assert len(hand_built) == 1


def test_a_report_being_made_by_another_worker_is_not_claimed(erin, team, media, hand_built):
    queued = _queued(erin, team)
    GeneratedReport.objects.filter(pk=queued.pk).update(
        status=ReportStatus.BEZIG, started_at=timezone.now()
    )
    assert services.report_pdf_generate(report_id=queued.pk) is None
    assert not hand_built


def test_a_failure_marks_the_report_failed_with_a_dutch_message(
    erin, team, media, monkeypatch, caplog
):
    def broken(**kwargs):
        raise RuntimeError("database weg")

    monkeypatch.setattr(services, "report_build", broken)
    report = services.report_pdf_generate(report_id=_queued(erin, team).pk)
    assert report is not None
    assert report.status == ReportStatus.MISLUKT
    assert report.error.startswith("Het jaarverslag kon niet worden gemaakt.")
    assert "database weg" not in report.error  # no technical details for the user
    assert report.file_name == "" and report.finished_at is not None
    assert "kon niet worden gemaakt" in caplog.text


def test_a_manager_who_lost_the_scope_gets_a_failed_report(erin, team, media, hand_built):
    queued = _queued(erin, team)
    erin.teams.clear()
    report = services.report_pdf_generate(report_id=queued.pk)
    assert report is not None and report.status == ReportStatus.MISLUKT


def test_a_report_abandoned_by_a_dead_worker_is_taken_over(erin, team, media, hand_built):
    queued = _queued(erin, team)
    long_ago = timezone.now() - services.REPORT_TIME_LIMIT - timedelta(minutes=1)
    GeneratedReport.objects.filter(pk=queued.pk).update(
        status=ReportStatus.BEZIG, progress=40, started_at=long_ago
    )
    report = services.report_pdf_generate(report_id=queued.pk)
    assert report is not None and report.status == ReportStatus.KLAAR
