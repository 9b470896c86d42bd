"""The inspectorate's national figures beside ours (entree/reports/data/README.md).

The CSV is read once per process; each table asks for the reference table that measures
the same thing and gets it in its own row and column codes. Only the latest cohort of
the reference is shown (the report compares, it does not chart the national trend).
"""

import csv
from functools import cache
from pathlib import Path

from entree.reports.report import NationalFigure

CSV = Path(__file__).resolve().parent.parent / "data" / "national_reference_inspectie_2018.csv"
SOURCE = "Inspectie van het Onderwijs, Themaonderzoek entreeopleidingen (2018), tabel {table}"

#: The reference's codes that differ from ours.
_CODES = {
    "vo_incl_vbo": "vo_met_diploma",  # "vo (incl. vbo)": old lbo/vbo/lwt diplomas
    "terug_naar_onderwijs": "onderwijs",  # CBS: back in education (part of "anders")
    "n": "totaal",  # the number of students the percentages are of
    "all": "totaal",  # the whole group: our table's total row
}


@cache
def _reference() -> tuple[dict[str, str], ...]:
    with CSV.open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


def _cohort_label(cohort: str) -> str:
    if "@" in cohort:  # leavers_2014_2015@oktober_2015
        leavers, _, moment = cohort.partition("@")
        first, second = leavers.split("_")[1:3]
        return f"uitstromers {first}-{second}, {moment.replace('_', ' ')}"
    return f"cohort {cohort}-{int(cohort) + 1}"


def reference(
    table: str, *, category_is_row: bool = False, column: str = "", moment: str = ""
) -> list[NationalFigure]:
    """The reference's figures of ``table`` in our codes.

    ``category_is_row``: the reference's categories are our rows (inflow tables, one
    column "aantal"); otherwise its groups are our rows and its categories our columns,
    or all go to ``column``. ``moment`` picks a measurement ("oktober_2015") instead of
    the latest cohort.
    """
    rows = [row for row in _reference() if row["table"] == table]
    if moment:
        rows = [row for row in rows if row["cohort"].endswith(moment)]
    elif rows:
        latest = max(row["cohort"] for row in rows)
        rows = [row for row in rows if row["cohort"] == latest]
    figures = []
    for row in rows:
        group = row["group"].partition("=")[2] or row["group"]
        category = _CODES.get(row["category"], row["category"])
        if category_is_row:
            row_code, column_code = category, "aantal"
        else:
            row_code = _CODES.get(group, group)
            column_code = column if column and category != "totaal" else category
        figures.append(
            NationalFigure(
                row=row_code,
                column=column_code,
                value=float(row["value"]),
                unit=row["unit"],
                cohort=_cohort_label(row["cohort"]),
                source=SOURCE.format(table=table),
            )
        )
    return figures
