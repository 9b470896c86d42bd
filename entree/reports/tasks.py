"""Celery tasks of the reports app: thin wrappers around services."""

from celery import shared_task

from entree.reports.services import REPORT_TIME_LIMIT, report_pdf_generate


# WeasyPrint needs ~0.25 s a page and a report has tens of pages; the figures are a few
# GROUP BYs. Ten minutes is far beyond a normal run: the soft limit raises inside the
# service, which marks the report failed instead of leaving its page waiting.
@shared_task(
    name="entree.reports.tasks.generate_report_pdf",
    time_limit=int(REPORT_TIME_LIMIT.total_seconds()),
    soft_time_limit=int(REPORT_TIME_LIMIT.total_seconds()) - 60,
)
def generate_report_pdf(report_id: str) -> None:
    report_pdf_generate(report_id=report_id)
