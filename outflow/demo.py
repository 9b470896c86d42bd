"""Demo outflow for ``seed_demo``: students in outflow or aftercare get their outflow and
warm-handover checklist at every stage — questions open or answered, partners contacted,
links sent and waiting (some long enough to be signalled), some expired, some confirmed;
students in aftercare have a closed checklist and follow-up contacts, most recorded (some
by the leaver), some overdue; a few leavers asked for help (a task for the coordinator,
a signal to the gemeente or Doorstroompunt where the student consented). When every
batch is in, ``finish`` writes the day's notifications. Registered in
``OutflowConfig.ready``."""

import hashlib
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from entree.core.bulk import bulk_insert
from entree.core.demo import DemoBatch, student_random
from outflow.models import (
    DEFAULT_SCHEDULE,
    ConfirmationChannel,
    ConfirmationLink,
    ContactChannel,
    Destination,
    FollowUpContact,
    FollowUpTask,
    Handover,
    IntermediateStep,
    Outflow,
    PartnerAnswer,
    PartnerHandover,
    PartnerKind,
    Position,
    Reminder,
    ReminderStatus,
    SupportSignal,
)
from outflow.services.followup import help_text
from outflow.services.reminders import reminders_create
from outflow.services.support import SIGNALLED_KINDS
from students.demo import pick
from students.models import Consent, ConsentPurpose, ContactKind, NetworkContact, Status, Student
from students.services import add_months

_BULK = 1000
#: Destinations and how often they occur among demo leavers (a plausible mix).
_DESTINATIONS: dict[str, int] = {
    Destination.MBO_NIVEAU2_PLUS: 40,
    Destination.WERK: 20,
    Destination.WERK_BBL: 8,
    Destination.BESCHUT: 4,
    Destination.DAGBESTEDING: 2,
    Destination.UITKERING: 4,
    Destination.ANDER_ONDERWIJS: 4,
    Destination.GEEN: 10,
    Destination.ONBEKEND: 8,
}
_PARTNER_FOR: dict[str, str] = {
    Destination.MBO_NIVEAU2_PLUS: PartnerKind.NIVEAU2,
    Destination.WERK: PartnerKind.WERKGEVER,
    Destination.WERK_BBL: PartnerKind.WERKGEVER,
    Destination.BESCHUT: PartnerKind.GEMEENTE,
    Destination.DAGBESTEDING: PartnerKind.ZORGAANBIEDER,
    Destination.UITKERING: PartnerKind.GEMEENTE,
}
_CONTACT_KIND: dict[str, str] = {
    PartnerKind.GEMEENTE: ContactKind.GEMEENTE,
    PartnerKind.DOORSTROOMPUNT: ContactKind.DOORSTROOMPUNT,
    PartnerKind.ZORGAANBIEDER: ContactKind.ZORGAANBIEDER,
    PartnerKind.WERKGEVER: ContactKind.WERKGEVER,
    PartnerKind.NIVEAU2: ContactKind.ANDERS,
}
_CONTACT_NAME: dict[str, tuple[str, str]] = {
    PartnerKind.GEMEENTE: ("Consulent werk en inkomen", "Gemeente"),
    PartnerKind.DOORSTROOMPUNT: ("Trajectbegeleider", "Doorstroompunt (RMC)"),
    PartnerKind.ZORGAANBIEDER: ("Begeleider", "Zorgaanbieder De Brug"),
    PartnerKind.WERKGEVER: ("Praktijkopleider", "Leerbedrijf"),
    PartnerKind.NIVEAU2: ("Mentor niveau 2", "Team niveau 2"),
}
_ANSWERS = {
    "goals_to_learn": "Zelfstandig werken zonder dat iemand meekijkt; op tijd afmelden bij ziekte.",
    "regelzaken": "Zorgverzekering loopt via de ouders tot 18; daarna zelf regelen.",
    "support_needed": "De eerste drie maanden een vast aanspreekpunt.",
    "lifelong_learning": "Na een jaar bbl niveau 2 bij dezelfde werkgever.",
    "alternatives": "Via het Werkgeversservicepunt een andere plek in dezelfde branche.",
}


