"""Recording reads of student records."""

from uuid import UUID

from entree.audit.models import AccessLog, Channel


def access_record(*, user, student_uuid: UUID, part: str, channel: Channel, path: str = "") -> None:
    """Append one line to the access log: ``user`` read ``part`` of this student's record.

    Called by the selectors that fetch a single student's record, so a page, an API call
    or an export cannot read a record without leaving a trace. Only the fact is stored —
    never the values shown.
    """
    AccessLog.objects.create(
        user=user, student_uuid=student_uuid, part=part, channel=channel, path=path[:300]
    )


def access_record_many(*, user, student_uuids, part: str, channel: Channel, path: str = "") -> int:
    """Append one line per student in a single INSERT: ``user`` exported these students.

    For list exports (the caseload CSV): a file leaves the system, so each student in it
    gets a trace, unlike a list on screen. Returns the number of lines written.
    """
    lines = [
        AccessLog(user=user, student_uuid=uuid, part=part, channel=channel, path=path[:300])
        for uuid in student_uuids
    ]
    # PostgreSQL has no limit on parameters per query: one statement, however many rows.
    AccessLog.objects.bulk_create(lines)
    return len(lines)
