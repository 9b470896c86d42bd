import base64
import re
from dataclasses import replace

from entree.reports.charts import chart_data_uri, chart_description, chart_svg
from tests.reports.conftest import inflow_table, quality_table, results_table


def test_a_table_without_a_chart_has_none():
    assert chart_svg(quality_table()) == ""
    assert chart_data_uri(quality_table()) == ""


def test_a_table_of_only_suppressed_cells_has_no_chart():
    table = inflow_table()
    table = replace(table, rows=[row for row in table.rows if row.cells[0].count is None])
    assert chart_svg(table) == ""


def test_the_chart_is_self_contained_svg_without_script_or_external_address():
    svg = chart_svg(results_table())
    assert svg.startswith("<svg")
    assert "<?xml" not in svg
    assert "<script" not in svg
    # Namespace names are not fetched; any other address would be.
    addresses = set(re.findall(r"https?://[^\s\"'<>)]+", svg))
    assert addresses <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
    assert "pygal.org" not in svg


def test_the_chart_has_a_role_a_title_and_a_description():
    table = results_table()
    svg = chart_svg(table)
    assert 'role="img"' in svg
    assert f"<title>{table.title}</title>" in svg
    assert "<desc>Staafdiagram: " in svg
    assert "aandeel per kolom binnen elke rij" in chart_description(table)
    assert "De tabel bij de grafiek geeft de getallen" in chart_description(table)


def _fully_shown(table):
    """The table without its rows that have a hidden cell."""
    rows = [row for row in table.rows if all(cell.count is not None for cell in row.cells)]
    return replace(table, rows=rows)


def test_shares_are_stacked_only_when_every_cell_is_shown():
    # A hidden segment would shift the next ones; with one, each column gets its own bar.
    with_hidden = chart_svg(results_table())
    assert "<desc>Staafdiagram" in with_hidden and "horizontalstackedbar" not in with_hidden
    shown = chart_svg(_fully_shown(results_table()))
    assert "<desc>Gestapeld staafdiagram" in shown
    assert "horizontalstackedbar" in shown


def test_suppressed_cells_are_left_out_and_shown_cells_are_labelled():
    svg = chart_svg(inflow_table())
    labels = re.findall(r'<text[^>]*class="value[^"]*"[^>]*>([^<]*)</text>', svg)
    assert [label.strip("\u00a0") for label in labels] == ["12", "40"]
    # One bar per shown cell, none for "<5" or "x".
    assert svg.count('class="rect reactive tooltip-trigger"') == 2


def test_a_stacked_chart_of_row_shares_shows_percentages():
    svg = chart_svg(results_table())
    found = re.findall(r'class="value[^"]*"[^>]*>([^<]*)<', svg)
    labels = {label.strip("\u00a0") for label in found}
    assert {"50%", "30%", "20%", "60%"} <= labels
    assert "0%" not in labels  # the suppressed cells are not labelled as 0


def test_each_series_has_its_own_tone_or_pattern_for_black_and_white():
    svg = chart_svg(results_table())
    assert 'id="patroon-1"' in svg  # the second series is hatched
    assert "url(#patroon-1)" in svg


def test_the_data_uri_holds_the_same_svg():
    table = results_table()
    uri = chart_data_uri(table)
    assert uri.startswith("data:image/svg+xml;base64,")
    svg = base64.b64decode(uri.removeprefix("data:image/svg+xml;base64,")).decode()
    assert svg.startswith("<svg") and table.title in svg
