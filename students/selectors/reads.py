"""Reads of one opened student's record parts (the caller used ``student_access``)."""

from datetime import date
from uuid import UUID

from django.db.models import (
    Prefetch,
    QuerySet,
)
from django.utils import timezone

from students.models import (
    Consent,
    ConsentPurpose,
    Intake,
    LifeDomainAssessment,
    NetworkContact,
    Student,
    StudyAdvice,
)

from .signals import with_signals


def student_after_write(student: Student, *, today: date | None = None) -> Student:
    """``student`` read again after a service changed it, with team, regiehouder and the
    signals as they are now — for the answer to an API write. The caller opened the
    student (:func:`student_access`) or just created it."""
    return (
        with_signals(Student.objects.filter(pk=student.pk), today or timezone.localdate())
        .select_related("team", "regiehouder")
        .get()
    )


def contacts_of(student: Student) -> QuerySet[NetworkContact]:
    """The student's network contacts (one query when evaluated)."""
    return NetworkContact.objects.filter(student=student)


def consents_of(student: Student) -> QuerySet[Consent]:
    """Every consent record of the student, newest first, with contact and recorder."""
    return Consent.objects.filter(student=student).select_related("contact", "recorded_by")


def study_advices_of(student: Student) -> QuerySet[StudyAdvice]:
    """The student's study advices, newest first, with who recorded them."""
    return StudyAdvice.objects.filter(student=student).select_related("recorded_by")


def intake_of(student: Student) -> Intake | None:
    """The student's intake with its life domains and their partners (two queries)."""
    return (
        Intake.objects.filter(student=student)
        .select_related("decided_by")
        .prefetch_related(
            Prefetch("domains", queryset=LifeDomainAssessment.objects.select_related("partner"))
        )
        .first()
    )


def network_of(student: Student) -> tuple[list[NetworkContact], list[Consent]]:
    """The student's contacts, each with ``current_consents`` (purpose → latest record or
    None), and the whole consent history, newest first. Two queries."""
    contacts = list(student.contacts.all())
    consents = list(
        Consent.objects.filter(student=student).select_related("recorded_by", "contact")
    )
    current: dict[tuple[int, str], Consent] = {}
    for consent in consents:  # newest first: the first seen per (contact, purpose) counts
        current.setdefault((consent.contact_id, consent.purpose), consent)
    for contact in contacts:
        # A per-page attribute for the template, not a model field.
        contact.current_consents = {  # type: ignore[attr-defined]
            purpose: current.get((contact.pk, purpose)) for purpose in ConsentPurpose.values
        }
    return contacts, consents


def consent_is_given(*, contact: NetworkContact, purpose: str) -> bool:
    """Has the student *currently* consented (latest record) — asked before sharing."""
    latest = (
        Consent.objects.filter(contact=contact, purpose=purpose)
        .order_by("-recorded_at", "-id")
        .first()
    )
    return bool(latest and latest.given)


def student_uuids_with_number(number: str) -> list[UUID]:
    """The public ids of the students with this number, for the beheerder's access-log
    search (``entree.audit.subjects``). Ids only, never content: this is the one read that
    is not scoped to a user, because the log it filters is the beheerder's own."""
    return list(Student.objects.filter(student_number=number).values_list("uuid", flat=True))
