"""The privacy worker's tasks (queue "privacy": the one worker with the owner's password)."""

from celery import shared_task
from django.utils import timezone

from entree.privacy.models import ErasureRequest, ErasureStatus, Trigger
from entree.privacy.services import anonymise_due, erasure_carry_out


@shared_task(name="entree.privacy.tasks.anonymise_due")
def anonymise_due_task() -> int:
    """Nightly: carry out any approved erasure whose queued task was lost (a worker that was
    down), then anonymise every record whose retention ended. Returns how many records the
    retention run anonymised."""
    for pk in ErasureRequest.objects.filter(status=ErasureStatus.APPROVED).values_list(
        "pk", flat=True
    ):
        erasure_carry_out(pk)
    return anonymise_due(timezone.localdate(), trigger=Trigger.BEAT).anonymised


@shared_task(name="entree.privacy.tasks.erase_student")
def erase_student(request_pk: int) -> str:
    """Carry out one approved request to erase (AVG art. 17). Returns its status."""
    return erasure_carry_out(request_pk).status
