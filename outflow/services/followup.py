"""The two-year follow-up: the schedule made at outflow, recording a contact, a leaver's
request for help as a task, and closing the trajectory when the two years are over."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from entree.accounts.models import Institution, User
from outflow.models import (
    DEFAULT_SCHEDULE,
    FOLLOW_UP_MONTHS,
    ContactChannel,
    FollowUpContact,
    FollowUpSchedule,
    FollowUpTask,
    Outflow,
    Position,
)
from students.models import OUTFLOW_STATUSES, Status, Student
from students.services import add_months, student_set_status
from students.services.common import require_edit, validated_save

from .support import support_signals_make

#: Hours a week a leaver may work or study: more is a typing error.
MAX_HOURS_PER_WEEK = 60


def schedule_problems(months: list[int]) -> list[str]:
    """Why these months cannot be the follow-up schedule (the beheerder's setting)."""
    problems = []
    if not months:
        problems.append(_("Geef minstens één contactmoment."))
    if any(not 1 <= month <= FOLLOW_UP_MONTHS for month in months):
        problems.append(
            _("Een contactmoment ligt 1 tot en met %(max)s maanden na de uitstroom.")
            % {"max": FOLLOW_UP_MONTHS}
        )
    if list(months) != sorted(set(months)):
        problems.append(_("Zet de maanden oplopend en elke maand één keer."))
    return problems


def schedule_of(institution: Institution) -> tuple[int, ...]:
    """The months after outflow at which the institution contacts its leavers now."""
    setting = FollowUpSchedule.objects.filter(institution=institution).first()
    return tuple(setting.months) if setting else DEFAULT_SCHEDULE


def follow_up_plan(outflow: Outflow) -> list[FollowUpContact]:
    """Write the leaver's contact moments, from the institution's schedule as it is today.
    A later change of the schedule leaves these as they are. Called at outflow."""
    return FollowUpContact.objects.bulk_create(
        [
            FollowUpContact(outflow=outflow, month=month, due_on=add_months(outflow.left_on, month))
            for month in schedule_of(outflow.student.institution)
        ]
    )


def follow_up_move(outflow: Outflow) -> int:
    """After a corrected outflow date: the contact moments not yet held move with it (the
    same months after the new date); the ones held stay as they were. Returns how many."""
    moved = 0
    for contact in FollowUpContact.objects.filter(outflow=outflow, done_on__isnull=True):
        due = add_months(outflow.left_on, contact.month)
        if contact.due_on != due:
            FollowUpContact.objects.filter(pk=contact.pk).update(
                due_on=due, updated_at=timezone.now()
            )
            moved += 1
    return moved


@dataclass(frozen=True)
class ContactData:
    done_on: date | None
    reached: bool | None
    channel: str
    position: str = ""
    same_place: bool | None = None
    hours_per_week: int | None = None
    needs_support: bool = False
    note: str = ""


def contact_problems(*, outflow: Outflow, data: ContactData) -> dict[str, list[str]]:
    """Every reason to refuse this contact, by field, in Dutch (the model's fields add the
    shared date rules)."""
    errors: dict[str, list[str]] = {}
    if data.done_on is None:
        errors["done_on"] = [_("Vul de datum van het contact in.")]
    elif data.done_on < outflow.left_on:
        errors["done_on"] = [_("Het contact ligt vóór de uitstroom.")]
    if data.reached is None:
        errors["reached"] = [_("Kies of de oud-student bereikt is.")]
    if data.channel not in ContactChannel.values:
        errors["channel"] = [_("Kies hoe het contact was.")]
    if data.reached:
        if data.position not in Position.values:
            errors["position"] = [_("Kies wat de oud-student nu doet.")]
        if data.hours_per_week is not None and not 0 <= data.hours_per_week <= MAX_HOURS_PER_WEEK:
            errors["hours_per_week"] = [
                _("Vul 0 tot %(max)s uur per week in.") % {"max": MAX_HOURS_PER_WEEK}
            ]
    return errors


def help_text(month: int) -> str:
    """The task's text. Stored, so in Dutch whatever the language of the page that asked
    (the check-in page may be in English)."""
    with translation.override("nl"):
        return ngettext(
            "Oud-student wil hulp (contactmoment na %(month)s maand)",
            "Oud-student wil hulp (contactmoment na %(month)s maanden)",
            month,
        ) % {"month": month}


def help_task(contact: FollowUpContact, student: Student) -> FollowUpTask | None:
    """A leaver who asks for help: a task for the coordinator who holds the regie, and
    with consent a signal to the gemeente or Doorstroompunt (``support``)."""
    support_signals_make(contact)
    if student.regiehouder is None:
        return None
    task, _created = FollowUpTask.objects.get_or_create(
        student=student,
        contact=contact,
        done_on=None,
        defaults={
            "assigned_to": student.regiehouder,
            "description": help_text(contact.month),
        },
    )
    return task


@transaction.atomic
def contact_record(*, contact: FollowUpContact, by: User, data: ContactData) -> FollowUpContact:
    """Record how a follow-up contact went (or correct it).

    Rules: who has the full record records (after outflow: the coordinator); the student
    is in outflow or aftercare; the contact has a date (not in the future, not before the
    outflow), says whether the leaver was reached and how; a reached leaver's position is
    chosen. "Wil hulp" makes a task for the coordinator at once. A staff member never
    records a contact as answered by the leaver ("zelf": that is the check-in link's)."""
    record = (
        FollowUpContact.objects.select_for_update(of=("self",))
        .select_related("outflow__student__regiehouder")
        .get(pk=contact.pk)
    )
    student = record.outflow.student
    require_edit(by, student)
    if student.status not in OUTFLOW_STATUSES:
        raise ValidationError(_("De nazorg van deze student is afgesloten."))
    errors = contact_problems(outflow=record.outflow, data=data)
    if data.channel == ContactChannel.ZELF:
        errors["channel"] = [_("'Zelf ingevuld' komt alleen van de oud-student zelf.")]
    record.done_on = data.done_on
    record.reached = data.reached
    record.channel = data.channel
    record.position = data.position if data.reached else ""
    record.same_place = data.same_place if data.reached else None
    record.hours_per_week = data.hours_per_week if data.reached else None
    record.needs_support = data.needs_support
    record.note = data.note.strip()
    record.recorded_by = by
    try:
        record.full_clean(exclude=["outflow", "recorded_by"], validate_constraints=False)
    except ValidationError as invalid:
        for name, messages in invalid.message_dict.items():
            errors.setdefault(name, messages)
    if errors:
        raise ValidationError(errors)
    validated_save(record)
    if record.needs_support:
        help_task(record, student)
    return record


@transaction.atomic
def task_done(*, task: FollowUpTask, by: User) -> FollowUpTask:
    """Mark a leaver's request for help as handled. Anyone who may change the leaver's
    record may do it (a colleague covers for a coordinator who is away); a task is done
    once — a second click changes nothing."""
    record = FollowUpTask.objects.select_for_update().select_related("student").get(pk=task.pk)
    require_edit(by, record.student)
    if record.done_on is None:
        FollowUpTask.objects.filter(pk=record.pk, done_on__isnull=True).update(
            done_on=timezone.localdate(), done_by=by, updated_at=timezone.now()
        )
        record.refresh_from_db()
    return record


def trajectories_over(today: date) -> QuerySet[Student]:
    """Students in outflow or aftercare whose two years of follow-up are over."""
    ends_before = add_months(today, -FOLLOW_UP_MONTHS)
    return Student.objects.filter(
        status__in=OUTFLOW_STATUSES, outflow__left_on__lte=ends_before
    ).order_by("pk")


def close_finished_trajectories(today: date | None = None) -> int:
    """Close every trajectory whose two years are over (the one status table: uitgestroomd
    or nazorg → afgesloten), each in its own transaction. Returns how many. Run by the
    nightly beat; running it again closes nothing twice."""
    today = today or timezone.localdate()
    closed = 0
    for pk in list(trajectories_over(today).values_list("pk", flat=True)):
        with transaction.atomic():
            student = Student.objects.select_for_update().get(pk=pk)
            if student.status in OUTFLOW_STATUSES:
                student_set_status(student=student, status=Status.AFGESLOTEN)
                closed += 1
    return closed
