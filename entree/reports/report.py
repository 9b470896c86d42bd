"""The shape of the annual report, shared by everything that shows it (issue 14).

The figures (``entree.reports.figures``) fill these types; the management dashboard, the
JSON API, the CSV download and the PDF only render them. So a cell that is suppressed in
one of them is suppressed in all of them, with the same text, and nothing that renders a
report can reach an unsuppressed count: a :class:`Cell` carries the number only when it
may be shown.
"""

from dataclasses import asdict, dataclass, field
from datetime import date, datetime

#: Cells with 1 to 4 students are shown as "<5" (the CBS rule the inspectorate's tables
#: follow, DESIGN §5).
SUPPRESS_BELOW = 5


@dataclass(frozen=True)
class SchoolYear:
    """A school year runs from 1 August to 31 July (inspectorate, appendix III). A
    student's cohort is the school year of their first entree start."""

    first: int  # 2025 for the school year 2025-2026

    @property
    def starts_on(self) -> date:
        return date(self.first, 8, 1)

    @property
    def ends_on(self) -> date:
        return date(self.first + 1, 7, 31)

    @property
    def label(self) -> str:
        return f"{self.first}-{self.first + 1}"

    def previous(self) -> "SchoolYear":
        return SchoolYear(self.first - 1)

    @classmethod
    def containing(cls, day: date) -> "SchoolYear":
        return cls(day.year if day.month >= 8 else day.year - 1)

    @classmethod
    def from_label(cls, label: str) -> "SchoolYear":
        """``"2025-2026"`` → ``SchoolYear(2025)``; ``ValueError`` for anything else."""
        first, _, second = label.partition("-")
        if not (first.isdigit() and second.isdigit() and int(second) == int(first) + 1):
            raise ValueError(label)
        return cls(int(first))


@dataclass(frozen=True)
class Scope:
    """What a report covers: the whole institution, or one team of it."""

    institution_id: int
    team_id: int | None  # None: the whole institution
    name: str  # "ROC Voorbeeld" or "ROC Voorbeeld — Team Noord"

    @property
    def key(self) -> str:
        """Stable text for URLs and the JSON: ``"instelling"`` or ``"team-<id>"``."""
        return "instelling" if self.team_id is None else f"team-{self.team_id}"


@dataclass(frozen=True)
class Cell:
    """One number as it may be shown.

    ``count`` is ``None`` whenever the cell is suppressed — primary (1 to 4 students,
    ``display == "<5"``) or complementary (hidden so that a primary cell cannot be
    recovered by subtraction, ``display == "x"``). ``percent`` is ``None`` when the count
    or its denominator is not shown, so a share never gives a hidden count away.
    """

    count: int | None
    display: str
    percent: float | None = None
    # "", "primair" ("<5": 1 to 4, or a zero hidden as a complement) or "secundair" ("x")
    suppressed: str = ""


@dataclass(frozen=True)
class Row:
    code: str
    label: str
    cells: list[Cell]
    total: Cell | None = None  # None when the columns do not add up to a total


@dataclass(frozen=True)
class NationalFigure:
    """The same measure from the inspectorate's national reference, beside ours."""

    row: str  # the row code it belongs to ("all" for the table as a whole)
    column: str
    value: float
    unit: str  # "percent" or "count"
    cohort: str  # the reference's cohort or year
    source: str  # "Inspectie van het Onderwijs, Themaonderzoek entreeopleidingen (2018), 5.1a"


@dataclass(frozen=True)
class Table:
    key: str  # stable, for the CSV file name and the JSON: "inflow_prior_education"
    title: str
    definition: str  # what is counted, in plain Dutch (shown on hover/focus and in the PDF)
    row_header: str
    columns: list[tuple[str, str]]  # (code, label)
    rows: list[Row]
    total: Row | None = None  # the column totals, when the rows add up
    percent_of: str = ""  # "row" or "column": what each cell's percent is a share of
    previous: "Table | None" = None  # the same table for the previous school year
    national: list[NationalFigure] = field(default_factory=list)
    chart: str = ""  # "bar", "stacked" or "" (no chart): a hint for the PDF and dashboard


@dataclass(frozen=True)
class Block:
    key: str  # "inflow", "results", "destinations", "bpv", "outflow", "follow_up", "quality"
    title: str
    tables: list[Table]


@dataclass(frozen=True)
class Report:
    school_year: SchoolYear
    scope: Scope
    generated_at: datetime
    blocks: list[Block]

    def as_dict(self) -> dict:
        """The report as plain JSON-ready data (the API and the stored PDF metadata)."""
        data = asdict(self)
        data["school_year"] = self.school_year.label
        data["scope"] = {"key": self.scope.key, "name": self.scope.name}
        data["generated_at"] = self.generated_at.isoformat()
        return data
