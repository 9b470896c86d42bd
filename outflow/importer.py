"""Import outflow from the student information system (SIS) as a CSV file.

The file format is documented for the people who make the export in
``docs/import-format.md`` ("Uitstroom importeren"); keep the two in step. The rules:

1. Every row is registered with the same service as the outflow page and the API
   (:func:`outflow.services.outflow_register`, with ``via_import``), so the same mistake
   gets the same Dutch message wherever it is made. The service's rules all apply: an
   active student, a valid date and destination, an uitstroomcoördinator of the team who
   takes over the regie (a team without one is refused), the Doorstroompunt (RMC) row for
   a drop-out. The SIS does not know the plan: no plan version is written, the outflow
   links the plan's current version (or none).
2. All or nothing: all rows run in one transaction, each in its own savepoint, so a
   refused row leaves nothing behind and every row's problems are collected. One problem
   anywhere, or a dry run, and the whole transaction is rolled back — a dry run does
   exactly what the import would do, so the two never disagree.
3. The functioneel beheerder who imports is recorded as who registered the outflow and
   who transferred the regie (the SIS, not a person in the team, says the student left).
4. Messages name the line, the column and the service's message, never a student's name.

Queries: unlike the student import this costs a few dozen queries per row (the service
locks and checks each student and writes its outflow, checklist, status and regie log).
An outflow file is small — a few hundred rows a year per institution — so clarity and
one rule for page, API and import win over batching.
"""

from dataclasses import dataclass, field
from datetime import date

import pghistory
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from entree.accounts.models import Institution, User
from entree.accounts.roles import administers
from entree.audit.models import Channel
from entree.audit.services import access_record_many
from students.importer.columns import normalise
from students.importer.planner import parse_date, shown
from students.importer.reading import FileError, FileFormat, read_rows
from students.importer.result import ImportResult, Problem
from students.models import RecordPart, Student

from .services import OutflowData, coordinators_for, outflow_register

#: Column → the field of ``OutflowData`` it fills (``uitstroomcoordinator``: the service's
#: ``coordinator``). ``docs/import-format.md`` documents the same columns.
COLUMNS = {
    "studentnummer": "student_number",
    "datum_uitstroom": "left_on",
    "diploma": "diploma",
    "bestemming": "destination",
    "toelichting": "destination_note",
    "certificaat": "with_certificate",
    "mbo_verklaring": "with_mbo_verklaring",
    "praktijkverklaring": "with_praktijkverklaring",
    "eindgesprek": "exit_interview_on",
    "uitstroomcoordinator": "coordinator",
}
REQUIRED_COLUMNS = ["studentnummer", "datum_uitstroom", "diploma", "bestemming"]
#: Headers that SIS exports commonly use for the same column (after normalising).
ALIASES = {
    "uitstroomdatum": "datum_uitstroom",
    "datum_uitschrijving": "datum_uitstroom",
    "einddatum": "datum_uitstroom",
    "gediplomeerd": "diploma",
    "entreediploma": "diploma",
    "bestemmingscode": "bestemming",
    "uitstroombestemming": "bestemming",
    "uitstroomcoördinator": "uitstroomcoordinator",
    "coordinator": "uitstroomcoordinator",
    "coördinator": "uitstroomcoordinator",
    "datum_eindgesprek": "eindgesprek",
    "opmerking": "toelichting",
    "mbo_verklaring_praktijk": "praktijkverklaring",
}
OUTFLOW_FILE = FileFormat(columns=COLUMNS, required=REQUIRED_COLUMNS, aliases=ALIASES)
#: A service field → the column to name in its message.
FIELD_COLUMNS = {name: column for column, name in COLUMNS.items()} | {
    "exit_interview_notes": "eindgesprek",
}
_YES = frozenset({"ja", "j", "1", "waar", "true", "yes"})
_NO = frozenset({"nee", "n", "0", "onwaar", "false", "no", ""})


@dataclass(frozen=True)
class RegisteredRow:
    """One line that registers (or, in a dry run, would register) an outflow: no names."""

    line: int
    student_number: str
    destination: str
    dropout: bool


@dataclass
class OutflowImportResult(ImportResult):
    """The student import's result (its problems and ``ok``), with the outflows."""

    registered: list[RegisteredRow] = field(default_factory=list)


class _Rollback(Exception):
    """Raised inside the transaction to undo a dry run or an import with problems."""


