"""A hand-built annual report, for the parts that only render one (charts, PDF, pages):
they must not depend on how the figures are computed."""

from datetime import UTC, datetime

import pytest

from entree.reports.report import (
    Block,
    Cell,
    NationalFigure,
    Report,
    Row,
    SchoolYear,
    Scope,
    Table,
)


def shown(count: int, percent: float | None = None) -> Cell:
    return Cell(count=count, display=str(count), percent=percent)


def small() -> Cell:
    """A primary-suppressed cell: 1 to 4 students, no count."""
    return Cell(count=None, display="<5", suppressed="primair")


def hidden() -> Cell:
    """A complementary-suppressed cell: hidden so that a "<5" cannot be recovered."""
    return Cell(count=None, display="x", suppressed="secundair")


def inflow_table(*, previous: bool = True) -> Table:
    rows = [
        Row("vmbo", "Vmbo (basis)", [shown(40, 53.3)]),
        Row("pro", "Praktijkonderwijs", [small()]),
        Row("vso", "Voortgezet speciaal onderwijs", [shown(12, 16.0)]),
        Row("geen", "Geen of onbekend", [hidden()]),
    ]
    return Table(
        key="inflow_prior_education",
        title="Instroom naar vooropleiding",
        definition="Studenten van wie de eerste entreestart in het schooljaar valt.",
        row_header="Vooropleiding",
        columns=[("students", "Studenten")],
        rows=rows,
        total=Row("total", "Totaal", [shown(75, 100.0)]),
        percent_of="column",
        previous=inflow_table(previous=False) if previous else None,
        chart="bar",
    )


def results_table() -> Table:
    return Table(
        key="results_learning_path",
        title="Resultaat één jaar na de start, per leerroute",
        definition="Diploma binnen twaalf maanden na de eerste start.",
        row_header="Leerroute",
        columns=[("diploma", "Diploma"), ("geen", "Geen diploma"), ("nog", "Nog ingeschreven")],
        rows=[
            Row(
                "a",
                "Route A",
                [shown(20, 50.0), shown(12, 30.0), shown(8, 20.0)],
                total=shown(40, 100.0),
            ),
            Row("b", "Route B", [small(), hidden(), shown(30, 60.0)], total=shown(50, 100.0)),
        ],
        percent_of="row",
        national=[
            NationalFigure(
                row="totaal",
                column="diploma",
                value=61.0,
                unit="percent",
                cohort="2015-2016",
                source="Inspectie van het Onderwijs, Themaonderzoek entreeopleidingen (2018), 5.1a",
            )
        ],
        chart="stacked",
    )


def quality_table() -> Table:
    return Table(
        key="quality",
        title="Datakwaliteit",
        definition="Hoeveel gegevens ontbreken.",
        row_header="Gegeven",
        columns=[("students", "Studenten")],
        rows=[Row("no_regie", "Zonder regiehouder", [shown(0)])],
    )


def build_report(scope: Scope, school_year: SchoolYear | None = None) -> Report:
    return Report(
        school_year=school_year or SchoolYear(2025),
        scope=scope,
        generated_at=datetime(2026, 9, 1, 8, 0, tzinfo=UTC),
        blocks=[
            Block("inflow", "Instroom", [inflow_table()]),
            Block("results", "Resultaten na één jaar", [results_table()]),
            Block("quality", "Datakwaliteit", [quality_table()]),
        ],
    )


@pytest.fixture
def hand_report() -> Report:
    return build_report(Scope(institution_id=1, team_id=None, name="ROC Voorbeeld"))
