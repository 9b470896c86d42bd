"""What the apps that follow add to a student, without ``students`` knowing they exist.

Plans, placements and outflow each extend the student: a tab on the student page, a
signal in the caseload, the records whose changes show in the student's history. They
register those here from their ``AppConfig.ready()`` — like the record sections
(:mod:`entree.core.records`), the access-log parts (:mod:`entree.audit.parts`) and the
demo seeders (:mod:`entree.core.demo`) — so dependencies keep pointing one way
(DESIGN §3). Registration order follows ``INSTALLED_APPS``: the order of a student's path
through school. docs/decisions.md ("How an app plugs into the student") lists every
registry a new app uses.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, Q
from django.utils import translation

from entree.core.types import StrOrPromise

# --- Tabs of the student page -------------------------------------------------------------


@dataclass(frozen=True)
class Tab:
    """A tab of the student page: the URL name of its view (which takes the student's
    ``uuid``), its label, and the record part its view logs (``RecordPart`` or an app's
    own parts)."""

    url_name: str
    label: StrOrPromise
    part: str


_tabs: dict[str, Tab] = {}


def register_tab(url_name: str, label: StrOrPromise, *, part: str) -> None:
    """Add a tab to the student page, after the tabs registered before it."""
    known = _tabs.get(url_name)
    if known is not None and known != Tab(url_name, label, part):
        raise ImproperlyConfigured(f"Student tab {url_name!r} is registered twice.")
    _tabs[url_name] = Tab(url_name=url_name, label=label, part=part)


def tabs() -> list[Tab]:
    """The tabs of the student page, in order."""
    return list(_tabs.values())


# --- Caseload signals ---------------------------------------------------------------------

#: A condition over ``Student`` for a reference day, evaluated by PostgreSQL.
Condition = Callable[[date], Q]


@dataclass(frozen=True)
class Signal:
    """What a caseload row warns about: a code (stored in URLs and the API), a label, and
    a condition PostgreSQL evaluates — never a per-row check in Python, so the caseload,
    its counts and its filter cost the same whatever the number of signals.

    ``urgent`` is an optional sharper state of the same signal (a study advice that is
    not just due but overdue); a row in that state shows ``urgent_label``, which starts
    with ``label``: the row a filter finds says what the filter said ("Studieadvies
    nodig – te laat" under "Studieadvies nodig"), one word for one thing.
    """

    code: str
    label: StrOrPromise
    condition: Condition
    urgent: Condition | None = None
    urgent_label: StrOrPromise | None = None

    @property
    def annotation(self) -> str:
        return f"signal_{self.code}"

    @property
    def urgent_annotation(self) -> str:
        return f"signal_{self.code}_urgent"


@dataclass(frozen=True)
class ShownSignal:
    """A signal as one row shows it."""

    code: str
    label: StrOrPromise


_signals: dict[str, Signal] = {}


def register_signal(signal: Signal) -> None:
    """Add a signal to the caseload, the student page header and the API."""
    known = _signals.get(signal.code)
    if known is not None and known is not signal:
        raise ImproperlyConfigured(f"Signal {signal.code!r} is registered twice.")
    if (signal.urgent is None) != (signal.urgent_label is None):
        raise ImproperlyConfigured(f"Signal {signal.code!r}: urgent needs urgent_label.")
    with translation.override(None):  # the source texts
        if signal.urgent_label is not None and not str(signal.urgent_label).startswith(
            str(signal.label)
        ):
            raise ImproperlyConfigured(
                f"Signal {signal.code!r}: urgent_label must start with the label."
            )
    _signals[signal.code] = signal


def signals() -> list[Signal]:
    """Every registered signal, in display order."""
    return list(_signals.values())


def signal_choices() -> list[tuple[str, StrOrPromise]]:
    """``(code, label)`` for the caseload's filter (a callable: apps register late)."""
    return [(signal.code, signal.label) for signal in _signals.values()]


# --- History: records that reach the student through another record ------------------------

_history_parents: list[type[Model]] = []


def register_history_parent(model: type[Model]) -> None:
    """Show in a student's history the changes of records that point at ``model`` (which
    itself points at the student, directly or through an earlier registered parent).

    Records that point straight at the student need nothing: their events reference the
    student. A child of a child — a life-domain assessment points at the intake — does not,
    so its parent is registered here. Register parents before their own children's parents.
    """
    if model not in _history_parents:
        _history_parents.append(model)


def history_parents() -> list[type[Model]]:
    """The registered parent models, parents before children."""
    return list(_history_parents)