@dataclass
class _Leaver:
    outflow: Outflow
    handover: Handover
    contacts: list[NetworkContact] = field(default_factory=list)
    consents: list[Consent] = field(default_factory=list)
    partners: list[PartnerHandover] = field(default_factory=list)
    links: list[ConfirmationLink] = field(default_factory=list)
    follow_ups: list[FollowUpContact] = field(default_factory=list)
    #: Contact moments at which the leaver asked for help.
    asked_help: list[FollowUpContact] = field(default_factory=list)


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(11, 0)))


def _build(index: int, student: Student, *, seed: int, today: date) -> _Leaver | None:
    if student.status not in (Status.UITGESTROOMD, Status.NAZORG) or student.regiehouder is None:
        return None
    rng = student_random(seed, index, "outflow")
    coordinator = student.regiehouder
    start = student.start_date or today - timedelta(days=400)
    in_aftercare = student.status == Status.NAZORG
    # Aftercare runs for two years after outflow; a fresh leaver left in the last weeks.
    days_ago = rng.randint(60, 700) if in_aftercare else rng.randint(3, 50)
    left_on = max(start + timedelta(days=120), today - timedelta(days=days_ago))
    diploma = rng.random() < 0.7
    destination = pick(rng, _DESTINATIONS)
    outflow = Outflow(
        student=student,
        left_on=left_on,
        diploma=diploma,
        with_praktijkverklaring=not diploma and rng.random() < 0.5,
        with_mbo_verklaring=not diploma and rng.random() < 0.3,
        destination=destination,
        exit_interview_on=left_on - timedelta(days=rng.randint(0, 10))
        if rng.random() < 0.85
        else None,
        exit_interview_notes="Terug- en vooruitgekeken met de student en het plan bijgewerkt.",
        registered_by=coordinator,
        registered_at=_moment(left_on),
    )
    answered = in_aftercare or rng.random() < 0.5
    handover = Handover(
        outflow=outflow,
        intermediate_step=IntermediateStep.GEEN if answered else "",
        closed_at=_moment(left_on + timedelta(days=rng.randint(10, 40))) if in_aftercare else None,
        closed_by=coordinator if in_aftercare else None,
        **(_ANSWERS if answered else {}),
    )
    leaver = _Leaver(outflow=outflow, handover=handover)
    kinds: list[str] = []
    if outflow.dropout:
        kinds.append(PartnerKind.DOORSTROOMPUNT)
    if (kind := _PARTNER_FOR.get(destination)) and kind not in kinds:
        kinds.append(kind)
    for number, kind in enumerate(kinds):
        name, organisation = _CONTACT_NAME[kind]
        contact = NetworkContact(
            student=student,
            kind=_CONTACT_KIND[kind],
            organisation=organisation,
            name=name,
            email=f"overdracht{index}-{number}@partner.example.test",
        )
        leaver.contacts.append(contact)
        # Stages: 0 nothing yet, 1 contacted, 2 shared and link sent, 3 confirmed.
        stage = 3 if in_aftercare else rng.choice([0, 1, 2, 2, 3])
        partner = PartnerHandover(handover=handover, kind=kind, contact=contact)
        day = left_on + timedelta(days=rng.randint(0, 5))
        if stage >= 1:
            partner.contacted_on, partner.contacted_by = min(day, today), coordinator
            partner.meeting_on, partner.meeting_by = min(day, today), coordinator
        if stage >= 2:
            leaver.consents.append(
                Consent(
                    student=student,
                    contact=contact,
                    purpose=ConsentPurpose.GEGEVENS_DELEN,
                    given=True,
                    on=min(day, today),
                    recorded_by=coordinator,
                )
            )
            partner.shared_on, partner.shared_by = min(day, today), coordinator
            sent = _moment(min(day, today))
            # Some links expired unanswered and were never renewed.
            expires = sent + timedelta(days=14)
            leaver.links.append(
                ConfirmationLink(
                    partner=partner,
                    token_hash=hashlib.sha256(f"demo:{seed}:{index}:{number}".encode()).hexdigest(),
                    sent_to=contact.email,
                    sent_by=coordinator,
                    sent_at=sent,
                    expires_at=expires,
                    used_at=sent + timedelta(days=2) if stage == 3 else None,
                )
            )
        if stage == 3:
            partner.answer = PartnerAnswer.IN_CONTACT
            partner.answered_on = min(day + timedelta(days=2), today)
            partner.first_contact_on = min(day + timedelta(days=1), today)
            partner.answer_channel = ConfirmationChannel.LINK
        leaver.partners.append(partner)
    leaver.follow_ups = _follow_ups(rng, outflow, coordinator, today)
    leaver.asked_help = [c for c in leaver.follow_ups if c.needs_support]
    return leaver


