"""The annual report as a PDF (WeasyPrint): cover, contents, one section per block with
its charts and tables, page numbers, the scope and date on every page.

Like the other PDFs of the site it is a tagged PDF (PDF/UA-1: headings, tables, figures
with their alternative text, reading order, language) and fetches nothing from outside
while rendering. Unlike them it has a stylesheet and fonts of its own, and those come
from the project's static files only: :func:`_static_only` serves files under
``static/`` and refuses every other address, so no text in a report can make the server
reach out to a URL or read a file elsewhere on disk.
"""

from dataclasses import dataclass
from datetime import datetime
from mimetypes import guess_type
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from entree.reports.presenters import ShownTable, shown_table
from entree.reports.report import Report, Table

#: The project's own static files: the only place the renderer may read from.
STATIC_DIR = Path(settings.BASE_DIR) / "static"


def _static_only() -> Any:
    """WeasyPrint's URL fetcher for the report: files under :data:`STATIC_DIR` and the
    charts' ``data:`` URIs (made by :mod:`entree.reports.charts`); any other address is
    refused, and a refusal stops the rendering instead of leaving a hole in the PDF."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # heavy import

    static_dir = STATIC_DIR.resolve()

    class StaticOnly(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            if parts.scheme == "data":
                return super().fetch(url, headers)
            if parts.scheme == "file" and not parts.netloc:
                path = Path(unquote(parts.path)).resolve()
                if path.is_file() and path.is_relative_to(static_dir):
                    mime_type = guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(
                        url, body=path.read_bytes(), headers={"Content-Type": mime_type}
                    )
            raise ValueError(f"Geen externe bronnen in een jaarverslag: {url}")

    return StaticOnly(allowed_protocols=("data", "file"), fail_on_errors=True)


@dataclass(frozen=True)
class NationalView:
    """The national figures of one table as a small table of their own: its rows and
    columns in the table's order and labels, and each source and cohort once."""

    columns: list[str]
    rows: list[tuple[str, list[str]]]
    sources: list[str]


@dataclass(frozen=True)
class NumberedTable:
    """A table as the dashboard shows it (:func:`.presenters.shown_table`: each cell beside
    last year's), numbered through the report, with its national figures as a table."""

    number: int
    anchor: str
    shown: ShownTable
    national: NationalView | None


def _ordered(codes: list[str], known: list[str]) -> list[str]:
    return [code for code in known if code in codes] + [c for c in codes if c not in known]


def _national(table: Table) -> NationalView | None:
    if not table.national:
        return None
    total_code = table.total.code if table.total else "totaal"
    row_labels = {row.code: row.label for row in table.rows}
    row_labels[total_code] = table.total.label if table.total else _("Totaal")
    row_labels.setdefault("totaal", _("Totaal"))
    column_labels = {**dict(table.columns), "totaal": _("Totaal (aantal)")}
    values: dict[tuple[str, str], str] = {}
    for figure in table.national:
        if figure.unit == "percent":
            value = f"{number_format(figure.value, decimal_pos=0)}%"
        else:
            value = number_format(figure.value, decimal_pos=0, force_grouping=True)
        values[(figure.row, figure.column)] = value
    row_codes = _ordered(list(dict.fromkeys(f.row for f in table.national)), list(row_labels))
    column_codes = _ordered(
        list(dict.fromkeys(f.column for f in table.national)), list(column_labels)
    )
    sources = list(dict.fromkeys(f"{f.source}; {f.cohort}" for f in table.national))
    return NationalView(
        columns=[str(column_labels.get(code, code)) for code in column_codes],
        rows=[
            (
                str(row_labels.get(code, code)),
                [values.get((code, column), "–") for column in column_codes],
            )
            for code in row_codes
        ],
        sources=sources,
    )


def numbered_tables(report: Report) -> list[tuple[Any, list[NumberedTable]]]:
    """Per block, its tables ready to print, numbered through the whole report."""
    blocks = []
    number = 0
    for block in report.blocks:
        tables = []
        for table in block.tables:
            number += 1
            tables.append(
                NumberedTable(
                    number=number,
                    anchor=f"tabel-{table.key}",
                    shown=shown_table(table),
                    national=_national(table),
                )
            )
        blocks.append((block, tables))
    return blocks


def _css_string(text: str) -> SafeString:
    """Text for a CSS string in the template's ``<style>`` (the running head): a quote or
    backslash in a team's name must not end the string, nor ``<`` the element. Safe for
    the template as it is: HTML escaping would print ``&quot;`` literally, because
    ``<style>`` holds raw text."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return mark_safe(escaped.replace("<", "\\3c "))  # noqa: S308 - escaped for CSS above


def render_report_pdf(
    report: Report, *, generated_by: str, generated_at: datetime
) -> tuple[bytes, int]:
    """The report as a tagged A4 PDF and its number of pages."""
    from weasyprint import HTML  # heavy import, needed only here

    # A document to hand around the school and to the inspectorate: in Dutch, whatever
    # the requester's language (the figures' titles are Dutch too).
    with translation.override("nl"):
        html = render_to_string(
            "reports/annual_report_pdf.html",
            {
                "report": report,
                "blocks": numbered_tables(report),
                "previous_label": report.school_year.previous().label,
                "generated_by": generated_by,
                "generated_at": timezone.localtime(generated_at),
                "stylesheet": (STATIC_DIR / "css" / "report_pdf.css").as_uri(),
                "running_head": _css_string(
                    f"{report.scope.name} · {_('schooljaar')} {report.school_year.label}"
                ),
                "running_date": _css_string(
                    _("gemaakt op %(date)s")
                    % {"date": date_format(timezone.localtime(generated_at), "j F Y")}
                ),
            },
        )
    document = HTML(string=html, url_fetcher=_static_only(), base_url=STATIC_DIR.as_uri() + "/")
    rendered = document.render(pdf_variant="pdf/ua-1")
    return rendered.write_pdf(pdf_variant="pdf/ua-1"), len(rendered.pages)
