"""The working of :func:`.suppression.suppress` (its rule is in that module's docstring):
the system with every number as an integer id, the attacker's fixpoint over those ids and
the rounds of the audit. Split off for speed, not for a different rule: a large
institution's system has some 18,000 numbers and the audit propagates it hundreds of times.
"""

import math
from collections import defaultdict, deque
from collections.abc import Collection, Iterable, Mapping

from entree.reports.report import SUPPRESS_BELOW

from .subtraction import given_away
from .suppression import (
    PRIMARY,
    RELEASE_ALL_BELOW,
    SECONDARY,
    Key,
    Relation,
    _domain,
)


class NumberedSystem:
    """The system with every number as an integer id: keys (tuples holding frozensets)
    are hashed once here, not in every step of the thousands of propagations."""

    def __init__(
        self,
        values: Mapping[Key, int],
        is_published: set[Key],
        relations: list[Relation],
        status: Mapping[Key, str],
        rank: Mapping[Key, int],
    ) -> None:
        self.ids: dict[Key, int] = {}
        self.keys: list[Key] = []
        self.totals: list[int] = []
        self.parts: list[tuple[int, ...]] = []
        self.members: list[tuple[int, ...]] = []  # per relation: total and parts
        for relation in relations:
            numbered = tuple(self._id(key) for key in (relation.total, *relation.parts))
            self.members.append(numbered)
            self.totals.append(numbered[0])
            self.parts.append(numbered[1:])
        self.touching: list[list[int]] = [[] for _ in self.keys]
        # Per relation, during one propagation: the sum of its shown parts and the others.
        self.fixed_sum: list[int] = [0] * len(self.members)
        self.variable: list[tuple[int, ...]] = list(self.parts)
        for position, numbered in enumerate(self.members):
            for number in numbered:
                self.touching[number].append(position)
        self.published = [key in is_published for key in self.keys]
        self.value = [values[key] if key in is_published else 0 for key in self.keys]
        self.state = [status.get(key, "") for key in self.keys]
        # Every published number can be a complement, a zero too (shown as "<5").
        self.hideable = list(self.published)
        # The numbers the rule protects: published counts of 1 to 4.
        self.small = [
            published and 0 < value < SUPPRESS_BELOW
            for published, value in zip(self.published, self.value, strict=True)
        ]
        self.rank = rank
        self.has_rank = bool(rank)
        self.finest_rank = max(rank.values(), default=0)
        # The order of preference of a complement (see candidate), worked out once. The
        # last tie-break is the number's id: the order of the (stably sorted) relations, so
        # every process finds the same pattern.
        self.order = [
            (-rank.get(key, 0), self.value[number], number) if self.published[number] else ()
            for number, key in enumerate(self.keys)
        ]

    def _id(self, key: Key) -> int:
        number = self.ids.get(key)
        if number is None:
            number = self.ids[key] = len(self.keys)
            self.keys.append(key)
        return number

    def status_of(self, key: Key, status: Mapping[Key, str]) -> str:
        number = self.ids.get(key)
        return status.get(key, "") if number is None else self.state[number]

    def hide(self, number: int) -> None:
        """Hide a shown number as a complement: "x" from 5 up, "<5" below (a zero)."""
        self.state[number] = SECONDARY if self.value[number] >= SUPPRESS_BELOW else PRIMARY

    def candidate(self, positions: Iterable[int]) -> int | None:
        """The shown number of these relations to hide: the finest first (a team's cell
        before a total or the institution's figure, so totals stay readable), then the
        smallest (a zero first: hidden as "<5" it costs the reader least)."""
        best: int | None = None
        hideable, state, order, members = self.hideable, self.state, self.order, self.members
        for position in positions:
            for number in members[position]:
                if (
                    hideable[number]
                    and not state[number]
                    and (best is None or order[number] < order[best])
                ):
                    best = number
        return best

    def nearest(self, start: int) -> int | None:
        """Widen the search relation by relation until a shown number is found
        (each relation looked at once: one already searched had no candidate)."""
        seen_numbers = {start}
        seen_relations: set[int] = set()
        frontier = [start]
        while frontier:
            relations_out = []
            for number in frontier:
                for position in self.touching[number]:
                    if position not in seen_relations:
                        seen_relations.add(position)
                        relations_out.append(position)
            found = self.candidate(relations_out)
            if found is not None:
                return found
            next_frontier = []
            for position in relations_out:
                for number in self.members[position]:
                    if number not in seen_numbers:
                        seen_numbers.add(number)
                        next_frontier.append(number)
            frontier = next_frontier
        return None

    def first_pass(self) -> None:
        """A cheap first pass: no relation keeps a "<5" as its one unknown (the plain
        subtraction). It settles most cases, so the audit needs few rounds."""
        state, published, small = self.state, self.published, self.small
        lonely = True
        while lonely:
            lonely = False
            for position, numbered in enumerate(self.members):
                # The one unknown of the relation is a "<5" (numbers that are not published
                # at all, like a flag's "nee", are unknowns too).
                unknown = [number for number in numbered if state[number] or not published[number]]
                if len(unknown) != 1 or not small[unknown[0]]:
                    continue
                choice = self.candidate([position])
                if choice is not None:
                    self.hide(choice)
                    lonely = True

    def components(self) -> list[list[int]]:
        """The relations (positions) grouped into parts that share no number."""
        parent: dict[int, int] = {}

        def root(number: int) -> int:
            while parent.setdefault(number, number) != number:
                parent[number] = parent[parent[number]]
                number = parent[number]
            return number

        for total, parts in zip(self.totals, self.parts, strict=True):
            first = root(total)
            for number in parts:
                other = root(number)
                if other != first:
                    parent[other] = first
        grouped: dict[int, list[int]] = defaultdict(list)
        for position, total in enumerate(self.totals):
            grouped[root(total)].append(position)
        return list(grouped.values())

    def bounds(
        self, numbers: Iterable[int], positions: list[int], known: Collection[int] = ()
    ) -> tuple[list[float], list[float]]:
        """The attacker's fixpoint (as :func:`propagate`) for one part, as two lists by id;
        ``known``: hidden numbers the attacker has worked out already (by subtraction).

        A shown number is fixed: its bounds never change (the data are consistent, so a
        relation can only confirm it), so each relation keeps the sum of its shown parts
        and looks at the others alone — a table's row of 51 teams is mostly shown."""
        low: list[float] = [0] * len(self.keys)
        high: list[float] = [math.inf] * len(self.keys)
        fixed = [False] * len(self.keys)
        for number in numbers:
            state = self.state[number]
            if state and number not in known:
                low[number], high[number] = _domain(state)
            elif self.published[number]:
                low[number] = high[number] = self.value[number]
                fixed[number] = True
        for position in positions:
            parts = self.parts[position]
            self.fixed_sum[position] = sum(self.value[n] for n in parts if fixed[n])
            self.variable[position] = tuple(n for n in parts if not fixed[n])
        self.narrow(low, high, list(positions))
        return low, high

    def narrow(self, low: list[float], high: list[float], queue: list[int]) -> set[int]:
        """:func:`propagate`'s loop over ids; returns the numbers whose bounds changed."""
        queued = set(queue)
        # First in, first out: a relation waits until its neighbours have had their turn,
        # which reaches the (order-independent) fixpoint in a quarter of the steps.
        waiting = deque(queue)
        inf = math.inf
        state = self.state
        totals, variable, fixed_sum, touching = (
            self.totals,
            self.variable,
            self.fixed_sum,
            self.touching,
        )
        changed_all: set[int] = set()
        while waiting:
            position = waiting.popleft()
            queued.discard(position)
            parts = variable[position]
            lows = [low[number] for number in parts]
            highs = [high[number] for number in parts]
            sum_lo = fixed_sum[position] + sum(lows)
            infinite = highs.count(inf)
            sum_hi = fixed_sum[position] + (
                sum(h for h in highs if h != inf) if infinite else sum(highs)
            )
            changed: list[int] = []
            total = totals[position]
            t_lo, t_hi = low[total], high[total]
            new_lo = sum_lo if sum_lo > t_lo else t_lo
            new_hi = t_hi if (infinite or t_hi < sum_hi) else sum_hi
            if state[total] == SECONDARY:
                if new_hi < SUPPRESS_BELOW:
                    new_hi = -1
                if new_lo < SUPPRESS_BELOW:
                    new_lo = SUPPRESS_BELOW
            if new_lo != t_lo or new_hi != t_hi:
                low[total], high[total] = t_lo, t_hi = new_lo, new_hi
                changed.append(total)
            for number, lo, hi in zip(parts, lows, highs, strict=True):
                if hi == inf:
                    others_hi = inf if infinite > 1 else sum_hi
                else:
                    others_hi = inf if infinite else sum_hi - hi
                new_lo = t_lo - others_hi
                if new_lo < lo:
                    new_lo = lo
                new_hi = t_hi - (sum_lo - lo)
                if new_hi > hi:
                    new_hi = hi
                if state[number] == SECONDARY:
                    if new_hi < SUPPRESS_BELOW:
                        new_hi = -1
                    if new_lo < SUPPRESS_BELOW:
                        new_lo = SUPPRESS_BELOW
                if new_lo != lo or new_hi != hi:
                    low[number], high[number] = new_lo, new_hi
                    changed.append(number)
            for number in changed:
                changed_all.add(number)
                for other in touching[number]:
                    if other not in queued:
                        queued.add(other)
                        waiting.append(other)
        return changed_all

    def unknown(self, number: int) -> bool:
        return bool(self.state[number]) or not self.published[number]

    def exposure(
        self, numbers: list[int], positions: list[int]
    ) -> tuple[list[int], set[int], list[float], list[float]]:
        """What the attacker works out by intervals and by subtraction together, each
        feeding the other until neither finds more: the counts of 1 to 4 given away, every
        hidden number worked out, and the attacker's bounds."""
        small = self.small
        known: set[int] = set()
        while True:
            low, high = self.bounds(numbers, positions, known)
            pinned = {n for n in numbers if self.unknown(n) and low[n] >= high[n]}
            known |= pinned
            exposed = [n for n in numbers if small[n] and n in known]
            if exposed:
                return exposed, known, low, high
            new = self.solved(numbers, known) - known
            if not new:
                return [], known, low, high
            known |= new

    def solved(self, seeds: Iterable[int], known: Collection[int] = ()) -> set[int]:
        """The unknown numbers linked to ``seeds`` that sums and differences of the
        published relations give away (:func:`.subtraction.given_away`); ``known``: hidden
        numbers the attacker has worked out already."""
        return given_away(
            seeds,
            lambda number: self.unknown(number) and number not in known,
            self.touching,
            self.members,
            self.totals,
        )

    def audit(self, positions: list[int]) -> None:
        """Hide more numbers of this part until the attacker pins no count of 1 to 4 (the
        fixpoint); then show again every complement the attacker can work out anyway
        (showing a number they already know tells them nothing, and the reader gets it
        back)."""
        state, value, small = self.state, self.value, self.small
        numbers = sorted({number for position in positions for number in self.members[position]})
        exhausted = False
        while True:
            exposed, known, low, high = self.exposure(numbers, positions)
            if not exposed:
                break
            added: list[int] = []
            touched: set[int] = set()
            for number in exposed:
                near = self.touching[number]
                if touched.intersection(near):
                    continue  # a complement in one of its relations already; look again first
                choice = self.candidate(near)
                if choice is None and not exhausted:
                    choice = self.nearest(number)
                    # The search covers the whole part, and the hiding only takes numbers
                    # away: when it finds nothing, no later search in this part will.
                    exhausted = choice is None
                if choice is None:
                    continue
                self.hide(choice)
                # A complement is taken to protect the other counts of its relations — but
                # not those of a sum over many teams: one hidden team of fifty rarely
                # protects another team's count, and waiting a round for each of them
                # made hundreds of rounds at a large institution.
                touched.update(
                    p for p in self.touching[choice] if len(self.members[p]) <= SHARED_UP_TO
                )
                added.append(choice)
            if not added:
                break  # nothing left to hide: every number of the part is hidden already
        # Show again, totals and large numbers first, every complement whose value does not
        # let the attacker pin a "<5" by intervals (a trial each), then by intervals and
        # subtraction together (for the whole part at once: a trial each would cost too
        # much; while a count is given away, the shown-again complements in its relations
        # are hidden again — after a few rounds all of them, which is the audited state).
        # In a large part only totals and the institution's figures are tried (a team's
        # cell of a two-way table is the finest number and the cheapest to lose; the trials
        # cost time); a small part — a small institution, where hiding hurts most — tries all.
        finest = self.finest_rank if len(numbers) > RELEASE_ALL_BELOW else math.inf
        rank = self.rank
        complements = [
            number
            for number in numbers
            if state[number]
            and number not in known
            and not small[number]
            and (rank.get(self.keys[number], 0) < finest or not self.has_rank)
        ]
        complements.sort(key=lambda n: (rank.get(self.keys[n], 0), -value[n], n))
        released: list[int] = []
        for number in complements:
            if exposed:
                break  # a count is given away already (nothing left to hide): keep all
            trial_low, trial_high = low[:], high[:]
            trial_low[number] = trial_high[number] = value[number]
            state[number] = ""
            changed = self.narrow(trial_low, trial_high, sorted(set(self.touching[number])))
            if any(small[other] and trial_low[other] >= trial_high[other] for other in changed):
                self.hide(number)
                continue
            low, high = trial_low, trial_high
            released.append(number)
        for attempt in range(RELEASE_ROUNDS + 1):
            if not released:
                break
            given_away, known, low, high = self.exposure(numbers, positions)
            if not given_away:
                break
            around = {p for n in given_away for p in self.touching[n]}
            back = [n for n in released if around.intersection(self.touching[n])]
            if attempt == RELEASE_ROUNDS or not back:
                back = released
            for number in back:
                self.hide(number)
            released = [n for n in released if not state[n]]
        # A complement the attacker works out anyway protects nothing: show it (that tells
        # them nothing new).
        _, known, _, _ = self.exposure(numbers, positions)
        for number in known:
            if state[number] and not small[number]:
                state[number] = ""


#: A complement counts as protecting the other numbers of its relations up to this size.
SHARED_UP_TO = 16
#: Rounds of hiding shown-again complements near a count that sums and differences give
#: away, before all of them are hidden again.
RELEASE_ROUNDS = 3
