"""A test attacker: what a manager could work out from everything the reports of one year
show, for every scope (the JSON of :meth:`Report.as_dict`).

Written apart from the suppression code on purpose (it shares no code with it): it reads
only the published tables, takes every relation a reader can see — the cells of a row sum
to the row total, the rows to the total row, the teams to the institution, and the same
number in two tables (``links``) — and propagates intervals until nothing changes. It
knows the rule: "<5" is 0..4 (a count of 1 to 4, or a zero hidden to protect one) and
"x" is at least 5. It also combines the relations by subtraction, whatever the bounds
(Gauss-Jordan over the rationals). A percent next to a shown count gives
its denominator away, so a percent over a hidden denominator counts as a recovery.
"""

import math
from fractions import Fraction

TOTAL = "Σ"


def _number(cell):
    if cell["display"] == "<5":
        return ("<5", None)
    if cell["display"] == "x":
        return ("x", None)
    return ("shown", cell["count"])


def variables(tables_by_scope):
    """``{(scope, table, row, column): cell-dict}`` and the relations between them.

    ``tables_by_scope``: ``{scope key: {table key: table dict}}``; scope ``"instelling"``
    is the sum of the others.
    """
    cells = {}
    relations = []  # (total, [parts])
    for scope, tables in tables_by_scope.items():
        for key, table in tables.items():
            columns = [code for code, _ in table["columns"]]
            flags = table["total"] is None
            for row in table["rows"]:
                for column, cell in zip(columns, row["cells"], strict=True):
                    cells[(scope, key, row["code"], column)] = cell
                if row["total"] is not None:
                    cells[(scope, key, row["code"], TOTAL)] = row["total"]
                    if not flags:
                        relations.append(
                            (
                                (scope, key, row["code"], TOTAL),
                                [(scope, key, row["code"], c) for c in columns],
                            )
                        )
            if flags:
                continue
            total = table["total"]
            for column, cell in zip(columns, total["cells"], strict=True):
                cells[(scope, key, TOTAL, column)] = cell
                relations.append(
                    (
                        (scope, key, TOTAL, column),
                        [(scope, key, row["code"], column) for row in table["rows"]],
                    )
                )
            if total["total"] is not None:
                cells[(scope, key, TOTAL, TOTAL)] = total["total"]
                relations.append(
                    ((scope, key, TOTAL, TOTAL), [(scope, key, TOTAL, c) for c in columns])
                )
                relations.append(
                    (
                        (scope, key, TOTAL, TOTAL),
                        [(scope, key, row["code"], TOTAL) for row in table["rows"]],
                    )
                )
    teams = [scope for scope in tables_by_scope if scope != "instelling"]
    if "instelling" in tables_by_scope:
        for scope, key, row, column in list(cells):
            if scope == "instelling":
                relations.append(
                    (
                        ("instelling", key, row, column),
                        [(team, key, row, column) for team in teams],
                    )
                )
    return cells, relations


def attack(tables_by_scope, links=()):
    """The hidden numbers the attacker pins to one value: ``[(variable, value)]``.

    ``links``: pairs of (table, row, column) that are the same number in every scope.
    """
    cells, relations = variables(tables_by_scope)
    for scope in tables_by_scope:
        for (table_a, row_a, column_a), (table_b, row_b, column_b) in links:
            a, b = (scope, table_a, row_a, column_a), (scope, table_b, row_b, column_b)
            if a in cells and b in cells:
                relations.append((a, [b]))
    bounds = {}
    for name, cell in cells.items():
        kind, value = _number(cell)
        bounds[name] = {"<5": (0, 4), "x": (5, math.inf)}.get(kind, (value, value))
    recovered = []
    # A percent is a share of the row or column total: with the count it names the total.
    for scope, tables in tables_by_scope.items():
        for key, table in tables.items():
            for name, cell in cells.items():
                if name[0] != scope or name[1] != key or cell["percent"] is None:
                    continue
                if cell["count"] is None:
                    recovered.append((name, "percent of a hidden count"))
                    continue
                _, _, row, column = name
                over = (
                    (scope, key, row, TOTAL)
                    if table["percent_of"] == "row"
                    else (scope, key, TOTAL, column)
                )
                if over in cells and cells[over]["count"] is None and cell["count"]:
                    recovered.append((name, "percent over a hidden total"))
    for _ in range(500):
        changed = False
        for total, parts in relations:
            lo_sum = sum(bounds[p][0] for p in parts)
            hi_sum = sum(bounds[p][1] for p in parts)
            t_lo, t_hi = bounds[total]
            new_total = (max(t_lo, lo_sum), min(t_hi, hi_sum))
            if new_total != bounds[total]:
                bounds[total] = new_total
                changed = True
            t_lo, t_hi = bounds[total]
            for part in parts:
                lo, hi = bounds[part]
                others_lo = lo_sum - lo
                others_hi = hi_sum - hi if hi != math.inf else _sum_without(bounds, parts, part)
                new = (max(lo, t_lo - others_hi), min(hi, t_hi - others_lo))
                if cells[part]["display"] == "x":
                    new = (max(new[0], 5), new[1])
                if new != (lo, hi):
                    bounds[part] = new
                    changed = True
        if not changed:
            break
    for name, cell in cells.items():
        if cell["count"] is None and bounds[name][0] >= bounds[name][1]:
            recovered.append((name, bounds[name][0]))
    solved = _subtract(cells, relations)
    recovered += [(name, value) for name, value in solved.items() if name not in dict(recovered)]
    return recovered


def _subtract(cells, relations):
    """Sums and differences of the relations, whatever the bounds: Gauss-Jordan over the
    rationals on the equations in the hidden numbers. A hidden number whose row ends up
    alone is given away, with its value."""
    hidden = sorted({name for name, cell in cells.items() if cell["count"] is None}, key=repr)
    column = {name: i for i, name in enumerate(hidden)}
    rows = []
    for total, parts in relations:
        row = [Fraction(0)] * (len(hidden) + 1)
        constant = Fraction(0)
        for name, sign in [(total, -1), *((p, 1) for p in parts)]:
            if name in column:
                row[column[name]] += sign
            else:
                constant -= sign * cells[name]["count"]
        row[-1] = constant
        if any(row[:-1]):
            rows.append(row)
    pivot_rows, used = [], set()
    for col in range(len(hidden)):
        pick = next((r for r in rows if r[col] != 0 and id(r) not in used), None)
        if pick is None:
            continue
        pick[:] = [v / pick[col] for v in pick]
        for r in rows:
            if r is not pick and r[col] != 0:
                factor = r[col]
                r[:] = [a - factor * b for a, b in zip(r, pick, strict=True)]
        pivot_rows.append(pick)
        used.add(id(pick))
    solved = {}
    for r in pivot_rows:
        nonzero = [i for i, v in enumerate(r[:-1]) if v != 0]
        if len(nonzero) == 1:
            solved[hidden[nonzero[0]]] = r[-1]
    return solved


def _sum_without(bounds, parts, left_out):
    return sum(bounds[p][1] for p in parts if p != left_out)
