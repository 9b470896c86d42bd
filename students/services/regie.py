"""The regiehouder: who can hold regie for a student, who may hand it over, and the
hand-over itself."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from entree.accounts.models import User
from entree.accounts.roles import Role
from students.models import ACTIVE_STATUSES, OUTFLOW_STATUSES, RegieTransfer, Student
from students.selectors import student_can_edit

from .common import _save

REGIE_TRANSFER_REFUSED = _lazy(
    "Alleen de regiehouder (of, na uitstroom, de uitstroomcoördinator van het team) kan de "
    "regie overdragen."
)


def regie_candidates(student: Student):
    """Who can hold regie for this student: the mentors of the student's team, and — once
    the student is in outflow or aftercare — the team's outflow coordinators."""
    roles = [Role.MENTOR]
    if student.status in OUTFLOW_STATUSES:
        roles.append(Role.COORDINATOR)
    return (
        User.objects.filter(
            is_active=True,
            is_system_account=False,
            teams=student.team_id,
            roles__overlap=roles,
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


def regie_can_transfer(user, student: Student) -> bool:
    """Who may hand over regie: whoever has the full record (the regiehouder; for a
    student in outflow also the team's coordinator). A student without a *working*
    regiehouder (none, inactive, left the team or the role) may be claimed by anyone who
    could hold regie, so the 'no regiehouder' list can always be emptied."""
    if student_can_edit(user, student):
        return True
    holder_is_valid = (
        student.regiehouder_id is not None
        and regie_candidates(student).filter(pk=student.regiehouder_id).exists()
    )
    return not holder_is_valid and regie_candidates(student).filter(pk=user.pk).exists()


@transaction.atomic
def regie_transfer(*, student: Student, by: User, to_user: User, reason: str) -> RegieTransfer:
    """Hand responsibility for ``student`` to ``to_user``: recorded who, to whom, when, why."""
    student = Student.objects.select_for_update().get(pk=student.pk)
    if not regie_can_transfer(by, student):
        raise PermissionDenied(REGIE_TRANSFER_REFUSED)
    if student.status not in ACTIVE_STATUSES:
        raise ValidationError(_("Voor een afgesloten dossier is geen regiehouder nodig."))
    reason = reason.strip()
    errors = {}
    if not reason:
        errors["reason"] = _("Geef een reden voor de overdracht.")
    if to_user.pk == student.regiehouder_id:
        errors["to_user"] = _("Deze persoon is al regiehouder.")
    elif not regie_candidates(student).filter(pk=to_user.pk).exists():
        errors["to_user"] = _(
            "Deze persoon kan geen regiehouder zijn: kies een mentor van het team (of, na "
            "uitstroom, een uitstroomcoördinator)."
        )
    if errors:
        raise ValidationError(errors)
    transfer = RegieTransfer(
        student=student,
        from_user_id=student.regiehouder_id,
        to_user=to_user,
        reason=reason,
        by=by,
    )
    _save(transfer)
    student.regiehouder = to_user
    _save(student)
    return transfer
