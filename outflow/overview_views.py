"""The coordinator's overview at /uitstroom/ (issue 13): the numbers of the outflow and
the follow-up, each a link to the list behind it, the follow-up contact lists and the
leavers' requests for help."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from entree.accounts.roles import works_with_students
from entree.core.types import AuthenticatedHttpRequest
from outflow import selectors, services
from outflow.selectors import ContactState

PER_PAGE = 50


def _caseload(signal: str) -> str:
    return reverse("students:caseload") + "?" + urlencode({"signal": signal})


@login_required
@require_GET
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    overview = selectors.overview_for(request.user, today)
    contacts = reverse("followup:contacts")
    numbers = [
        (_("Verwachte uitstroom (3 maanden)"), overview.expected, reverse("followup:expected")),
        (
            _("Overdrachtschecklist open"),
            overview.signals["checklist_open"],
            _caseload("checklist_open"),
        ),
        (
            _("Overdracht niet bevestigd"),
            overview.signals["overdracht_onbevestigd"],
            _caseload("overdracht_onbevestigd"),
        ),
        (
            _("Nazorgcontact binnenkort"),
            overview.signals["nazorg_binnenkort"],
            f"{contacts}?stand={ContactState.COMING}",
        ),
        (
            _("Nazorgcontact te laat"),
            overview.signals["nazorg_te_laat"],
            f"{contacts}?stand={ContactState.LATE}",
        ),
        (_("Oud-student wil hulp"), overview.signals["wil_hulp"], reverse("followup:tasks")),
    ]
    return render(
        request,
        "outflow/overview/dashboard.html",
        {"overview": overview, "numbers": numbers, "contacts_url": contacts},
    )


@login_required
@require_GET
def expected(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Behind "verwachte uitstroom": per team and mentor how many students — no names."""
    rows = selectors.expected_by_mentor(request.user, timezone.localdate())
    return render(request, "outflow/overview/expected.html", {"rows": rows})


@login_required
@require_GET
def contacts(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The follow-up contacts of the leavers the user may see, in one state."""
    if not works_with_students(request.user):
        raise Http404
    state = request.GET.get("stand", ContactState.COMING)
    if state not in ContactState.values:
        state = ContactState.COMING
    rows = selectors.contacts_in_state(request.user, state, timezone.localdate())
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "outflow/overview/contacts.html",
        {
            "page": page,
            "state": ContactState(state),
            "states": list(ContactState),
            "open_state": state in (ContactState.COMING, ContactState.LATE),
        },
    )


@login_required
@require_GET
def tasks(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Leavers who asked for help: the user's own tasks first, then the team's."""
    if not works_with_students(request.user):
        raise Http404
    rows = selectors.open_tasks_for(request.user).prefetch_related("contact__support_signals")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("pagina"))
    return render(request, "outflow/overview/tasks.html", {"page": page})


@login_required
@require_POST
def task_done(request: AuthenticatedHttpRequest, task: UUID) -> HttpResponse:
    record = selectors.task_for(request.user, task)
    services.task_done(task=record, by=request.user)
    messages.success(request, _("De taak is afgehandeld."))
    return redirect("followup:tasks")
