"""Import students from the student information system (SIS) as a CSV file.

The file format is documented for the people who make the export in
``docs/import-format.md``; keep the two in step. The rules:

1. The whole file is read and every row validated before anything is written. One bad
   row and nothing changes (all-or-nothing): a half-imported file is worse than none,
   because nobody can tell which half is in (DESIGN §6 "nothing is half-saved").
2. The student number is the key (upsert per institution). A new number creates a
   student with status ``aangemeld`` and no regiehouder, so the team's mentors see the
   signal "Geen regiehouder" and one of them claims the student. A known number updates
   only the columns that are in the file — never the status or the regiehouder, which
   belong to the team, not to the SIS.
3. Importing the same file twice changes nothing the second time (idempotent): a row
   equal to the database is "ongewijzigd" and is not written.
4. A constant number of queries, whatever the number of rows: teams and existing students
   are loaded in one query each, writes go in batches.

Messages never repeat a student's personal data (names, birth dates, addresses): they
name the line, the column and what is wrong. Codes and team names are configuration and
are named, so the beheerder sees which value to correct.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date

import pghistory
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from entree.accounts.models import Institution, Team, User
from entree.accounts.roles import administers
from entree.audit.models import Channel
from entree.audit.services import access_record_many
from students.models import (
    LearningPath,
    PriorEducation,
    PriorEducationLevel,
    Profile,
    RecordPart,
    ReferralRoute,
    Status,
    Student,
    school_year_of,
)

#: Rows per INSERT/UPDATE statement: large enough for few round trips, small enough
#: for PostgreSQL's parameter limit with ~20 columns per row.
BATCH_SIZE = 500
#: Plausible ages at import; outside them the birth date is almost certainly a typo.
MIN_AGE, MAX_AGE = 12, 80


class Action(models.TextChoices):
    NIEUW = "nieuw", gettext_lazy("nieuw")
    BIJWERKEN = "bijwerken", gettext_lazy("bijwerken")
    ONGEWIJZIGD = "ongewijzigd", gettext_lazy("ongewijzigd")


@dataclass(frozen=True)
class Column:
    """One column of the import file: its Dutch header and the model field it fills.

    ``kind`` is ``text`` (an empty cell empties the field), ``code`` or ``date`` (an
    empty cell keeps the current value, a new student gets the model's default) or
    ``team`` (a team name within the institution).
    """

    name: str
    field: str
    kind: str
    required: bool = False
    choices: type[models.TextChoices] | None = None


COLUMNS = {
    c.name: c
    for c in (
        Column("studentnummer", "student_number", "text", required=True),
        Column("voornaam", "first_name", "text", required=True),
        Column("tussenvoegsel", "last_name_prefix", "text"),
        Column("achternaam", "last_name", "text", required=True),
        Column("geboortedatum", "date_of_birth", "date", required=True),
        Column("team", "team_id", "team", required=True),
        Column("leerweg", "learning_path", "code", required=True, choices=LearningPath),
        Column("uitstroomprofiel", "profile", "code", choices=Profile),
        Column("vooropleiding", "prior_education", "code", choices=PriorEducation),
        # A sub-level of geen_diploma_vo: an empty cell means "no level", like a text.
        Column(
            "niveau_vooropleiding", "prior_education_level", "text", choices=PriorEducationLevel
        ),
        Column("aangemeld_via", "referral_route", "code", choices=ReferralRoute),
        Column("email", "email", "text"),
        Column("telefoon", "phone", "text"),
        Column("adres", "address", "text"),
        Column("postcode", "postcode", "text"),
        Column("woonplaats", "city", "text"),
        Column("startdatum", "start_date", "date"),
    )
}
REQUIRED_COLUMNS = [c.name for c in COLUMNS.values() if c.required]
#: Headers that SIS exports commonly use for the same column.
ALIASES = {
    "e_mail": "email",
    "e_mailadres": "email",
    "emailadres": "email",
    "telefoonnummer": "telefoon",
}
#: Model field → column, to say which column a model validation error is about.
#: Students whose start date the import leaves alone.
STARTED_STATUSES = frozenset({Status.ACTIEF, Status.UITGESTROOMD, Status.NAZORG})

FIELD_COLUMNS = {c.field: c.name for c in COLUMNS.values()} | {"cohort": "startdatum"}

_DMY = re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_SEPARATORS = re.compile(r"[\s\-]+")


@dataclass(frozen=True)
class Problem:
    """An error (or warning) with the line of the file it is about (``None``: the file)."""

    line: int | None
    message: str
    student_number: str = ""

    def __str__(self) -> str:
        if self.line is None:
            return self.message[:1].upper() + self.message[1:]
        return _("Regel %(line)s: %(message)s") % {"line": self.line, "message": self.message}


@dataclass(frozen=True)
class PlannedRow:
    """What the import does (or would do) with one line of the file."""

    line: int
    student_number: str
    action: str
    #: For an update: the columns whose value changes (names only, never values).
    columns: tuple[str, ...] = ()

    @property
    def action_label(self) -> str:
        return Action(self.action).label


@dataclass
class ImportResult:
    dry_run: bool
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    file_errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    #: True once the changes are in the database (never for a dry run).
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors and not self.file_errors

    @property
    def changes(self) -> list[PlannedRow]:
        return [row for row in self.rows if row.action != Action.ONGEWIJZIGD]


class _FileError(Exception):
    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.problem = Problem(line, message)


@transaction.atomic
def students_import(
    *, institution: Institution, data: bytes, by: User | None, dry_run: bool
) -> ImportResult:
    """Validate every row of the CSV ``data``; unless ``dry_run`` or any error, write them.

    Preconditions: ``by`` administers the system (the functioneel beheerder), or is
    ``None`` for the command line, whose operator has shell access anyway. Errors are
    returned in the result, not raised: the caller shows all of them at once.
    """
    if by is not None and not administers(by):
        raise PermissionDenied(_("Alleen de functioneel beheerder kan studenten importeren."))
    result = ImportResult(dry_run=dry_run)
    try:
        records = _read(data, result)
    except _FileError as error:
        result.file_errors.append(error.problem)
        return result

    # 1. Two queries, whatever the number of rows: the teams and the known students.
    teams = _teams_by_name(institution)
    numbers = {cells["studentnummer"].strip() for _line, cells in records}
    existing_qs = Student.objects.filter(institution=institution, student_number__in=numbers)
    if not dry_run:  # nobody changes these rows between our check and our write
        existing_qs = existing_qs.select_for_update()
    existing = {s.student_number: s for s in existing_qs}
    if by is not None and existing:
        # Even a trial run tells whether a row matches a stored record ("unchanged" or
        # "update"), so every matched student gets a line in the access log.
        access_record_many(
            user=by,
            student_uuids=[s.uuid for s in existing.values()],
            part=RecordPart.IMPORT_PROEF if dry_run else RecordPart.IMPORT,
            channel=Channel.IMPORT,
        )

    # 2. Validate and plan every row.
    planner = _RowPlanner(institution, teams, existing, timezone.localdate(), result)
    for line, cells in records:
        planner.plan(line, cells)
    if not result.ok or dry_run:
        return result

    # 3. Write, recorded in the audit trail (pghistory triggers see bulk writes too).
    context = {"import_by": by.pk if by else None, "source": "import"}
    if by is not None:
        context["user"] = by.pk  # so the write log names the beheerder as the actor
    try:
        with pghistory.context(**context), transaction.atomic():
            Student.objects.bulk_create(planner.new, batch_size=BATCH_SIZE)
            if planner.changed:
                now = timezone.now()
                for student in planner.changed:
                    student.updated_at = now
                Student.objects.bulk_update(
                    planner.changed,
                    fields=sorted(planner.changed_fields | {"updated_at"}),
                    batch_size=BATCH_SIZE,
                )
    except IntegrityError:  # someone created one of these numbers a moment ago
        result.file_errors.append(
            Problem(
                None,
                _(
                    "tijdens het importeren is een van deze studentnummers ergens anders "
                    "aangemaakt. Er is niets veranderd; importeer het bestand opnieuw."
                ),
            )
        )
        return result
    result.written = True
    return result


# --- Reading the file ---------------------------------------------------------------------


def _normalise(text: str) -> str:
    return _SEPARATORS.sub("_", text.strip().lower())


def _decode(data: bytes) -> str:
    if data.startswith(b"PK\x03\x04"):
        raise _FileError(
            _(
                "dit is een Excel-bestand, geen CSV-bestand. Kies in Excel 'Opslaan als' "
                "en dan 'CSV UTF-8 (door komma's gescheiden)'."
            )
        )
    try:
        return data.decode("utf-8-sig")  # with or without byte order mark
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise _FileError(
            _(
                "het bestand is geen UTF-8: deze regel bevat een teken dat niet te lezen "
                "is. Sla het bestand op als 'CSV UTF-8' en probeer het opnieuw."
            ),
            line=line,
        ) from None


def _read(data: bytes, result: ImportResult) -> list[tuple[int, dict[str, str]]]:
    """The data rows as ``(line, {column: cell})``; file-level problems raise _FileError."""
    text = _decode(data)
    if not text.strip():
        raise _FileError(_("het bestand is leeg."))
    first_line = next(line for line in text.splitlines() if line.strip())
    # The delimiter is whichever of ; and , the header uses (Excel picks by locale).
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)

    header: list[str] | None = None
    header_line = 0
    records = []
    line = 0
    try:
        for row in reader:
            start, line = line + 1, reader.line_num
            if not any(cell.strip() for cell in row):
                continue  # blank lines, and Excel's rows of only delimiters
            if header is None:
                header, header_line = _header(row, start, result), start
                continue
            if len(row) > len(header) and not any(c.strip() for c in row[len(header) :]):
                row = row[: len(header)]  # trailing empty cells
            if len(row) != len(header):
                raise _FileError(
                    _(
                        "deze regel heeft %(found)s waarden, de kopregel %(expected)s "
                        "kolommen. Controleer het scheidingsteken en de aanhalingstekens."
                    )
                    % {"found": len(row), "expected": len(header)},
                    line=start,
                )
            cells = {name: value for name, value in zip(header, row, strict=True) if name}
            records.append((start, cells))
    except csv.Error:
        raise _FileError(
            _("deze regel is geen geldige CSV; controleer de aanhalingstekens."),
            line=reader.line_num,
        ) from None
    if not records:
        raise _FileError(
            _("het bestand bevat alleen een kopregel en geen studenten."), line=header_line
        )
    return records


def _header(row: list[str], line: int, result: ImportResult) -> list[str]:
    """Column names of the header (``""`` for a column to ignore); checks the required."""
    names = []
    seen = set()
    for cell in row:
        name = _normalise(cell)
        name = ALIASES.get(name, name)
        if name in seen:
            raise _FileError(
                _("de kolom %(column)s staat twee keer in de kopregel.") % {"column": name},
                line=line,
            )
        if name and name not in COLUMNS:
            result.warnings.append(
                Problem(
                    line,
                    _("de kolom '%(column)s' is onbekend en wordt genegeerd.")
                    % {"column": cell.strip()},
                )
            )
            name = ""
        if name:
            seen.add(name)
        names.append(name)
    missing = [name for name in REQUIRED_COLUMNS if name not in seen]
    if missing:
        hint = (
            _("Scheid de kolommen met een puntkomma of een komma.")
            if len(row) == 1  # another delimiter (a tab?): the whole line is one column
            else _("Zie het importformaat voor de kolomnamen.")
        )
        raise _FileError(
            _("verplichte kolommen ontbreken in de kopregel: %(columns)s. %(hint)s")
            % {"columns": ", ".join(missing), "hint": hint},
            line=line,
        )
    return names


def _teams_by_name(institution: Institution) -> dict[str, Team]:
    teams: dict[str, Team] = {}
    for team in Team.objects.filter(institution=institution).order_by("name"):
        teams.setdefault(team.name.strip().casefold(), team)
    return teams


def _parse_date(raw: str) -> date:
    """A date written ``dd-mm-jjjj`` or ``jjjj-mm-dd``; ValueError with a Dutch message."""
    if match := _DMY.fullmatch(raw):
        day, month, year = (int(g) for g in match.groups())
    elif match := _YMD.fullmatch(raw):
        year, month, day = (int(g) for g in match.groups())
    else:
        # The value itself is not repeated: a birth date is personal data.
        raise ValueError(_("dit is geen datum; schrijf dd-mm-jjjj of jjjj-mm-dd."))
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(_("deze datum bestaat niet (bijvoorbeeld 31 februari).")) from None


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


# --- Validating and planning the rows -----------------------------------------------------


class _RowPlanner:
    """Turns each row into a new or changed Student (in memory), or into errors."""

    def __init__(self, institution, teams, existing, today: date, result: ImportResult):
        self.institution = institution
        self.teams = teams
        self.existing = existing
        self.today = today
        self.result = result
        self.first_line: dict[str, int] = {}
        self.new: list[Student] = []
        self.changed: list[Student] = []
        self.changed_fields: set[str] = set()

    def plan(self, line: int, cells: dict[str, str]) -> None:
        number = cells["studentnummer"].strip()
        errors: list[str] = []
        if not number:
            errors.append(_("het studentnummer is leeg."))
        elif number in self.first_line:
            errors.append(
                _(
                    "studentnummer %(number)s staat ook op regel %(first)s; elk "
                    "studentnummer mag maar één keer in het bestand staan."
                )
                % {"number": number, "first": self.first_line[number]}
            )
        else:
            self.first_line[number] = line

        values = self._values(cells, errors)
        student = self.existing.get(number)
        if student is not None and student.status == Status.AFGESLOTEN and not errors:
            # A closed record may already be anonymised (retention): never refill it.
            self.result.warnings.append(
                Problem(line, _("dit dossier is afgesloten en wordt niet bijgewerkt."), number)
            )
            self._record(line, number, Action.ONGEWIJZIGD)
            return
        is_new = student is None
        if is_new:
            student = Student(
                institution=self.institution,
                student_number=number,
                status=Status.AANGEMELD,
                regiehouder=None,
            )
        self._prior_level(student, values, cells, errors)
        if errors:
            self._errors(line, number, errors)
            return

        if (
            not is_new
            and student.status in STARTED_STATUSES
            and values.get("start_date") not in (None, student.start_date)
        ):
            # Once started, the start date (and with it the cohort of the first start and
            # the study-advice deadline) belongs to the record, set by 'Opleiding starten'.
            del values["start_date"]
            self.result.warnings.append(
                Problem(
                    line,
                    _(
                        "de startdatum wijkt af van het dossier van deze gestarte student "
                        "en is niet overgenomen."
                    ),
                    number,
                )
            )
        changed = [name for name, value in values.items() if getattr(student, name) != value]
        for name in changed:
            setattr(student, name, values[name])
        if "start_date" in changed and student.start_date:
            student.cohort = school_year_of(student.start_date)
            changed.append("cohort")
        try:
            # The foreign keys were resolved from the preloaded teams; uniqueness and the
            # prior-level constraint are checked above — each of those would cost a query
            # per row in full_clean.
            student.full_clean(
                exclude=["institution", "team", "regiehouder"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            self._errors(line, number, _model_messages(error))
            return

        if is_new:
            self.new.append(student)
            self._record(line, number, Action.NIEUW)
        elif changed:
            self.changed.append(student)
            self.changed_fields.update(changed)
            columns = tuple(dict.fromkeys(FIELD_COLUMNS[name] for name in changed))
            self._record(line, number, Action.BIJWERKEN, columns)
        else:
            self._record(line, number, Action.ONGEWIJZIGD)

    def _values(self, cells: dict[str, str], errors: list[str]) -> dict:
        """Model field → cleaned value, for the columns of the file (studentnummer aside)."""
        values: dict = {}
        for name, raw in cells.items():
            column = COLUMNS[name]
            raw = raw.strip()
            if name == "studentnummer":
                continue
            if not raw:
                if column.required:
                    errors.append(_("%(column)s is leeg.") % {"column": name})
                elif column.kind == "text":
                    values[column.field] = ""
                continue  # code and date: keep the current value (or the default)
            if column.kind == "team":
                team = self.teams.get(raw.casefold())
                if team is None:
                    errors.append(
                        _("team '%(value)s' bestaat niet in %(institution)s. Teams: %(teams)s.")
                        % {
                            "value": raw,
                            "institution": self.institution.name,
                            "teams": ", ".join(t.name for t in self.teams.values()) or "—",
                        }
                    )
                else:
                    values[column.field] = team.pk
            elif column.choices is not None:
                code = _normalise(raw)
                if code in column.choices.values:
                    values[column.field] = code
                else:
                    errors.append(
                        _("%(column)s '%(value)s' is onbekend; toegestaan: %(codes)s.")
                        % {
                            "column": name,
                            "value": raw,
                            "codes": ", ".join(column.choices.values),
                        }
                    )
            elif column.kind == "date":
                try:
                    values[column.field] = _parse_date(raw)
                except ValueError as error:
                    errors.append(f"{name}: {error}")
            else:
                values[column.field] = raw.upper() if name == "postcode" else raw
        born = values.get("date_of_birth")
        if born is not None:
            if born > self.today:
                errors.append(_("geboortedatum ligt in de toekomst."))
            elif not MIN_AGE <= (age := _age(born, self.today)) <= MAX_AGE:
                errors.append(
                    _(
                        "geboortedatum geeft een leeftijd van %(age)s jaar; dat kan niet "
                        "kloppen (%(min)s tot en met %(max)s jaar)."
                    )
                    % {"age": age, "min": MIN_AGE, "max": MAX_AGE}
                )
        return values

    def _prior_level(self, student: Student, values: dict, cells: dict, errors: list) -> None:
        """The sub-level belongs only to geen_diploma_vo (the model's check constraint)."""
        prior = values.get("prior_education", student.prior_education)
        if prior == PriorEducation.GEEN_DIPLOMA_VO:
            return
        if values.get("prior_education_level"):
            errors.append(
                _("niveau_vooropleiding mag alleen ingevuld zijn bij vooropleiding %(code)s.")
                % {"code": PriorEducation.GEEN_DIPLOMA_VO.value}
            )
        elif student.prior_education_level or "niveau_vooropleiding" in cells:
            values["prior_education_level"] = ""

    def _record(self, line: int, number: str, action: Action, columns=()) -> None:
        self.result.rows.append(PlannedRow(line, number, action.value, columns))
        counter = {
            Action.NIEUW: "created",
            Action.BIJWERKEN: "updated",
            Action.ONGEWIJZIGD: "unchanged",
        }[action]
        setattr(self.result, counter, getattr(self.result, counter) + 1)

    def _errors(self, line: int, number: str, messages: list[str]) -> None:
        self.result.errors += [Problem(line, message, number) for message in messages]


def _model_messages(error: ValidationError) -> list[str]:
    """The model's own validation messages, prefixed with the column they are about."""
    messages = []
    for name, texts in error.message_dict.items():
        for text in texts:
            if name == NON_FIELD_ERRORS:
                messages.append(text)
            else:
                messages.append(f"{FIELD_COLUMNS.get(name, name)}: {text}")
    return messages
