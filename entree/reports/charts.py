"""Charts of the annual report as SVG, drawn by pygal (issue 14: "SVG from a charting
library, not hand-drawn geometry"). The PDF and the management dashboard both use them.

What every chart holds to:

- **Only what the table may show.** A suppressed cell has no count (:class:`Cell`), so it
  has no bar: the chart leaves it out and never draws it as its true value.
- **Readable in black and white.** Each series has its own grey tone *and* its own pattern
  (hatching, dots, crossing lines) with a black outline, and every bar carries its value as
  a label, so a photocopy or a colour-blind reader loses nothing.
- **Accessible.** The SVG has ``role="img"``, a ``<title>`` and a ``<desc>`` (and the same
  text in :func:`chart_description` for an ``<img alt>``); the table beside the chart
  carries the numbers.
- **Self-contained.** No JavaScript, no external stylesheet or URL, no XML declaration
  (the SVG can be put inline in HTML): pygal's defaults would add a script from its CDN.

The site's CSP allows no inline styles, and an inline SVG's ``<style>`` would be one, so
pages show a chart as ``<img src="{{ chart_data_uri }}" alt="…">`` (an SVG image is its
own document, its style applies); the PDF does the same, which also tags it as a figure
with its alternative text.
"""

import base64
import re
from collections.abc import Callable, Sequence
from html import escape

import pygal
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from pygal.style import Style

from entree.reports.report import SUPPRESS_BELOW, Cell, Table

#: The width the charts are drawn at (px, SVG user units); they scale to their box.
CHART_WIDTH = 720
#: Height per bar in a plain bar chart and per stacked bar (px).
BAR_HEIGHT = 17
STACKED_BAR_HEIGHT = 30

#: Per series: its grey tone and its pattern, from (SVG path of one pattern tile, 8×8).
#: Light and mid greys only: the value labels in a stacked bar stand on them in black
#: (contrast ≥ 4.5:1); the black outline sets each bar off from the white page (≥ 3:1).
PATTERNS: tuple[tuple[str, str], ...] = (
    ("#9e9e9e", ""),  # mid grey, plain
    ("#ffffff", "M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4"),  # white, diagonal hatching
    ("#d6d6d6", ""),  # light grey, plain
    ("#ffffff", "M2,2 h1 v1 h-1 z M6,6 h1 v1 h-1 z"),  # white, dots
    ("#bdbdbd", "M0,4 h8"),  # grey, horizontal lines
    ("#ffffff", "M0,0 l8,8 M8,0 l-8,8"),  # white, crossing lines
    ("#e8e8e8", "M4,0 v8"),  # very light grey, vertical lines
    ("#b0b0b0", "M-2,6 l4,4 M0,0 l8,8 M6,-2 l4,4"),  # grey, hatching the other way
)

#: pygal's own CSS makes bars half transparent and value labels white; in black and
#: white the fills must be exact and the labels black, with a black outline on each bar.
_CSS = (
    "inline:"
    ".pygal-chart .reactive { fill-opacity: 1 !important; stroke: #000 !important;"
    " stroke-opacity: 1 !important; stroke-width: 1 !important; }"
    ".pygal-chart .legends .legend rect { stroke: #000 !important; stroke-width: 1 !important; }"
    ".pygal-chart .text-overlay text { fill: #000 !important; font-weight: bold; }"
    # A plain bar's label starts just after the end of its bar instead of on it.
    ".pygal-chart.kale-staven .text-overlay text { text-anchor: start !important; }"
    ".pygal-chart .axis .guide.line { stroke: #c8c8c8 !important; stroke-dasharray: none; }"
)


def _pattern_defs() -> list[str]:
    defs = []
    for index, (fill, path) in enumerate(PATTERNS):
        if path:
            defs.append(
                f'<pattern id="patroon-{index}" patternUnits="userSpaceOnUse" width="8" '
                f'height="8"><rect width="8" height="8" fill="{fill}"/>'
                f'<path d="{path}" stroke="#5c5c5c" stroke-width="1"/></pattern>'
            )
    return defs


def _style() -> Style:
    return Style(
        background="#ffffff",
        plot_background="#ffffff",
        foreground="#000000",
        foreground_strong="#000000",
        foreground_subtle="#595959",
        opacity="1",
        opacity_hover="1",
        # A plain tone is a colour; a patterned one a <pattern> of the SVG's own <defs>.
        colors=tuple(
            fill if not path else f"url(#patroon-{index})"
            for index, (fill, path) in enumerate(PATTERNS)
        ),
        font_family="DejaVu Sans, sans-serif",
        label_font_size=12,
        major_label_font_size=12,
        value_font_size=11,
        legend_font_size=12,
        title_font_size=14,
    )


def _count(cell: Cell) -> float | None:
    # None for a suppressed cell: pygal leaves a missing value out of the chart.
    return None if cell.count is None else float(cell.count)


def _percent(cell: Cell) -> float | None:
    return None if cell.count is None or cell.percent is None else float(cell.percent)


def _format_count(value: float) -> str:
    return number_format(int(value), force_grouping=True)


def _format_percent(value: float) -> str:
    return f"{number_format(value, decimal_pos=0)}%"


