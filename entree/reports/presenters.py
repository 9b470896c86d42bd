"""The report laid out for the dashboard and the CSV: each cell beside last year's, the
national figures beside ours, a table's chart. Only rearranges what the :class:`Report`
holds — a suppressed cell stays suppressed, nothing is recomputed from counts.
"""

import csv
import io
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from entree.reports.charts import chart_data_uri, chart_description
from entree.reports.report import Cell, NationalFigure, Report, Row, Table

#: A spreadsheet runs a cell that starts with one of these as a formula (OWASP: CSV
#: injection); a leading quote makes it text — as the caseload CSV does.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ShownCell:
    cell: Cell
    previous: Cell | None  # the same row and column last school year, if it has one


@dataclass(frozen=True)
class ShownRow:
    row: Row
    cells: list[ShownCell]
    total: ShownCell | None


@dataclass(frozen=True)
class ShownNational:
    figure: NationalFigure
    where: str  # "bol · Diploma", or "" for the table as a whole
    ours: Cell | None  # our cell for the same row and column, if there is one


@dataclass(frozen=True)
class ShownTable:
    table: Table
    rows: list[ShownRow]
    total: ShownRow | None
    has_totals: bool
    national: list[ShownNational]
    sources: list[str]  # "<source>, <cohort>" of the national figures, each once
    chart_src: str  # a data: URI of the chart SVG (the CSP allows data: images), or ""
    chart_alt: str


def _cells_by_code(table: Table | None) -> dict[tuple[str, str], Cell]:
    """(row code, column code) → cell, with "totaal" as the column of row totals."""
    if table is None:
        return {}
    found: dict[tuple[str, str], Cell] = {}
    rows = [*table.rows, *([table.total] if table.total else [])]
    for row in rows:
        for (column, _label), cell in zip(table.columns, row.cells, strict=False):
            found[(row.code, column)] = cell
        if row.total is not None:
            found[(row.code, "totaal")] = row.total
    return found


def _shown_row(row: Row, table: Table, previous: dict[tuple[str, str], Cell]) -> ShownRow:
    cells = [
        ShownCell(cell=cell, previous=previous.get((row.code, column)))
        for (column, _label), cell in zip(table.columns, row.cells, strict=False)
    ]
    total = (
        ShownCell(cell=row.total, previous=previous.get((row.code, "totaal")))
        if row.total is not None
        else None
    )
    return ShownRow(row=row, cells=cells, total=total)


def _national(table: Table, ours: dict[tuple[str, str], Cell]) -> list[ShownNational]:
    rows = {row.code: row.label for row in table.rows}
    # The column says nothing when there is only one ("Studenten").
    columns = dict(table.columns) if len(table.columns) > 1 else {}
    shown = []
    for figure in table.national:
        parts = [rows.get(figure.row, ""), columns.get(figure.column, "")]
        shown.append(
            ShownNational(
                figure=figure,
                where=" · ".join(part for part in parts if part),
                ours=ours.get((figure.row, figure.column)),
            )
        )
    return shown


def shown_table(table: Table) -> ShownTable:
    previous = _cells_by_code(table.previous)
    return ShownTable(
        table=table,
        rows=[_shown_row(row, table, previous) for row in table.rows],
        total=_shown_row(table.total, table, previous) if table.total else None,
        has_totals=any(row.total is not None for row in table.rows),
        national=_national(table, _cells_by_code(table)),
        sources=list(dict.fromkeys(f"{f.source}, {f.cohort}" for f in table.national)),
        # An image, not inline SVG: the page's CSP forbids inline styles.
        chart_src=chart_data_uri(table),
        chart_alt=chart_description(table) if table.chart else "",
    )


def table_find(report: Report, key: str) -> Table | None:
    for block in report.blocks:
        for table in block.tables:
            if table.key == key:
                return table
    return None


# --- CSV -------------------------------------------------------------------------------------


def _text(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _percent(cell: Cell | None) -> str:
    if cell is None or cell.percent is None:
        return ""
    return number_format(cell.percent, decimal_pos=1)


def table_csv(table: Table) -> str:
    """One table as CSV for a Dutch spreadsheet: semicolons and a byte-order mark as the
    caseload CSV, a header row, one line per row and the totals last. Suppressed cells
    read "<5" or "x", as everywhere. When the table has percentages, each count column is
    followed by its percentage (decimal comma)."""
    with_totals = any(row.total is not None for row in table.rows)
    with_percent = bool(table.percent_of)
    header = [table.row_header]
    for _code, label in table.columns:
        header.append(label)
        if with_percent:
            header.append(_("%(column)s (%%)") % {"column": label})
    if with_totals:
        header.append(_("Totaal"))
        if with_percent:
            header.append(_("Totaal (%)"))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_text(value) for value in header])
    for row in [*table.rows, *([table.total] if table.total else [])]:
        line = [row.label]
        cells: list[Cell | None] = list(row.cells)
        if with_totals:
            cells.append(row.total)
        for cell in cells:
            line.append(cell.display if cell else "")
            if with_percent:
                line.append(_percent(cell))
        writer.writerow([_text(value) for value in line])
    return "\ufeff" + out.getvalue()
