"""Type names the code shares, for mypy (django-stubs) and for the reader."""

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    # What gettext_lazy() returns: django-stubs names it only in its stubs, so it is
    # imported for the type checker alone (as django-stubs-ext does, without the package).
    from django.utils.functional import _StrOrPromise as StrOrPromise
else:
    from django.utils.functional import Promise

    StrOrPromise = str | Promise

if TYPE_CHECKING:
    from entree.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request behind ``login_required``: ``user`` is a ``User``, never anonymous
    (django-stubs' recommended way to say so to mypy)."""

    user: "User"


__all__ = ["AuthenticatedHttpRequest", "StrOrPromise"]
