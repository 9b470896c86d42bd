"""The regiehouder: who can hold regie for a student, who may hand it over, and the
hand-over itself."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from entree.accounts.models import User
from entree.accounts.roles import administers
from students.models import ACTIVE_STATUSES, RegieTransfer, Student
from students.selectors import regie_candidates, student_can_edit

from .common import validated_save

REGIE_TRANSFER_REFUSED = _lazy(
    "Alleen de regiehouder (of, na uitstroom, de uitstroomcoördinator van het team) kan de "
    "regie overdragen."
)


def regie_can_transfer(user: User, student: Student) -> bool:
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
def regie_transfer(
    *, student: Student, by: User, to_user: User, reason: str, by_import: bool = False
) -> RegieTransfer:
    """Hand responsibility for ``student`` to ``to_user``: recorded who, to whom, when, why.

    ``by_import``: the transfer is part of an import from the student information system
    (the outflow import), run by the functioneel beheerder. The SIS, not a person in the
    team, says the student left, so the beheerder who imports is recorded as ``by``; this
    is the only way a beheerder transfers regie, and only an administrator may use it.
    Who may receive the regie (``to_user``) is checked the same as always."""
    student = Student.objects.select_for_update().get(pk=student.pk)
    allowed = administers(by) if by_import else regie_can_transfer(by, student)
    if not allowed:
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
    validated_save(transfer)
    student.regiehouder = to_user
    validated_save(student)
    return transfer
