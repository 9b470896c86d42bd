"""Paths for the rows of a list.

``{{ student.uuid|path:"students:detail" }}`` gives exactly what
``{% url "students:detail" student.uuid %}`` gives, but resolves the URL pattern once per
process instead of once per row: ``reverse()`` was the dearest part of a list row (with
the date filters), and a list page renders 50 to 100 of them (docs/performance.md). For
patterns with one UUID argument, the records' public identifiers; everything else keeps
``{% url %}``.
"""

from functools import cache
from uuid import UUID

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()

#: Stands for the row's UUID while the pattern is reversed; never a record's (uuid4).
_PLACEHOLDER = str(UUID(int=0))


@cache
def _around(name: str, prefix: str, urlconf: str | None) -> tuple[str, str]:
    """What comes before and after the UUID in pattern ``name``'s path (per script
    prefix and URL configuration, which ``reverse`` depends on)."""
    before, after = reverse(name, urlconf=urlconf, args=[_PLACEHOLDER]).split(_PLACEHOLDER)
    return before, after


@register.filter
def path(uuid: UUID | str, name: str) -> str:
    before, after = _around(name, get_script_prefix(), get_urlconf())
    return f"{before}{uuid}{after}"
