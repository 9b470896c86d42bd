"""The one application error type.

Services raise :class:`ApplicationError` (or ``django.core.exceptions.ValidationError``
for field-level problems). Pages turn it into a form error, the API exception handler
into a JSON 400. The message is Dutch and meant for the user.
"""


class ApplicationError(Exception):
    def __init__(self, message: str, *, extra: dict | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}
