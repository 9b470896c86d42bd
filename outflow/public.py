"""The page behind a partner's one-time confirmation link: no login, no session.

It shows only the student's first name and initial, the school and the team, and asks the
partner to confirm contact with the student or to say they cannot reach them. Every
request is counted per visitor address in Redis (not the database); an unknown, used,
expired or forged token, and a visitor over the limit, get the same neutral page with the
same status (200: Django logs a 404 with its path, and the path holds the token), so the
page tells a guesser nothing. The response sets no cookie beyond CSRF, is never cached,
and sends no Referer to other sites (the token is in the URL).
"""

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from entree.accounts.client_ip import client_ip
from entree.core.forms import add_service_errors
from outflow.forms import CheckInForm, PartnerAnswerForm
from outflow.services import checkin_answer, checkin_open, link_answer, link_open

#: Requests per visitor address per window on the pages without login.
RATE_LIMIT = 30
RATE_WINDOW_SECONDS = 15 * 60


def rate_key(scope: str, address: str | None) -> str:
    """The cache key that counts one visitor address's requests to one page."""
    return f"public-rate:{scope}:{address or 'unknown'}"


def over_limit(request: HttpRequest, scope: str) -> bool:
    """Count this request for the visitor's address; True when over the limit. Redis
    does the counting (an atomic increment with a window), so wrong tokens cost the
    database nothing."""
    key = rate_key(scope, client_ip(request))
    if cache.add(key, 1, timeout=RATE_WINDOW_SECONDS):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=RATE_WINDOW_SECONDS)
        return False
    return count > RATE_LIMIT


def _neutral(request: HttpRequest) -> HttpResponse:
    # Status 200, not 404: Django logs a 404 with its path, and the path holds the token.
    return _private(render(request, "outflow/confirm_neutral.html"))


def _private(response: HttpResponse) -> HttpResponse:
    # Same-origin, not no-referrer: with no-referrer the browser sends "Origin: null" on
    # the form's POST, which Django's CSRF check refuses. Links to other sites still get
    # no Referer, so the token does not leak.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The partner confirms the warm handover (or says the student cannot be reached).
    A HEAD request (a mail scanner checking the link) gets the neutral page without even
    looking the token up: it neither uses nor reveals anything."""
    if request.method == "HEAD" or over_limit(request, "confirm"):
        return _neutral(request)
    link = link_open(token)
    if link is None:
        return _neutral(request)
    form = PartnerAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            answered = link_answer(token=token, data=form.data_for_service())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if answered is None:
                return _neutral(request)
            return _private(
                render(request, "outflow/confirm_done.html", {"answer": answered.answer})
            )
    student = link.partner.handover.outflow.student
    context = {
        "form": form,
        "first_name": student.first_name,
        "initial": (student.last_name[:1] + ".") if student.last_name else "",
        "institution": student.institution,
        "team": student.team,
        "partner": link.partner,
        "expires_at": link.expires_at,
        "site_url": settings.ENTREE_SITE_URL,
    }
    return _private(render(request, "outflow/confirm.html", context))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def checkin(request: HttpRequest, token: str) -> HttpResponse:
    """The leaver answers a follow-up contact themselves: four short questions in plain
    Dutch (B1), on a phone. Same rules as the partner's page: one neutral page for
    anything that is not a live link, counted per address in Redis, no cookie but CSRF."""
    if request.method == "HEAD" or over_limit(request, "checkin"):
        return _neutral(request)
    link = checkin_open(token)
    if link is None:
        return _neutral(request)
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            answered = checkin_answer(token=token, data=form.checkin_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if answered is None:
                return _neutral(request)
            return _private(
                render(request, "outflow/checkin_done.html", {"help": answered.needs_support})
            )
    student = link.contact.outflow.student
    context = {"form": form, "first_name": student.first_name, "school": student.institution}
    return _private(render(request, "outflow/checkin.html", context))
