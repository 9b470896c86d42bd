"""The outflow tab of the student page: registering the outflow (with the plan's last
version and the regie to a coordinator), correcting it, and the warm-handover checklist
with its partners, their documents and confirmation links."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from entree.core.forms import add_service_errors
from entree.core.models import field_label
from entree.core.types import AuthenticatedHttpRequest
from outflow import selectors, services
from outflow.documents import render_handover_pdf
from outflow.forms import (
    AnswerForm,
    ContactForm,
    CorrectionForm,
    HandoverForm,
    PartnerForm,
    RegisterForm,
    StepForm,
)
from outflow.models import HANDOVER_QUESTIONS, Handover, OutflowPart
from plans.forms import PlanForms
from plans.selectors import current_version, sharing_allowed
from plans.services import plan_data_of
from students.models import Status
from students.selectors import StudentAccess, contacts_of
from students.views.record import open_student, record_page

TAB = "outflow:outflow"


def _back(access: StudentAccess) -> HttpResponse:
    return redirect(TAB, uuid=access.student.uuid)


@login_required
@require_GET
def outflow(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    """The outflow and the checklist: how complete it is, what is missing, per partner
    every step with its date and who, and what consent allows."""
    access = open_student(request, uuid, OutflowPart.OUTFLOW)
    student = access.student
    record = selectors.outflow_of(student)
    context: dict[str, Any] = {
        "outflow": record,
        "can_register": access.can_edit and student.status == Status.ACTIEF,
    }
    if record is not None:
        partners = selectors.partners_of(record)
        context.update(
            partners=partners,
            progress=services.handover_progress(record.handover, partners),
            questions=[
                (field_label(Handover, name), record.handover.answer(name))
                for name in HANDOVER_QUESTIONS
            ],
            sharing_allowed=sharing_allowed(student),
            handover=record.handover,
            now=timezone.now(),
            corrections=[(c, selectors.correction_lines(c)) for c in record.corrections.all()],
            contacts=selectors.contacts_of(record),
            tasks=selectors.open_tasks_of(student),
            today=timezone.localdate(),
        )
    return record_page(request, "outflow/tab.html", access, TAB, **context)


@login_required
@require_http_methods(["GET", "POST"])
def register(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    """Register the outflow: the details, the coordinator who takes over, and the plan
    brought up to date — saved together or not at all."""
    access = open_student(request, uuid, OutflowPart.OUTFLOW, require_edit=True)
    student = access.student
    coordinators = services.coordinators_for(student)
    post = request.POST or None
    form = RegisterForm(
        post,
        coordinators=coordinators,
        initial={"left_on": timezone.localdate(), "diploma": "ja"},
    )
    plan_forms = PlanForms(
        post, initial=plan_data_of(current_version(student)), contacts=contacts_of(student)
    )
    if request.method == "POST" and all([form.is_valid(), plan_forms.is_valid()]):
        try:
            services.outflow_register(
                student=student,
                by=request.user,
                data=form.outflow_data(),
                coordinator=form.cleaned_data["coordinator"],
                plan=plan_forms.data(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("De uitstroom is geregistreerd. De regie ligt nu bij %(name)s.")
                % {"name": form.cleaned_data["coordinator"].get_full_name()},
            )
            return _back(access)
    return record_page(
        request,
        "outflow/register.html",
        access,
        TAB,
        form=form,
        forms=plan_forms,
        coordinators=coordinators,
    )


@login_required
@require_http_methods(["GET", "POST"])
def correct(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    """Correct the outflow (a wrong date or destination) with a reason."""
    access = open_student(request, uuid, OutflowPart.OUTFLOW, require_edit=True)
    record = selectors.outflow_required(access.student)
    initial = {
        "left_on": record.left_on,
        "diploma": "ja" if record.diploma else "nee",
        "destination": record.destination,
        "destination_note": record.destination_note,
        "with_certificate": record.with_certificate,
        "with_mbo_verklaring": record.with_mbo_verklaring,
        "with_praktijkverklaring": record.with_praktijkverklaring,
        "exit_interview_on": record.exit_interview_on,
        "exit_interview_notes": record.exit_interview_notes,
    }
    form = CorrectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.outflow_correct(
                outflow=record,
                by=request.user,
                data=form.outflow_data(),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De uitstroom is gecorrigeerd."))
            return _back(access)
    return record_page(request, "outflow/correct.html", access, TAB, form=form, outflow=record)


@login_required
@require_http_methods(["GET", "POST"])
def checklist(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    """The checklist's six questions for the next phase."""
    access = open_student(request, uuid, OutflowPart.OUTFLOW, require_edit=True)
    handover = selectors.outflow_required(access.student).handover
    form = HandoverForm(
        request.POST or None,
        initial={name: getattr(handover, name) for name in services.HANDOVER_FIELDS},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.handover_save(handover=handover, by=request.user, data=form.handover_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De antwoorden op de checklist zijn opgeslagen."))
            return _back(access)
    return record_page(request, "outflow/checklist.html", access, TAB, form=form)


@login_required
@require_http_methods(["GET", "POST"])
def partner_new(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    """Put a receiving partner on the checklist."""
    access = open_student(request, uuid, OutflowPart.OUTFLOW, require_edit=True)
    record = selectors.outflow_required(access.student)
    form = PartnerForm(request.POST or None, contacts=contacts_of(access.student))
    if request.method == "POST" and form.is_valid():
        try:
            partner = services.partner_add(
                handover=record.handover,
                by=request.user,
                kind=form.cleaned_data["kind"],
                contact=form.cleaned_data["contact"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De partner staat op de checklist."))
            return redirect("outflow:partner", uuid=access.student.uuid, partner=partner.uuid)
    return record_page(request, "outflow/partner_new.html", access, TAB, form=form)


#: The forms of the partner page, by the value of the submit button ("actie").
_PARTNER_ACTIONS = ("contact", "stap", "link", "antwoord", "verwijderen")


@login_required
@require_http_methods(["GET", "POST"])
def partner(request: AuthenticatedHttpRequest, uuid: UUID, partner: UUID) -> HttpResponse:
    """One receiving partner: the contact person, the steps, the confirmation link or an
    answer heard by phone, and the handover document."""
    post = request.method == "POST"
    access = open_student(request, uuid, OutflowPart.OUTFLOW, require_edit=post)
    record = selectors.outflow_required(access.student)
    row = selectors.partner_of(record, partner)
    action = request.POST.get("actie", "") if post else ""
    if post and action not in _PARTNER_ACTIONS:
        raise Http404
    contacts = contacts_of(access.student)

    def bound(name: str) -> Any:
        return request.POST if action == name else None

    forms = {
        "contact": ContactForm(
            bound("contact"), contacts=contacts, initial={"contact": row.contact_id}
        ),
        "stap": StepForm(bound("stap"), initial={"on": timezone.localdate()}),
        "antwoord": AnswerForm(bound("antwoord")),
    }
    if post:
        done = _partner_action(request, action, row, forms)
        if done is not None:
            messages.success(request, done)
            if action == "verwijderen":
                return _back(access)
            return redirect("outflow:partner", uuid=access.student.uuid, partner=row.uuid)
    return record_page(
        request,
        "outflow/partner.html",
        access,
        TAB,
        outflow=record,
        partner=row,
        sharing_refused=services.sharing_refused(row.contact),
        closed=record.handover.closed_at is not None,
        now=timezone.now(),
        **{f"{name}_form": form for name, form in forms.items()},
    )


def _partner_action(
    request: AuthenticatedHttpRequest, action: str, row: Any, forms: dict[str, Any]
) -> str | None:
    """Carry out one of the partner page's forms; the success message, or None (the
    form then shows the errors)."""
    by = request.user
    form: Any = forms.get(action)
    if form is not None and not form.is_valid():
        return None
    try:
        if action == "contact":
            services.partner_set_contact(partner=row, by=by, contact=form.cleaned_data["contact"])
            return _("De contactpersoon is opgeslagen.")
        if action == "stap":
            services.partner_step(
                partner=row, by=by, step=form.cleaned_data["step"], on=form.cleaned_data["on"]
            )
            return _("De stap is vastgelegd.")
        if action == "link":
            link = services.link_send(partner=row, by=by)
            return _("De bevestigingslink is verstuurd naar %(email)s.") % {"email": link.sent_to}
        if action == "antwoord":
            services.partner_confirm(
                partner=row,
                by=by,
                data=form.answer_data(),
                channel=form.cleaned_data["answer_channel"],
            )
            return _("Het antwoord van de partner is vastgelegd.")
        services.partner_remove(partner=row, by=by)
        return _("De partner is van de checklist gehaald.")
    except ValidationError as error:
        if form is None:
            messages.error(request, " ".join(error.messages))
        else:
            add_service_errors(form, error)
        return None


@login_required
@require_GET
@never_cache
def partner_pdf(request: AuthenticatedHttpRequest, uuid: UUID, partner: UUID) -> HttpResponse:
    """The handover document for one partner: only with the student's consent, only what
    that partner needs. Every download is in the access log."""
    # Who does the handover makes the document; a reader is refused before anything is
    # logged or rendered.
    access = open_student(request, uuid, OutflowPart.HANDOVER_PDF, require_edit=True)
    row = selectors.partner_of(selectors.outflow_required(access.student), partner)
    try:
        pdf = render_handover_pdf(row)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("outflow:partner", uuid=access.student.uuid, partner=row.uuid)
    filename = f"overdracht-{row.kind}-{access.student.student_number}.pdf"
    return HttpResponse(
        pdf,
        content_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@login_required
@require_POST
def close(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    """Close the checklist; the student moves on to aftercare."""
    access = open_student(request, uuid, OutflowPart.OUTFLOW, require_edit=True)
    record = selectors.outflow_required(access.student)
    try:
        services.handover_close(handover=record.handover, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("De warme overdracht is afgerond. De nazorg van twee jaar begint.")
        )
    return _back(access)
