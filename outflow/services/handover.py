"""The warm-handover checklist: its six questions, the receiving partners and their four
steps, how complete it is, and closing it.

Consent gates every share: a partner row is marked "information shared" only for a
contact the student currently allows information to be shared with (the latest consent
record, as the plan's regelzaken ask). A partner row is done only when the partner
confirmed being in contact with the student.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from entree.accounts.models import User
from outflow.models import (
    HANDOVER_QUESTIONS,
    ConfirmationChannel,
    ConfirmationLink,
    Handover,
    IntermediateStep,
    PartnerAnswer,
    PartnerHandover,
    PartnerKind,
)
from students.models import ConsentPurpose, NetworkContact, Status, Student
from students.selectors import consent_is_given
from students.services import student_set_status
from students.services.common import require_edit, validated_save

from .data import HANDOVER_FIELDS, HandoverData, PartnerAnswerData
from .tokens import withdraw

#: The steps of a partner row, each a date and who: (date field, user field, label).
PARTNER_STEPS = {
    "contacted": ("contacted_on", "contacted_by"),
    "meeting": ("meeting_on", "meeting_by"),
    "shared": ("shared_on", "shared_by"),
}


def _student(handover: Handover) -> Student:
    return handover.outflow.student


def _locked(handover: Handover) -> Handover:
    return (
        Handover.objects.select_for_update().select_related("outflow__student").get(pk=handover.pk)
    )


def _open(handover: Handover) -> None:
    if handover.closed_at is not None:
        raise ValidationError(_("De warme overdracht is al afgerond."))


def links_withdraw(partner: PartnerHandover) -> int:
    """Stop every live link of ``partner`` (a new link, an answer by phone, a new contact
    person, the checklist closed). Returns how many."""
    return withdraw(ConfirmationLink.objects.filter(partner=partner))


def sharing_refused(contact: NetworkContact | None) -> str | None:
    """Why nothing may be shared with ``contact`` now, or None when the student's latest
    consent allows it. The same words on the checklist, in the API and in the PDF route."""
    if contact is None:
        return _("Kies eerst de contactpersoon bij deze partner uit het netwerk van de student.")
    if not consent_is_given(contact=contact, purpose=ConsentPurpose.GEGEVENS_DELEN):
        return _(
            "De student heeft (nog) geen toestemming gegeven om gegevens te delen met "
            "%(name)s. Leg eerst de toestemming vast."
        ) % {"name": contact.name}
    return None


@transaction.atomic
def handover_save(*, handover: Handover, by: User, data: HandoverData) -> Handover:
    """Answer the checklist's questions (any of them, any time before it is closed)."""
    record = _locked(handover)
    require_edit(by, _student(record))
    _open(record)
    errors: dict[str, list[str]] = {}
    if data.intermediate_step and data.intermediate_step not in IntermediateStep.values:
        errors["intermediate_step"] = [_("Kies of een tussenstap nodig is.")]
    for name in HANDOVER_FIELDS:
        value = getattr(data, name)
        setattr(record, name, value.strip())
    try:
        record.full_clean(exclude=["outflow", "closed_by"])
    except ValidationError as invalid:
        for name, messages in invalid.message_dict.items():
            errors.setdefault(name, messages)
    if errors:
        raise ValidationError(errors)
    validated_save(record)
    return record


@transaction.atomic
def partner_add(
    *, handover: Handover, by: User, kind: str, contact: NetworkContact | None = None
) -> PartnerHandover:
    """Put a receiving partner on the checklist, with the person there from the student's
    network when known. Each kind of partner once."""
    record = _locked(handover)
    student = _student(record)
    require_edit(by, student)
    _open(record)
    if kind not in PartnerKind.values:
        raise ValidationError({"kind": [_("Kies de partner.")]})
    if contact is not None and contact.student_id != student.pk:
        raise ValidationError(
            {"contact": [_("Kies een contact uit het netwerk van deze student.")]}
        )
    if PartnerHandover.objects.filter(handover=record, kind=kind).exists():
        raise ValidationError(
            {"kind": [_("%(kind)s staat al op de checklist.") % {"kind": PartnerKind(kind).label}]}
        )
    return PartnerHandover.objects.create(handover=record, kind=kind, contact=contact)


