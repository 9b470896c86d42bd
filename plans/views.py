"""The plan tab of the student page: the current plan, its versions and what changed,
editing (a new version), progress meetings and the student's own plan document."""

from typing import Any, NoReturn
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from entree.core.forms import add_service_errors
from entree.core.types import AuthenticatedHttpRequest
from plans import selectors, services
from plans.forms import MeetingDomainForm, MeetingForm, PlanForms, meeting_data
from plans.models import ObstacleStatus, PlanPart, PlanVersion, StepOwner, StepStatus
from plans.signals import PLAN_AFTER_ADVICE
from students.models import AdviceDecision, LifeDomain, Student
from students.selectors import contacts_of, study_advices_of
from students.views.record import open_student, record_page

TAB = "plans:plan"


@login_required
@require_GET
def plan(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    """The current plan, the study advice beside it, the versions and the meetings."""
    access = open_student(request, uuid, PlanPart.PLAN)
    student = access.student
    current = selectors.current_version(student)
    advices = list(study_advices_of(student)[:1])
    return record_page(
        request,
        "plans/plan.html",
        access,
        TAB,
        version=current,
        versions=selectors.versions_of(student),
        meetings=selectors.meetings_of(student),
        latest_advice=advices[0] if advices else None,
        positive_advice=AdviceDecision.POSITIEF,
        # The caseload signal's own rule, annotated on the student by student_access.
        revise_after_advice=getattr(student, PLAN_AFTER_ADVICE.annotation, False),
        sharing_allowed=selectors.sharing_allowed(student),
        can_plan=access.can_edit and student.status in services.PLAN_STATUSES,
        step_statuses=StepStatus.choices,
        obstacle_statuses=ObstacleStatus.choices,
    )


@login_required
@require_GET
def version(request: AuthenticatedHttpRequest, uuid: UUID, number: int) -> HttpResponse:
    """One earlier version, as it was written."""
    access = open_student(request, uuid, PlanPart.PLAN)
    return record_page(
        request,
        "plans/version.html",
        access,
        TAB,
        version=selectors.version_of(access.student, number),
    )


@login_required
@require_GET
def compare(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    """What changed between two versions (``?van=1&naar=3``; by default the last two)."""
    access = open_student(request, uuid, PlanPart.PLAN)
    versions = selectors.versions_of(access.student)
    if len(versions) < 2:
        raise Http404
    try:
        newer = int(request.GET.get("naar") or versions[0].number)
        older = int(request.GET.get("van") or versions[1].number)
    except ValueError:
        raise Http404 from None
    if older > newer:
        older, newer = newer, older
    diff = selectors.plan_diff(
        selectors.version_of(access.student, older), selectors.version_of(access.student, newer)
    )
    return record_page(request, "plans/compare.html", access, TAB, diff=diff, versions=versions)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    """Change the plan: saving makes the next version."""
    access = open_student(request, uuid, PlanPart.PLAN, require_edit=True)
    student = access.student
    current = selectors.current_version(student)
    forms = PlanForms(
        request.POST or None,
        initial=services.plan_data_of(current),
        contacts=contacts_of(student),
    )
    if request.method == "POST" and forms.is_valid():
        try:
            saved = services.plan_save(
                student=student,
                by=request.user,
                data=forms.data(),
                reason=forms.main.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(forms.main, error)
        else:
            messages.success(
                request, _("Het plan is opgeslagen als versie %(n)s.") % {"n": saved.number}
            )
            return redirect(TAB, uuid=student.uuid)
    return record_page(request, "plans/edit.html", access, TAB, forms=forms, version=current)


@login_required
@require_http_methods(["GET", "POST"])
def meeting(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    """Record a progress meeting: who was there, the five life domains, and the plan as
    revised in the meeting — saved together."""
    access = open_student(request, uuid, PlanPart.PLAN, require_edit=True)
    student = access.student
    post = request.POST or None
    form = MeetingForm(post, initial={"held_on": timezone.localdate(), "with_student": True})
    domains = [MeetingDomainForm(post, domain=domain) for domain in LifeDomain]
    forms = PlanForms(
        post,
        initial=services.plan_data_of(selectors.current_version(student)),
        contacts=contacts_of(student),
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and all(f.is_valid() for f in domains)
        and forms.is_valid()
    ):
        try:
            services.meeting_record(
                student=student,
                by=request.user,
                meeting=meeting_data(form, domains),
                plan=forms.data(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Het voortgangsgesprek en het bijgestelde plan zijn opgeslagen.")
            )
            return redirect(TAB, uuid=student.uuid)
    return record_page(
        request,
        "plans/meeting.html",
        access,
        TAB,
        form=form,
        domain_forms=domains,
        forms=forms,
    )


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    # The document is self-contained: no text in a plan makes the server fetch anything.
    raise ValueError(f"Geen externe bronnen in een plan-pdf: {url}")


#: Who takes a step, said to the student ("jij"), for the plan document.
_WHO_FOR_STUDENT = {
    StepOwner.STUDENT: gettext_lazy("Jij"),
    StepOwner.MENTOR: gettext_lazy("Je mentor"),
    StepOwner.WERKGEVER: gettext_lazy("Je werkgever"),
}
_STATE_FOR_STUDENT = {
    StepStatus.OPEN: gettext_lazy("Moet nog"),
    StepStatus.BEZIG: gettext_lazy("Bezig"),
    StepStatus.KLAAR: gettext_lazy("Klaar"),
    StepStatus.VERVALLEN: gettext_lazy("Doen we niet meer"),
}


def render_plan_pdf(*, student: Student, version: PlanVersion) -> bytes:
    """The student's own plan document: plain Dutch (B1), "jij", no codes (WeasyPrint)."""
    from weasyprint import HTML  # heavy import, needed only here

    steps = [
        {
            "description": step.description,
            "who": step.partner.name
            if step.owner == StepOwner.PARTNER and step.partner
            else _WHO_FOR_STUDENT.get(StepOwner(step.owner), ""),
            "due_on": step.due_on,
            "state": _STATE_FOR_STUDENT[StepStatus(step.status)],
            "done": step.status == StepStatus.KLAAR,
        }
        for step in version.steps.all()
    ]
    html = render_to_string(
        "plans/plan_pdf.html",
        {
            "student": student,
            "version": version,
            "steps": steps,
            "supporters": list(version.supporters.all()),
            "obstacles": list(version.obstacles.all()),
            "provisions": list(version.provisions.all()),
        },
    )
    return HTML(string=html, url_fetcher=_refuse_fetch).write_pdf(pdf_variant="pdf/ua-1")


@login_required
@require_GET
@never_cache
def plan_pdf(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    """The current plan as a document for the student (read: the team, as the plan)."""
    access = open_student(request, uuid, PlanPart.PLAN_PDF)
    current = selectors.current_version(access.student)
    if current is None:
        raise Http404
    filename = f"plan-{access.student.student_number}.pdf"
    return HttpResponse(
        render_plan_pdf(student=access.student, version=current),
        content_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


#: The lists marked in place: the partial the page swaps in, and the success message.
_MARKED = {
    "steps": ("plans/steps.html", gettext_lazy("De stap is bijgewerkt.")),
    "obstacles": ("plans/obstacles.html", gettext_lazy("De regelzaak is bijgewerkt.")),
}


@login_required
@require_POST
def item_status(request: AuthenticatedHttpRequest, uuid: UUID, items: str) -> HttpResponse:
    """Change the status of one step or regelzaak (a new version). With htmx the list is
    swapped in place; without JavaScript the page reloads with a message."""
    access = open_student(request, uuid, PlanPart.PLAN, require_edit=True)
    student = access.student
    error = None
    try:
        services.plan_item_set_status(
            student=student,
            by=request.user,
            items=items,
            key=request.POST.get("key", ""),
            status=request.POST.get("status", ""),
        )
    except ValidationError as refused:
        error = " ".join(refused.messages)
    partial, done = _MARKED[items]
    if request.headers.get("HX-Request"):
        return record_page(
            request,
            partial,
            access,
            TAB,
            version=selectors.current_version(student),
            step_statuses=StepStatus.choices,
            obstacle_statuses=ObstacleStatus.choices,
            sharing_allowed=selectors.sharing_allowed(student),
            can_plan=True,
            item_error=error,
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    return redirect(TAB, uuid=student.uuid)
