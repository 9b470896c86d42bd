"""Recording reads of student records."""

from typing import Any
from uuid import UUID

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from entree.accounts.models import User
from entree.audit.models import AccessLog, Channel


def access_record(
    *, user: User, student_uuid: UUID, part: str, channel: Channel, path: str = ""
) -> None:
    """Append one line to the access log: ``user`` read ``part`` of this student's record.

    Called by the selectors that fetch a single student's record, so a page, an API call
    or an export cannot read a record without leaving a trace. Only the fact is stored —
    never the values shown.
    """
    AccessLog.objects.create(
        user=user, student_uuid=student_uuid, part=part, channel=channel, path=path[:300]
    )


def access_record_many(
    *, user: User, student_uuids: Any, part: str, channel: Channel, path: str = ""
) -> int:
    """Append one line per student in a single INSERT: ``user`` exported these students.

    For list exports (the caseload CSV) and imports: each student in the file gets a
    trace, unlike a list on screen. ``student_uuids`` is a list of UUIDs or a query of
    them (``values_list("uuid", flat=True)``); a query is copied inside PostgreSQL with
    ``INSERT … SELECT``, so a team of tens of thousands never passes through Python.
    Returns the number of lines written.
    """
    if isinstance(student_uuids, QuerySet):
        # No ORDER BY: the log needs the set, not the order on screen.
        select_sql, params = student_uuids.order_by().query.sql_with_params()
        table = connection.ops.quote_name(AccessLog._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (at, user_id, student_uuid, part, channel, path) "  # noqa: S608 - table name from the model; values are parameters
                f"SELECT %s, %s, chosen.uuid, %s, %s, %s FROM ({select_sql}) AS chosen (uuid)",
                [timezone.now(), user.pk, part, channel, path[:300], *params],
            )
            return cursor.rowcount
    lines = [
        AccessLog(user=user, student_uuid=uuid, part=part, channel=channel, path=path[:300])
        for uuid in student_uuids
    ]
    AccessLog.objects.bulk_create(lines)
    return len(lines)
