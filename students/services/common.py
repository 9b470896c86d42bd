"""Helpers shared by the student services: the edit-rights check, validated saving and
date arithmetic."""

import calendar
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from students.models import Student
from students.selectors import student_can_edit


def add_months(day: date, months: int) -> date:
    """``day`` plus whole months, clamped to the month's end (31 Oct + 4 → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _require_edit(user, student: Student) -> None:
    if not student_can_edit(user, student):
        raise PermissionDenied(_("U mag dit dossier niet wijzigen: u bent niet de regiehouder."))


def _save(instance) -> None:
    """Validate every field and constraint, then save; a clash becomes a Dutch message."""
    instance.full_clean()
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as error:  # a race between two saves of the same number
        raise ValidationError(_("Deze gegevens botsen met een ander dossier.")) from error
