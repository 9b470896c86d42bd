"""The engine under every table: a population, its dimensions, one GROUP BY per table, the
system of published numbers for one institution and school year, and the rendering of a
table for one scope.

A *population* is a queryset of the institution's rows for a school year and the year
before, annotated with ``team_key`` (the student's team now — a student who changed team
counts once, in the team they are in now) and ``year_key`` (the first year of the school
year the row belongs to). A *dimension* is a code per row, computed by PostgreSQL. A
table is a view of one or two dimensions (or a list of yes/no *flags*, each row a
dimension of its own); its numbers are counted per (year, team, codes) by one query, and
every total and the institution are sums of those counts.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from django.db.models import Count, F, QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from entree.core.types import StrOrPromise
from entree.reports.report import Cell, NationalFigure, Row, SchoolYear, Table

from .suppression import PRIMARY, SECONDARY, Relation, suppress

#: (population key, year, team id or None for the institution, the codes fixed)
VarKey = tuple[str, int, int | None, frozenset[tuple[str, str]]]

TOTAL = "totaal"


def join(*parts: StrOrPromise) -> StrOrPromise:
    """Sentences of a definition, each translated on its own, joined by a space."""
    return format_lazy(" ".join("{}" for _ in parts), *parts)


@dataclass(frozen=True)
class Dim:
    """A dimension: a code per row, computed in SQL, with the codes in report order."""

    name: str
    expression: Any  # a Django expression, a field path, or a function making one
    codes: tuple[tuple[str, StrOrPromise], ...]
    label: StrOrPromise = ""  # the row label when the dimension is one row of a flag table

    @property
    def alias(self) -> str:
        # Never the name of a model field: annotate() refuses those.
        return f"d_{self.name}"

    def sql(self) -> Any:
        if isinstance(self.expression, str):
            return F(self.expression)
        if callable(self.expression) and not hasattr(self.expression, "resolve_expression"):
            return self.expression()  # made when the query runs ("today" is today)
        return self.expression


@dataclass(frozen=True)
class Population:
    key: str
    title: StrOrPromise
    rows: Callable[[int, SchoolYear], QuerySet[Any]]  # (institution id, year) → annotated rows


@dataclass(frozen=True)
class TableSpec:
    """One table of the report, defined once: what it counts and how it is laid out."""

    key: str
    title: StrOrPromise
    definition: StrOrPromise
    population: Population
    row_header: StrOrPromise
    rows: Dim | None = None
    columns: Dim | None = None  # None: one column, the count
    flags: tuple[Dim, ...] = ()  # a flag table: one row per flag (instead of rows/columns)
    shown: tuple[str, ...] = ("ja",)  # a flag table's columns: the codes counted
    percent_of: str = "column"
    chart: str = ""
    national: Callable[[], list[NationalFigure]] = field(default=list)

    @property
    def dims(self) -> tuple[Dim, ...]:
        if self.flags:
            return self.flags
        assert self.rows is not None  # noqa: S101 - a table has rows or flags
        return (self.rows,) if self.columns is None else (self.rows, self.columns)

    def layers(self) -> list[tuple[str, ...]]:
        """The combinations of dimensions this table publishes numbers for."""
        names = [dim.name for dim in self.dims]
        if self.flags:
            return [(), *((name,) for name in names)]
        return [combo for size in range(len(names) + 1) for combo in combinations(names, size)]

    def published(self, codes: frozenset[tuple[str, str]]) -> bool:
        if not self.flags:
            return True
        return all(code in self.shown for _, code in codes)

    def query(self, institution_id: int, year: SchoolYear) -> list[dict[str, Any]]:
        """Counts per (year, team, codes): one GROUP BY for this year and the one before."""
        annotations = {dim.alias: dim.sql() for dim in self.dims}
        return list(
            self.population.rows(institution_id, year)
            .annotate(**annotations)
            .values("year_key", "team_key", *annotations)
            .annotate(n=Count("*"))
            .order_by()
        )


@dataclass
class System:
    """Every number of one institution's year, which are published, how they relate, and
    (after :meth:`suppress`) how each is shown."""

    values: dict[VarKey, int] = field(default_factory=dict)
    published: set[VarKey] = field(default_factory=set)
    relations: set[Relation] = field(default_factory=set)
    status: dict[VarKey, str] = field(default_factory=dict)
    #: (table, year, teams) of every :meth:`add_table`, in order: with the values in
    #: their order of insertion it identifies the system (see ``core.pattern_key``).
    shape: list[tuple[str, int, tuple[int, ...]]] = field(default_factory=list)
    specs: list[TableSpec] = field(default_factory=list)

    def add_table(
        self, spec: TableSpec, year: int, teams: list[int], counts: Iterable[dict[str, Any]]
    ) -> None:
        self.shape.append((spec.key, year, tuple(teams)))
        self.specs.append(spec)
        population = spec.population.key
        dims = spec.dims
        valid = {dim.name: {code for code, _ in dim.codes} for dim in dims}
        local: dict[VarKey, int] = defaultdict(int)
        layers = spec.layers()
        for row in counts:
            if row["year_key"] != year or row["team_key"] not in teams:
                continue
            # A code outside the list (data that bypassed validation) counts in the last
            # code ("anders", "onbekend", ...): dropping it here would make the tables
            # that share this population disagree about their totals.
            codes = {
                dim.name: row[dim.alias] if row[dim.alias] in valid[dim.name] else dim.codes[-1][0]
                for dim in dims
            }
            for layer in layers:
                fixed = frozenset((name, codes[name]) for name in layer)
                for team in (row["team_key"], None):
                    local[(population, year, team, fixed)] += row["n"]
        for layer in layers:
            for combo in _combinations(dims, layer):
                for team in (*teams, None):
                    key = (population, year, team, combo)
                    value = local.get(key, 0)
                    if self.values.setdefault(key, value) != value:
                        raise ValueError(f"{spec.key}: {key} is counted two ways")
                    if spec.published(combo):
                        self.published.add(key)

    def _relations_of(self, spec: TableSpec, year: int, teams: tuple[int, ...]) -> None:
        """The published relations of one table: only needed to work a pattern out, so
        made then (a cached pattern needs only the values)."""
        population = spec.population.key
        dims = spec.dims
        layers = spec.layers()
        for layer in layers:
            for combo in _combinations(dims, layer):
                for dim in dims:
                    if dim.name in layer:
                        continue
                    wider = tuple(d.name for d in dims if d.name in {*layer, dim.name})
                    if wider not in layers:
                        continue  # that finer number is not part of this table
                    for team in (*teams, None):
                        parts = tuple(
                            (population, year, team, combo | {(dim.name, code)})
                            for code, _ in dim.codes
                        )
                        self.relations.add(Relation((population, year, team, combo), parts))
                self.relations.add(
                    Relation(
                        (population, year, None, combo),
                        tuple((population, year, team, combo) for team in teams),
                    )
                )

    def suppress(self, *, complementary: bool = True) -> None:
        for spec, (_key, year, teams) in zip(self.specs, self.shape, strict=True):
            self._relations_of(spec, year, teams)
        specificity = {key: len(key[3]) + (key[2] is not None) for key in self.values}
        self.status = suppress(
            self.values,
            sorted(self.published, key=stable),
            sorted(self.relations, key=stable_relation),
            complementary=complementary,
            specificity=specificity,
        )

    def cell(self, key: VarKey, denominator: VarKey | None = None) -> Cell:
        status = self.status.get(key, "")
        if status == PRIMARY:
            return Cell(None, "<5", None, PRIMARY)
        if status == SECONDARY:
            return Cell(None, "x", None, SECONDARY)
        value = self.values[key]
        percent = None
        if denominator is not None and not self.status.get(denominator, ""):
            total = self.values[denominator]
            percent = round(100 * value / total, 1) if total else None
        return Cell(value, str(value), percent)


def stable(key: VarKey) -> tuple[str, int, int, tuple[tuple[str, str], ...]]:
    """A sort key for a number that is the same in every process: a frozenset's repr
    follows the string hashes, which Python salts per process, so sorting by repr could
    give the web worker and the Celery worker different patterns for the same data."""
    population, year, team, codes = key
    return (population, year, -1 if team is None else team, tuple(sorted(codes)))


def stable_relation(relation: Relation) -> tuple[Any, ...]:
    return (stable(relation.total), tuple(stable(part) for part in relation.parts))


def _combinations(
    dims: tuple[Dim, ...], layer: tuple[str, ...]
) -> Iterable[frozenset[tuple[str, str]]]:
    chosen = [dim for dim in dims if dim.name in layer]
    result: list[frozenset[tuple[str, str]]] = [frozenset()]
    for dim in chosen:
        result = [combo | {(dim.name, code)} for combo in result for code, _ in dim.codes]
    return result


def render(spec: TableSpec, system: System, year: int, team: int | None) -> Table:
    """The table as one scope sees it (``team`` None: the institution)."""

    def key(**codes: str) -> VarKey:
        return (spec.population.key, year, team, frozenset(codes.items()))

    def cell(codes: dict[str, str], over: str | None) -> Cell:
        if over is None or over not in codes:
            return system.cell(key(**codes))
        rest = {name: code for name, code in codes.items() if name != over}
        return system.cell(key(**codes), key(**rest))

    common: dict[str, Any] = {
        "key": spec.key,
        "title": str(spec.title),
        "definition": str(spec.definition),
        "row_header": str(spec.row_header),
        "percent_of": spec.percent_of,
        "chart": spec.chart,
    }
    if spec.flags:
        return Table(
            columns=[
                (code, str(label)) for code, label in spec.flags[0].codes if code in spec.shown
            ],
            rows=[
                Row(
                    flag.name,
                    str(flag.label),
                    [cell({flag.name: code}, flag.name) for code in spec.shown],
                    total=system.cell(key()),
                )
                for flag in spec.flags
            ],
            **common,
        )
    assert spec.rows is not None  # noqa: S101 - a table has rows or flags
    rows_dim, columns_dim = spec.rows, spec.columns
    if columns_dim is None:
        return Table(
            columns=[("aantal", str(_("Aantal")))],
            rows=[
                Row(code, str(label), [cell({rows_dim.name: code}, rows_dim.name)])
                for code, label in rows_dim.codes
            ],
            total=Row(TOTAL, str(_("Totaal")), [system.cell(key())]),
            **common,
        )
    over = columns_dim.name if spec.percent_of == "row" else rows_dim.name
    return Table(
        columns=[(code, str(label)) for code, label in columns_dim.codes],
        rows=[
            Row(
                code,
                str(label),
                [
                    cell({rows_dim.name: code, columns_dim.name: c}, over)
                    for c, _ in columns_dim.codes
                ],
                total=cell({rows_dim.name: code}, over),
            )
            for code, label in rows_dim.codes
        ],
        total=Row(
            TOTAL,
            str(_("Totaal")),
            [cell({columns_dim.name: c}, over) for c, _ in columns_dim.codes],
            total=system.cell(key()),
        ),
        **common,
    )
