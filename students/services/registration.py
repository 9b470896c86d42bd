"""Registering a candidate and changing a student's personal and programme details."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from entree.accounts.models import Team, User
from students.models import PriorEducation, Status, Student, prior_level_problem
from students.selectors import REGISTER_REFUSED, can_register_students

from .common import require_edit, validated_save

STUDENT_DETAIL_FIELDS = (
    "first_name",
    "last_name_prefix",
    "last_name",
    "date_of_birth",
    "email",
    "phone",
    "address",
    "postcode",
    "city",
    "learning_path",
    "profile",
    "prior_education",
    "prior_education_level",
    "referral_route",
)


def _check_prior_level(fields: dict, student: Student | None) -> None:
    """Refuse a sub-level given with another prior education (page, API and import give
    the same field error); clear a stored sub-level the new prior education leaves behind."""
    prior = fields.get("prior_education", student.prior_education if student else "")
    problem = prior_level_problem(prior, fields.get("prior_education_level", ""))
    if problem:
        raise ValidationError({"prior_education_level": problem})
    if prior != PriorEducation.GEEN_DIPLOMA_VO:
        fields["prior_education_level"] = ""


@transaction.atomic
def student_register(*, by: User, team: Team, student_number: str, **fields: Any) -> Student:
    """Register a new candidate (status ``aangemeld``) in one of ``by``'s teams.

    Preconditions: ``by`` is a mentor of ``team``. The mentor becomes regiehouder at
    once, so no candidate starts without one (and the one who registers can open it). A
    system account registering through the API does not: a person takes regie.
    """
    if not can_register_students(by):
        raise PermissionDenied(REGISTER_REFUSED)
    if not by.teams.filter(pk=team.pk).exists():
        raise PermissionDenied(_("U kunt alleen studenten aanmelden in uw eigen team."))
    unknown = set(fields) - set(STUDENT_DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"Onbekende velden: {sorted(unknown)}")
    _check_prior_level(fields, None)
    number = student_number.strip()
    if Student.objects.filter(institution_id=team.institution_id, student_number=number).exists():
        raise ValidationError(
            {
                "student_number": _("Studentnummer %(number)s bestaat al in deze instelling.")
                % {"number": number}
            }
        )
    student = Student(
        institution_id=team.institution_id,
        team=team,
        student_number=number,
        status=Status.AANGEMELD,
        # A system account (an API link) registers without becoming regiehouder: the
        # candidate shows up as "no regiehouder" until a mentor of the team takes it.
        regiehouder=None if by.is_system_account else by,
        **fields,
    )
    validated_save(student)
    return student


@transaction.atomic
def student_update(*, student: Student, by: User, **fields: Any) -> Student:
    """Change a student's personal and programme details. Only with edit rights."""
    require_edit(by, student)
    unknown = set(fields) - set(STUDENT_DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"Onbekende velden: {sorted(unknown)}")
    _check_prior_level(fields, student)
    for name, value in fields.items():
        setattr(student, name, value)
    validated_save(student)
    return student
