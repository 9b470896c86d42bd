"""Form helpers shared by every app's pages."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError


def add_service_errors(form: Any, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: per field where the form has that
    field, otherwise at the top. The service stays the one place with the rule."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def kept_rows(formset: forms.BaseFormSet) -> list[dict[str, Any]]:
    """The rows of a formset to keep: not deleted, and not an untouched empty extra row
    (a plan's steps, a placement's learning goals)."""
    return [
        form.cleaned_data
        for form in formset.forms
        if form.cleaned_data
        and not form.cleaned_data.get("DELETE")
        and (form.has_changed() or form.initial)
    ]
