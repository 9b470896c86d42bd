"""Write audit for personal data, through django-pghistory.

Postgres triggers record every insert, update and delete of a tracked model — including
bulk updates and raw SQL that bypass Django — together with the request context (who,
which URL) that :class:`pghistory.middleware.HistoryMiddleware` sets. Event tables are
append-only (``PGHISTORY_APPEND_ONLY``).
"""

from typing import Any

import pghistory


def track_personal_data(**kwargs: Any) -> Any:
    """Decorate a model that holds personal data so that every write is recorded.
    (pghistory is untyped: the decorator is ``Any``.)"""
    return pghistory.track(
        pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent(), **kwargs
    )
