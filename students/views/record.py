"""The student page: one tab per part of the record. Every GET of a tab is recorded in
the access log with that part; every POST goes through a service."""

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from entree.audit.models import Channel
from entree.core.forms import add_service_errors
from entree.core.types import AuthenticatedHttpRequest
from students import selectors, services
from students.forms import (
    ActivateForm,
    ConsentForm,
    ContactForm,
    DecisionForm,
    IntakeForm,
    StudentForm,
    StudyAdviceForm,
    TransferForm,
    domain_forms,
)
from students.models import INTAKE_OPEN_STATUSES, RecordPart, Status
from students.registries import tabs
from students.selectors import StudentAccess

#: The students app's own tabs, registered from ``StudentsConfig.ready()``; later apps add
#: theirs with :func:`students.registries.register_tab`.
STUDENT_TABS = (
    ("students:detail", gettext_lazy("Overzicht"), RecordPart.DOSSIER),
    ("students:intake", gettext_lazy("Intake"), RecordPart.INTAKE),
    ("students:network", gettext_lazy("Netwerk en toestemming"), RecordPart.NETWERK),
    ("students:advice", gettext_lazy("Studieadvies"), RecordPart.STUDIEADVIES),
    ("students:regie", gettext_lazy("Regie"), RecordPart.REGIE),
)


#: Stored on the record, so in the record's language (Dutch), not the user's.
CLAIM_REASON = "Regie opgepakt: student had geen (werkende) regiehouder."


def open_student(
    request: AuthenticatedHttpRequest, uuid: UUID | str, part: str, *, require_edit: bool = False
) -> StudentAccess:
    """Open a student for a page of the record (logged as a web read of ``part``)."""
    return selectors.student_access(
        request.user,
        uuid,
        part=part,
        channel=Channel.WEB,
        path=request.path,
        require_edit=require_edit,
    )


def record_page(
    request: AuthenticatedHttpRequest,
    template: str,
    access: StudentAccess,
    active: str,
    **context: Any,
) -> HttpResponse:
    """Render one tab of the student page: ``template`` extends
    ``students/record/base.html``, which shows the header, the signals and every
    registered tab, ``active`` (a tab's URL name) marked as the current one."""
    return render(
        request,
        template,
        {
            "student": access.student,
            "signals": access.signals,
            "can_edit": access.can_edit,
            "tabs": [
                {"url_name": tab.url_name, "label": tab.label, "active": tab.url_name == active}
                for tab in tabs()
            ],
            **context,
        },
    )


