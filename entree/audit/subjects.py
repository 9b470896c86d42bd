"""Finding the log entries about one student without opening the student's record.

The access log names a student by public UUID only (it must outlive the record). The
beheerder knows students by their number, but has no student access (DESIGN §2). The app
that owns students registers a lookup here from its ``AppConfig.ready``: a student number
in, the matching UUIDs out — never a name or any other content — so the audit app finds
the entries without importing that app or showing anything of the record.
"""

from collections.abc import Callable, Iterable
from uuid import UUID

NumberLookup = Callable[[str], Iterable[UUID]]

_lookups: list[NumberLookup] = []


def register_number_lookup(lookup: NumberLookup) -> None:
    """Let the access log be searched by student number (``lookup(number) -> UUIDs``)."""
    if lookup not in _lookups:
        _lookups.append(lookup)


def uuids_for_number(number: str) -> set[UUID]:
    """Every student UUID with this number (one per institution that uses the number)."""
    number = number.strip()
    return {uuid for lookup in _lookups for uuid in lookup(number)} if number else set()
