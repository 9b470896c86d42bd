"""Reading the report's numbers in tests: the raw counts (before suppression) of one table,
and a table of a built report by its key."""

from entree.reports.figures.core import all_tables, build_systems
from entree.reports.report import Report, SchoolYear, Table


def spec_of(key: str):
    return next(spec for spec in all_tables() if spec.key == key)


def raw(institution_id: int, year: SchoolYear, key: str, team: int | None = None) -> dict:
    """The non-zero counts of a table for one scope, unsuppressed: ``{(row, column): n}``
    (``{row: n}`` for a one-column table, ``{flag: n}`` for a flag table's "ja")."""
    spec = spec_of(key)
    system = build_systems(institution_id, year, [spec], complementary=False)[year.first]
    names = [dim.name for dim in spec.dims]
    result = {}
    for (population, _, scope, codes), value in system.values.items():
        if population != spec.population.key or scope != team or not value:
            continue
        fixed = dict(codes)
        if spec.flags:
            if len(fixed) == 1 and "ja" in fixed.values():
                result[next(iter(fixed))] = value
            continue
        if set(fixed) != set(names):
            continue
        codes_in_order = tuple(fixed[name] for name in names)
        result[codes_in_order[0] if len(names) == 1 else codes_in_order] = value
    return result


def table(report: Report, key: str) -> Table:
    return next(t for block in report.blocks for t in block.tables if t.key == key)
