"""Writes of the reports app: requesting an annual report PDF and making it (the Celery
task's body)."""

import logging
import secrets
from datetime import timedelta
from uuid import UUID

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from entree.accounts.models import User
from entree.core.tasks import enqueue_on_commit
from entree.reports import pdf_selectors
from entree.reports.figures import report_build
from entree.reports.models import GeneratedReport, ReportStatus
from entree.reports.pdf import render_report_pdf
from entree.reports.report import SchoolYear

logger = logging.getLogger(__name__)

#: Where report files go in the default storage (never served by a URL of its own).
REPORT_FOLDER = "jaarverslagen"

#: The progress shown while the worker makes the report: claimed, figures computed, PDF
#: rendered (rendering is the slow part: WeasyPrint needs ~0.25 s per page).
PROGRESS_CLAIMED = 5
PROGRESS_FIGURES = 40
PROGRESS_RENDERED = 90
#: The task's hard time limit (``entree.reports.tasks``): no live worker holds a claim
#: longer than this.
REPORT_TIME_LIMIT = timedelta(seconds=600)


@transaction.atomic
def report_pdf_request(*, user: User, school_year: SchoolYear, scope_key: str) -> GeneratedReport:
    """Record a request for an annual report and queue the worker once it commits.

    1. The scope must be one ``user`` may report on (404 otherwise, as the pages do).
    2. The school year is taken as asked: a year without students gives empty tables,
       not an error (the form offers only the years that have data).
    """
    scope = pdf_selectors.report_scope_for_user(user, scope_key)
    report = GeneratedReport(
        requested_by=user,
        school_year=school_year.label,
        institution_id=scope.institution_id,
        team_id=scope.team_id,
        scope_key=scope.key,
        scope_name=scope.name,
    )
    report.full_clean()
    report.save()
    from entree.reports.tasks import generate_report_pdf  # the task imports this module

    enqueue_on_commit(generate_report_pdf, str(report.pk))
    return report


def _set_progress(report_id: UUID | str, progress: int) -> None:
    # Its own autocommitted UPDATE, so the polling page sees it while the worker goes on.
    GeneratedReport.objects.filter(pk=report_id, status=ReportStatus.BEZIG).update(
        progress=progress
    )


def report_pdf_generate(*, report_id: UUID | str) -> GeneratedReport | None:
    """Make the report's PDF: the Celery task's body.

    1. Claim the row with a conditional update (wachtrij → bezig): a duplicate task
       finds nothing to claim and does nothing. A claim older than the task's hard time
       limit belongs to a worker that died (killed, out of memory): the task Celery
       redelivers then (``acks_late``) takes the report over.
    2. Compute the figures as the requester sees them (``report_build`` with their user:
       a manager who lost the scope since gets a failed report, not somebody else's).
    3. Render the PDF (WeasyPrint), store it under a random name, mark it done.

    Any failure marks the report failed with a message in Dutch (the page stops waiting)
    and is logged; the error is not re-raised, so Celery does not retry a report whose
    figures will fail the same way again. Returns the report, or ``None`` when it was
    not claimed.
    """
    now = timezone.now()
    abandoned = Q(status=ReportStatus.BEZIG, started_at__lt=now - REPORT_TIME_LIMIT)
    claimed = (
        GeneratedReport.objects.filter(pk=report_id)
        .filter(Q(status=ReportStatus.WACHTRIJ) | abandoned)
        .update(status=ReportStatus.BEZIG, progress=PROGRESS_CLAIMED, started_at=now)
    )
    if claimed != 1:
        return None
    report = GeneratedReport.objects.select_related("requested_by").get(pk=report_id)
    try:
        _generate(report)
    except Exception:
        # Aggregates only: the traceback holds no student data worth hiding from the log.
        logger.exception("Jaarverslag %s kon niet worden gemaakt", report.pk)
        GeneratedReport.objects.filter(pk=report.pk).update(
            status=ReportStatus.MISLUKT,
            finished_at=timezone.now(),
            error=_(
                "Het jaarverslag kon niet worden gemaakt. Probeer het opnieuw; lukt het "
                "weer niet, neem dan contact op met de functioneel beheerder."
            ),
        )
    report.refresh_from_db()
    return report


def _generate(report: GeneratedReport) -> None:
    user = report.requested_by
    if user is None:  # the account was deleted while the report waited
        raise ValueError("De aanvrager bestaat niet meer.")
    figures = report_build(
        user=user,
        school_year=SchoolYear.from_label(report.school_year),
        scope_key=report.scope_key,
    )
    _set_progress(report.pk, PROGRESS_FIGURES)
    pdf, page_count = render_report_pdf(
        figures, generated_by=user.get_full_name() or user.email, generated_at=timezone.now()
    )
    _set_progress(report.pk, PROGRESS_RENDERED)
    name = default_storage.save(
        f"{REPORT_FOLDER}/{secrets.token_urlsafe(32)}.pdf", ContentFile(pdf)
    )
    GeneratedReport.objects.filter(pk=report.pk).update(
        status=ReportStatus.KLAAR,
        progress=100,
        file_name=name,
        file_size=len(pdf),
        page_count=page_count,
        finished_at=timezone.now(),
        error="",
    )
