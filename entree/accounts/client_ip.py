"""The visitor's address, for login throttling (django-axes ``AXES_CLIENT_IP_CALLABLE``).

Behind a reverse proxy every request comes from the proxy's address; throttling on that
would lock an account for everybody after five wrong passwords from anyone, which turns
the lock into a denial-of-service tool. Each trusted proxy appends the address it received
the request from to ``X-Forwarded-For``, so with ``TRUSTED_PROXY_COUNT`` proxies in front
the visitor is the entry that many places from the right. Entries further left were sent
by the visitor and can be forged; they are never used.
"""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The address of the visitor, seen through ``settings.TRUSTED_PROXY_COUNT`` proxies."""
    remote = request.META.get("REMOTE_ADDR")
    proxies: int = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [
        entry.strip()
        for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if entry.strip()
    ]
    if len(forwarded) < proxies:
        # Not through the whole chain of proxies (a health check inside the network):
        # the direct peer is the best address there is.
        return remote
    return forwarded[-proxies]
