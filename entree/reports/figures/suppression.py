"""Small cells in the annual report: which counts are hidden, and why nobody can work them out.

The rule (issue 14; the lead copies it into docs/decisions.md)
================================================================

1. **Primary suppression (CBS rule).** Every published count of 1 to 4 students is shown
   as "<5" (``Cell.suppressed == "primair"``). Zero is shown: it describes nobody.
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
3. **Complementary suppression.** An attacker who knows the rule knows that "<5" is 1..4
   and that "x" is at least 5 (we never hide a zero as a complement). They propagate
   intervals through every published relation until nothing changes (for
   ``t = a + b + c``: ``a`` lies between ``t − hi(b) − hi(c)`` and ``t − lo(b) − lo(c)``,
   and ``t`` between the sums of the bounds). Whenever this pins a "<5" to one value — a
   single "<5" in a row with a shown total, two "<5" that must sum to 2, a "<5" next to
   an "x" that would have to be below 5 — we hide one more number in a relation of the
   pinned one: the *finest* shown non-zero number there (a team's cell before a row or
   column total, a total before the table total, a team before the institution), the
   *smallest* among those; and repeat until no "<5" is pinned (a fixpoint; it ends,
   because every round hides at least one more number and a system in which every
   non-zero number is hidden pins nothing). A cheap first pass does the obvious case
   (a relation whose one unknown is a "<5") before the attacker runs.
   Then the complements that are totals or institution figures are tried again, the
   largest first: one is shown when showing it lets the attacker pin no "<5" (so totals
   stay readable where they can); and a complement the attacker can work out anyway
   is shown (it protects nothing). So no hidden number at all, "<5" or "x", can be
   pinned — which the attacker of tests/reports/attacker.py checks.
   Complements are shown as "x" (``Cell.suppressed == "secundair"``).
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
:func:`propagate` is the attacker's interval reasoning, used to audit the result.
"""

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
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
        return (1, SUPPRESS_BELOW - 1)
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
    is_published = set(published)
    rank = specificity or {}
    members: dict[Key, list[Relation]] = defaultdict(list)
    for relation in relations:
        for key in (relation.total, *relation.parts):
            members[key].append(relation)

    def candidates(relations_of: Iterable[Relation]) -> list[Key]:
        """Shown non-zero numbers of these relations: the finest first (a team's cell
        before a total or the institution's figure, so totals stay readable), then the
        smallest."""
        found = {
            key
            for relation in relations_of
            for key in (relation.total, *relation.parts)
            if key in is_published and key not in status and values[key] > 0
        }
        return sorted(found, key=lambda k: (-rank.get(k, 0), values[k], repr(k)))

    # A cheap first pass: no relation keeps a "<5" as its one unknown (the plain
    # subtraction). It settles most cases, so the audit below needs few rounds.
    lonely = True
    while lonely:
        lonely = False
        for relation in relations:
            # The one unknown of the relation is a "<5" (numbers that are not published
            # at all, like a flag's "nee", are unknowns too).
            unknown = [
                key
                for key in (relation.total, *relation.parts)
                if key in status or key not in is_published
            ]
            if len(unknown) != 1 or status.get(unknown[0]) != PRIMARY:
                continue
            choice = candidates([relation])
            if choice:
                status[choice[0]] = SECONDARY
                lonely = True
    # The audit runs per connected part (the tables of one population): a part that is
    # safe is not propagated again while another still needs rounds.
    for part in _components(relations):
        _audit(values, published, part, status, members, candidates, rank)
    return {key: status.get(key, "") for key in published}


def _audit(
    values: Mapping[Key, int],
    published: list[Key],
    relations: list[Relation],
    status: dict[Key, str],
    members: Mapping[Key, list[Relation]],
    candidates: Callable[[Iterable[Relation]], list[Key]],
    rank: Mapping[Key, int],
) -> None:
    """Hide more numbers of this part until the attacker pins no "<5" (the fixpoint);
    then show again every complement the attacker can work out anyway (showing a number
    they already know tells them nothing, and the reader gets it back)."""
    keys = {key for relation in relations for key in (relation.total, *relation.parts)}
    mine = [key for key in published if key in keys]
    index = relation_index(relations)
    while True:
        shown = {key: values[key] for key in mine if key not in status}
        hidden = {key: state for key, state in status.items() if key in keys}
        exposed = [key for key in pinned(shown, hidden, relations, index) if status[key] == PRIMARY]
        if not exposed:
            break
        added = False
        touched: set[Relation] = set()
        for key in sorted(exposed, key=repr):
            near = members[key]
            if touched.intersection(near):
                continue  # a complement in one of its relations already; look again first
            choice = candidates(near) or _nearest(key, members, candidates)
            if not choice:
                continue
            status[choice[0]] = SECONDARY
            touched.update(members[choice[0]])
            added = True
        if not added:
            break  # nothing left to hide: every non-zero number is hidden already
    # Show again, totals and large numbers first, every complement whose value does not
    # let the attacker pin a "<5" (one it can work out anyway among them).
    shown = {key: values[key] for key in mine if key not in status}
    hidden = {key: state for key, state in status.items() if key in keys}
    bounds = propagate(shown, hidden, relations, index=index)
    primaries = [key for key, state in hidden.items() if state == PRIMARY]
    # In a large part only totals and the institution's figures are tried (a team's cell
    # of a two-way table is the finest number and the cheapest to lose; the trials cost
    # time); a small part — a small institution, where hiding hurts most — tries all.
    finest = max(rank.values(), default=0) if len(keys) > RELEASE_ALL_BELOW else math.inf
    complements = [
        key
        for key, state in hidden.items()
        if state == SECONDARY and (rank.get(key, 0) < finest or not rank)
    ]
    for key in sorted(complements, key=lambda k: (rank.get(k, 0), -values[k], repr(k))):
        del hidden[key]
        shown[key] = values[key]
        trial = propagate(shown, hidden, relations, start=bounds, revealed=[key], index=index)
        if any(trial[p][0] >= trial[p][1] for p in primaries):
            hidden[key] = SECONDARY
            del shown[key]
            continue
        bounds = trial
        del status[key]
    # A complement the attacker can work out anyway protects nothing: show it (that tells
    # them nothing new, so it changes no bound).
    for key, state in list(hidden.items()):
        if state == SECONDARY and bounds[key][0] >= bounds[key][1]:
            del status[key]


def _components(relations: list[Relation]) -> list[list[Relation]]:
    """The relations grouped into parts that share no number."""
    parent: dict[Key, Key] = {}

    def root(key: Key) -> Key:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for relation in relations:
        first = root(relation.total)
        for key in relation.parts:
            other = root(key)
            if other != first:
                parent[other] = first
    parts: dict[Key, list[Relation]] = defaultdict(list)
    for relation in relations:
        parts[root(relation.total)].append(relation)
    return list(parts.values())


def _nearest(
    start: Key,
    members: Mapping[Key, list[Relation]],
    candidates: Callable[[Iterable[Relation]], list[Key]],
) -> list[Key]:
    """Widen the search relation by relation until a shown non-zero number is found."""
    seen_keys = {start}
    frontier = [start]
    while frontier:
        relations_out = [relation for key in frontier for relation in members[key]]
        found = candidates(relations_out)
        if found:
            return found
        next_frontier = []
        for relation in relations_out:
            for key in (relation.total, *relation.parts):
                if key not in seen_keys:
                    seen_keys.add(key)
                    next_frontier.append(key)
        frontier = next_frontier
    return []
