"""The parts of a student's record that the access log names.

The log stores a short, stable code per read ("intake", "regie"); people read a label.
Each app declares its parts as ``TextChoices`` and registers them here in its
``AppConfig.ready``, so the audit app shows every part without knowing the apps.
"""

from django.db import models

_LABELS: dict[str, str] = {}


def register_parts(parts: type[models.TextChoices]) -> None:
    """Make the labels of ``parts`` known to the access-log pages and the record export."""
    for value, label in parts.choices:
        if value in _LABELS and _LABELS[value] != label:
            raise ValueError(f"Access-log part {value!r} is registered twice.")
        _LABELS[value] = label


def part_label(code: str) -> str:
    """The readable label of a part code; an unknown (older) code is shown as stored."""
    return str(_LABELS.get(code, code))


def part_choices() -> list[tuple[str, str]]:
    """Every registered part, for a filter."""
    return sorted(((code, str(label)) for code, label in _LABELS.items()), key=lambda c: c[1])
