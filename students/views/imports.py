"""The SIS import page for the functioneel beheerder (``/studenten/import/``).

Two steps without a second upload: a dry run checks the file and shows what would
change; "Nu importeren" then imports the very same bytes. Between the steps the file waits
in the cache (Redis) under a random, single-use token bound to the user, for at most
15 minutes; only the token travels through the browser. The page shows line numbers,
student numbers and messages — never other student content, which is not the
beheerder's business (DESIGN §2).
"""

import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from entree.accounts.models import Institution, User
from entree.accounts.roles import administers
from entree.core.documents import render_markdown
from entree.core.types import AuthenticatedHttpRequest
from students.forms import ImportConfirmForm, StudentImportForm
from students.importer import ImportResult, students_import

#: How long a checked file waits for "Nu importeren".
TOKEN_SECONDS = 15 * 60
FORMAT_DOC = settings.BASE_DIR / "docs" / "import-format.md"


def _cache_key(token: str, kind: str) -> str:
    return f"{kind}:import:{token}"


def require_admin(user: User) -> None:
    # The same 404 as everywhere else: no hint that there is a page here.
    if not administers(user):
        raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_admin(request.user)
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request)

    form = StudentImportForm(request.POST or None, request.FILES or None)
    context: dict[str, object] = {"form": form}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        institution = form.cleaned_data["institution"]
        dry_run = form.cleaned_data["dry_run"]
        result = students_import(
            institution=institution, data=data, by=request.user, dry_run=dry_run
        )
        if result.written:
            return _done(request, result)
        context["result"] = result
        if result.ok:  # a clean dry run: keep the bytes for "Nu importeren"
            context["confirm_form"] = keep_for_confirm(request, data, institution, "students")
    return render(request, "students/import.html", context)


def _confirm(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Step 2: import the file of a successful dry run, once."""
    confirmed = take_confirmed(request, "students")
    if confirmed is None:
        return redirect("students:import")
    data, institution = confirmed
    result = students_import(institution=institution, data=data, by=request.user, dry_run=False)
    if result.written:
        return _done(request, result)
    # The database changed since the dry run (e.g. a team was renamed): show why.
    return render(request, "students/import.html", {"form": StudentImportForm(), "result": result})


# The two steps' shared part, also used by the outflow import (outflow/imports.py): each
# import keeps its files under its own ``kind`` of cache key.


def keep_for_confirm(
    request: AuthenticatedHttpRequest, data: bytes, institution: Institution, kind: str
) -> ImportConfirmForm:
    """After a clean dry run: keep the bytes for "Nu importeren" (15 minutes, this user)."""
    token = secrets.token_urlsafe(32)
    cache.set(
        _cache_key(token, kind),
        {"data": data, "institution": institution.pk, "user": request.user.pk},
        TOKEN_SECONDS,
    )
    return ImportConfirmForm(initial={"token": token})


def take_confirmed(
    request: AuthenticatedHttpRequest, kind: str
) -> tuple[bytes, Institution] | None:
    """The file of this user's dry run, once; ``None`` (with the message) when the token
    is unknown, expired, someone else's or already used."""
    confirm = ImportConfirmForm(request.POST)
    stored = None
    if confirm.is_valid():
        key = _cache_key(confirm.cleaned_data["token"], kind)
        stored = cache.get(key)
        # Only the user who ran the dry run, and only once: of two clicks on the button
        # only one deletes the key.
        if stored is None or stored["user"] != request.user.pk or not cache.delete(key):
            stored = None
    institution = None
    if stored is not None:
        institution = Institution.objects.filter(pk=stored["institution"]).first()
    if stored is None or institution is None:
        messages.error(
            request,
            _(
                "De proefimport is verlopen (na 15 minuten) of al gebruikt. "
                "Upload het bestand opnieuw."
            ),
        )
        return None
    return stored["data"], institution


def _done(request: AuthenticatedHttpRequest, result: ImportResult) -> HttpResponse:
    messages.success(
        request,
        _(
            "De studenten zijn geïmporteerd: %(created)s nieuw, %(updated)s bijgewerkt, "
            "%(unchanged)s ongewijzigd."
        )
        % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
    )
    return redirect("students:import")


@login_required
@require_GET
def import_format(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The column format (``docs/import-format.md``), for whoever makes the SIS export."""
    require_admin(request.user)
    title, body = render_markdown(FORMAT_DOC)
    return render(request, "students/import_format.html", {"title": title, "body": body})
