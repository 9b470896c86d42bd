"""Background work measured in-process, next to the pages: the daily reminder run
(issue 13) — finding what is due (one query; target ≤ 1 s at national scale) and the
whole run with a local mail sink (Django's in-memory backend), which should be dominated
by building and sending the digests — the annual report PDF of the whole institution
as the Celery worker makes it (issue 14: figures, WeasyPrint, storage) beside its floor, a
plain WeasyPrint document of the same number of pages (target: ≤ 2× the floor), and the
nightly anonymisation over a year's leavers (issue 15), as the privacy worker runs it.
Each run happens inside a transaction that is rolled back, so the benchmark database stays
as it was built and the next run measures the same work. Imported by ``bench/run.py``
after ``django.setup()``."""

import statistics
import time
from collections.abc import Callable
from datetime import date

from django.core import mail
from django.core.files.storage import default_storage
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext, override_settings

from entree.accounts.models import User
from entree.privacy.selectors import closed_students, retention_months, students_due
from entree.privacy.services.anonymise import anonymise_due, owner_alias
from entree.reports.figures import report_scopes
from entree.reports.models import GeneratedReport
from entree.reports.services import report_pdf_generate
from outflow.models import Reminder
from outflow.services.reminders import digest_send, due_rows, reminders_create
from students.services.common import add_months

RUNS = 5


class _Rollback(Exception):
    pass


def _timed(
    work: Callable[[], object], runs: int, alias: str = "default"
) -> tuple[list[float], int]:
    """Seconds per run, and the queries of the last run (on the connection ``alias``)."""
    times = []
    queries = 0
    for _ in range(runs):
        with CaptureQueriesContext(connections[alias]) as captured:
            began = time.perf_counter()
            work()
            times.append(time.perf_counter() - began)
        queries = len(captured.captured_queries)
    return times, queries


def _row(name: str, size: int, times: list[float], queries: int) -> dict:
    """A row of the bench table (the fields of ``run.Row``) for a job timed in-process."""
    ordered = sorted(times)
    return {
        "name": name,
        "students": size,
        "median_ms": statistics.median(times) * 1000,
        "p95_ms": ordered[-1] * 1000,  # of a handful of runs: the slowest
        "spread_ms": (ordered[-1] - ordered[0]) * 1000,
        "first_byte_ms": 0.0,
        "queries": queries,
        "requests": len(times),
        "failed": 0,
        "group": "job",
    }


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
        rows.append(_row(name, size, times, queries))
    return rows


#: The annual report PDF's row in the bench table.
REPORT_PDF = "report PDF (worker, institution)"
#: Management of all teams (bench/prepare.py's "manager").
REPORT_MANAGER = "manager.all@demo.example.test"


def _report_pdf(day: date, pages: list[int]) -> None:
    """One annual report of the whole institution for the last complete school year
    before ``day``, made as the worker makes it; its row and file are removed again.
    Its number of pages is appended to ``pages``."""
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
            pages.append(done.page_count or 0)
            raise _Rollback
    except _Rollback:
        pass


#: The report PDF's floor: a plain WeasyPrint document of the report's number of pages.
REPORT_PDF_FLOOR = "report PDF floor (plain WeasyPrint)"
#: Rows of the floor document's table per page (a page of text and a table, A4).
FLOOR_TABLE_ROWS = 25


def floor_pdf(pages: int) -> int:
    """A plain WeasyPrint document of ``pages`` A4 pages — a heading, a paragraph and a
    table of 25 rows each, no charts, no tagging — the cheapest PDF of that length this
    stack makes. Returns its number of pages."""
    from weasyprint import HTML  # heavy import, needed only here

    rows = "".join(
        f"<tr><td>Team {i}</td><td>{i * 37}</td><td>{i * 13 % 100}%</td><td>{i * 7}</td></tr>"
        for i in range(1, FLOOR_TABLE_ROWS + 1)
    )
    section = (
        "<section><h1>Tabel {n}</h1><p>Een gewone alinea tekst boven de tabel, zoals een "
        "verslag die heeft: wat de cijfers tellen en over welke periode.</p>"
        "<table><tr><th>Team</th><th>Aantal</th><th>Aandeel</th><th>Vorig jaar</th></tr>"
        f"{rows}</table></section>"
    )
    style = (
        "@page { size: A4; margin: 2cm } section { break-after: page } "
        "section:last-child { break-after: auto } table { border-collapse: collapse; "
        "width: 100% } td, th { border: 1px solid #999; padding: 3pt }"
    )
    html = f"<html lang='nl'><style>{style}</style><body>"
    html += "".join(section.format(n=n) for n in range(1, pages + 1)) + "</body></html>"
    rendered = HTML(string=html).render()
    rendered.write_pdf()
    return len(rendered.pages)


def report_pdf_rows(size: int, day: date) -> list[dict]:
    """The report PDF's row (one run: it takes seconds) and its floor's (three runs) with
    the same number of pages; the report's ratio is to the floor's slowest run."""
    pages: list[int] = []
    times, queries = _timed(lambda: _report_pdf(day, pages), 1)
    report = _row(REPORT_PDF, size, times, queries)
    if not pages or not pages[0]:
        return [report]
    made: list[int] = []
    floor_times, _ = _timed(lambda: made.append(floor_pdf(pages[0])), 3)
    floor = _row(f"{REPORT_PDF_FLOOR}, {made[0]} pages", size, floor_times, 0)
    report["name"] = f"{REPORT_PDF}, {pages[0]} pages"
    report["floor_p95_ms"] = floor["p95_ms"]
    report["ratio"] = report["p95_ms"] / floor["p95_ms"]
    floor["floor_p95_ms"], floor["ratio"] = floor["p95_ms"], 1.0
    return [floor, report]


#: The anonymisation's rows in the bench table.
ANONYMISATION = "anonymisation"


def _retention_day() -> date | None:
    """The day on which the last closed records' retention ends: the run of that night
    anonymises the leavers who closed with them (in the demo: last school year's)."""
    last = closed_students().order_by("-closed_on").values_list("closed_on", flat=True).first()
    if last is None:
        return None
    return add_months(last, max(retention_months().values()))


def _anonymise(today: date, done: list[int]) -> None:
    """The nightly run as the privacy worker makes it (as the owner, in batches), inside a
    transaction that is rolled back: every batch becomes a savepoint of it."""
    try:
        with transaction.atomic(using=owner_alias()):
            run = anonymise_due(today)
            done.append(run.anonymised)
            raise _Rollback
    except _Rollback:
        pass


def anonymisation_rows(size: int) -> list[dict]:
    """Finding who is due, and the whole anonymisation of them (one run: the rows are
    written for real and rolled back)."""
    today = _retention_day()
    if today is None:
        return []
    times, queries = _timed(lambda: list(students_due(today).values_list("pk", flat=True)), RUNS)
    rows = [_row(f"{ANONYMISATION}: find due", size, times, queries)]
    done: list[int] = []
    times, queries = _timed(lambda: _anonymise(today, done), 1, alias=owner_alias())
    rows.append(_row(f"{ANONYMISATION}: {done[0]} leavers", size, times, queries))
    return rows
