"""Small cells in the annual report: which counts are hidden, and why nobody can work them out.

The rule (issue 14; the lead copies it into docs/decisions.md)
================================================================

1. **Primary suppression (CBS rule).** Every published count of 1 to 4 students is shown
   as "<5" (``Cell.suppressed == "primair"``). A zero is shown as 0 — unless it is hidden
   as a complement (3.), and then it too reads "<5": "fewer than five" is true of it, and
   a reader can never tell a hidden zero from a 1 to 4. So "<5" means 0 to 4.
2. **One system per institution and school year.** Every table of the report is a view of
   a *cube*: counts per (team, row value, column value) from one GROUP BY query. The
   institution's figures are the sum of its teams. Each published number (a cell, a row
   total, a column total, a table total — for every team and for the institution) is one
   *variable*; a number that appears in two tables (the cohort's size by learning path in
   the inflow table and as the row totals of the results table) is the *same* variable.
   The published relations between variables are the additive ones: the cells of a row
   sum to the row total, the cells of a column to the column total, the totals to the
   table total, and the teams to the institution. Suppression runs over this whole system
   — all teams, the institution, all totals, all tables of the year — whatever scope is
   asked, so every scope of the year shows the same pattern and one scope cannot be
   subtracted from another.
3. **Complementary suppression.** An attacker who knows the rule knows that "<5" is 0..4
   and that "x" is at least 5 (a complement of 5 or more; a hidden zero reads "<5"). They
   work out what they can in two ways, each feeding the other until neither finds more:
   *intervals* through every published relation (for ``t = a + b + c``: ``a`` lies
   between ``t − hi(b) − hi(c)`` and ``t − lo(b) − lo(c)``, and ``t`` between the sums of
   the bounds), and *subtraction*: sums and differences of any relations (a row minus
   another, a column minus the total, any longer chain), which give a hidden number away
   when its unit vector is a linear combination of the relations — checked by reducing
   them to row echelon form. Whenever this gives a count of 1 to 4 away, we hide one more
   number in a relation of it: the *finest* shown number there (a team's cell before a
   row or column total, a total before the table total, a team before the institution),
   the *smallest* among those — a zero first (hidden as "<5", it costs the reader
   least) — and repeat until no count is given away (a fixpoint; it ends, because every
   round hides at least one more number). A cheap first pass does the obvious case (a
   relation whose one unknown is a count of 1 to 4) before the attacker runs.
   Then the complements that are totals or institution figures are tried again, the
   largest first: one is shown when showing it gives no count away (intervals per trial,
   then both ways for the part at once; while that finds one, the shown-again complements
   in its relations are hidden again). A complement the attacker works out anyway is
   shown (it protects nothing). So no hidden count of 1 to 4 can be worked out by
   intervals, by subtraction, or by the two together — which the attacker of
   tests/reports/attacker.py (intervals and Gauss-Jordan over the rationals, written
   apart from this module) and an exact enumeration on tiny cubes check.
   Complements are shown as "x" (``Cell.suppressed == "secundair"``) or, for a zero, "<5".
4. **Percentages** are shown only when both the count and its denominator are shown; the
   JSON, the CSV, the dashboard and the PDF render the same :class:`Cell`, which carries
   no count when it is hidden.
5. **Years.** Each school year's system is suppressed on its own data alone, so the
   previous year shown beside this one is exactly what that year's own report shows.
   Every population is keyed to one school year (the cohort that started in it, the
   intakes decided in it, the placements started in it, the students who left in it,
   the follow-up contacts due in it), so no number is shared between two years.

This module is pure Python (no database): :func:`suppress` takes the values, which of
them are published and the relations, and returns the status of every published number.
:func:`propagate` is the attacker's interval reasoning; :mod:`.suppression_audit` runs the
same reasoning, and the subtraction, over integer ids to audit the result (fast enough for
a large institution). :func:`.core.build_systems` keeps each pattern in the cache under a
hash of its numbers, and one process works it out while the others wait for it.
"""

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from entree.reports.report import SUPPRESS_BELOW

PRIMARY = "primair"
#: Parts with fewer numbers than this try to show every complement again (see _audit).
RELEASE_ALL_BELOW = 5000
SECONDARY = "secundair"

#: Any hashable name of a number (the report uses (population, year, team, codes)).
Key = Any
Bounds = tuple[float, float]


@dataclass(frozen=True)
class Relation:
    """``total == sum(parts)``: a published additive relation."""

    total: Key
    parts: tuple[Key, ...]


def is_small(value: int) -> bool:
    return 0 < value < SUPPRESS_BELOW


def _domain(status: str) -> Bounds:
    """What an attacker knows of a number from how it is shown."""
    if status == PRIMARY:
        return (0, SUPPRESS_BELOW - 1)  # 1..4, or a zero hidden as a complement
    if status == SECONDARY:
        return (SUPPRESS_BELOW, math.inf)  # never a zero, never 1..4 (those are "<5")
    return (0, math.inf)  # not published at all


