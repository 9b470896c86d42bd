"""Who may hold regie and register candidates; students left without a working regiehouder."""

from django.db.models import (
    Exists,
    OuterRef,
    Q,
    QuerySet,
)
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from entree.accounts.models import User
from entree.accounts.roles import Role, has_role
from students.models import (
    ACTIVE_STATUSES,
    OUTFLOW_STATUSES,
    Student,
)


def regie_eligible(*, prefix: str = "", in_outflow: Q | bool) -> Q:
    """Who may hold regie, as a condition on a user (``prefix`` reaches the user from
    another model, e.g. ``"regiehouder__"``): an active person — never a system account —
    who is a mentor, or an outflow coordinator once the student is in outflow or
    aftercare (DESIGN §2). Membership of the student's team is checked by the caller,
    because it is shaped differently from a student's row and from a user's. The one
    definition behind the 'no regiehouder' signal, the candidates and the hand-over."""
    person = Q(**{f"{prefix}is_active": True, f"{prefix}is_system_account": False})
    role = Q(**{f"{prefix}roles__contains": [Role.MENTOR]})
    coordinator = Q(**{f"{prefix}roles__contains": [Role.COORDINATOR]})
    if isinstance(in_outflow, Q):
        role |= coordinator & in_outflow
    elif in_outflow:
        role |= coordinator
    return person & role


def valid_regiehouder() -> Q:
    """The student's regiehouder can actually hold regie (:func:`regie_eligible`) and is in
    the student's team. A mentor who left the team keeps the record until someone takes
    over, but the team sees the student as 'no regiehouder' (DESIGN §2: nobody without a
    working regiehouder)."""
    in_team = Exists(
        User.teams.through.objects.filter(
            user_id=OuterRef("regiehouder_id"), team_id=OuterRef("team_id")
        )
    )
    eligible = regie_eligible(prefix="regiehouder__", in_outflow=Q(status__in=OUTFLOW_STATUSES))
    return Q(regiehouder__isnull=False) & Q(in_team) & eligible


def regie_candidates(student: Student) -> QuerySet[User]:
    """Who can hold regie for this student: the mentors of the student's team, and — once
    the student is in outflow or aftercare — the team's outflow coordinators."""
    return (
        User.objects.filter(
            regie_eligible(in_outflow=student.status in OUTFLOW_STATUSES),
            teams=student.team_id,
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


def can_register_students(user: User) -> bool:
    """Only mentors register candidates: whoever registers becomes regiehouder, and a
    coordinator would be left holding a student they cannot see (docs/decisions.md)."""
    return has_role(user, Role.MENTOR)


REGISTER_REFUSED = _("Alleen mentoren melden kandidaten aan.")


def students_left_without_regie(user: User) -> int:
    """How many active students still name ``user`` as regiehouder although ``user`` can no
    longer hold regie for them (deactivated, left the team, lost the role). A count only:
    it is shown to the beheerder, who sees no student records."""
    return (
        Student.objects.filter(regiehouder=user, status__in=ACTIVE_STATUSES)
        .exclude(valid_regiehouder())
        .count()
    )


def regie_warning(user: User) -> str | None:
    """After the beheerder changed ``user``: students who lost their working regiehouder."""
    count = students_left_without_regie(user)
    if not count:
        return None
    return ngettext(
        "%(name)s is nog regiehouder van %(count)s student, maar kan die regie nu niet meer "
        "voeren. De student staat bij 'Geen regiehouder'; een mentor van het team neemt de "
        "regie over.",
        "%(name)s is nog regiehouder van %(count)s studenten, maar kan die regie nu niet meer "
        "voeren. De studenten staan bij 'Geen regiehouder'; een mentor van het team neemt de "
        "regie over.",
        count,
    ) % {"name": user.get_full_name(), "count": count}
