"""Background work measured in-process, next to the pages: the daily reminder run
(issue 13) — finding what is due (one query; target ≤ 1 s at national scale) and the
whole run with a local mail sink (Django's in-memory backend), which should be dominated
by building and sending the digests — and the annual report PDF of the whole institution
as the Celery worker makes it (issue 14: figures, WeasyPrint, storage). Each run happens
inside a transaction that is rolled back, so the benchmark database stays as it was built
and the next run measures the same work. Imported by ``bench/run.py`` after ``django.setup()``."""

import statistics
import time
from collections.abc import Callable
from datetime import date

from django.core import mail
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext, override_settings

from entree.accounts.models import User
from entree.reports.figures import report_scopes
from entree.reports.models import GeneratedReport
from entree.reports.services import report_pdf_generate
from outflow.models import Reminder
from outflow.services.reminders import digest_send, due_rows, reminders_create

RUNS = 5


class _Rollback(Exception):
    pass


def _timed(work: Callable[[], object], runs: int) -> tuple[list[float], int]:
    """Seconds per run, and the queries of the last run."""
    times = []
    queries = 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            work()
            times.append(time.perf_counter() - began)
        queries = len(captured.captured_queries)
    return times, queries


def _whole_run(day: date) -> None:
    """As the beat's tick does it, for every reminder as if none had been written yet."""
    try:
        with (
            transaction.atomic(),
            override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
        ):
            Reminder.objects.all().delete()
            run = reminders_create(day)
            for user_id in run.users:
                digest_send(user_id)
            mail.outbox = []
            raise _Rollback
    except _Rollback:
        pass


def reminder_rows(size: int, day: date) -> list[dict]:
    """Rows for the bench table (the fields of ``run.Row``)."""
    rows = []
    for name, work, runs in (
        ("reminder run: find due", lambda: list(due_rows(day)), RUNS),
        ("reminder run: whole (local mail)", lambda: _whole_run(day), 3),
    ):
        times, queries = _timed(work, runs)
        ordered = sorted(times)
        rows.append(
            {
                "name": name,
                "students": size,
                "median_ms": statistics.median(times) * 1000,
                "p95_ms": ordered[-1] * 1000,  # of a handful of runs: the slowest
                "spread_ms": (ordered[-1] - ordered[0]) * 1000,
                "first_byte_ms": 0.0,
                "queries": queries,
                "requests": runs,
                "failed": 0,
                "group": "job",
            }
        )
    return rows


#: The annual report PDF's row in the bench table.
REPORT_PDF = "report PDF (worker, institution)"
#: Management of all teams (bench/prepare.py's "manager").
REPORT_MANAGER = "manager.all@demo.example.test"


def _report_pdf(day: date) -> None:
    """One annual report of the whole institution for the last complete school year
    before ``day``, made as the worker makes it; its row and file are removed again."""
    manager = User.objects.get(email=REPORT_MANAGER)
    scope = report_scopes(manager)[0]  # the institution
    first = (day.year if day.month >= 8 else day.year - 1) - 1
    try:
        with transaction.atomic():
            report = GeneratedReport.objects.create(
                requested_by=manager,
                school_year=f"{first}-{first + 1}",
                institution_id=scope.institution_id,
                team_id=scope.team_id,
                scope_key=scope.key,
                scope_name=scope.name,
            )
            done = report_pdf_generate(report_id=report.pk)
            if done is None or not done.file_name:
                raise RuntimeError(f"report PDF not made: {done and done.status}")
            default_storage.delete(done.file_name)
            raise _Rollback
    except _Rollback:
        pass


def report_pdf_rows(size: int, day: date) -> list[dict]:
    """The report PDF's row (the fields of ``run.Row``): one run, it takes seconds."""
    times, queries = _timed(lambda: _report_pdf(day), 1)
    return [
        {
            "name": REPORT_PDF,
            "students": size,
            "median_ms": times[0] * 1000,
            "p95_ms": times[0] * 1000,
            "spread_ms": 0.0,
            "first_byte_ms": 0.0,
            "queries": queries,
            "requests": 1,
            "failed": 0,
            "group": "job",
        }
    ]
