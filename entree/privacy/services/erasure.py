"""Erasure on request (AVG art. 17), with four eyes.

A coordinator who may change the student's record, or a beheerder, asks with a reason; a
*different* person with the beheerder role approves or refuses; on approval the privacy
worker anonymises that one student exactly as the retention job would. A request is
refused while a legal duty to keep applies (:func:`erasure_refusal`): checked when it is
asked, when it is approved and again when it is carried out.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from entree.accounts.models import User
from entree.accounts.roles import Role, administers, has_role
from entree.privacy.models import (
    AnonymisationRun,
    ErasureRequest,
    ErasureStatus,
    Reason,
    Trigger,
)
from entree.privacy.selectors import retention_ends
from outflow.models import Outflow
from students.models import Status, Student
from students.selectors import student_can_edit
from students.services.common import validated_save

from .anonymise import anonymise_students, owner_alias


def may_request_erasure(user: User, student: Student) -> bool:
    """A beheerder, or a coordinator who may change this student's record."""
    return administers(user) or (
        has_role(user, Role.COORDINATOR) and student_can_edit(user, student)
    )


def may_decide_erasure(user: User) -> bool:
    """Only people with the beheerder role decide (a superuser alone is not enough)."""
    return bool(user.is_active) and has_role(user, Role.FUNCTIONAL_ADMIN)


def erasure_refusal(student: Student, today: date | None = None) -> str | None:
    """Why this record may not be erased now (in Dutch), or None when it may.

    1. Already anonymised: nothing left to erase.
    2. The trajectory is still open (in intake, active, in outflow or in the two years of
       follow-up): the school needs the record for the guidance and the follow-up it must
       give (WEB art. 8.1.7a).
    3. The student obtained the entree diploma and the retention has not ended: the
       institution must be able to account for the exam and the diploma (WEB art. 7.4.6);
       the record is anonymised when the retention ends.
    """
    today = today or timezone.localdate()
    if hasattr(student, "anonymisation"):
        return _("Dit dossier is al geanonimiseerd.")
    if student.status != Status.AFGESLOTEN:
        return _(
            "Het traject loopt nog (status '%(status)s'): de school heeft het dossier nodig "
            "voor de begeleiding en de nazorg (WEB art. 8.1.7a). Wissen kan pas als het "
            "traject is afgesloten."
        ) % {"status": student.get_status_display()}
    ends = retention_ends(student)
    diploma = Outflow.objects.filter(student=student, diploma=True).exists()
    if diploma and (ends is None or today < ends):
        return _(
            "De student heeft een entreediploma behaald: de examen- en diplomagegevens moeten "
            "bewaard blijven tot het einde van de bewaartermijn (WEB art. 7.4.6), "
            "%(date)s. Daarna wordt het dossier vanzelf geanonimiseerd."
        ) % {"date": date_format(ends, "j F Y") if ends else _("onbekend")}
    return None


def erasure_request(*, student: Student, by: User, reason: str) -> ErasureRequest:
    """Record a request to erase ``student``'s record. Refused (PermissionDenied) for
    anybody but a beheerder or a coordinator who may change the record; refused
    (ValidationError) while a legal duty applies or another request is open."""
    if not may_request_erasure(by, student):
        raise PermissionDenied(_("U mag voor deze student geen verzoek tot wissen indienen."))
    if refusal := erasure_refusal(student):
        raise ValidationError(refusal)
    with transaction.atomic():
        Student.objects.select_for_update().get(pk=student.pk)
        if ErasureRequest.objects.filter(student=student, status=ErasureStatus.OPEN).exists():
            raise ValidationError(_("Er staat al een verzoek tot wissen open voor deze student."))
        request = ErasureRequest(student=student, requested_by=by, reason=reason.strip())
        validated_save(request)
    return request


def erasure_decide(
    *, request: ErasureRequest, by: User, approve: bool, note: str = ""
) -> ErasureRequest:
    """Approve or refuse an open request. The decider must have the beheerder role and
    must not be the one who asked (four eyes). An approval is carried out by the privacy
    worker after the commit."""
    if not may_decide_erasure(by):
        raise PermissionDenied(_("Alleen een functioneel beheerder beslist over wissen."))
    with transaction.atomic():
        request = ErasureRequest.objects.select_for_update().get(pk=request.pk)
        if request.status != ErasureStatus.OPEN:
            raise ValidationError(_("Over dit verzoek is al besloten."))
        if request.requested_by_id == by.pk:
            raise ValidationError(
                _("U kunt niet over uw eigen verzoek beslissen; dat doet een tweede beheerder.")
            )
        if approve and (refusal := erasure_refusal(request.student)):
            raise ValidationError(refusal)
        request.status = ErasureStatus.APPROVED if approve else ErasureStatus.REFUSED
        request.decided_by = by
        request.decided_at = timezone.now()
        request.decision_note = note.strip()
        validated_save(request)
        if approve:
            from entree.privacy.tasks import erase_student  # the task imports the services

            pk = request.pk
            transaction.on_commit(lambda: erase_student.delay(pk))
    return request


def erasure_carry_out(request_pk: int) -> ErasureRequest:
    """Anonymise the student of an approved request (the privacy worker, as owner).
    Running it again does nothing; a legal duty that arose meanwhile refuses it."""
    using = owner_alias()
    request = ErasureRequest.objects.using(using).select_related("student").get(pk=request_pk)
    if request.status != ErasureStatus.APPROVED:
        return request
    if refusal := erasure_refusal(request.student):
        ErasureRequest.objects.using(using).filter(pk=request.pk).update(
            status=ErasureStatus.REFUSED, decision_note=refusal
        )
        request.refresh_from_db(using=using)
        return request
    with transaction.atomic(using=using):
        run = AnonymisationRun.objects.using(using).create(
            trigger=Trigger.ERASURE, today=timezone.localdate(), due=1
        )
        anonymise_students([request.student_id], run=run, reason=Reason.ERASURE)
        ErasureRequest.objects.using(using).filter(pk=request.pk).update(status=ErasureStatus.DONE)
    request.refresh_from_db(using=using)
    return request
