from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_GET

from entree.accounts.roles import administers, sees_aggregates, works_with_students
from entree.core.types import AuthenticatedHttpRequest


@login_required
@require_GET
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Send each role to where its work starts."""
    user = request.user
    if works_with_students(user):
        return redirect("students:caseload")
    if sees_aggregates(user):
        return redirect("reports:dashboard")
    if administers(user):
        return redirect("audit:access_log")
    return render(request, "core/no_role.html")


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """``/favicon.ico``, which browsers ask for on pages without an icon link (the
    beheer pages, a PDF opened in the browser): the site's icon instead of a 404."""
    return redirect(static("favicon.svg"), permanent=True)
