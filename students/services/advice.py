"""The (binding) study advice of an active student."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from entree.accounts.models import User
from students.models import AdviceDecision, Status, Student, StudyAdvice

from .common import require_edit, validated_save


@transaction.atomic
def study_advice_record(
    *,
    student: Student,
    by: User,
    decision: str,
    given_on: date,
    motivation: str,
    postponed_until: date | None = None,
) -> StudyAdvice:
    """Register the (binding) study advice. A positive or negative advice resolves the
    'study advice due' signal; a postponed one moves the due date to ``postponed_until``."""
    require_edit(by, student)
    if student.status != Status.ACTIEF:
        raise ValidationError(_("Een studieadvies geldt alleen voor een actieve student."))
    errors = {}
    if decision == AdviceDecision.UITGESTELD:
        if postponed_until is None:
            errors["postponed_until"] = _("Geef aan tot wanneer het advies is uitgesteld.")
        elif postponed_until <= given_on:
            errors["postponed_until"] = _("Deze datum moet na de datum van het advies liggen.")
    else:
        postponed_until = None
    if student.start_date and given_on < student.start_date:
        errors["given_on"] = _("Het advies kan niet vóór de startdatum liggen.")
    if errors:
        raise ValidationError(errors)
    advice = StudyAdvice(
        student=student,
        decision=decision,
        given_on=given_on,
        motivation=motivation.strip(),
        postponed_until=postponed_until,
        recorded_by=by,
    )
    validated_save(advice)
    student.study_advice_due_on = postponed_until
    validated_save(student)
    return advice
