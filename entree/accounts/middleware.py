"""Session lifetime and the second login step, enforced for every page."""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from entree.accounts.twofactor import needs_second_step

_AUTH_AT = "entree_auth_at"
_LAST_SEEN = "entree_last_seen"
# Refresh the idle clock at most once a minute: one session write per minute, not per click.
_TOUCH_INTERVAL = 60


def start_session_clock(request: HttpRequest) -> None:
    """Called at login: the absolute lifetime counts from the moment the password was given."""
    now = time.time()
    request.session[_AUTH_AT] = now
    request.session[_LAST_SEEN] = now


class SessionLifetimeMiddleware:
    """Ends a session after ``SESSION_IDLE_TIMEOUT`` without activity, and in any case
    ``SESSION_ABSOLUTE_LIFETIME`` after the login — on a shared classroom computer a
    forgotten session must not stay open."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = time.time()
            session = request.session
            auth_at = session.setdefault(_AUTH_AT, now)
            last_seen = session.get(_LAST_SEEN, now)
            idle = settings.SESSION_IDLE_TIMEOUT.total_seconds()
            absolute = settings.SESSION_ABSOLUTE_LIFETIME.total_seconds()
            if now - last_seen > idle or now - auth_at > absolute:
                logout(request)
                if not request.path.startswith("/api/"):
                    messages.info(request, _("Uw sessie is verlopen. Log opnieuw in."))
                    query = urlencode({"next": request.get_full_path()})
                    return redirect(f"{reverse(settings.LOGIN_URL)}?{query}")
            elif now - last_seen >= _TOUCH_INTERVAL or _LAST_SEEN not in session:
                session[_LAST_SEEN] = now
        return self.get_response(request)


class NoStoreForUsersMiddleware:
    """Pages shown to a logged-in user are never stored by the browser or a proxy: after
    logout on a shared computer, Back or the history must not show a student's record."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "no-store, private"
        return response


class TwoFactorRequiredMiddleware:
    """Sends a session that still owes a TOTP code to the second step.

    The login and 2FA pages themselves, logout, static files, the health check and the
    API (which answers 403 through its permission class instead) stay reachable.
    """

    _open_prefixes = ("/static/", "/healthz", "/api/", "/i18n/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if needs_second_step(request) and not self._is_open(request.path):
            target = reverse("accounts:two_factor")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    def _is_open(self, path: str) -> bool:
        open_paths = {
            reverse("accounts:login"),
            reverse("accounts:logout"),
            reverse("accounts:two_factor"),
        }
        return path in open_paths or path.startswith(self._open_prefixes)
