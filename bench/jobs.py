"""Background work measured in-process, next to the pages: the daily reminder run
(issue 13) — finding what is due (one query; target ≤ 1 s at national scale) and the
whole run with a local mail sink (Django's in-memory backend), which should be dominated
by building and sending the digests. The run happens inside a transaction that is rolled
back, so the benchmark database stays as it was built and the next run measures the same
work. Imported by ``bench/run.py`` after ``django.setup()``."""

import statistics
import time
from collections.abc import Callable
from datetime import date

from django.core import mail
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext, override_settings

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
