"""Who sees which student, and opening one student's record (``student_access``)."""

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import (
    Q,
    QuerySet,
)
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entree.accounts.models import User
from entree.accounts.roles import Role, has_role, works_with_students
from entree.audit.models import Channel
from entree.audit.services import access_record
from students.models import (
    OUTFLOW_STATUSES,
    Student,
)
from students.registries import ShownSignal

from .signals import signals_of, with_signals


def team_ids(user: User) -> set[int]:
    # Cached on the user object: pages call the rules several times per request.
    cached = getattr(user, "_entree_team_ids", None)
    if cached is None:
        cached = set(user.teams.values_list("pk", flat=True))
        user._entree_team_ids = cached  # type: ignore[attr-defined]  # per-request cache
    return cached


def students_visible_to(user: User) -> QuerySet[Student]:
    """Every student ``user`` may read. Empty for roles without student access."""
    if not works_with_students(user):
        return Student.objects.none()
    return Student.objects.filter(Q(regiehouder=user) | through_teams(user))


def through_teams(user: User) -> Q:
    """The students ``user`` sees through their teams (not as regiehouder)."""
    teams = team_ids(user)
    visible = Q(pk__in=[])  # matches nothing
    if has_role(user, Role.MENTOR):
        visible |= Q(team_id__in=teams)
    if has_role(user, Role.COORDINATOR):
        visible |= Q(team_id__in=teams, status__in=OUTFLOW_STATUSES)
    return visible


def student_can_edit(user: User, student: Student) -> bool:
    """May ``user`` change this student's record (the 'full record')?"""
    if not works_with_students(user):
        return False
    if student.regiehouder_id == user.pk:
        return True
    return bool(
        has_role(user, Role.COORDINATOR)
        and student.status in OUTFLOW_STATUSES
        and student.team_id in team_ids(user)
    )


@dataclass(frozen=True)
class StudentAccess:
    """One student opened by one user: the row (with team, institution, regiehouder and
    the signals annotated) and whether the user may change the record."""

    student: Student
    can_edit: bool

    @property
    def signals(self) -> list[ShownSignal]:
        return signals_of(self.student)


#: Refused edits of a record one may read: the same words on the page and in the API.
EDIT_REFUSED = _("U mag dit dossier niet wijzigen: u bent niet de regiehouder.")


def student_access(
    user: User,
    uuid: UUID | str,
    *,
    part: str,
    channel: Channel,
    path: str = "",
    require_edit: bool = False,
    today: date | None = None,
) -> StudentAccess:
    """Open one student's record for ``user`` — the only way pages, API, exports and every
    later app open a student.

    1. One query fetches the row among the students ``user`` may see, with what the
       record's header shows (team, institution, regiehouder, signals).
    2. A student who does not exist and one the user may not see both raise Http404, so
       nobody can probe for the existence of a record.
    3. With ``require_edit`` a user who may only read gets PermissionDenied (and nothing
       is logged: nothing was shown).
    4. The read is written to the access log with its ``part`` and ``channel``.
    """
    try:
        student = (
            with_signals(students_visible_to(user), today or timezone.localdate())
            .select_related("team", "institution", "regiehouder")
            .get(uuid=uuid)
        )
    except (Student.DoesNotExist, ValidationError, ValueError, TypeError):
        raise Http404 from None
    access = StudentAccess(student=student, can_edit=student_can_edit(user, student))
    if require_edit and not access.can_edit:
        raise PermissionDenied(EDIT_REFUSED)  # refused before anything is read: no log line
    access_record(user=user, student_uuid=student.uuid, part=part, channel=channel, path=path)
    return access
