"""Who may see and change companies and placements, and reading them in a fixed number of
queries.

Students are opened with ``students.selectors.student_access`` (visibility and the access
log); these functions read what belongs to that student. Companies are not a student's
record: every mentor and coordinator of the institution sees its companies — the network
the teams build on — but a company's placement history names only the students the user
may see.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    F,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from entree.accounts.models import Team, User
from entree.accounts.roles import Role, has_role, works_with_students
from placements.models import (
    JOB_OUTCOMES,
    VISITS_WANTED,
    Company,
    CompanyContact,
    Placement,
    PlacementStatus,
    Visit,
)
from students.models import Student
from students.selectors import student_can_edit, students_visible_to

#: A placement ending within this many days wants its second visit now (issue 11).
LAST_VISIT_WINDOW = timedelta(days=14)


# --- Who may ------------------------------------------------------------------------------


def institutions_of(user: User) -> set[int]:
    """The institutions of the user's teams (cached on the user for the request)."""
    cached = getattr(user, "_entree_institution_ids", None)
    if cached is None:
        cached = set(Team.objects.filter(members=user).values_list("institution_id", flat=True))
        user._entree_institution_ids = cached  # type: ignore[attr-defined]  # per-request
    return cached


def works_with_companies(user: User) -> bool:
    """Mentors and coordinators find, add and update the institution's companies;
    management and the beheerder do not work with named companies' placements."""
    return works_with_students(user)


def companies_visible_to(user: User) -> QuerySet[Company]:
    if not works_with_companies(user):
        return Company.objects.none()
    return Company.objects.filter(institution_id__in=institutions_of(user))


def company_of(user: User, uuid: UUID | str) -> Company:
    """One company of the user's institution; 404 for anything else."""
    try:
        company = companies_visible_to(user).filter(uuid=uuid).first()
    except (ValidationError, ValueError):
        company = None
    if company is None:
        raise Http404
    return company


def placement_can_edit(user: User, placement: Placement) -> bool:
    """Who may change a placement and log its visits: whoever may change the student's
    record (the regiehouder; in outflow the coordinator), and the placement's own
    bpv-begeleider — a mentor of the team who visits the student at work."""
    if student_can_edit(user, placement.student):
        return True
    return bool(
        placement.supervisor_id == user.pk
        and has_role(user, Role.MENTOR)
        and user.is_active
        and students_visible_to(user).filter(pk=placement.student_id).exists()
    )


