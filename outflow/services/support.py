"""A leaver who asks for help: a task for the coordinator (``followup.help_task``) and,
with the student's consent, a signal to the gemeente or the Doorstroompunt (RMC) that
received them at the warm handover (DESIGN §4, guideline 2020 §4.4: school and
Doorstroompunt follow the leaver together).

The signal goes only to a partner on the leaver's checklist whose contact person has an
e-mail address and whom the student currently allows information to be shared with — the
same consent rule as the handover itself. The e-mail names nobody (e-mail is no place for
a vulnerable person's name): it says a leaver they took over asked for help and whom at
school to call. It is written in the transaction and sent by a Celery task after the
commit, retried when the mail server fails; a signal that was never sent stays visible
(``sent_at`` empty) on the task.
"""

from django.core.mail import EmailMultiAlternatives
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from entree.core.tasks import enqueue_on_commit
from outflow.models import FollowUpContact, PartnerHandover, PartnerKind, SupportSignal
from students.models import ConsentPurpose
from students.selectors import consent_is_given

#: The partners a request for help is signalled to.
SIGNALLED_KINDS = (PartnerKind.GEMEENTE, PartnerKind.DOORSTROOMPUNT)


def support_signals_make(contact: FollowUpContact) -> list[SupportSignal]:
    """Write a signal to each gemeente/Doorstroompunt partner of the leaver's checklist
    that may receive it, once per contact moment and partner, and queue the sending. Call
    inside the transaction that records the request for help."""
    partners = (
        PartnerHandover.objects.filter(
            handover__outflow_id=contact.outflow_id, kind__in=SIGNALLED_KINDS
        )
        .exclude(contact=None)
        .exclude(contact__email="")
        .select_related("contact")
        .order_by("id")
    )
    made = []
    for partner in partners:
        person = partner.contact
        if person is None or not consent_is_given(
            contact=person, purpose=ConsentPurpose.GEGEVENS_DELEN
        ):
            continue
        signal, created = SupportSignal.objects.get_or_create(
            contact=contact, partner=partner, defaults={"sent_to": person.email}
        )
        if created:
            from outflow.tasks import send_support_signal  # tasks import the services

            enqueue_on_commit(send_support_signal, signal.pk)
            made.append(signal)
    return made


def support_signal_send(signal_id: int) -> bool:
    """Send one signal, once: claimed by a conditional update on ``sent_at``, so a retried
    or doubled task mails it once. Returns whether this call sent it."""
    signal = (
        SupportSignal.objects.select_related(
            "contact__outflow__student__team",
            "contact__outflow__student__institution",
            "contact__outflow__student__regiehouder",
            "partner",
        )
        .filter(pk=signal_id, sent_at__isnull=True)
        .first()
    )
    if signal is None:
        return False
    SupportSignal.objects.filter(pk=signal_id).update(attempts=F("attempts") + 1)
    student = signal.contact.outflow.student
    context = {
        "partner": signal.partner,
        "institution": student.institution,
        "team": student.team,
        "coordinator": student.regiehouder,
        "left_on": signal.contact.outflow.left_on,
    }
    with translation.override("nl"):
        subject = _("Een oud-student van %(school)s vraagt om hulp") % {
            "school": student.institution.name
        }
        text = render_to_string("outflow/mail/support.txt", context)
        html = render_to_string("outflow/mail/support.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[signal.sent_to])
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except Exception as error:
        SupportSignal.objects.filter(pk=signal_id).update(last_error=str(error)[:300])
        raise
    return bool(
        SupportSignal.objects.filter(pk=signal_id, sent_at__isnull=True).update(
            sent_at=timezone.now(), last_error=""
        )
    )
