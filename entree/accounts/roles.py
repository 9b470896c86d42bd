"""The roles of DESIGN §2 and what each may do — decided here and nowhere else.

Which *students* a user sees is decided by ``students.selectors`` from these roles; the
page navigation, the admin and the API permissions all ask this module, so that adding a
role or changing what it may do is one edit.
"""

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from entree.accounts.models import User

    #: ``request.user``: a user, or nobody logged in (every question answers False then).
    AnyUser: TypeAlias = User | AnonymousUser

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MENTOR = "mentor", _("Mentor / loopbaanbegeleider")
    COORDINATOR = "uitstroomcoordinator", _("Uitstroomcoördinator")
    MANAGEMENT = "management", _("Management (teamleider / directie)")
    FUNCTIONAL_ADMIN = "functioneel_beheerder", _("Functioneel beheerder")


#: Roles that work with individual student records. Management and the functioneel
#: beheerder are deliberately absent: they never see a named student (DESIGN §2).
STUDENT_ROLES: frozenset[str] = frozenset({Role.MENTOR, Role.COORDINATOR})


def _roles(user: "AnyUser") -> set[str]:
    """The roles of an active, logged-in user; none for anybody else."""
    if not (user.is_authenticated and user.is_active):
        return set()
    return set(getattr(user, "roles", None) or ())


def has_role(user: "AnyUser", role: Role) -> bool:
    return role in _roles(user)


def works_with_students(user: "AnyUser") -> bool:
    return bool(STUDENT_ROLES & _roles(user))


def sees_aggregates(user: "AnyUser") -> bool:
    """Management dashboards and reports: aggregated figures, never named students."""
    return has_role(user, Role.MANAGEMENT)


def administers(user: "AnyUser") -> bool:
    """Users, teams, reference lists and the audit logs (no student content by itself)."""
    return bool(user.is_authenticated and user.is_active and user.is_superuser) or has_role(
        user, Role.FUNCTIONAL_ADMIN
    )
