"""The app's URLs plus the floor: what a bare Django page costs on the same stack."""

from functools import cache
from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import include, path

from students.models import Student


@login_required
def floor(request: HttpRequest) -> HttpResponse:
    """50 rows from one indexed query (the primary key), in a plain table,
    through the same middleware, session and login as every page: the cheapest page
    this stack can serve, against which the others are measured."""
    rows = Student.objects.order_by("pk").values_list(
        "student_number", "first_name", "last_name", "status"
    )[:50]
    return HttpResponse(_template().render({"rows": rows}, request))


@cache
def _template() -> Any:
    # Loaded from beside this file (and kept, as the cached loader would): the app's
    # template folders stay free of benchmark pages.
    source = Path(__file__).parent / "templates" / "bench" / "floor.html"
    return engines["django"].from_string(source.read_text())


urlpatterns = [
    path("bench/floor/", floor, name="bench_floor"),
    path("", include("entree.urls")),
]
