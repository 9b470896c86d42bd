"""What each app holds about one student, and how to make it anonymous (AVG art. 5 and 17).

Every app that stores personal data of a student registers its models here from its
``AppConfig.ready()`` (an ``anonymise`` module, like ``record``): which rows belong to a
student, which fields are wiped or replaced, and which rows go altogether. The retention
job (``entree.privacy``) then anonymises a student without knowing which apps exist or
editing their internals, and applies the same replacements to the copies of those rows in
the write-audit's event tables (pghistory), which hold every old value.

What is *not* named in ``fields`` stays: the coded facts (statuses, choices, dates,
counts) the annual report is built from. ``keeps`` names the free-text-like fields an app
keeps on purpose (a cohort label, a file name), so a test can check that every text field
of a registered model was considered.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Case, F, Field, Model, Q, Value, When


@dataclass(frozen=True)
class Holding:
    """One model's part of a student's personal data."""

    model: type[Model]
    #: Lookup from the model to the student's primary key, e.g. ``"student"`` or
    #: ``"version__plan__student"``; ``"id"`` for the student itself. It must work on the
    #: model's pghistory event model too (pghistory copies the foreign keys).
    student: str
    #: field name → the value (or query expression) it gets.
    fields: Mapping[str, Any] = field(default_factory=dict)
    #: Rows removed altogether after their fields are wiped (one-time links, tokens).
    delete: bool = False
    #: Text fields deliberately kept (documented, and checked by a test).
    keeps: tuple[str, ...] = ()


#: What a wiped text that was filled in becomes. An empty text stays empty: the annual
#: report counts *whether* something was written (a complete handover checklist, a complete
#: intake), and check constraints ask for a reason in some fields.
REDACTED = "[geanonimiseerd]"
#: The same for a field too short to hold ``REDACTED`` (a postcode).
REDACTED_SHORT = "*"


def wiped(model: type[Model], name: str) -> Case:
    """The expression that wipes text field ``name`` but keeps whether it was filled in:
    empty (or null) stays as it is, anything else becomes ``REDACTED``."""
    field = model._meta.get_field(name)
    if not isinstance(field, Field):
        raise ImproperlyConfigured(f"{model._meta.label}.{name} is not a text field.")
    max_length = getattr(field, "max_length", None)
    marker = REDACTED if max_length is None or max_length >= len(REDACTED) else REDACTED_SHORT
    return Case(
        When(Q(**{f"{name}__isnull": True}) | Q(**{name: ""}), then=F(name)),
        default=Value(marker),
        output_field=field,
    )


_holdings: dict[str, Holding] = {}


def register_personal_data(
    model: type[Model],
    *,
    student: str,
    wipe: tuple[str, ...] = (),
    replace: Mapping[str, Any] | None = None,
    delete: bool = False,
    keeps: tuple[str, ...] = (),
) -> None:
    """Declare that ``model`` holds personal data of the student reached by ``student``:
    the ``wipe`` fields lose their text (:func:`wiped`: whether they were filled in stays),
    the ``replace`` fields get the given value or expression, and with ``delete`` the rows
    go after that."""
    label = model._meta.label
    if label in _holdings:
        raise ImproperlyConfigured(f"Personal data of {label} is registered twice.")
    fields: dict[str, Any] = {name: wiped(model, name) for name in wipe}
    fields.update(replace or {})
    _holdings[label] = Holding(
        model=model, student=student, fields=fields, delete=delete, keeps=keeps
    )


def holdings() -> list[Holding]:
    """Every registered holding, in registration order (``INSTALLED_APPS``)."""
    return list(_holdings.values())
