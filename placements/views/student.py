"""The bpv tab of the student page: the student's placements with their agreement,
learning goals, certificates and visits; registering a placement (first choose the
company) and changing its details."""

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from entree.core.forms import add_service_errors
from entree.core.types import AuthenticatedHttpRequest, StrOrPromise
from placements import selectors, services
from placements.forms import PlacementForms, step_choices
from placements.models import (
    ENDED_STATUSES,
    VISITS_WANTED,
    Company,
    CompanyContact,
    Placement,
    PlacementGoal,
    PlacementPart,
    PlacementStatus,
)
from placements.signals import PLACEMENT_SIGNALS
from plans.models import PlanStep
from plans.selectors import current_version
from students.selectors import StudentAccess
from students.views.record import open_student, record_page

TAB = "placements:student"
#: How many companies the chooser shows at most.
CHOOSER_SIZE = 20
_BPV_SIGNALS = frozenset(signal.code for signal in PLACEMENT_SIGNALS)


def network_url(name: str, *args: object, fallback: str) -> str:
    """A URL of the companies' pages (namespace ``bpv``), or ``fallback`` while those
    pages are not there."""
    try:
        return reverse(f"bpv:{name}", args=args)
    except NoReverseMatch:
        return fallback


def company_url(company: Company) -> str:
    return network_url("company", company.uuid, fallback=f"/bpv/leerbedrijven/{company.uuid}/")


def open_placement(
    request: AuthenticatedHttpRequest, uuid: UUID, placement_uuid: UUID
) -> tuple[StudentAccess, Placement]:
    """Open the student (read access suffices to reach the page) and one of their
    placements, which the user must be allowed to change: the regiehouder, or the
    placement's own bpv-begeleider. 404 for a student or placement out of sight, 403 for
    a placement the user may only read."""
    access = open_student(request, uuid, PlacementPart.BPV)
    placement = selectors.placement_of(access.student, placement_uuid)
    placement.student = access.student  # already read: no query per check
    if not (access.can_edit or selectors.placement_can_edit(request.user, placement)):
        raise PermissionDenied(services.PLACEMENT_REFUSED)
    return access, placement


# --- The tab ------------------------------------------------------------------------------


@dataclass
class GoalRow:
    goal: PlacementGoal
    step: PlanStep | None
    #: The goal names a step that is no longer in the current plan.
    step_gone: bool


@dataclass
class PlacementRow:
    """One placement as the tab shows it."""

    placement: Placement
    can_edit: bool
    company_url: str
    guardian_needed: bool
    missing_signatures: list[StrOrPromise]
    goals: list[GoalRow]
    visit_count: int
    visit_due_on: date | None
    overdue: bool
    actions: set[str] = field(default_factory=set)
    start_refused: list[str] = field(default_factory=list)


def _actions(placement: Placement) -> set[str]:
    status = placement.status
    actions = {"edit", "agreement"} if status not in ENDED_STATUSES else set()
    if status == PlacementStatus.ZOEKEND:
        actions |= {"start", "stop"}
    if status == PlacementStatus.LOPEND:
        actions |= {"finish", "stop", "visit"}
    if placement.started_on is not None:  # a search that was stopped never ran
        actions |= {"outcome", "visit_edit"}
        if status in ENDED_STATUSES:
            actions.add("visit")  # a visit made before the end can still be logged
    return actions


def _missing_signatures(placement: Placement, guardian: bool) -> list[StrOrPromise]:
    parties: list[tuple[date | None, StrOrPromise]] = [
        (placement.signed_school_on, _("de school")),
        (placement.signed_student_on, _("de student")),
        (placement.signed_company_on, _("het leerbedrijf")),
    ]
    if guardian:
        parties.append((placement.signed_guardian_on, _("een ouder of voogd")))
    return [label for signed, label in parties if signed is None]


def _editable(request: AuthenticatedHttpRequest, access: StudentAccess, placements: list) -> set:
    """The placements the user may change, in at most one query: the regiehouder all of
    them; a bpv-begeleider those they supervise (the rule depends on the student only)."""
    if access.can_edit:
        return {p.pk for p in placements}
    supervised = [p for p in placements if p.supervisor_id == request.user.pk]
    if supervised and selectors.placement_can_edit(request.user, supervised[0]):
        return {p.pk for p in supervised}
    return set()


