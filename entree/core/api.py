"""Shared API plumbing: permission, pagination and the single exception handler."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions, pagination, permissions
from rest_framework.authtoken.models import Token
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error

from entree.accounts.models import User
from entree.accounts.twofactor import needs_second_step
from entree.core.errors import ApplicationError


class SystemTokenAuthentication(authentication.TokenAuthentication):
    """``Authorization: Token <key>`` for system accounts only.

    A token skips the second login step, so a token that somehow belongs to a person (made
    before the rule, or in the database by hand) is refused rather than honoured.
    """

    def authenticate_credentials(self, key: str) -> tuple[User, Token]:
        user, token = super().authenticate_credentials(key)
        if not user.is_system_account:
            raise exceptions.AuthenticationFailed(
                _("Dit token hoort niet bij een systeemaccount. Log in op de website.")
            )
        return user, token


class IsAuthenticatedAndVerified(permissions.IsAuthenticated):
    """Logged in, and — where 2FA is required — the browser session passed the second step.

    Token clients are exempt from the second step: a token is itself a second credential,
    issued by the functioneel beheerder to a system account (``SystemTokenAuthentication``
    honours no other).
    """

    message = "U moet ingelogd zijn (met tweestapsverificatie waar die verplicht is)."

    def has_permission(self, request: Request, view: Any) -> bool:
        if not super().has_permission(request, view):
            return False
        if request.auth is not None:
            return True
        return not needs_second_step(request)


def request_user(request: Request) -> User:
    """The user of a request that passed :class:`IsAuthenticatedAndVerified` (every
    endpoint's permission), typed as a ``User`` for the selectors and services."""
    user = request.user
    if not isinstance(user, User):  # never: the permission refuses anonymous requests
        raise exceptions.NotAuthenticated()
    return user


class Pagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Turn every error into ``{"detail": ..., "errors": {...}}`` with a Dutch message.

    Django's own ValidationError and PermissionDenied and our ApplicationError are mapped
    first, so services can raise them without knowing about the API.
    """
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Niet gevonden."))
    elif isinstance(exc, PermissionDenied):
        # The service's own Dutch reason ("Alleen mentoren melden kandidaten aan."), the
        # same words the page shows; DRF's generic text only when it gave none.
        exc = exceptions.PermissionDenied(str(exc.args[0]) if exc.args else None)
    elif isinstance(exc, ApplicationError):
        exc = exceptions.ValidationError({"detail": exc.message, **exc.extra})

    # Imported here: this module is loaded while rest_framework.views is initialising.
    from rest_framework.views import exception_handler as drf_exception_handler

    response = drf_exception_handler(exc, context)
    if response is None:
        return None

    data = response.data
    if isinstance(exc, exceptions.ValidationError):
        if isinstance(data, dict) and set(data) == {"detail"}:
            detail = data["detail"]
            errors: dict = {}
        else:
            detail = _("De invoer is niet geldig.")
            errors = data if isinstance(data, dict) else {"non_field_errors": data}
        response.data = {"detail": detail, "errors": errors}
    elif isinstance(data, dict) and "detail" in data:
        response.data = {"detail": data["detail"], "errors": {}}
    return response