def _locked_partner(partner: PartnerHandover) -> PartnerHandover:
    return (
        PartnerHandover.objects.select_for_update(of=("self",))
        .select_related("handover__outflow__student", "contact")
        .get(pk=partner.pk)
    )


@transaction.atomic
def partner_set_contact(
    *, partner: PartnerHandover, by: User, contact: NetworkContact | None
) -> PartnerHandover:
    """Name (or change) the person at the partner, from the student's network."""
    record = _locked_partner(partner)
    student = _student(record.handover)
    require_edit(by, student)
    _open(record.handover)
    if contact is not None and contact.student_id != student.pk:
        raise ValidationError(
            {"contact": [_("Kies een contact uit het netwerk van deze student.")]}
        )
    if record.shared_on is not None and contact != record.contact:
        raise ValidationError(
            {
                "contact": [
                    _(
                        "Er is al informatie gedeeld met deze contactpersoon; voeg zo nodig "
                        "een nieuwe partner toe."
                    )
                ]
            }
        )
    if contact != record.contact:
        links_withdraw(record)  # a link went to the person who is no longer the contact
    record.contact = contact
    validated_save(record)
    return record


@transaction.atomic
def partner_remove(*, partner: PartnerHandover, by: User) -> None:
    """Take a partner off the checklist (added by mistake). Not the Doorstroompunt of a
    drop-out, and not a partner with whom information was shared or who answered."""
    record = _locked_partner(partner)
    require_edit(by, _student(record.handover))
    _open(record.handover)
    if record.kind == PartnerKind.DOORSTROOMPUNT and record.handover.outflow.dropout:
        raise ValidationError(
            _("Bij uitval zonder diploma hoort het Doorstroompunt (RMC) altijd op de checklist.")
        )
    if record.shared_on is not None or record.answer or record.links.exists():
        raise ValidationError(
            _(
                "Met deze partner is al informatie gedeeld, een bevestigingslink gestuurd of "
                "contact bevestigd: de rij blijft staan."
            )
        )
    record.delete()


@transaction.atomic
def partner_step(
    *, partner: PartnerHandover, by: User, step: str, on: date | None
) -> PartnerHandover:
    """Record a step of the handover to this partner with its date: contact made
    ("contacted"), the handover meeting held together with the student ("meeting"),
    information shared ("shared" — only with the student's consent for the contact)."""
    record = _locked_partner(partner)
    require_edit(by, _student(record.handover))
    _open(record.handover)
    if step not in PARTNER_STEPS:
        raise ValidationError(_("Onbekende stap."))
    day_field, by_field = PARTNER_STEPS[step]
    errors: dict[str, list[str]] = {}
    start = record.handover.outflow.student.start_date
    if on is None:
        errors[day_field] = [_("Vul de datum in.")]
    elif start and on < start:
        errors[day_field] = [_("Deze datum ligt vóór de start van de opleiding.")]
    if step == "shared" and (refused := sharing_refused(record.contact)):
        errors.setdefault("__all__", []).append(refused)
    setattr(record, day_field, on)
    setattr(record, by_field, by)
    try:
        record.full_clean(exclude=["handover", "contact"])
    except ValidationError as invalid:
        for name, messages in invalid.message_dict.items():
            errors.setdefault(name, messages)
    if errors:
        raise ValidationError(errors)
    validated_save(record)
    return record


def answer_problems(data: PartnerAnswerData) -> dict[str, list[str]]:
    """Why a partner's answer is incomplete (the link's page and the coordinator's form)."""
    errors: dict[str, list[str]] = {}
    if data.answer not in PartnerAnswer.values:
        errors["answer"] = [_("Kies of u contact heeft met de student.")]
    elif data.answer == PartnerAnswer.IN_CONTACT:
        if data.first_contact_on is None:
            errors["first_contact_on"] = [_("Vul de datum van het eerste contact in.")]
        elif data.first_contact_on > timezone.localdate():
            errors["first_contact_on"] = [_("Deze datum ligt in de toekomst.")]
    if len(data.contact_person_now.strip()) > 200:
        errors["contact_person_now"] = [_("Schrijf hier hooguit %(max)s tekens.") % {"max": 200}]
    return errors


