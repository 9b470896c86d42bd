"""Exports: the caseload as CSV, and one student's complete record as JSON and PDF — the
right of access (AVG art. 15).

Every export is logged in the access log before any data leaves: the record exports
through ``student_access``, the caseload CSV with one line per exported student. A large
caseload CSV is made by a Celery worker (:mod:`students.services.caseload_export`) and
downloaded from its job's page when ready.
"""

import json
from typing import Any, NoReturn, cast
from uuid import UUID

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from entree.accounts.roles import works_with_students
from entree.audit.models import Channel
from entree.audit.services import access_record_many
from entree.core import records
from entree.core.types import AuthenticatedHttpRequest
from students import selectors
from students.models import CaseloadExport, ExportStatus, RecordPart, Student
from students.record import access_log_entries
from students.services import caseload_export

#: The access-log part of a complete-record export (JSON and PDF alike).
RECORD_EXPORT_PART = RecordPart.VOLLEDIG_DOSSIER
#: The access-log part of a caseload CSV, one line per student in the file.
CASELOAD_EXPORT_PART = caseload_export.CASELOAD_EXPORT_PART


def _attachment(filename: str) -> str:
    # Django returns None only when there is neither an attachment nor a filename.
    return cast(str, content_disposition_header(as_attachment=True, filename=filename))


# --- The caseload as CSV ------------------------------------------------------------------


def _bad_filter(error: ValidationError) -> HttpResponseBadRequest:
    messages = [str(m) for m in error.messages]
    return HttpResponseBadRequest(" ".join(messages), content_type="text/plain; charset=utf-8")


