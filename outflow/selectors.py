"""Reading an outflow and its checklist. The caller has opened the student with
``students.selectors.student_access`` (visibility and the access log); these read what
belongs to that student, in a fixed number of queries."""

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet, TextChoices, Value
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from entree.accounts.models import User
from entree.accounts.roles import works_with_students
from entree.core.models import field_label
from entree.core.records import display
from outflow.models import (
    ConfirmationLink,
    ContactChannel,
    Destination,
    FollowUpContact,
    FollowUpTask,
    Outflow,
    OutflowCorrection,
    PartnerHandover,
)
from outflow.signals import CONTACT_WARNING, LEAVER_SIGNALS
from students.models import OUTFLOW_STATUSES, Student
from students.registries import signals
from students.selectors import students_visible_to, team_ids
from students.services import add_months


def outflow_of(student: Student) -> Outflow | None:
    """The student's outflow with its checklist and the plan version it wrote."""
    return (
        Outflow.objects.filter(student=student)
        .select_related("handover", "registered_by", "plan_version", "handover__closed_by")
        .prefetch_related(
            Prefetch(
                "corrections", queryset=OutflowCorrection.objects.select_related("recorded_by")
            )
        )
        .first()
    )


def outflow_required(student: Student) -> Outflow:
    """The student's outflow (as :func:`outflow_of`); 404 when the student did not leave."""
    outflow = outflow_of(student)
    if outflow is None:
        raise Http404
    return outflow


def _partners() -> QuerySet[PartnerHandover]:
    return PartnerHandover.objects.select_related(
        "contact", "contacted_by", "meeting_by", "shared_by", "answer_recorded_by"
    ).prefetch_related(
        Prefetch("links", queryset=ConfirmationLink.objects.select_related("sent_by"))
    )


def partners_of(outflow: Outflow) -> list[PartnerHandover]:
    """The partner rows of the outflow's checklist with their contacts, who did each step
    and the links sent (two queries)."""
    return list(_partners().filter(handover__outflow=outflow).order_by("id"))


def partner_of(outflow: Outflow, uuid: UUID | str) -> PartnerHandover:
    """One partner row of this outflow; 404 otherwise."""
    try:
        partner = _partners().filter(handover__outflow=outflow, uuid=uuid).first()
    except (ValidationError, ValueError):
        partner = None
    if partner is None:
        raise Http404
    return partner


def _shown_value(name: str, value: Any) -> str:
    if name == "destination" and value in Destination.values:
        return str(Destination(value).label)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-":
        try:
            return display(date.fromisoformat(value))
        except ValueError:
            pass
    return display(value)


def correction_lines(correction: OutflowCorrection) -> list[tuple[str, str, str]]:
    """What a correction changed, for people: (field label, before, after)."""
    return [
        (field_label(Outflow, name), _shown_value(name, old), _shown_value(name, new))
        for name, (old, new) in correction.changes.items()
    ]


def contacts_of(outflow: Outflow) -> list[FollowUpContact]:
    """The leaver's follow-up contact moments in order, with who recorded them (one query)."""
    return list(
        FollowUpContact.objects.filter(outflow=outflow)
        .select_related("recorded_by")
        .order_by("due_on", "id")
    )


def contact_of(outflow: Outflow, uuid: UUID | str) -> FollowUpContact:
    """One contact moment of this outflow; 404 otherwise."""
    try:
        contact = FollowUpContact.objects.filter(outflow=outflow, uuid=uuid).first()
    except (ValidationError, ValueError):
        contact = None
    if contact is None:
        raise Http404
    return contact


def open_tasks_of(student: Student) -> list[FollowUpTask]:
    """The coordinator's open tasks for this leaver (a request for help), oldest first."""
    return list(
        FollowUpTask.objects.filter(student=student, done_on__isnull=True)
        .select_related("assigned_to", "contact")
        .order_by("created_at", "id")
    )


# --- The coordinator's overview (issue 13) -------------------------------------------------

#: How far back the overview's reach rate looks.
REACH_WINDOW_MONTHS = 12
#: The overview's number of active students expected to leave (a caseload signal's code).
EXPECTED = "uitstroom_verwacht"
#: The overview's numbers that count students the user may see, each the caseload signal
#: of the same code, so the number and the caseload filter behind it are one rule.
OVERVIEW_SIGNALS = (
    "checklist_open",
    "overdracht_onbevestigd",
    "nazorg_binnenkort",
    "nazorg_te_laat",
    "wil_hulp",
)


@dataclass(frozen=True)
class Overview:
    #: Active students of the user's teams expected to leave within three months. A
    #: coordinator does not see active students (DESIGN §2), so this is a number with a
    #: list per mentor behind it, never names.
    expected: int
    #: Students the user may see per overview signal code.
    signals: dict[str, int]
    #: Follow-up contacts recorded in the last twelve months, reached, and answered by the
    #: leaver through their own link.
    contacts_done: int
    contacts_reached: int
    contacts_self: int

    @property
    def reach_rate(self) -> int | None:
        """Percentage of recorded contacts in which the leaver was reached."""
        if not self.contacts_done:
            return None
        return round(100 * self.contacts_reached / self.contacts_done)


