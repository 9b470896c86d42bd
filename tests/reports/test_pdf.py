"""The annual report PDF as rendered from a hand-built report: what is on its pages
(pdftotext), its fonts, and that rendering reads nothing but the project's static files."""

import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from weasyprint.urls import FatalURLFetchingError

from entree.reports import pdf
from entree.reports.report import Scope
from tests.reports.conftest import build_report

WHEN = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)


def pdf_text(data: bytes, tmp_path: Path) -> list[str]:
    """The text of each page, as ``pdftotext -layout`` reads it."""
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    text = subprocess.run(  # noqa: S603 - a fixed tool on a file this test wrote
        ["pdftotext", "-layout", str(path), "-"],  # noqa: S607 - poppler-utils on PATH
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    return text.split("\f")


@pytest.fixture
def rendered(hand_report, tmp_path) -> tuple[bytes, int, list[str]]:
    data, pages = pdf.render_report_pdf(hand_report, generated_by="Erin Manager", generated_at=WHEN)
    return data, pages, pdf_text(data, tmp_path)


def test_the_cover_names_the_report_the_year_the_scope_and_who_made_it(rendered):
    _data, _pages, text = rendered
    cover = text[0]
    assert "Jaarverslag entree" in cover
    assert "Schooljaar 2025-2026" in cover
    assert "ROC Voorbeeld" in cover
    assert "Erin Manager" in cover
    assert "1 september 2026" in cover


def test_the_contents_list_each_block_and_table_with_its_page(rendered):
    _data, _pages, text = rendered
    contents = text[1]
    assert "Inhoud" in contents
    # Blocks start on their own page after the cover and contents: 3, 4, 5.
    for title, page in (("Instroom", 3), ("Resultaten na één jaar", 4), ("Datakwaliteit", 5)):
        line = next(line for line in contents.splitlines() if line.strip().startswith(title))
        assert line.rstrip().endswith(str(page)), line
    assert "Tabel 2. Resultaat één jaar na de start, per leerroute" in contents


def test_every_page_after_the_cover_has_its_number_scope_and_date(rendered):
    _data, pages, text = rendered
    assert pages == 5
    for number, page in enumerate(text[1:pages], start=2):
        assert f"Pagina {number} van {pages}" in page
        assert "ROC Voorbeeld · schooljaar 2025-2026" in page
        assert "gemaakt op 1 september 2026" in page


def test_a_section_shows_its_table_suppressed_cells_previous_year_and_national_figure(rendered):
    _data, _pages, text = rendered
    inflow, results = text[2], text[3]
    assert "Tabel 1. Instroom naar vooropleiding" in inflow
    assert "Studenten van wie de eerste entreestart in het schooljaar valt." in inflow
    assert "Vmbo (basis)" in inflow and "53%" in inflow and "(40)" in inflow
    assert "<5" in inflow  # primary suppression, as displayed
    assert "tussen haakjes: schooljaar 2024-2025" in inflow
    assert "Landelijke vergelijking (inspectie)" in results
    national = next(line for line in results.splitlines() if line.strip().startswith("Totaal"))
    assert "61%" in national  # the row "all" is the table's total
    assert "entreeopleidingen (2018), 5.1a; 2015-2016." in " ".join(results.split())


def _poppler(tool: str, *args: str, data: bytes, tmp_path: Path) -> str:
    path = tmp_path / f"{tool}.pdf"
    path.write_bytes(data)
    return subprocess.run(  # noqa: S603 - a fixed tool on a file this test wrote
        [tool, *args, str(path)], capture_output=True, check=True, text=True
    ).stdout


def test_the_pdf_is_tagged_with_headings_tables_and_figures(rendered, tmp_path):
    data, _pages, _text = rendered
    assert "Tagged:          yes" in _poppler("pdfinfo", data=data, tmp_path=tmp_path)
    tags = _poppler("pdfinfo", "-struct", data=data, tmp_path=tmp_path)
    for tag in ("H1", "H2", "H3", "Table", "TH", "Caption", "Figure"):
        assert f" {tag}" in tags, tag


def test_each_chart_carries_its_description_as_alternative_text(hand_report, monkeypatch):
    from weasyprint.document import Document

    write_pdf = Document.write_pdf

    def uncompressed(self, *args, **kwargs):  # so that the tags can be read as bytes
        return write_pdf(self, *args, **{**kwargs, "uncompressed_pdf": True})

    monkeypatch.setattr(Document, "write_pdf", uncompressed)
    data, _pages = pdf.render_report_pdf(hand_report, generated_by="E", generated_at=WHEN)
    assert b"/Alt (Staafdiagram: Instroom naar vooropleiding" in data
    assert data.count(b"/Alt ") == 2  # two charts (the second's title is not ASCII)


def test_the_pdf_uses_only_the_projects_own_fonts(rendered, tmp_path):
    data, _pages, _text = rendered
    fonts = _poppler("pdffonts", data=data, tmp_path=tmp_path)
    names = [line.split()[0] for line in fonts.splitlines()[2:]]
    assert names
    assert {name.split("+")[-1] for name in names} <= {"DejaVu-Sans", "DejaVu-Sans-Bold"}


def test_a_name_with_quotes_cannot_break_out_of_the_running_head(tmp_path):
    scope = Scope(institution_id=1, team_id=2, name='ROC "Oost" </style> \\ Team')
    data, _pages = pdf.render_report_pdf(build_report(scope), generated_by="E", generated_at=WHEN)
    page = pdf_text(data, tmp_path)[2]
    assert 'ROC "Oost" </style> \\ Team · schooljaar 2025-2026' in page


def test_rendering_refuses_every_address_outside_the_static_files(tmp_path):
    fetcher = pdf._static_only()
    stylesheet = (pdf.STATIC_DIR / "css" / "report_pdf.css").as_uri()
    assert b"@font-face" in fetcher(stylesheet).read()
    for url in (
        "https://example.com/logo.png",
        "http://127.0.0.1:8000/static/css/app.css",
        (pdf.STATIC_DIR / ".." / "pyproject.toml").as_uri(),
        "file:///etc/passwd",
    ):
        with pytest.raises(FatalURLFetchingError), _fetching(fetcher, url):
            pass


def _fetching(fetcher, url):
    from weasyprint.urls import fetch

    return fetch(fetcher, url)
