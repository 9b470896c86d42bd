from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from entree.core.types import AuthenticatedHttpRequest
from entree.reports import selectors
from students.models import Status


@login_required
@require_GET
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = selectors.status_counts_by_team(request.user)
    return render(
        request,
        "reports/dashboard.html",
        {"rows": rows, "statuses": list(Status), "suppress_below": selectors.SUPPRESS_BELOW},
    )
