"""The caseload ("Mijn studenten") and registering a new candidate."""

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from entree.accounts.roles import works_with_students
from entree.core.forms import add_service_errors
from entree.core.types import AuthenticatedHttpRequest
from students import selectors, services
from students.forms import StudentForm
from students.models import Student

PAGE_SIZE = 50


@login_required
@require_GET
def caseload(request: AuthenticatedHttpRequest) -> HttpResponse:
    """'Mijn studenten': the students the user may see, the ones they hold first, with
    search, filters and signals."""
    if not works_with_students(request.user):
        raise Http404
    today = timezone.localdate()
    students = selectors.caseload_for_user(request.user, today=today)
    filterset = selectors.StudentFilter(request.GET or None, queryset=students, request=request)
    filterset.form.fields["cohort"].widget.attrs["list"] = "cohorten"
    try:
        rows = filterset.qs
    except ValidationError:
        rows = students.none()
    # MineFirst counts and slices like a queryset (all a Paginator uses); the stubs ask
    # for a full sequence protocol.
    rows_in_order = cast(Any, selectors.MineFirst(rows, request.user))
    page: Page[Student] = Paginator(rows_in_order, PAGE_SIZE).get_page(request.GET.get("pagina"))
    for student in page.object_list:
        student.signal_list = selectors.signals_of(student)
    return render(
        request,
        "students/caseload.html",
        {
            "page": page,
            "filter_form": filterset.form,
            "cohorts": selectors.cohort_choices(today),
            "filtered": any(request.GET.get(name) for name in filterset.form.fields),
            "can_register": selectors.can_register_students(request.user),
            "signal_counts": selectors.signal_counts(
                selectors.students_visible_to(request.user), today
            ),
            "active_signal": request.GET.get("signal", ""),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def register(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Register a new candidate; the mentor becomes regiehouder and goes to the intake."""
    if not selectors.can_register_students(request.user):
        raise Http404
    form = StudentForm(request.POST or None, user=request.user, registering=True)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in services.STUDENT_DETAIL_FIELDS}
        try:
            student = services.student_register(
                by=request.user,
                team=form.cleaned_data["team"],
                student_number=form.cleaned_data["student_number"],
                **data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("%(name)s is aangemeld. Vul nu de intake in.") % {"name": student}
            )
            return redirect("students:intake", uuid=student.uuid)
    return render(request, "students/register.html", {"form": form})