def _label(formatter: Callable[[float], str]) -> Callable[[float], str]:
    """A bar's value label: none for 0 (pygal stacks a missing, suppressed value as 0 and
    would label it "0%"), and a no-break space before it, which sets a plain bar's label
    off from the end of its bar (an ordinary space collapses)."""
    return lambda value: "\u00a0" + formatter(value) if value else ""


def _shares(table: Table) -> bool:
    """A "stacked" table of row shares is drawn in percentages; any other in counts."""
    return table.chart == "stacked" and table.percent_of == "row"


def _stacked(table: Table) -> bool:
    """Stacked only when every cell is shown. A hidden segment would shift the ones after
    it to where it should be (pygal stacks a missing value as 0), and a gap of its true
    width would draw it: such a table gets a bar per column from zero instead."""
    return table.chart == "stacked" and all(
        cell.count is not None for row in table.rows for cell in row.cells
    )


def _series(table: Table) -> tuple[list[list[float | None]], Callable[[float], str]]:
    """One series per column, one value per row: shares or counts (:func:`_shares`)."""
    value: Callable[[Cell], float | None] = _count
    formatter: Callable[[float], str] = _format_count
    if _shares(table):
        value, formatter = _percent, _format_percent
    series = [[value(row.cells[i]) for row in table.rows] for i in range(len(table.columns))]
    return series, formatter


def _has_values(series: Sequence[Sequence[float | None]]) -> bool:
    return any(value for values in series for value in values)


def chart_description(table: Table) -> str:
    """The chart in words, for ``<title>``/``<desc>`` and an ``<img alt>``: what it shows
    and that the table beside it has the numbers."""
    kind = _("Gestapeld staafdiagram") if _stacked(table) else _("Staafdiagram")
    what = _("aandeel per kolom binnen elke rij") if _shares(table) else _("aantal studenten")
    return _(
        "%(kind)s: %(title)s, %(what)s per %(rows)s. De tabel bij de grafiek geeft de "
        "getallen. Cellen met minder dan %(below)s studenten staan niet in de grafiek."
    ) % {
        "kind": kind,
        "title": table.title,
        "what": what,
        "rows": table.row_header.lower(),
        "below": SUPPRESS_BELOW,
    }


def chart_svg(table: Table) -> str:
    """The table's chart as a self-contained SVG document (text), or ``""`` when the table
    has no chart (``table.chart == ""``) or nothing to draw (no rows, only zeros or
    suppressed cells)."""
    if table.chart not in ("bar", "stacked") or not table.rows or not table.columns:
        return ""
    series, formatter = _series(table)
    if not _has_values(series):
        return ""
    stacked = _stacked(table)
    several = len(table.columns) > 1
    per_row = STACKED_BAR_HEIGHT if stacked else BAR_HEIGHT * len(table.columns) + 10
    # pygal splits the plot's width (not the chart's) between the legend columns, and the
    # row labels take up to half of it: three short labels side by side, else one a line.
    longest = max(len(label) for _code, label in table.columns)
    legend_columns = 3 if longest <= 14 else 1
    legend_rows = -(-len(table.columns) // legend_columns) if several else 0
    chart_class = pygal.HorizontalStackedBar if stacked else pygal.HorizontalBar
    chart = chart_class(
        style=_style(),
        width=CHART_WIDTH,
        height=70 + per_row * len(table.rows) + 26 * legend_rows,
        js=[],  # pygal's tooltips load a script from a CDN: none, anywhere
        css=["file://style.css", "file://graph.css", _CSS],  # file:// = embedded
        defs=_pattern_defs(),
        disable_xml_declaration=True,
        show_legend=several,
        legend_at_bottom=True,
        legend_at_bottom_columns=legend_columns,
        legend_box_size=14,
        print_values=True,
        print_values_position="center" if stacked else "top",
        print_zeroes=False,
        value_formatter=formatter,
        range=(0, 100) if _shares(table) else None,
        classes=["pygal-chart", "gestapeld" if stacked else "kale-staven"],
        include_x_axis=True,
        truncate_label=-1,
        truncate_legend=-1,
        margin=8,
        margin_right=8 if stacked else 48,  # room for the label of the longest bar
        spacing=6,
    )
    # The first row at the top, as in the table beside it.
    chart.x_labels = [row.label for row in reversed(table.rows)]
    for (_code, label), values in zip(table.columns, series, strict=True):
        chart.add(label, list(reversed(values)), formatter=_label(formatter))
    return _accessible(chart.render(is_unicode=True), chart_description(table), table.title)


def _accessible(svg: str, description: str, title: str) -> str:
    """Give the SVG its role, name and description; drop pygal's comments (they carry its
    web addresses) and the script element it writes even with ``js=[]`` (its config as
    JSON, for tooltips that need the CDN script). Both are XML text here, so a ``<`` in a
    label is ``&lt;`` and cannot end them early."""
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.DOTALL)
    svg = re.sub(r"<script\b[^>]*>.*?</script>", "", svg, flags=re.DOTALL)
    head, _sep, rest = svg.partition(">")
    return (
        f'{head} role="img" aria-label="{escape(description)}">'
        f"<title>{escape(title)}</title><desc>{escape(description)}</desc>{rest}"
    )


def chart_data_uri(table: Table) -> str:
    """The chart as a ``data:`` URI for ``<img src>`` (see the module docstring: the CSP
    and the PDF's tags), or ``""`` when the table has no chart."""
    svg = chart_svg(table)
    if not svg:
        return ""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
