"""Type names the code shares, for mypy (django-stubs) and for the reader."""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # What gettext_lazy() returns: django-stubs names it only in its stubs, so it is
    # imported for the type checker alone (as django-stubs-ext does, without the package).
    from django.utils.functional import _StrOrPromise as StrOrPromise
else:
    from django.utils.functional import Promise

    StrOrPromise = str | Promise

__all__ = ["StrOrPromise"]
