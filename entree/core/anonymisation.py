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
from django.db.models import Model


@dataclass(frozen=True)
class Holding:
    """One model's part of a student's personal data."""

    model: type[Model]
    #: Lookup from the model to the student's primary key, e.g. ``"student"`` or
    #: ``"version__plan__student"``; ``"id"`` for the student itself. It must work on the
    #: model's pghistory event model too (pghistory copies the foreign keys).
    student: str
    #: field name → the value (or query expression) it gets; ``""`` wipes a text.
    fields: Mapping[str, Any] = field(default_factory=dict)
    #: Rows removed altogether after their fields are wiped (one-time links, tokens).
    delete: bool = False
    #: Text fields deliberately kept (documented, and checked by a test).
    keeps: tuple[str, ...] = ()


#: The text put in a field that may not be empty (a check constraint asks for a reason).
REDACTED = "[geanonimiseerd]"

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
    the ``wipe`` fields become empty text, the ``replace`` fields get the given value or
    expression, and with ``delete`` the rows go after that."""
    label = model._meta.label
    if label in _holdings:
        raise ImproperlyConfigured(f"Personal data of {label} is registered twice.")
    fields: dict[str, Any] = dict.fromkeys(wipe, "")
    fields.update(replace or {})
    _holdings[label] = Holding(
        model=model, student=student, fields=fields, delete=delete, keeps=keeps
    )


def holdings() -> list[Holding]:
    """Every registered holding, in registration order (``INSTALLED_APPS``)."""
    return list(_holdings.values())
