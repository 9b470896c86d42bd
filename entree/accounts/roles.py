"""The roles of DESIGN §2 and what each may do — decided here and nowhere else.

Which *students* a user sees is decided by ``students.selectors`` from these roles; the
page navigation, the admin and the API permissions all ask this module, so that adding a
role or changing what it may do is one edit.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MENTOR = "mentor", _("Mentor / loopbaanbegeleider")
    COORDINATOR = "uitstroomcoordinator", _("Uitstroomcoördinator")
    MANAGEMENT = "management", _("Management (teamleider / directie)")
    FUNCTIONAL_ADMIN = "functioneel_beheerder", _("Functioneel beheerder")


#: Roles that work with individual student records. Management and the functioneel
#: beheerder are deliberately absent: they never see a named student (DESIGN §2).
STUDENT_ROLES = frozenset({Role.MENTOR, Role.COORDINATOR})


def has_role(user, role: Role) -> bool:
    return bool(user.is_authenticated and user.is_active and role in (user.roles or ()))


def works_with_students(user) -> bool:
    return bool(user.is_authenticated and user.is_active and STUDENT_ROLES & set(user.roles or ()))


def sees_aggregates(user) -> bool:
    """Management dashboards and reports: aggregated figures, never named students."""
    return has_role(user, Role.MANAGEMENT)


def administers(user) -> bool:
    """Users, teams, reference lists and the audit logs (no student content by itself)."""
    return bool(user.is_authenticated and user.is_active and user.is_superuser) or has_role(
        user, Role.FUNCTIONAL_ADMIN
    )
