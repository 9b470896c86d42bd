"""The OpenAPI schema (drf-spectacular) as the API really answers: the error answers too.

A separate module from ``entree.core.api``: that one is loaded while DRF's views
initialise, and drf-spectacular imports them.
"""

from typing import Literal

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular import openapi
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import serializers

#: The shape of every error answer (``entree.core.api.exception_handler``).
ERROR = inline_serializer(
    name="Error",
    fields={
        "detail": serializers.CharField(help_text="Wat er mis is, in het Nederlands."),
        "errors": serializers.DictField(
            help_text="Per veld de meldingen (bij 400); leeg bij andere fouten."
        ),
    },
)

# Like the summaries of the operations, the API documentation is in Dutch only.
_ERRORS = {
    400: "De invoer of een filter is niet geldig; errors geeft de meldingen per veld.",
    401: "Niet ingelogd: geen of een ongeldig token.",
    403: "Niet toegestaan: de tweede inlogstap ontbreekt, of uw rol mag dit niet.",
    404: "Niet gevonden, of u mag deze student niet zien: hetzelfde antwoord.",
}


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema with the error answers every operation really gives.

    401 and 403 can come from every operation (authentication and permission run first),
    404 from every address with a UUID and from a page past the end of a list, 400 from
    every write, from a list with an invalid filter value and from an operation with
    query parameters. All in the one error shape
    of ``exception_handler``.
    """

    def _get_response_bodies(self, direction: Literal["request", "response"] = "response") -> dict:
        responses = super()._get_response_bodies(direction)
        for code in self._error_codes():
            if str(code) not in responses:
                error = OpenApiResponse(ERROR, description=_ERRORS[code])
                responses[str(code)] = self._get_response_for_code(
                    error, str(code), None, direction
                )
        return responses

    def _map_serializer_field(
        self,
        field: serializers.Field,
        direction: Literal["request", "response"],
        bypass_extensions: bool = False,
    ) -> dict:
        _blank_and_null_from_model(field)
        return super()._map_serializer_field(field, direction, bypass_extensions)

    def _error_codes(self) -> list[int]:
        # A paged list (a viewset's list, or a generic list view with a paginator).
        is_list = getattr(self.view, "action", None) == "list" or (
            self.method == "GET" and self._is_list_view() and self._get_paginator() is not None
        )
        codes = [401, 403]
        if "{" in self.path or is_list:
            codes.append(404)
        # A query parameter the view declares (``?from=1&to=2``) can be invalid too.
        queried = any(
            isinstance(parameter, OpenApiParameter) and parameter.location == "query"
            for parameter in self.get_override_parameters()
        )
        if self.method in ("POST", "PUT", "PATCH") or is_list or queried:
            codes.append(400)
        return sorted(codes)


def _blank_and_null_from_model(field: serializers.Field) -> None:
    """A read-only field of a ModelSerializer loses ``allow_blank`` and ``allow_null`` in
    DRF, yet the answers contain the model's "" and null: give them back to the field, so
    the schema admits them (an enum with "", a date that may be null, an e-mail or empty)."""
    source = field.source
    if not field.read_only or not isinstance(source, str) or "." in source or source == "*":
        return
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    if model is None:
        return
    try:
        model_field = model._meta.get_field(source)
    except FieldDoesNotExist:
        return
    if getattr(model_field, "null", False):
        field.allow_null = True
    if getattr(model_field, "blank", False) and hasattr(field, "allow_blank"):
        field.allow_blank = True
