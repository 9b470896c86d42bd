"""The subtraction part of the attacker of :mod:`.suppression_audit`: which unknowns sums
and differences of the published relations give away, whatever their bounds."""

from collections.abc import Callable, Iterable, Sequence


def given_away(
    seeds: Iterable[int],
    unknown: Callable[[int], bool],
    touching: Sequence[Sequence[int]],
    members: Sequence[Sequence[int]],
    totals: Sequence[int],
) -> set[int]:
    """The unknown numbers, among those linked to ``seeds`` through relations of unknown
    numbers, that sums and differences of the published relations give away exactly,
    whatever their bounds: subtracting one row from another, a column from the total,
    and any longer chain of that. Each relation (``members[p]``, its total
    ``totals[p]``), with the shown numbers moved to the other side, is a linear equation
    in the unknowns; a number is given away when its unit vector is a combination of those
    equations — when the reduced row echelon form of the equations has it as a row of its
    own. Worked out modulo a large prime (the coefficients are -1, 0 and 1 and the systems
    small, so the ranks are those over the rationals)."""
    found: set[int] = set()
    seen: set[int] = set()
    for seed in seeds:
        if seed in seen or not unknown(seed):
            continue
        seen.add(seed)
        stack, positions = [seed], set()
        while stack:
            number = stack.pop()
            for position in touching[number]:
                if position in positions:
                    continue
                positions.add(position)
                for other in members[position]:
                    if other not in seen and unknown(other):
                        seen.add(other)
                        stack.append(other)
        equations = []
        for position in positions:
            total = totals[position]
            row = {n: 1 for n in members[position] if n != total and unknown(n)}
            if unknown(total):
                row[total] = PRIME - 1
            equations.append(row)
        found |= unit_rows(equations)
    return found


#: A Mersenne prime: the field the equations are reduced in.
PRIME = 2**61 - 1


def unit_rows(equations: list[dict[int, int]]) -> set[int]:
    """The variables whose unit vector lies in the span of ``equations`` (sparse rows,
    coefficients modulo ``PRIME``): the rows of one entry in the reduced row echelon form."""
    pivots: dict[int, dict[int, int]] = {}
    # The short equations first: far less fill-in (ten times faster on a large institution).
    for equation in sorted(equations, key=len):
        row = dict(equation)
        for column in [c for c in row if c in pivots]:
            factor = row.get(column, 0)
            if factor:
                for other, coefficient in pivots[column].items():
                    updated = (row.get(other, 0) - factor * coefficient) % PRIME
                    if updated:
                        row[other] = updated
                    else:
                        row.pop(other, None)
        if not row:
            continue
        column = min(row)
        inverse = pow(row[column], PRIME - 2, PRIME)
        row = {c: v * inverse % PRIME for c, v in row.items()}
        for pivot_row in pivots.values():
            factor = pivot_row.get(column, 0)
            if factor:
                for other, coefficient in row.items():
                    updated = (pivot_row.get(other, 0) - factor * coefficient) % PRIME
                    if updated:
                        pivot_row[other] = updated
                    else:
                        pivot_row.pop(other, None)
        pivots[column] = row
    return {column for column, row in pivots.items() if len(row) == 1}