def _follow_ups(
    rng: random.Random, outflow: Outflow, coordinator: object, today: date
) -> list[FollowUpContact]:
    """The follow-up's contact moments: the past ones mostly recorded (some answered by the
    leaver through the check-in link, some not reached), a few overdue and open."""
    contacts = []
    for month in DEFAULT_SCHEDULE:
        due = add_months(outflow.left_on, month)
        contact = FollowUpContact(outflow=outflow, month=month, due_on=due)
        if due <= today and rng.random() < 0.8:
            day = min(due + timedelta(days=rng.randint(0, 10)), today)
            reached = rng.random() < 0.8
            self_answered = reached and rng.random() < 0.3
            contact.done_on = day
            contact.reached = reached
            contact.channel = (
                ContactChannel.ZELF
                if self_answered
                else rng.choice([ContactChannel.TELEFOON, ContactChannel.BERICHT])
            )
            if reached:
                contact.position = rng.choices(
                    [Position.WERKNEMER, Position.ONDERWIJS, Position.UITKERING, Position.ANDERS],
                    weights=[45, 35, 12, 8],
                )[0]
                contact.same_place = rng.random() < 0.75
                contact.hours_per_week = rng.choice([16, 24, 32, 36, 38])
                # About one in twelve reached leavers asks for help (lost a job, debts).
                contact.needs_support = rng.random() < 0.08
            contact.recorded_by = None if self_answered else coordinator  # type: ignore[assignment]
        contacts.append(contact)
    return contacts


def seed(batch: DemoBatch) -> None:
    """Outflows and checklists for the batch's leavers (bulk inserts)."""
    leavers = [
        built
        for offset, student in enumerate(batch.students)
        if (built := _build(batch.start + offset, student, seed=batch.seed, today=batch.today))
    ]
    bulk_insert([x.outflow for x in leavers])
    bulk_insert([x.handover for x in leavers])
    bulk_insert([c for x in leavers for c in x.contacts])
    bulk_insert([c for x in leavers for c in x.consents])
    bulk_insert([p for x in leavers for p in x.partners])
    bulk_insert([k for x in leavers for k in x.links])
    bulk_insert([c for x in leavers for c in x.follow_ups])
    tasks, signals = [], []
    for leaver in leavers:
        student = leaver.outflow.student
        for contact in leaver.asked_help:
            asked_on = contact.done_on or batch.today  # only recorded contacts ask for help
            # Help asked more than a month ago has been given; a recent request is open.
            handled = asked_on < batch.today - timedelta(days=30)
            tasks.append(
                FollowUpTask(
                    student=student,
                    contact=contact,
                    assigned_to=student.regiehouder,
                    description=help_text(contact.month),
                    done_on=asked_on + timedelta(days=7) if handled else None,
                    done_by=student.regiehouder if handled else None,
                )
            )
            consented = {c.contact_id for c in leaver.consents if c.given}
            signals += [
                SupportSignal(
                    contact=contact,
                    partner=partner,
                    sent_to=partner.contact.email,
                    sent_at=_moment(asked_on),
                    attempts=1,
                )
                for partner in leaver.partners
                if partner.kind in SIGNALLED_KINDS
                and partner.contact is not None
                and partner.contact.pk in consented
            ]
    bulk_insert(tasks)
    bulk_insert(signals)


def finish(today: date) -> None:
    """The day's notifications: what is due today, as the morning's reminder run would
    write it — already mailed, the older ones read — so the header shows a count and the
    list is filled without the demo mailing anyone."""
    reminders_create(today)
    sent = timezone.now()
    Reminder.objects.filter(status=ReminderStatus.PENDING).update(
        status=ReminderStatus.SENT, sent_at=sent, attempts=1
    )
    Reminder.objects.filter(due_on__lt=today - timedelta(days=14)).update(read_at=sent)