def record_answer(
    record: PartnerHandover, data: PartnerAnswerData, *, channel: str, by: User | None
) -> PartnerHandover:
    """Write a partner's (checked) answer on its row. Caller holds the row lock."""
    record.answer = data.answer
    record.answered_on = timezone.localdate()
    record.first_contact_on = (
        data.first_contact_on if data.answer == PartnerAnswer.IN_CONTACT else None
    )
    record.contact_person_now = data.contact_person_now.strip()
    record.answer_channel = channel
    record.answer_recorded_by = by
    validated_save(record)
    return record


@transaction.atomic
def partner_confirm(
    *, partner: PartnerHandover, by: User, data: PartnerAnswerData, channel: str
) -> PartnerHandover:
    """Record a partner's answer that reached the coordinator by phone or e-mail (the
    link records its own)."""
    record = _locked_partner(partner)
    require_edit(by, _student(record.handover))
    _open(record.handover)
    errors = answer_problems(data)
    if record.confirmed:
        errors["__all__"] = [_("Deze partner heeft het contact met de student al bevestigd.")]
    if channel not in (ConfirmationChannel.TELEFOON, ConfirmationChannel.EMAIL):
        errors["answer_channel"] = [_("Kies hoe de partner het liet weten.")]
    if errors:
        raise ValidationError(errors)
    links_withdraw(record)  # answered by phone or e-mail: the link has done its work
    return record_answer(record, data, channel=channel, by=by)


@dataclass(frozen=True)
class Progress:
    """How complete the checklist is: questions answered, partner steps done."""

    questions_answered: int
    questions: int
    partners_confirmed: int
    partners: int
    steps_done: int
    steps: int
    missing: tuple[str, ...]

    @property
    def percent(self) -> int:
        total = self.questions + self.steps
        return round(100 * (self.questions_answered + self.steps_done) / total) if total else 0

    @property
    def complete(self) -> bool:
        return not self.missing


def _answered(handover: Handover, name: str) -> bool:
    return bool(handover.answer(name).strip())


def handover_progress(handover: Handover, partners: list[PartnerHandover]) -> Progress:
    """How complete ``handover`` is, from its rows (already read: no query)."""
    missing: list[str] = []
    answered = [name for name in HANDOVER_QUESTIONS if _answered(handover, name)]
    if open_questions := len(HANDOVER_QUESTIONS) - len(answered):
        missing.append(
            ngettext(
                "Nog %(n)s vraag voor de volgende fase te beantwoorden.",
                "Nog %(n)s vragen voor de volgende fase te beantwoorden.",
                open_questions,
            )
            % {"n": open_questions}
        )
    if not partners:
        missing.append(_("Er staat nog geen ontvangende partner op de checklist."))
    steps_done = 0
    for partner in partners:
        done = [
            partner.contacted_on is not None,
            partner.meeting_on is not None,
            partner.shared_on is not None,
            partner.confirmed,
        ]
        steps_done += sum(done)
        if not partner.confirmed:
            missing.append(
                _("%(partner)s heeft het contact met de student nog niet bevestigd.")
                % {"partner": partner.get_kind_display()}
            )
    if handover.outflow.dropout and not any(p.kind == PartnerKind.DOORSTROOMPUNT for p in partners):
        missing.append(_("Bij uitval zonder diploma hoort het Doorstroompunt (RMC) erbij."))
    return Progress(
        questions_answered=len(answered),
        questions=len(HANDOVER_QUESTIONS),
        partners_confirmed=sum(p.confirmed for p in partners),
        partners=len(partners),
        steps_done=steps_done,
        steps=4 * len(partners),
        missing=tuple(missing),
    )


@transaction.atomic
def handover_close(*, handover: Handover, by: User) -> Handover:
    """Close the checklist: every question answered, at least one partner, every partner
    confirmed in contact with the student — and, for a drop-out without diploma, the
    Doorstroompunt (RMC) among them. The student then moves on to aftercare (nazorg)."""
    record = _locked(handover)
    student = _student(record)
    require_edit(by, student)
    _open(record)
    progress = handover_progress(record, list(record.partners.all()))
    if not progress.complete:
        raise ValidationError({"__all__": list(progress.missing)})
    record.closed_at = timezone.now()
    record.closed_by = by
    validated_save(record)
    for partner in record.partners.all():
        links_withdraw(partner)
    if student.status == Status.UITGESTROOMD:
        student_set_status(student=student, status=Status.NAZORG)
    return record
