"""A mail backend whose server is always down (the outside world, mocked)."""

from typing import Any

from django.core.mail.backends.base import BaseEmailBackend


class Backend(BaseEmailBackend):
    def send_messages(self, email_messages: Any) -> int:
        raise ConnectionError("De mailserver is niet bereikbaar.")
