from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from entree.core.types import StrOrPromise

register = template.Library()

_ACTIONS = {"insert": _("aangemaakt"), "update": _("gewijzigd"), "delete": _("verwijderd")}


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    return mapping.get(key) if mapping else None


@register.filter
def action_label(label: str) -> StrOrPromise:
    return _ACTIONS.get(label, label)
