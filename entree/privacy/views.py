"""The beheerder's privacy page and the privacy tab of the student page."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from entree.accounts.roles import administers
from entree.core.forms import add_service_errors
from entree.core.types import AuthenticatedHttpRequest
from entree.privacy import selectors, services
from entree.privacy.forms import DecisionForm, ErasureByNumberForm, ErasureRequestForm
from entree.privacy.models import ErasureRequest, ErasureStatus, PrivacyPart
from entree.privacy.services.erasure import may_decide_erasure, may_request_erasure
from students.models import Student
from students.views.record import open_student, record_page

TAB = "privacy:student"


def _beheerder_only(request: AuthenticatedHttpRequest) -> None:
    if not administers(request.user):
        raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Due in the next 30 days (counts per team and month), open requests, last runs,
    and a request by student number (the beheerder sees no record)."""
    _beheerder_only(request)
    today = timezone.localdate()
    form = ErasureByNumberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        number = form.cleaned_data["student_number"].strip()
        students = list(Student.objects.filter(student_number=number)[:2])
        if len(students) != 1:
            form.add_error(
                "student_number",
                _("Geen student met dit nummer.")
                if not students
                else _("Dit nummer komt bij meer instellingen voor."),
            )
        else:
            try:
                services.erasure_request(
                    student=students[0], by=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("Het verzoek is vastgelegd. Een tweede beheerder beslist erover.")
                )
                return redirect("privacy:overview")
    return render(
        request,
        "privacy/overview.html",
        {
            "today": today,
            "due": selectors.due_ahead(today),
            "ahead_days": selectors.AHEAD_DAYS,
            "requests": [
                (erasure, DecisionForm(prefix=_prefix(erasure)))
                for erasure in selectors.open_erasure_requests()
            ],
            "runs": list(selectors.last_runs()),
            "form": form,
            "may_decide": may_decide_erasure(request.user),
        },
    )


def _prefix(erasure: ErasureRequest) -> str:
    """One form per request on the page: field ids must differ (WCAG 4.1.1)."""
    return f"r{erasure.uuid.hex}"


@login_required
@require_POST
def decide(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    _beheerder_only(request)
    erasure = get_object_or_404(ErasureRequest, uuid=uuid, status=ErasureStatus.OPEN)
    form = DecisionForm(request.POST, prefix=_prefix(erasure))
    if not form.is_valid():
        messages.error(request, _("Kies goedkeuren of afwijzen."))
        return redirect("privacy:overview")
    try:
        services.erasure_decide(
            request=erasure,
            by=request.user,
            approve=form.cleaned_data["approve"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Goedgekeurd: het dossier wordt geanonimiseerd.")
            if form.cleaned_data["approve"]
            else _("Het verzoek is afgewezen."),
        )
    return redirect("privacy:overview")


@login_required
@require_http_methods(["GET", "POST"])
def student(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    """The privacy tab: how long the record is kept, and a request to erase it."""
    access = open_student(request, uuid, PrivacyPart.PRIVACY)
    record = access.student
    may_request = may_request_erasure(request.user, record)
    refusal = services.erasure_refusal(record)
    form = ErasureRequestForm(request.POST or None)
    if request.method == "POST":
        if not may_request:
            raise PermissionDenied(_("U mag voor deze student geen verzoek tot wissen indienen."))
        if form.is_valid():
            try:
                services.erasure_request(
                    student=record, by=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Het verzoek is vastgelegd. Een functioneel beheerder beslist erover."),
                )
                return redirect(TAB, uuid=record.uuid)
    return record_page(
        request,
        "privacy/student.html",
        access,
        TAB,
        retention_ends=selectors.retention_ends(record),
        refusal=refusal,
        form=form if may_request and not refusal else None,
        requests=list(
            ErasureRequest.objects.filter(student=record)
            .select_related("requested_by", "decided_by")
            .order_by("-created_at")
        ),
    )
