"""Exports: the caseload as CSV, and one student's complete record as JSON and PDF — the
right of access (AVG art. 15).

Every export is logged in the access log before any data leaves: the record exports
through ``student_access``, the caseload CSV with one line per exported student.
"""

import csv
import json
from collections.abc import Callable, Iterator
from typing import Any, NoReturn, cast
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from entree.accounts.roles import works_with_students
from entree.audit.models import Channel
from entree.audit.services import access_record_many
from entree.core import records
from entree.core.models import field_label
from entree.core.types import AuthenticatedHttpRequest
from students import selectors
from students.models import LearningPath, Profile, RecordPart, Status, Student
from students.record import access_log_entries

#: The access-log part of a complete-record export (JSON and PDF alike).
RECORD_EXPORT_PART = RecordPart.VOLLEDIG_DOSSIER
#: The access-log part of a caseload CSV, one line per student in the file.
CASELOAD_EXPORT_PART = RecordPart.CASELOAD_EXPORT
#: Server-side cursor batch: memory stays flat for a caseload of any size.
CSV_CHUNK_SIZE = 2000
#: A spreadsheet runs a cell that starts with one of these as a formula (OWASP: CSV
#: injection); a leading quote makes it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _attachment(filename: str) -> str:
    # Django returns None only when there is neither an attachment nor a filename.
    return cast(str, content_disposition_header(as_attachment=True, filename=filename))


# --- The caseload as CSV ------------------------------------------------------------------


class _Echo:
    """A file-like object whose ``write`` hands the line back, for ``csv.writer``."""

    def write(self, value: str) -> str:
        return value


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _csv_header() -> list[str]:
    fields = [
        "student_number",
        "last_name",
        "last_name_prefix",
        "first_name",
        "status",
        "team",
        "regiehouder",
        "cohort",
        "learning_path",
        "profile",
    ]
    return [field_label(Student, name) for name in fields] + [_("signalen")]


def _labels() -> dict[str, dict[str, str]]:
    """Every choice label translated once per file, not once per row (a team can have
    thousands of students, and a lazy label is translated again at every use)."""
    return {
        "status": {code: str(label) for code, label in Status.choices},
        "learning_path": {code: str(label) for code, label in LearningPath.choices},
        "profile": {code: str(label) for code, label in Profile.choices},
    }


def _csv_row(student: Student, labels: dict[str, dict[str, str]]) -> list[str]:
    return [
        student.student_number,
        student.last_name,
        student.last_name_prefix,
        student.first_name,
        labels["status"].get(student.status, student.status),
        student.team.name,
        student.regiehouder.get_full_name() if student.regiehouder else "",
        student.cohort,
        labels["learning_path"].get(student.learning_path, student.learning_path),
        labels["profile"].get(student.profile, student.profile),
        ", ".join(str(signal.label) for signal in selectors.signals_of(student)),
    ]


def _csv_lines(
    students: QuerySet[Student], *, log: Callable[[list[UUID]], object]
) -> Iterator[str]:
    """The file, chunk by chunk. The header goes out at once; each chunk of students is
    written to the access log (one INSERT for the chunk) just before its rows leave, so
    the log holds exactly what left, and the first byte waits for nothing."""
    writer = csv.writer(_Echo(), delimiter=";")
    # The byte-order mark makes Excel read the file as UTF-8 (ë, é, ï in names).
    yield "\ufeff" + writer.writerow([_cell(value) for value in _csv_header()])
    labels = _labels()
    chunk: list[Student] = []
    for student in students.iterator(chunk_size=CSV_CHUNK_SIZE):
        chunk.append(student)
        if len(chunk) == CSV_CHUNK_SIZE:
            yield _csv_chunk(chunk, writer, labels, log)
            chunk = []
    if chunk:
        yield _csv_chunk(chunk, writer, labels, log)


def _csv_chunk(
    chunk: list[Student],
    writer: Any,
    labels: dict[str, dict[str, str]],
    log: Callable[[list[UUID]], object],
) -> str:
    log([student.uuid for student in chunk])
    return "".join(writer.writerow([_cell(v) for v in _csv_row(s, labels)]) for s in chunk)


@login_required
@require_GET
@never_cache
def caseload_csv(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """The caseload as on the page — same visibility, same filters — as a CSV file.

    1. Only for users who work with students (the same 404 as the caseload page).
    2. The filters of the page; an invalid value gives 400, never a file with more
       students than were asked for.
    3. One access-log line per student in the file, written one INSERT per chunk of
       2,000 just *before* that chunk leaves: an interrupted download leaves the trace of
       what it sent, and the first byte does not wait for a team-wide INSERT.
    4. Rows stream through a server-side cursor, in a constant number of queries per
       chunk.
    """
    if not works_with_students(request.user):
        raise Http404
    filterset = selectors.StudentFilter(
        request.GET, queryset=selectors.caseload_for_user(request.user), request=request
    )
    try:
        students = filterset.qs
    except ValidationError as error:
        messages = [str(m) for m in error.messages]
        return HttpResponseBadRequest(" ".join(messages), content_type="text/plain; charset=utf-8")
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
        _csv_lines(students, log=log),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": _attachment(filename)},
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
