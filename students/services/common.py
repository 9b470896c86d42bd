"""Helpers shared by the student services: the edit-rights check, validated saving and
date arithmetic."""

import calendar
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from entree.accounts.models import User
from students.models import Student
from students.selectors import EDIT_REFUSED, student_can_edit


def add_months(day: date, months: int) -> date:
    """``day`` plus whole months, clamped to the month's end (31 Oct + 4 → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def require_edit(user: User, student: Student) -> None:
    """Refuse (PermissionDenied) a user who may not change ``student``'s record."""
    if not student_can_edit(user, student):
        raise PermissionDenied(EDIT_REFUSED)


def validated_save(instance: Model) -> None:
    """Validate every field and constraint, then save; a clash becomes a Dutch message."""
    instance.full_clean()
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as error:  # a race between two saves of the same number
        raise ValidationError(_("Deze gegevens botsen met een ander dossier.")) from error
