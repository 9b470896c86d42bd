"""The functioneel beheerder's audit pages: the write log and the access (read) log."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from entree.audit import selectors
from entree.audit.forms import AccessLogFilterForm, WriteLogFilterForm
from entree.core.types import AuthenticatedHttpRequest

PAGE_SIZE = 50


def _filters(form: Any) -> dict:
    if not form.is_valid():
        return {}
    data = form.cleaned_data
    actor = data.get("actor")
    return {
        "actor_id": actor.pk if actor else None,
        "since": data.get("since"),
        "until": data.get("until"),
    }


@login_required
@require_GET
def write_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = WriteLogFilterForm(request.GET or None)
    filters = _filters(form)
    if form.is_bound and form.is_valid():
        filters["record_type"] = form.cleaned_data["record_type"]
    events = selectors.write_events_for_admin(user=request.user, **filters)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("pagina"))
    rows = selectors.describe_write_events(page.object_list)
    actors = selectors.users_by_id(row.user_id for row in rows)
    return render(
        request,
        "audit/write_log.html",
        {"form": form, "page": page, "rows": rows, "actors": actors},
    )


@login_required
@require_GET
def access_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = AccessLogFilterForm(request.GET or None)
    filters = _filters(form)
    if form.is_bound and form.is_valid():
        filters["student_uuid"] = form.cleaned_data["student"]
        filters["student_number"] = form.cleaned_data["student_number"]
        filters["channel"] = form.cleaned_data["channel"]
        filters["part"] = form.cleaned_data["part"]
    entries = selectors.access_log_for_admin(user=request.user, **filters)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(request, "audit/access_log.html", {"form": form, "page": page})
