"""One-time links, the same way for every kind (a partner's confirmation, a leaver's
check-in): 32 random bytes as URL-safe text, only their SHA-256 stored, live while unused
and not expired, claimed once with a conditional update, withdrawn by expiring now."""

import hashlib
import secrets
from typing import TypeVar

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from outflow.models.links import OneTimeLink

Link = TypeVar("Link", bound=OneTimeLink)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """A fresh token and the hash to store."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def token_url(url_name: str, token: str) -> str:
    """The link as people outside open it: on ``ENTREE_SITE_URL``, never on the Host
    header of a request."""
    return settings.ENTREE_SITE_URL + reverse(url_name, kwargs={"token": token})


def live(links: QuerySet[Link], token: str) -> QuerySet[Link]:
    """The link for ``token`` among ``links`` if it is unused and not expired."""
    if not token or len(token) > 100:
        return links.none()
    return links.filter(
        token_hash=token_hash(token), used_at__isnull=True, expires_at__gt=timezone.now()
    )


def claim(links: QuerySet[Link], pk: int) -> bool:
    """Use the link once: of two answers at once, exactly one wins."""
    return (
        links.filter(pk=pk, used_at__isnull=True, expires_at__gt=timezone.now()).update(
            used_at=timezone.now()
        )
        == 1
    )


def withdraw(links: QuerySet[Link]) -> int:
    """Stop every live link among ``links``; returns how many."""
    now = timezone.now()
    return links.filter(used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