def overview_for(user: User, today: date) -> Overview:
    """The coordinator's overview in two queries. One statement counts the expected
    outflow (over the active students of the user's teams and the ones they hold) and
    each leavers' signal from its own table — the open rows joined to the leavers the user
    may see, the caseload signal's own rule (``LEAVER_SIGNALS``) — instead of asking every
    student of the teams about every signal. The other counts the follow-up contacts of
    the last twelve months of the students they may see. Only for users who work with
    students."""
    if not works_with_students(user):
        raise Http404
    expected = next(s for s in signals() if s.code == EXPECTED).condition(today)
    in_reach = (
        Student.objects.filter(Q(team_id__in=team_ids(user)) | Q(regiehouder=user))
        .filter(expected)
        .order_by()
        .annotate(code=Value(EXPECTED))
        .values("code")
        .annotate(n=Count("pk"))
    )
    visible = students_visible_to(user)
    leavers = [LEAVER_SIGNALS[code].counted(code, visible, today) for code in OVERVIEW_SIGNALS]
    counted = dict(in_reach.union(*leavers, all=True).values_list("code", "n"))
    contacts = (
        contacts_visible_to(user)
        .filter(done_on__gt=add_months(today, -REACH_WINDOW_MONTHS))
        .aggregate(
            done=Count("pk"),
            reached=Count("pk", filter=Q(reached=True)),
            answered_self=Count("pk", filter=Q(channel=ContactChannel.ZELF)),
        )
    )
    return Overview(
        expected=counted.get(EXPECTED, 0),
        signals={code: counted.get(code, 0) for code in OVERVIEW_SIGNALS},
        contacts_done=contacts["done"],
        contacts_reached=contacts["reached"],
        contacts_self=contacts["answered_self"],
    )


def expected_by_mentor(user: User, today: date) -> list[dict[str, Any]]:
    """Behind the "expected outflow" number: per mentor who holds the regie and month of
    the expected outflow, how many students — numbers, no names (one GROUP BY)."""
    if not works_with_students(user):
        raise Http404
    condition = next(s for s in signals() if s.code == EXPECTED).condition(today)
    return list(
        Student.objects.filter(team_id__in=team_ids(user))
        .filter(condition)
        .values("regiehouder__first_name", "regiehouder__last_name", "team__name")
        .annotate(n=Count("pk"))
        .order_by("team__name", "regiehouder__last_name", "regiehouder__first_name")
    )


def contacts_visible_to(user: User) -> QuerySet[FollowUpContact]:
    """The follow-up contacts of the leavers ``user`` may see (the students' rule)."""
    return FollowUpContact.objects.filter(
        outflow__student__in=students_visible_to(user).filter(status__in=OUTFLOW_STATUSES)
    )


class ContactState(TextChoices):
    COMING = "binnenkort", _("Binnenkort (14 dagen)")
    LATE = "te_laat", _("Te laat")
    DONE = "gedaan", _("Gedaan (12 maanden)")
    NOT_REACHED = "niet_bereikt", _("Niet bereikt (12 maanden)")
    SELF = "zelf", _("Zelf ingevuld (12 maanden)")


def contacts_in_state(user: User, state: str, today: date) -> QuerySet[FollowUpContact]:
    """The follow-up list: contacts of visible leavers in one state, with the student for
    the row (one query a page). The states use the same limits as the signals."""
    since = add_months(today, -REACH_WINDOW_MONTHS)
    filters = {
        ContactState.COMING: Q(
            done_on__isnull=True, due_on__gte=today, due_on__lte=today + CONTACT_WARNING
        ),
        ContactState.LATE: Q(done_on__isnull=True, due_on__lt=today),
        ContactState.DONE: Q(done_on__gt=since),
        ContactState.NOT_REACHED: Q(done_on__gt=since, reached=False),
        ContactState.SELF: Q(done_on__gt=since, channel=ContactChannel.ZELF),
    }
    order = (
        ("due_on", "id")
        if state in (ContactState.COMING, ContactState.LATE)
        else (
            "-done_on",
            "-id",
        )
    )
    return (
        contacts_visible_to(user)
        .filter(filters[ContactState(state)])
        .select_related("outflow__student")
        .order_by(*order)
    )


def open_tasks_for(user: User) -> QuerySet[FollowUpTask]:
    """Open tasks of leavers ``user`` may see: their own first, then the team's, oldest
    first — a coordinator who is away must not leave a leaver's call for help unseen."""
    return (
        FollowUpTask.objects.filter(
            done_on__isnull=True,
            student__in=students_visible_to(user).filter(status__in=OUTFLOW_STATUSES),
        )
        .select_related("student", "assigned_to", "contact")
        .annotate(is_mine=Q(assigned_to=user))
        .order_by("-is_mine", "created_at", "id")
    )


def task_for(user: User, uuid: UUID | str) -> FollowUpTask:
    """One open task ``user`` may see; 404 otherwise."""
    try:
        task = open_tasks_for(user).filter(uuid=uuid).first()
    except (ValidationError, ValueError):
        task = None
    if task is None:
        raise Http404
    return task
