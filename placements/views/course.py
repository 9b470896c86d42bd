"""The placement's course on the bpv tab: the agreement, finishing or stopping it, its
outcome, and the visits of the bpv-begeleider. Each page is one small form whose rules
live in ``placements.services``."""

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from entree.core.forms import add_service_errors
from entree.core.types import AuthenticatedHttpRequest, StrOrPromise
from placements import services
from placements.forms import (
    AgreementForm,
    FinishForm,
    OutcomeForm,
    StopForm,
    VisitForm,
    agreement_data,
    visit_data,
)
from placements.models import Placement, PlacementStatus, Visit
from students.selectors import StudentAccess
from students.views.record import record_page

from .student import TAB, open_placement


def _step_page(
    request: AuthenticatedHttpRequest,
    access: StudentAccess,
    placement: Placement,
    form: forms.Form,
    save: Callable[[], Any],
    *,
    title: StrOrPromise,
    button: StrOrPromise,
    done: StrOrPromise,
    template: str = "placements/student/step.html",
    **context: Any,
) -> HttpResponse:
    """One step's form page: on a valid POST call ``save``; its refusals go on the form."""
    if request.method == "POST" and form.is_valid():
        try:
            save()
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(TAB, uuid=access.student.uuid)
    return record_page(
        request,
        template,
        access,
        TAB,
        placement=placement,
        form=form,
        title=title,
        button=button,
        **context,
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement(request: AuthenticatedHttpRequest, uuid: UUID, placement: UUID) -> HttpResponse:
    """Who signed the praktijkovereenkomst and when."""
    access, record = open_placement(request, uuid, placement)
    form = AgreementForm(request.POST or None, initial=vars(services.agreement_of(record)))
    return _step_page(
        request,
        access,
        record,
        form,
        lambda: services.agreement_record(
            by=request.user, placement=record, data=agreement_data(form)
        ),
        title=_("Praktijkovereenkomst"),
        button=_("Handtekeningen opslaan"),
        done=_("De handtekeningen zijn opgeslagen."),
        template="placements/student/agreement.html",
        guardian_needed=services.guardian_needed(access.student, record.start_date),
    )


@login_required
@require_http_methods(["GET", "POST"])
def finish(request: AuthenticatedHttpRequest, uuid: UUID, placement: UUID) -> HttpResponse:
    """Complete a running placement."""
    access, record = open_placement(request, uuid, placement)
    today = timezone.localdate()
    form = FinishForm(
        request.POST or None, initial={"ended_on": min(record.end_date or today, today)}
    )
    return _step_page(
        request,
        access,
        record,
        form,
        lambda: services.placement_finish(
            by=request.user, placement=record, on=form.cleaned_data["ended_on"]
        ),
        title=_("Bpv-plek afronden"),
        button=_("Bpv-plek afronden"),
        done=_("De bpv-plek is afgerond. Leg ook het resultaat vast: werd het een baan?"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def stop(request: AuthenticatedHttpRequest, uuid: UUID, placement: UUID) -> HttpResponse:
    """Break off a placement (still looking, or running) with a reason."""
    access, record = open_placement(request, uuid, placement)
    form = StopForm(request.POST or None, initial={"ended_on": timezone.localdate()})
    return _step_page(
        request,
        access,
        record,
        form,
        lambda: services.placement_stop(
            by=request.user,
            placement=record,
            on=form.cleaned_data["ended_on"],
            reason=form.cleaned_data["stop_reason"],
            note=form.cleaned_data["stop_note"],
        ),
        title=_("Bpv-plek afbreken"),
        button=_("Bpv-plek afbreken"),
        done=_("De bpv-plek is afgebroken."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def outcome(request: AuthenticatedHttpRequest, uuid: UUID, placement: UUID) -> HttpResponse:
    """What the placement led to: a paid job or not."""
    access, record = open_placement(request, uuid, placement)
    form = OutcomeForm(
        request.POST or None,
        initial={
            "outcome": record.outcome or None,
            "outcome_on": record.outcome_on or record.ended_on or timezone.localdate(),
        },
    )
    return _step_page(
        request,
        access,
        record,
        form,
        lambda: services.outcome_record(
            by=request.user,
            placement=record,
            outcome=form.cleaned_data["outcome"],
            on=form.cleaned_data["outcome_on"],
        ),
        title=_("Resultaat van de bpv-plek"),
        button=_("Resultaat opslaan"),
        done=_("Het resultaat is opgeslagen."),
    )


def _visit_page(
    request: AuthenticatedHttpRequest, uuid: UUID, placement: UUID, visit: UUID | None
) -> HttpResponse:
    access, record = open_placement(request, uuid, placement)
    found: Visit | None = None
    if visit is not None:
        found = next((v for v in record.visits.all() if v.uuid == visit), None)
        if found is None:
            raise Http404
    initial: dict[str, Any] = {"visited_on": timezone.localdate()}
    if found is not None:
        initial = {name: getattr(found, name) for name in services.VISIT_FIELDS}
    form = VisitForm(request.POST or None, initial=initial)
    return _step_page(
        request,
        access,
        record,
        form,
        lambda: services.visit_save(
            by=request.user, placement=record, data=visit_data(form), visit=found
        ),
        title=_("Bezoek bijwerken") if found else _("Bezoek vastleggen"),
        button=_("Bezoek opslaan"),
        done=_("Het bezoek is opgeslagen."),
        not_started=record.status == PlacementStatus.ZOEKEND,
    )


@login_required
@require_http_methods(["GET", "POST"])
def visit_new(request: AuthenticatedHttpRequest, uuid: UUID, placement: UUID) -> HttpResponse:
    """Log a visit (on site, by phone or video) of the bpv-begeleider."""
    return _visit_page(request, uuid, placement, None)


@login_required
@require_http_methods(["GET", "POST"])
def visit_edit(
    request: AuthenticatedHttpRequest, uuid: UUID, placement: UUID, visit: UUID
) -> HttpResponse:
    """Correct a visit."""
    return _visit_page(request, uuid, placement, visit)