def supervisor_choices(student: Student) -> QuerySet[User]:
    """Who can be the school's bpv-begeleider: an active mentor of the student's team."""
    return (
        User.objects.filter(
            teams=student.team_id,
            roles__contains=[Role.MENTOR],
            is_active=True,
            is_system_account=False,
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


# --- Reading a student's placements -------------------------------------------------------


def _with_details(queryset: QuerySet[Placement]) -> QuerySet[Placement]:
    return queryset.select_related("company", "trainer", "supervisor").prefetch_related(
        "goals",
        "certificates",
        Prefetch("visits", queryset=Visit.objects.select_related("recorded_by")),
    )


def placements_of(student: Student) -> list[Placement]:
    """Every placement of the student, the running ones first, with everything in them
    (five queries, however many placements)."""
    order = Case(
        When(status=PlacementStatus.LOPEND, then=Value(0)),
        When(status=PlacementStatus.ZOEKEND, then=Value(1)),
        default=Value(2),
    )
    return list(
        _with_details(Placement.objects.filter(student=student)).order_by(
            order, "-start_date", "-id"
        )
    )


def placement_of(student: Student, uuid: UUID | str) -> Placement:
    """One placement of this student with its details; 404 when there is none."""
    try:
        placement = _with_details(Placement.objects.filter(student=student, uuid=uuid)).first()
    except (ValidationError, ValueError):
        placement = None
    if placement is None:
        raise Http404
    return placement


def trainer_choices(company: Company | None) -> QuerySet[CompanyContact]:
    if company is None:
        return CompanyContact.objects.none()
    return CompanyContact.objects.filter(company=company, active=True)


# --- Companies ----------------------------------------------------------------------------


def contacts_of_company(company: Company) -> QuerySet[CompanyContact]:
    """Every contact person of the company, those who still work there first."""
    return CompanyContact.objects.filter(company=company)


def contact_of(company: Company, uuid: UUID | str) -> CompanyContact:
    """One contact person of this company; 404 for anything else."""
    try:
        contact = contacts_of_company(company).filter(uuid=uuid).first()
    except (ValidationError, ValueError):
        contact = None
    if contact is None:
        raise Http404
    return contact


def company_list(user: User, *, search: str = "", sector: str = "") -> QuerySet[Company]:
    """The institution's companies with their placement counts, by name. The caller
    pages the result; the counts are computed for the rows of one page only."""
    companies = companies_visible_to(user)
    search = search.strip()
    if search:
        digits = search.replace(" ", "").replace(".", "")
        companies = companies.filter(
            Q(name__icontains=search) | Q(city__icontains=search) | Q(kvk_number=digits)
        )
    if sector:
        companies = companies.filter(sector=sector)
    return companies.annotate(
        placement_count=Count("placements", filter=Q(placements__started_on__isnull=False)),
        running_count=Count("placements", filter=Q(placements__status=PlacementStatus.LOPEND)),
        job_count=Count("placements", filter=Q(placements__outcome__in=JOB_OUTCOMES)),
    ).order_by("name", "id")


@dataclass(frozen=True)
class CompanyFigures:
    placements: int
    running: int
    completed: int
    stopped: int
    jobs: int


def company_figures(company: Company) -> CompanyFigures:
    """How many placements the company had and how many became a job (one query)."""
    started = Q(started_on__isnull=False)
    counts = Placement.objects.filter(company=company).aggregate(
        placements=Count("pk", filter=started),
        running=Count("pk", filter=Q(status=PlacementStatus.LOPEND)),
        completed=Count("pk", filter=Q(status=PlacementStatus.AFGEROND)),
        stopped=Count("pk", filter=Q(status=PlacementStatus.AFGEBROKEN) & started),
        jobs=Count("pk", filter=Q(outcome__in=JOB_OUTCOMES)),
    )
    return CompanyFigures(**counts)


def company_history(user: User, company: Company) -> QuerySet[Placement]:
    """The company's placements, newest first, each marked ``shown`` when ``user`` may see
    the student: only then does the page name the student. The caller pages the result."""
    visible = students_visible_to(user).filter(pk=OuterRef("student_id"))
    return (
        Placement.objects.filter(company=company)
        .filter(started_on__isnull=False)
        .select_related("student__team", "trainer")
        .annotate(shown=Exists(visible))
        .order_by(Coalesce("start_date", Value(date.max)).desc(), "-id")
    )


# --- The bpv-begeleider's list ------------------------------------------------------------


def _days_before(field: str, days: int) -> Func:
    # date − integer is a date in PostgreSQL (an interval would make it a timestamp).
    return Func(
        F(field),
        Value(days),
        template="(%(expressions)s)",
        arg_joiner=" - ",
        output_field=DateField(),
    )


def visits_due(queryset: QuerySet[Placement]) -> QuerySet[Placement]:
    """Annotate ``visit_count`` and ``visit_due_on``: the date the next visit is due —
    the midpoint for the first, two weeks before the end for the second, none after two
    (guideline 2020 §4.3: at least two visits per placement)."""
    return queryset.annotate(
        visit_count=Count("visits"),
        visit_due_on=Case(
            When(visit_count=0, then=F("midpoint")),
            When(
                visit_count__lt=VISITS_WANTED,
                then=_days_before("end_date", LAST_VISIT_WINDOW.days),
            ),
            default=None,
            output_field=DateField(),
        ),
    )


def to_visit(user: User) -> QuerySet[Placement]:
    """The running placements ``user`` supervises as bpv-begeleider, most urgent first:
    the earliest date a visit is due (overdue ones on top), then those whose visits are
    done, by end date. The caller pages the result."""
    return visits_due(
        Placement.objects.filter(
            supervisor=user,
            status=PlacementStatus.LOPEND,
            student__in=students_visible_to(user),
        ).select_related("student", "company", "trainer")
    ).order_by(F("visit_due_on").asc(nulls_last=True), "end_date", "id")
