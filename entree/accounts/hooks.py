"""What other apps want the beheerder to know after changing a user.

The accounts app does not know the apps built on it; an app that keeps something per user
(the students app: regie) registers a check here in its ``AppConfig.ready``. A check
returns a warning to show, or ``None``. Warnings carry counts, never a student's name:
the beheerder does not see student records.
"""

from collections.abc import Callable

from entree.accounts.models import User

UserCheck = Callable[["User"], str | None]

_CHECKS: list[UserCheck] = []


def after_user_change(check: UserCheck) -> UserCheck:
    """Register ``check(user)`` to run after a user is saved in ``/beheer/``."""
    if check not in _CHECKS:
        _CHECKS.append(check)
    return check


def user_change_warnings(user: User) -> list[str]:
    return [message for check in _CHECKS if (message := check(user))]
