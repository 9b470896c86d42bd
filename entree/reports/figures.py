"""TEMPORARY stand-in for helper H1's figures (branch r14-1): replaced at the merge.

Builds a fixed sample report so that the dashboard, API and CSV can be developed and
tested before the real figures exist.
"""

from django.http import Http404
from django.utils import timezone

from entree.accounts.models import User
from entree.accounts.roles import sees_aggregates
from entree.reports.report import Block, Cell, NationalFigure, Report, Row, SchoolYear, Scope, Table


def report_scopes(user: User) -> list[Scope]:
    if not sees_aggregates(user):
        raise Http404
    teams = list(user.teams.select_related("institution").order_by("name"))
    if not teams:
        return []
    institution = teams[0].institution
    scopes = [Scope(institution_id=institution.pk, team_id=None, name=institution.name)]
    scopes += [
        Scope(institution_id=institution.pk, team_id=t.pk, name=f"{institution.name} — {t.name}")
        for t in teams
    ]
    return scopes


def _cell(n: int, total: int) -> Cell:
    if 0 < n < 5:
        return Cell(count=None, display="<5", suppressed="primair")
    return Cell(count=n, display=str(n), percent=round(100 * n / total, 1) if total else None)


def _table(shift: int) -> Table:
    rows = [
        Row(
            code="bol",
            label="bol",
            cells=[_cell(12 + shift, 30), _cell(10, 30), _cell(8 - shift, 30)],
            total=_cell(30, 30),
        ),
        Row(
            code="bbl",
            label="bbl",
            cells=[_cell(3, 9), Cell(count=None, display="x", suppressed="secundair"), _cell(6, 9)],
            total=_cell(9, 9),
        ),
    ]
    return Table(
        key="results_learning_path",
        title="Resultaat een jaar na de start, per leerweg",
        definition="Studenten van het cohort: diploma binnen 12 maanden na de start.",
        row_header="Leerweg",
        columns=[("diploma", "Diploma"), ("geen_diploma", "Geen diploma"), ("nog", "Nog bezig")],
        rows=rows,
        percent_of="row",
        chart="stacked",
    )


def report_build(*, user: User, school_year: SchoolYear, scope_key: str) -> Report:
    scope = next((s for s in report_scopes(user) if s.key == scope_key), None)
    if scope is None:
        raise Http404
    table = _table(0)
    table = Table(
        **{
            **table.__dict__,
            "previous": _table(2),
            "national": [
                NationalFigure(
                    row="bol",
                    column="diploma",
                    value=51.0,
                    unit="percent",
                    cohort="2016",
                    source="Inspectie van het Onderwijs (2018), 5.1a",
                )
            ],
        }
    )
    inflow = Table(
        key="inflow_learning_path",
        title="Instroom per leerweg",
        definition="Studenten met hun eerste entreestart in het schooljaar.",
        row_header="Leerweg",
        columns=[("n", "Aantal")],
        rows=[
            Row(code="bol", label="bol", cells=[_cell(30, 39)]),
            Row(code="bbl", label="bbl", cells=[_cell(9, 39)]),
        ],
        total=Row(code="totaal", label="Totaal", cells=[_cell(39, 39)]),
        percent_of="column",
        chart="bar",
    )
    return Report(
        school_year=school_year,
        scope=scope,
        generated_at=timezone.now(),
        blocks=[
            Block(key="inflow", title="Instroom", tables=[inflow]),
            Block(key="results", title="Resultaten", tables=[table]),
        ],
    )