def outflow_import(
    *, institution: Institution, data: bytes, by: User, dry_run: bool
) -> OutflowImportResult:
    """Register the outflow of every row of the CSV ``data``; nothing if any row is
    refused or on a dry run. Errors are returned in the result, not raised.

    Preconditions: ``by`` is a functioneel beheerder (``administers``); the command line
    names one too, since the regie log records who transferred the regie.
    """
    if not administers(by):
        raise PermissionDenied(_("Alleen de functioneel beheerder kan uitstroom importeren."))
    result = OutflowImportResult(dry_run=dry_run)
    try:
        records = read_rows(data, result, OUTFLOW_FILE)
    except FileError as error:
        result.file_errors.append(error.problem)
        return result

    numbers = {cells["studentnummer"].strip() for _line, cells in records}
    students = {
        s.student_number: s
        for s in Student.objects.filter(
            institution=institution, student_number__in=numbers
        ).select_related("team")
    }
    if students:
        access_record_many(
            user=by,
            student_uuids=[s.uuid for s in students.values()],
            part=RecordPart.IMPORT_PROEF if dry_run else RecordPart.IMPORT,
            channel=Channel.IMPORT,
        )
    try:
        context = pghistory.context(user=by.pk, import_by=by.pk, source="import")
        with context, transaction.atomic():
            seen: dict[str, int] = {}
            for line, cells in records:
                _register_row(line, cells, students, seen, by, result)
            if dry_run or not result.ok:
                raise _Rollback
    except _Rollback:
        return result
    result.written = True
    return result


def _register_row(
    line: int,
    cells: dict[str, str],
    students: dict[str, Student],
    seen: dict[str, int],
    by: User,
    result: OutflowImportResult,
) -> None:
    number = cells["studentnummer"].strip()

    def refuse(messages: list[str]) -> None:
        result.errors.extend(Problem(line, message, number) for message in messages)

    if not number:
        refuse([_("studentnummer: vul het studentnummer in.")])
        return
    if number in seen:
        refuse(
            [
                _("studentnummer: dit studentnummer staat al op regel %(line)s.")
                % {"line": seen[number]}
            ]
        )
        return
    seen[number] = line
    student = students.get(number)
    if student is None:
        refuse([_("studentnummer: dit studentnummer is onbekend in deze instelling.")])
        return
    errors: list[str] = []
    data = _outflow_data(cells, errors)
    coordinator = _coordinator(student, cells.get("uitstroomcoordinator", ""), errors)
    if errors or data is None:
        refuse(errors)
        return
    try:
        with transaction.atomic():  # a refused row leaves nothing behind
            outflow = outflow_register(
                student=student, by=by, data=data, coordinator=coordinator, via_import=True
            )
    except ValidationError as error:
        refuse(_messages(error))
        return
    result.registered.append(RegisteredRow(line, number, outflow.destination, outflow.dropout))


def _outflow_data(cells: dict[str, str], errors: list[str]) -> OutflowData | None:
    """The row as the service's data; problems with the cells' form go to ``errors``
    (what the service checks — a missing date, an unknown destination — is left to it)."""
    dates: dict[str, date | None] = {}
    for column in ("datum_uitstroom", "eindgesprek"):
        raw = cells.get(column, "").strip()
        dates[column] = None
        if raw:
            try:
                dates[column] = parse_date(raw)
            except ValueError as error:
                errors.append(f"{column}: {error}")
    flags: dict[str, bool] = {}
    for column in ("diploma", "certificaat", "mbo_verklaring", "praktijkverklaring"):
        raw = cells.get(column, "").strip().lower()
        flags[column] = raw in _YES
        if raw not in _YES | _NO:
            errors.append(
                _("%(column)s: '%(value)s' is geen ja of nee.")
                % {"column": column, "value": shown(raw)}
            )
    if errors:
        return None
    return OutflowData(
        left_on=dates["datum_uitstroom"],
        diploma=flags["diploma"],
        destination=normalise(cells.get("bestemming", "")),
        destination_note=cells.get("toelichting", "").strip(),
        with_certificate=flags["certificaat"],
        with_mbo_verklaring=flags["mbo_verklaring"],
        with_praktijkverklaring=flags["praktijkverklaring"],
        exit_interview_on=dates["eindgesprek"],
    )


def _coordinator(student: Student, email: str, errors: list[str]) -> User | None:
    """The named uitstroomcoördinator, or the team's only one when none is named. The
    service refuses a team without one, none named among several, and a coordinator of
    another team — with the same message as on the page."""
    email = email.strip().lower()
    if not email:
        candidates = coordinators_for(student)
        return candidates[0] if len(candidates) == 1 else None
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        errors.append(_("uitstroomcoordinator: er is geen account met dit e-mailadres."))
    return user


def _messages(error: ValidationError) -> list[str]:
    """The service's messages, each with the column it is about."""
    if not hasattr(error, "error_dict"):
        return list(error.messages)
    messages = []
    for name, texts in error.message_dict.items():
        for text in texts:
            column = FIELD_COLUMNS.get(name)
            messages.append(
                text if name == NON_FIELD_ERRORS or column is None else f"{column}: {text}"
            )
    return messages
