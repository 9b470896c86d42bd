"""The caseload as CSV: the lines themselves (streamed by the web worker for an ordinary
caseload) and the export job that a Celery worker makes for a large one.

A job's file holds student data: it goes to the default storage under an unguessable
name, only the user who asked can download it, and it is deleted with its job after
``CASELOAD_EXPORT_RETENTION``. The access log gets one line per student in the file when
the file is downloaded — the moment the data leaves, as with the streamed file.
"""

import csv
import secrets
import tempfile
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from entree.accounts.models import User
from entree.audit.models import Channel
from entree.audit.services import access_record_many
from entree.core.models import field_label
from entree.core.tasks import enqueue_on_commit
from students import selectors
from students.models import (
    CaseloadExport,
    ExportStatus,
    LearningPath,
    Profile,
    RecordPart,
    Status,
    Student,
)

#: The access-log part of a caseload CSV, one line per student in the file.
CASELOAD_EXPORT_PART = RecordPart.CASELOAD_EXPORT
#: Server-side cursor batch: memory stays flat for a caseload of any size.
CSV_CHUNK_SIZE = 2000
#: A spreadsheet runs a cell that starts with one of these as a formula (OWASP: CSV
#: injection); a leading quote makes it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Where job files go in the default storage (never served by a URL of its own).
EXPORT_FOLDER = "caseload-exports"


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


def csv_lines(students: QuerySet[Student], *, log: Callable[[list[UUID]], object]) -> Iterator[str]:
    """The file, chunk by chunk. The header goes out at once; ``log`` gets each chunk's
    students (one INSERT for the chunk) just before its rows are handed out, so the log
    holds exactly what left, and the first byte waits for nothing."""
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


def caseload_for_export(*, user: User, filters: QueryDict) -> QuerySet[Student]:
    """The students of the caseload page for ``user`` with ``filters`` — same visibility,
    same filters. An invalid filter raises ``ValidationError`` (never everyone instead)."""
    # The filters read only the user from the request ("mine"); a worker has no request.
    request = HttpRequest()
    request.user = user
    filterset = selectors.StudentFilter(
        filters, queryset=selectors.caseload_for_user(user), request=request
    )
    return filterset.qs


def caseload_export_is_large(students: QuerySet[Student]) -> bool:
    """More rows than a web worker should write: then a Celery worker makes the file."""
    threshold: int = settings.CASELOAD_EXPORT_ASYNC_THRESHOLD
    return students.order_by()[: threshold + 1].count() > threshold


def _filters_of(export: CaseloadExport) -> QueryDict:
    query = QueryDict(mutable=True)
    for name, values in export.filters.items():
        query.setlist(name, values)
    return query


@transaction.atomic
def caseload_export_start(*, user: User, filters: QueryDict) -> CaseloadExport:
    """Record the request and queue the job once the transaction commits.

    The filters are checked first: an invalid one raises ``ValidationError`` and starts
    nothing."""
    caseload_for_export(user=user, filters=filters)  # raises on an invalid filter
    export = CaseloadExport.objects.create(user=user, filters=dict(filters.lists()))
    from students.tasks import build_caseload_export  # the task imports this module

    enqueue_on_commit(build_caseload_export, str(export.uuid))
    return export


@transaction.atomic
def caseload_export_build(*, export_uuid: UUID | str) -> CaseloadExport | None:
    """Write the job's file to the default storage and mark the job done.

    Idempotent: a job that is already done (a redelivered task) is left alone, a job that
    was interrupted is written again from the start into a new file. Returns the job, or
    ``None`` when it no longer exists (purged)."""
    export = CaseloadExport.objects.select_for_update().filter(uuid=export_uuid).first()
    if export is None or export.status == ExportStatus.KLAAR:
        return export
    old_file = export.file_name
    students = caseload_for_export(user=export.user, filters=_filters_of(export))
    uuids: list[UUID] = []
    with tempfile.TemporaryFile() as buffer:
        for text in csv_lines(students, log=uuids.extend):
            buffer.write(text.encode("utf-8"))
        buffer.seek(0)
        random_name = f"{EXPORT_FOLDER}/{secrets.token_urlsafe(32)}.csv"
        name = default_storage.save(random_name, File(buffer))
    if old_file:
        default_storage.delete(old_file)
    CaseloadExport.objects.filter(pk=export.pk).update(
        file_name=name,
        student_uuids=uuids,
        row_count=len(uuids),
        status=ExportStatus.KLAAR,
        finished_at=timezone.now(),
    )
    export.refresh_from_db()
    return export


def caseload_export_run(*, export_uuid: UUID | str) -> None:
    """The task's body: build the file; on any failure mark the job failed (the user
    sees a message instead of a page that waits forever) and let the error propagate."""
    CaseloadExport.objects.filter(uuid=export_uuid, status=ExportStatus.WACHTRIJ).update(
        status=ExportStatus.BEZIG
    )
    try:
        caseload_export_build(export_uuid=export_uuid)
    except Exception:
        CaseloadExport.objects.filter(uuid=export_uuid).exclude(status=ExportStatus.KLAAR).update(
            status=ExportStatus.MISLUKT, finished_at=timezone.now()
        )
        raise


def caseload_export_log_download(*, export: CaseloadExport, path: str) -> int:
    """One access-log line per student in the file, as the streamed export writes them."""
    written = 0
    for start in range(0, len(export.student_uuids), CSV_CHUNK_SIZE):
        written += access_record_many(
            user=export.user,
            student_uuids=export.student_uuids[start : start + CSV_CHUNK_SIZE],
            part=CASELOAD_EXPORT_PART,
            channel=Channel.EXPORT,
            path=path,
        )
    return written


def caseload_exports_purge(*, now: datetime | None = None) -> int:
    """Delete every job older than the retention, with its file. Returns how many."""
    cutoff = (now or timezone.now()) - settings.CASELOAD_EXPORT_RETENTION
    purged = 0
    for export in CaseloadExport.objects.filter(created_at__lt=cutoff).only("uuid", "file_name"):
        if export.file_name:
            default_storage.delete(export.file_name)
        export.delete()
        purged += 1
    return purged
