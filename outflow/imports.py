"""The outflow import page for the functioneel beheerder (``/studenten/uitstroom-import/``).

The same two steps as the student import (``students/views/imports.py``, whose helpers
keep the checked file for "Nu importeren": 15 minutes, single use, bound to the user):
a dry run registers every row and rolls back, showing per line what would happen or why
not; "Nu importeren" then imports the very same bytes. The page shows line numbers,
student numbers, destination codes and messages — never a student's name.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from entree.core.types import AuthenticatedHttpRequest
from outflow.importer import outflow_import
from students.forms import StudentImportForm
from students.views.imports import keep_for_confirm, require_admin, take_confirmed

KIND = "outflow"
TEMPLATE = "outflow/import.html"


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
        result = outflow_import(
            institution=institution,
            data=data,
            by=request.user,
            dry_run=form.cleaned_data["dry_run"],
        )
        if result.written:
            return _done(request, len(result.registered))
        context["result"] = result
        if result.ok:  # a clean dry run: keep the bytes for "Nu importeren"
            context["confirm_form"] = keep_for_confirm(request, data, institution, KIND)
    return render(request, TEMPLATE, context)


def _confirm(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Step 2: import the file of a successful dry run, once."""
    confirmed = take_confirmed(request, KIND)
    if confirmed is None:
        return redirect("outflow_import")
    data, institution = confirmed
    result = outflow_import(institution=institution, data=data, by=request.user, dry_run=False)
    if result.written:
        return _done(request, len(result.registered))
    # The database changed since the dry run (e.g. a student left already): show why.
    return render(request, TEMPLATE, {"form": StudentImportForm(), "result": result})


def _done(request: AuthenticatedHttpRequest, count: int) -> HttpResponse:
    messages.success(
        request,
        _(
            "De uitstroom is geïmporteerd: %(count)s student(en) uitgestroomd. De regie ligt "
            "bij de uitstroomcoördinatoren."
        )
        % {"count": count},
    )
    return redirect("outflow_import")
