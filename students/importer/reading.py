"""Reading the import file: the encoding (UTF-8, with or without byte order mark), the
delimiter, the header with its required columns, and rows of the header's width.
Problems with the file as a whole raise ``FileError``; nothing is validated per row here.

The student import reads its own columns (``STUDENT_FILE``); another import from the SIS
(the outflow import, ``outflow.importer``) passes its own ``FileFormat`` and shares the
rest: the same encodings, delimiters and messages for the same mistakes."""

import csv
import io
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .columns import ALIASES, COLUMNS, REQUIRED_COLUMNS, normalise
from .result import ImportResult, Problem


@dataclass(frozen=True)
class FileFormat:
    """The header an import accepts: its column names (normalised), the required ones and
    the aliases (a normalised header → its column name)."""

    columns: Collection[str]
    required: Sequence[str]
    aliases: Mapping[str, str]


STUDENT_FILE = FileFormat(columns=COLUMNS, required=REQUIRED_COLUMNS, aliases=ALIASES)


class FileError(Exception):
    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.problem = Problem(line, message)


def _decode(data: bytes) -> str:
    if data.startswith(b"PK\x03\x04"):
        raise FileError(
            _(
                "dit is een Excel-bestand, geen CSV-bestand. Kies in Excel 'Opslaan als' "
                "en dan 'CSV UTF-8 (door komma's gescheiden)'."
            )
        )
    try:
        return data.decode("utf-8-sig")  # with or without byte order mark
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise FileError(
            _(
                "het bestand is geen UTF-8: deze regel bevat een teken dat niet te lezen "
                "is. Sla het bestand op als 'CSV UTF-8' en probeer het opnieuw."
            ),
            line=line,
        ) from None


def read_rows(
    data: bytes, result: ImportResult, file_format: FileFormat = STUDENT_FILE
) -> list[tuple[int, dict[str, str]]]:
    """The data rows as ``(line, {column: cell})``; file-level problems raise FileError."""
    text = _decode(data)
    if not text.strip():
        raise FileError(_("het bestand is leeg."))
    first_line = next(line for line in text.splitlines() if line.strip())
    # The delimiter is whichever of ; and , the header uses (Excel picks by locale).
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    # The csv module refuses a field over 128 KiB with the same error as a broken quote.
    # Read any field the file can hold; the column's own length rule then names the line
    # and the column (the upload size limit bounds the file).
    if csv.field_size_limit() <= len(text):
        csv.field_size_limit(len(text) + 1)
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
            _refuse_nul(row, header, start)
            if header is None:
                header, header_line = _header(row, start, result, file_format), start
                continue
            if len(row) > len(header) and not any(c.strip() for c in row[len(header) :]):
                row = row[: len(header)]  # trailing empty cells
            if len(row) != len(header):
                raise FileError(
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
        raise FileError(
            _("deze regel is geen geldige CSV; controleer de aanhalingstekens."),
            line=reader.line_num,
        ) from None
    if header is None:  # only blank lines, or rows of only delimiters
        raise FileError(
            _("het bestand bevat alleen lege regels; de eerste regel moet de kopregel zijn."),
            line=1,
        )
    if not records:
        raise FileError(
            _("het bestand bevat alleen een kopregel en geen studenten."), line=header_line
        )
    return records


def _refuse_nul(row: list[str], header: list[str] | None, line: int) -> None:
    """A NUL character is never text (a binary file or a broken export), and PostgreSQL
    cannot store it: refuse the file here, so a trial run says what the import would."""
    for index, cell in enumerate(row):
        if "\x00" in cell:
            name = header[index] if header is not None and index < len(header) else ""
            raise FileError(
                _(
                    "kolom %(column)s bevat een onzichtbaar nulteken (NUL). Dat hoort niet in "
                    "een CSV-bestand; sla het bestand opnieuw op als 'CSV UTF-8'."
                )
                % {"column": name or index + 1},
                line=line,
            )


def _header(
    row: list[str], line: int, result: ImportResult, file_format: FileFormat = STUDENT_FILE
) -> list[str]:
    """Column names of the header (``""`` for a column to ignore); checks the required."""
    names = []
    seen = set()
    for cell in row:
        name = normalise(cell)
        name = file_format.aliases.get(name, name)
        if name in seen:
            raise FileError(
                _("de kolom %(column)s staat twee keer in de kopregel.") % {"column": name},
                line=line,
            )
        if name and name not in file_format.columns:
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
    missing = [name for name in file_format.required if name not in seen]
    if missing:
        hint = (
            _("Scheid de kolommen met een puntkomma of een komma.")
            if len(row) == 1  # another delimiter (a tab?): the whole line is one column
            else _("Zie het importformaat voor de kolomnamen.")
        )
        raise FileError(
            _("verplichte kolommen ontbreken in de kopregel: %(columns)s. %(hint)s")
            % {"columns": ", ".join(missing), "hint": hint},
            line=line,
        )
    return names