@login_required
@require_GET
@never_cache
def caseload_csv(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """The caseload as on the page — same visibility, same filters — as a CSV file.

    1. Only for users who work with students (the same 404 as the caseload page).
    2. The filters of the page; an invalid value gives 400, never a file with more
       students than were asked for.
    3. More rows than ``CASELOAD_EXPORT_ASYNC_THRESHOLD``: a page whose button starts a
       Celery job (a POST, so that no link or prefetch can start one) instead of a file
       written by this web worker.
    4. One access-log line per student in the file, written one INSERT per chunk of
       2,000 just *before* that chunk leaves: an interrupted download leaves the trace of
       what it sent, and the first byte does not wait for a team-wide INSERT.
    5. Rows stream through a server-side cursor, in a constant number of queries per
       chunk.
    """
    if not works_with_students(request.user):
        raise Http404
    try:
        students = caseload_export.caseload_for_export(user=request.user, filters=request.GET)
        large = caseload_export.caseload_export_is_large(students)
    except ValidationError as error:
        return _bad_filter(error)
    if large:
        return render(
            request,
            "students/export_start.html",
            {
                "query": request.GET.urlencode(),
                "threshold": settings.CASELOAD_EXPORT_ASYNC_THRESHOLD,
            },
        )
    user, path = request.user, request.path  # not the query string: a search term can be a name

    def log(uuids: list[UUID]) -> None:
        access_record_many(
            user=user,
            student_uuids=uuids,
            part=CASELOAD_EXPORT_PART,
            channel=Channel.EXPORT,
            path=path,
        )

    filename = f"studenten-{timezone.localdate():%Y-%m-%d}.csv"
    return StreamingHttpResponse(
        caseload_export.csv_lines(students, log=log),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": _attachment(filename)},
    )


@login_required
@require_POST
def caseload_export_start(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """Start a Celery job for a large caseload CSV (the caseload's filters in the query
    string) and show its page."""
    if not works_with_students(request.user):
        raise Http404
    try:
        export = caseload_export.caseload_export_start(user=request.user, filters=request.GET)
    except ValidationError as error:
        return _bad_filter(error)
    return redirect("students:caseload_export", uuid=export.uuid)


def _own_export(
    request: AuthenticatedHttpRequest, uuid: UUID, *, with_students: bool = False
) -> CaseloadExport:
    """The user's own job; anyone else's, or none, is the same 404. The list of students
    in the file (tens of thousands of ids) is read only for the download."""
    if not works_with_students(request.user):
        raise Http404
    exports = CaseloadExport.objects.filter(uuid=uuid, user=request.user)
    if not with_students:
        exports = exports.defer("student_uuids")
    export = exports.first()
    if export is None:
        raise Http404
    return export


@login_required
@require_GET
@never_cache
def caseload_export_status(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    """ "Export wordt gemaakt" until the file is ready, then its download link. The page
    polls itself with htmx every few seconds; without JavaScript a link reloads it."""
    export = _own_export(request, uuid)
    return render(
        request,
        "students/export_status.html",
        {
            "export": export,
            "waiting": export.status in (ExportStatus.WACHTRIJ, ExportStatus.BEZIG),
            "ready": export.status == ExportStatus.KLAAR,
            "failed": export.status == ExportStatus.MISLUKT,
            "retention_hours": int(settings.CASELOAD_EXPORT_RETENTION.total_seconds() // 3600),
        },
    )


@login_required
@require_GET
@never_cache
def caseload_export_download(request: AuthenticatedHttpRequest, uuid: UUID) -> FileResponse:
    """The finished file, for the user who asked only, logged like the streamed CSV
    (one access-log line per student in the file) before a byte leaves."""
    export = _own_export(request, uuid, with_students=True)
    if export.status != ExportStatus.KLAAR or not export.file_name:
        raise Http404
    try:
        file = default_storage.open(export.file_name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    caseload_export.caseload_export_log_download(export=export, path=request.path)
    return FileResponse(
        file,
        as_attachment=True,
        filename=f"studenten-{timezone.localtime(export.created_at):%Y-%m-%d}.csv",
        content_type="text/csv; charset=utf-8",
    )


# --- One student's complete record --------------------------------------------------------


def _student_for_record_export(request: AuthenticatedHttpRequest, uuid: UUID | str) -> Student:
    """The student whose complete record ``request.user`` may export, the export logged.

    1. Not visible (or not there): 404, as everywhere.
    2. Visible but read-only (a team colleague): 403 — and no access-log line, because
       nothing was read.
    3. Otherwise the export is logged by :func:`students.selectors.student_access`.
    """
    try:
        access = selectors.student_access(
            request.user,
            uuid,
            part=RECORD_EXPORT_PART,
            channel=Channel.EXPORT,
            path=request.path,
            require_edit=True,
        )
    except PermissionDenied:
        raise PermissionDenied(
            _("Alleen de regiehouder kan het volledige dossier van deze student exporteren.")
        ) from None
    return access.student


def _export_header(request: AuthenticatedHttpRequest, student: Student) -> dict[str, Any]:
    return {
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "generated_by": request.user.get_full_name(),
        "purpose": _("Inzage (AVG art. 15)"),
        "student": student.uuid,
    }


@login_required
@require_GET
@never_cache
def record_json(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    """Everything the system holds on one student, machine-readable."""
    student = _student_for_record_export(request, uuid)
    record = records.build_record(student)
    document = {
        "export": _export_header(request, student),
        "sections": {
            section.key: {"title": str(section.title), "data": record[section.key]}
            for section in records.sections()
        },
    }
    if request.GET.get("inzagelog") == "volledig":
        # The summary is the record; every single line only when asked (it only grows).
        document["sections"]["inzagelog"]["entries"] = access_log_entries(student)
    body = json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    return HttpResponse(
        body,
        content_type="application/json; charset=utf-8",
        headers={"Content-Disposition": _attachment(f"dossier-{student.student_number}.json")},
    )


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    # The document is self-contained (inline CSS, system fonts): nothing is fetched, so
    # no text in a record can make the server reach out to a URL or a local file.
    raise ValueError(f"Geen externe bronnen in een dossier-pdf: {url}")


def render_record_pdf(*, request: AuthenticatedHttpRequest, student: Student) -> bytes:
    """The complete record as a readable A4 document (WeasyPrint)."""
    from weasyprint import HTML  # heavy import, needed only here

    record = records.build_record(student)
    html = render_to_string(
        "students/record_pdf.html",
        {
            "student": student,
            "export": _export_header(request, student),
            "generated_at": timezone.localtime(),
            "sections": records.record_blocks(record),
        },
    )
    # PDF/UA-1: a tagged PDF (headings, tables, reading order, language, title) that screen
    # readers can follow — a student's right of access includes a readable copy.
    return HTML(string=html, url_fetcher=_refuse_fetch).write_pdf(pdf_variant="pdf/ua-1")


@login_required
@require_GET
@never_cache
def record_pdf(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    """Everything the system holds on one student, as a document to hand over."""
    student = _student_for_record_export(request, uuid)
    return HttpResponse(
        render_record_pdf(request=request, student=student),
        content_type="application/pdf",
        headers={"Content-Disposition": _attachment(f"dossier-{student.student_number}.pdf")},
    )