@login_required
@require_GET
def student(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    """The student's placements, running first, each with everything about it."""
    return _tab_page(request, open_student(request, uuid, PlacementPart.BPV))


def _tab_page(
    request: AuthenticatedHttpRequest,
    access: StudentAccess,
    refused: tuple[Placement, list[str]] | None = None,
) -> HttpResponse:
    """The tab; ``refused``: a placement that did not start, with every reason why."""
    pupil = access.student
    placements = selectors.placements_of(pupil)
    for placement in placements:
        placement.student = pupil
    editable = _editable(request, access, placements)
    steps: dict[UUID, PlanStep] = {}
    if any(goal.plan_step_key for p in placements for goal in p.goals.all()):
        version = current_version(pupil)
        steps = {step.key: step for step in version.steps.all()} if version else {}
    due = {
        p.pk: p.visit_due_on  # type: ignore[attr-defined]
        for p in selectors.visits_due(Placement.objects.filter(student=pupil).only("pk"))
    }
    today = timezone.localdate()
    rows = []
    for placement in placements:
        guardian = services.guardian_needed(pupil, placement.start_date)
        visit_count = len(placement.visits.all())
        running = placement.status == PlacementStatus.LOPEND
        due_on = due.get(placement.pk) if running else None
        rows.append(
            PlacementRow(
                placement=placement,
                can_edit=placement.pk in editable,
                company_url=company_url(placement.company) if placement.company else "",
                guardian_needed=guardian,
                missing_signatures=_missing_signatures(placement, guardian),
                goals=[
                    GoalRow(
                        goal=goal,
                        step=steps.get(goal.plan_step_key) if goal.plan_step_key else None,
                        step_gone=bool(goal.plan_step_key) and goal.plan_step_key not in steps,
                    )
                    for goal in placement.goals.all()
                ],
                visit_count=visit_count,
                visit_due_on=due_on,
                overdue=bool(due_on and due_on < today),
                actions=_actions(placement) if placement.pk in editable else set(),
                start_refused=refused[1] if refused and refused[0].pk == placement.pk else [],
            )
        )
    return record_page(
        request,
        "placements/student/tab.html",
        access,
        TAB,
        rows=rows,
        visits_wanted=VISITS_WANTED,
        bpv_signals=[s for s in access.signals if s.code in _BPV_SIGNALS],
        supervises=bool(editable) and not access.can_edit,
    )


# --- Registering a placement and changing its details -------------------------------------


def _chooser(request: AuthenticatedHttpRequest) -> tuple[str, list[Company]]:
    """The search (``?zoek=``) over the institution's companies: at most 20 matches."""
    search = request.GET.get("zoek", "").strip()[:100]
    companies = selectors.companies_visible_to(request.user)
    if search:
        digits = search.replace(" ", "").replace(".", "")
        companies = companies.filter(
            Q(name__icontains=search) | Q(city__icontains=search) | Q(kvk_number=digits)
        )
    return search, list(companies.order_by("name", "id")[:CHOOSER_SIZE])


def _trainers(company: Company | None, current: CompanyContact | None) -> QuerySet:
    trainers = selectors.trainer_choices(company)
    if current is not None and company is not None and current.company_id == company.pk:
        # A praktijkopleider who left stays on the placement they had.
        trainers = trainers | CompanyContact.objects.filter(pk=current.pk)
    return trainers


def _details_page(
    request: AuthenticatedHttpRequest, access: StudentAccess, placement: Placement | None
) -> HttpResponse:
    """The details form for a new placement or an existing one. Without a company
    chosen (``?bedrijf=<uuid>``, or ``geen`` for a placement still looking), a new
    placement — or an existing one with ``?kiezen=1`` — shows the company chooser."""
    pupil = access.student
    chosen = request.GET.get("bedrijf", "")
    if not chosen and (placement is None or "kiezen" in request.GET):
        search, companies = _chooser(request)
        return record_page(
            request,
            "placements/student/choose.html",
            access,
            TAB,
            placement=placement,
            search=search,
            companies=companies,
            chooser_size=CHOOSER_SIZE,
            company_new_url=network_url("company_new", fallback="/bpv/leerbedrijven/nieuw/")
            + "?"
            + urlencode({"terug": request.path}),
        )
    if chosen == "geen":
        company = None
    elif chosen:
        company = selectors.company_of(request.user, chosen)
    else:
        company = placement.company if placement else None
    initial = services.PlacementData()
    if placement is not None:
        initial = placement_data_of(placement)
    initial = services.PlacementData(**{**vars(initial), "company": company})
    forms = PlacementForms(
        request.POST or None,
        initial=initial,
        trainers=_trainers(company, placement.trainer if placement else None),
        supervisors=selectors.supervisor_choices(pupil),
        steps=step_choices(current_version(pupil), initial.goals),
    )
    if request.method == "POST" and forms.is_valid():
        try:
            saved = services.placement_save(
                student=pupil, by=request.user, data=forms.data(), placement=placement
            )
        except ValidationError as error:
            add_service_errors(forms.main, error)
        else:
            messages.success(
                request,
                _("De bpv-plek is opgeslagen.")
                if placement
                else _("De bpv-plek bij %(company)s is geregistreerd.") % {"company": saved},
            )
            return redirect(TAB, uuid=pupil.uuid)
    return record_page(
        request,
        "placements/student/edit.html",
        access,
        TAB,
        placement=placement,
        company=company,
        company_url=company_url(company) if company else "",
        forms=forms,
        has_trainers=forms.has_trainers,
    )


def placement_data_of(placement: Placement) -> services.PlacementData:
    """The placement's details as the form starts from them."""
    return services.PlacementData(
        **{name: getattr(placement, name) for name in services.PLACEMENT_FIELDS},
        goals=tuple(
            services.GoalData(
                description=g.description, plan_step_key=g.plan_step_key, achieved=g.achieved
            )
            for g in placement.goals.all()
        ),
        certificates=tuple(
            services.CertificateData(kind=c.kind, other=c.other, obtained_on=c.obtained_on)
            for c in placement.certificates.all()
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def new(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    """Register a placement: choose the company, then its details (status zoekend)."""
    access = open_student(request, uuid, PlacementPart.BPV, require_edit=True)
    return _details_page(request, access, None)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: AuthenticatedHttpRequest, uuid: UUID, placement: UUID) -> HttpResponse:
    access, record = open_placement(request, uuid, placement)
    return _details_page(request, access, record)


@login_required
@require_POST
def start(request: AuthenticatedHttpRequest, uuid: UUID, placement: UUID) -> HttpResponse:
    """Start the placement; a refusal lists every reason on the tab and saves nothing."""
    access, record = open_placement(request, uuid, placement)
    try:
        services.placement_start(by=request.user, placement=record)
    except ValidationError as refused:
        # The tab again, with the reasons beside the placement; nothing was saved.
        return _tab_page(request, access, (record, refused.messages))
    messages.success(request, _("De bpv-plek is gestart."))
    return redirect(TAB, uuid=access.student.uuid)
