"""The student's support network and the consent to involve a contact or share
information with them."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from entree.accounts.models import User
from students.models import Consent, NetworkContact, Student

from .common import require_edit, validated_save


@transaction.atomic
def network_contact_save(
    *, student: Student, by: User, contact: NetworkContact | None = None, **fields: Any
) -> NetworkContact:
    """Add a contact to the student's support network, or change one."""
    require_edit(by, student)
    if contact is not None and contact.student_id != student.pk:
        raise PermissionDenied
    contact = contact or NetworkContact(student=student)
    for name, value in fields.items():
        setattr(contact, name, value)
    validated_save(contact)
    return contact


@transaction.atomic
def consent_record(
    *,
    student: Student,
    by: User,
    contact: NetworkContact,
    purpose: str,
    given: bool,
    on: date,
    note: str = "",
) -> Consent:
    """Record that the student gave or withdrew consent. Never edits an earlier record."""
    require_edit(by, student)
    if contact.student_id != student.pk:
        raise ValidationError({"contact": _("Dit contact hoort niet bij deze student.")})
    consent = Consent(
        student=student,
        contact=contact,
        purpose=purpose,
        given=given,
        on=on,
        note=note.strip(),
        recorded_by=by,
    )
    validated_save(consent)
    return consent