def propagate(
    shown: Mapping[Key, int],
    hidden: Mapping[Key, str],
    relations: Iterable[Relation],
    *,
    start: Mapping[Key, Bounds] | None = None,
    revealed: Iterable[Key] = (),
    index: Mapping[Key, list[int]] | None = None,
) -> dict[Key, Bounds]:
    """Interval propagation to a fixpoint: the bounds an attacker can prove for every
    number, from the shown values, the meaning of "<5" and "x", and the relations.
    Numbers that are in no mapping are unknowns (not published), at least zero.

    ``start``: the fixpoint before the numbers ``revealed`` were shown as well. More
    knowledge only narrows bounds, so propagating from there, through the relations of
    the revealed numbers, reaches the same fixpoint as starting afresh — cheaply.
    ``index``: :func:`relation_index` of ``relations``, when the caller has it already.
    """
    relations = relations if isinstance(relations, list) else list(relations)
    bounds: dict[Key, Bounds] = {}
    if start is not None:
        bounds = dict(start)
        for key in revealed:
            bounds[key] = (shown[key], shown[key])
    else:
        for relation in relations:
            for key in (relation.total, *relation.parts):
                if key not in bounds:
                    bounds[key] = (
                        (shown[key], shown[key]) if key in shown else _domain(hidden.get(key, ""))
                    )
        for key, value in shown.items():
            bounds[key] = (value, value)
        for key, status in hidden.items():
            bounds.setdefault(key, _domain(status))

    def clamp(key: Key, lo: float, hi: float) -> Bounds:
        status = hidden.get(key, "")
        if status == SECONDARY and hi < SUPPRESS_BELOW:
            hi = -1  # impossible: a hidden complement is never below 5 (inconsistent)
        if status == SECONDARY:
            lo = max(lo, SUPPRESS_BELOW)
        return (lo, hi)

    touching = index if index is not None else relation_index(relations)
    if start is None:
        queue = list(range(len(relations)))
    else:
        queue = sorted({position for key in revealed for position in touching[key]})
    queued = set(queue)
    while queue:
        position = queue.pop()
        queued.discard(position)
        relation = relations[position]
        parts = [bounds[key] for key in relation.parts]
        sum_lo = sum(lo for lo, _ in parts)
        infinite = sum(1 for _, hi in parts if hi == math.inf)
        sum_hi_finite = sum(hi for _, hi in parts if hi != math.inf)
        changed: list[Key] = []
        t_lo, t_hi = bounds[relation.total]
        new_total = clamp(
            relation.total, max(t_lo, sum_lo), min(t_hi, math.inf if infinite else sum_hi_finite)
        )
        if new_total != (t_lo, t_hi):
            bounds[relation.total] = new_total
            changed.append(relation.total)
        t_lo, t_hi = bounds[relation.total]
        for key, (lo, hi) in zip(relation.parts, parts, strict=True):
            others_lo = sum_lo - lo
            others_inf = infinite - (1 if hi == math.inf else 0)
            others_hi = math.inf if others_inf else sum_hi_finite - (0 if hi == math.inf else hi)
            new = clamp(key, max(lo, t_lo - others_hi), min(hi, t_hi - others_lo))
            if new != (lo, hi):
                bounds[key] = new
                changed.append(key)
        for key in changed:
            for other in touching[key]:
                if other not in queued:
                    queued.add(other)
                    queue.append(other)
    return bounds


def relation_index(relations: list[Relation]) -> dict[Key, list[int]]:
    """For every number, the positions of the relations it is in."""
    touching: dict[Key, list[int]] = defaultdict(list)
    for position, relation in enumerate(relations):
        for key in (relation.total, *relation.parts):
            touching[key].append(position)
    return touching


def pinned(
    shown: Mapping[Key, int],
    hidden: Mapping[Key, str],
    relations: Iterable[Relation],
    index: Mapping[Key, list[int]] | None = None,
) -> list[Key]:
    """The hidden numbers an attacker can pin to one value (or finds inconsistent)."""
    bounds = propagate(shown, hidden, relations, index=index)
    return [key for key in hidden if bounds[key][0] >= bounds[key][1]]


def suppress(
    values: Mapping[Key, int],
    published: Iterable[Key],
    relations: Iterable[Relation],
    *,
    complementary: bool = True,
    specificity: Mapping[Key, int] | None = None,
) -> dict[Key, str]:
    """The status of every published number: ``""`` (shown), ``"primair"`` or
    ``"secundair"``, by the rule in the module docstring.

    ``values`` holds every number of the system (published or not); ``specificity`` ranks
    the numbers (higher: a finer cell, hidden first; among equals the smallest first).
    """
    relations = list(relations)
    published = list(published)
    status: dict[Key, str] = {key: PRIMARY for key in published if is_small(values[key])}
    if not complementary:
        return {key: status.get(key, "") for key in published}
    # Imported here: the audit module takes this module's constants.
    from .suppression_audit import NumberedSystem

    system = NumberedSystem(values, set(published), relations, status, specificity or {})
    system.first_pass()
    # The audit runs per connected part (the tables of one population): a part that is
    # safe is not propagated again while another still needs rounds.
    for part in system.components():
        system.audit(part)
    return {key: system.status_of(key, status) for key in published}
