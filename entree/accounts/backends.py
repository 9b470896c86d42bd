"""Who may log in on the website with a password."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AnonymousUser

from entree.accounts.models import User


class PersonBackend(ModelBackend):
    """Django's e-mail and password check, for people only.

    A system account (a link with another system) works through the API with a token; it
    never logs in on the website, so a leaked or guessed password opens nothing.
    """

    def user_can_authenticate(self, user: User | AnonymousUser | None) -> bool:
        return (
            super().user_can_authenticate(user)
            and isinstance(user, User)
            and not user.is_system_account
        )
