"""The student's status: one owner, one table (``STATUS_TRANSITIONS``), whichever app
moves a student along the path — the intake here, outflow and aftercare later."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from students.models import STATUS_TRANSITIONS, Status, Student

from .common import validated_save


@transaction.atomic
def student_set_status(*, student: Student, status: str) -> Student:
    """Move ``student`` to ``status`` and save the row (with whatever else the calling
    service changed on it).

    Preconditions — the caller has checked who may do this; here only the lifecycle:
    1. the status is read again under a row lock, so two concurrent moves cannot both
       start from the same status;
    2. the move must be in ``STATUS_TRANSITIONS``; any other is refused with a Dutch
       message naming both statuses.
    """
    current = (
        Student.objects.select_for_update().values_list("status", flat=True).get(pk=student.pk)
    )
    if status not in STATUS_TRANSITIONS.get(current, frozenset()):
        raise ValidationError(
            _("Een student met status '%(current)s' kan niet naar status '%(status)s'.")
            % {"current": Status(current).label, "status": _status_label(status)}
        )
    student.status = status
    validated_save(student)
    return student


def _status_label(code: str) -> str:
    return str(Status(code).label) if code in Status.values else code