def _attempt(form: forms.BaseForm, service: Callable[..., Any], **kwargs: Any) -> Any:
    """Call ``service`` and return what it returns; on a ValidationError put its
    messages on ``form`` and return None."""
    try:
        return service(**kwargs)
    except ValidationError as error:
        add_service_errors(form, error)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def detail(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    """Overview: details, signals, and the next step in the lifecycle."""
    access = open_student(request, uuid, RecordPart.DOSSIER)
    student = access.student
    activate_form = ActivateForm(
        request.POST or None, initial={"start_date": student.start_date or timezone.localdate()}
    )
    if request.method == "POST" and activate_form.is_valid():
        done = _attempt(
            activate_form,
            services.student_activate,
            student=student,
            by=request.user,
            start_date=activate_form.cleaned_data["start_date"],
        )
        if done:
            messages.success(request, _("De opleiding is gestart."))
            return redirect("students:detail", uuid=student.uuid)
    return record_page(
        request,
        "students/record/overview.html",
        access,
        "students:detail",
        activate_form=activate_form if student.status == Status.GEPLAATST else None,
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    access = open_student(request, uuid, RecordPart.GEGEVENS)
    student = access.student
    if not access.can_edit:
        if request.method == "POST":
            raise PermissionDenied(selectors.EDIT_REFUSED)
        # Read-only colleagues see the details on the overview; no form they cannot use.
        return record_page(
            request, "students/record/edit.html", access, "students:detail", form=None
        )
    form = StudentForm(request.POST or None, instance=student, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in services.STUDENT_DETAIL_FIELDS}
        student.refresh_from_db()  # the form wrote its values on the instance already
        if _attempt(form, services.student_update, student=student, by=request.user, **data):
            messages.success(request, _("De gegevens zijn opgeslagen."))
            return redirect("students:detail", uuid=student.uuid)
    return record_page(request, "students/record/edit.html", access, "students:detail", form=form)


@login_required
@require_http_methods(["GET", "POST"])
def intake(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    """The intake form (while no decision is taken) and the placement decision."""
    access = open_student(request, uuid, RecordPart.INTAKE)
    student = access.student
    intake = selectors.intake_of(student)
    contacts = selectors.contacts_of(student)
    ask_higher = services.needs_higher_level_check(student)
    editable = student.status in INTAKE_OPEN_STATUSES
    data = request.POST if request.method == "POST" else None
    action = request.POST.get("action") if data else None

    intake_form = IntakeForm(
        data if action == "intake" else None, instance=intake, ask_higher_level=ask_higher
    )
    domains = domain_forms(data if action == "intake" else None, intake=intake, contacts=contacts)
    # Prefixes keep element ids unique when several forms share one page.
    decision_form = DecisionForm(
        data if action == "decision" else None,
        initial={"start_date": student.start_date},
        prefix="besluit",
    )

    if action == "intake" and intake_form.is_valid() and all(f.is_valid() for f in domains):
        try:
            services.intake_save(
                student=student,
                by=request.user,
                domains=[{"domain": f.domain, **f.cleaned_data} for f in domains],
                **intake_form.cleaned_data,
            )
        except ValidationError as error:
            # Errors keyed by a life domain belong on that domain's note.
            by_domain = {f.domain.value: f for f in domains}
            rest = {}
            for key, messages_ in getattr(error, "message_dict", {None: error.messages}).items():
                if key in by_domain:
                    for message in messages_:
                        by_domain[key].add_error("note", message)
                else:
                    rest[key] = messages_
            if rest:
                add_service_errors(intake_form, ValidationError(rest))
        else:
            messages.success(request, _("De intake is opgeslagen."))
            return redirect("students:intake", uuid=student.uuid)
    elif action == "decision" and decision_form.is_valid():
        decided = _attempt(
            decision_form,
            services.intake_decide,
            student=student,
            by=request.user,
            **decision_form.cleaned_data,
        )
        if decided:
            messages.success(
                request,
                _("Het besluit is vastgelegd: %(outcome)s.")
                % {"outcome": decided.get_outcome_display()},
            )
            return redirect("students:intake", uuid=student.uuid)
    elif action == "reopen" and _attempt(
        decision_form, services.intake_reopen, student=student, by=request.user
    ):
        messages.success(request, _("De intake is hervat."))
        return redirect("students:intake", uuid=student.uuid)

    return record_page(
        request,
        "students/record/intake.html",
        access,
        "students:intake",
        intake=intake,
        intake_form=intake_form,
        domain_forms=domains,
        decision_form=decision_form,
        missing=services.intake_missing(intake, student=student),
        ask_higher_level=ask_higher,
        editable=editable,
    )


@login_required
@require_http_methods(["GET", "POST"])
def network(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    """The support network and the student's consent per contact."""
    access = open_student(request, uuid, RecordPart.NETWERK)
    student = access.student
    action = request.POST.get("action") if request.method == "POST" else None
    contact_form = ContactForm(request.POST if action == "contact" else None, prefix="contact")
    consent_form = ConsentForm(
        request.POST if action == "consent" else None,
        contacts=selectors.contacts_of(student),
        initial={"on": timezone.localdate(), "given": "ja"},
        prefix="toestemming",
    )
    if (
        action == "contact"
        and contact_form.is_valid()
        and _attempt(
            contact_form,
            services.network_contact_save,
            student=student,
            by=request.user,
            **contact_form.cleaned_data,
        )
    ):
        messages.success(request, _("Het contact is toegevoegd."))
        return redirect("students:network", uuid=student.uuid)
    elif (
        action == "consent"
        and consent_form.is_valid()
        and _attempt(
            consent_form,
            services.consent_record,
            student=student,
            by=request.user,
            **consent_form.cleaned_data,
        )
    ):
        messages.success(request, _("De toestemming is vastgelegd."))
        return redirect("students:network", uuid=student.uuid)
    contacts, consents = selectors.network_of(student)
    return record_page(
        request,
        "students/record/network.html",
        access,
        "students:network",
        contacts=contacts,
        consents=consents,
        contact_form=contact_form,
        consent_form=consent_form,
    )


@login_required
@require_http_methods(["GET", "POST"])
def advice(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    """The (binding) study advice, due four months after the start."""
    access = open_student(request, uuid, RecordPart.STUDIEADVIES)
    student = access.student
    form = StudyAdviceForm(request.POST or None, initial={"given_on": timezone.localdate()})
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            form,
            services.study_advice_record,
            student=student,
            by=request.user,
            **form.cleaned_data,
        )
    ):
        messages.success(request, _("Het studieadvies is vastgelegd."))
        return redirect("students:advice", uuid=student.uuid)
    return record_page(
        request,
        "students/record/advice.html",
        access,
        "students:advice",
        form=form if student.status == Status.ACTIEF else None,
        advices=list(selectors.study_advices_of(student)),
    )


@login_required
@require_http_methods(["GET", "POST"])
def regie(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    """Who holds regie, its history, and the explicit hand-over."""
    access = open_student(request, uuid, RecordPart.REGIE)
    student = access.student
    can_transfer = services.regie_can_transfer(request.user, student)
    candidates = selectors.regie_candidates(student).exclude(pk=student.regiehouder_id or 0)
    form = TransferForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and not can_transfer:
        raise PermissionDenied(services.REGIE_TRANSFER_REFUSED)
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            form, services.regie_transfer, student=student, by=request.user, **form.cleaned_data
        )
    ):
        messages.success(request, _("De regie is overgedragen."))
        return redirect("students:regie", uuid=student.uuid)
    return record_page(
        request,
        "students/record/regie.html",
        access,
        "students:regie",
        form=form if can_transfer else None,
        transfers=list(student.transfers.select_related("from_user", "to_user", "by")),
    )


@login_required
@require_POST
def claim(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    """Take regie of a student who has none (from the 'no regiehouder' signal)."""
    access = open_student(request, uuid, RecordPart.REGIE)
    student = access.student
    try:
        services.regie_transfer(
            student=student,
            by=request.user,
            to_user=request.user,
            reason=CLAIM_REASON,
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("U bent nu regiehouder van %(name)s.") % {"name": student})
    return redirect("students:regie", uuid=student.uuid)
