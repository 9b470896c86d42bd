"""Outflow's sections of the student's complete record (AVG art. 15).

- ``uitstroom``: the outflow with its corrections, the checklist's answers, and per
  partner every step (with who took it), the confirmation and the confirmation links
  sent (to whom, when, by whom, whether used or expired — never the token's hash);
- ``nazorg``: the two-year follow-up: every contact moment held with all it records, the
  leaver's check-in links and the signals to the gemeente or Doorstroompunt; and the
  moments still planned;
- ``taken``: the coordinator's tasks for the leaver and the reminders colleagues were
  sent about the student.

Each builder runs a fixed number of queries, however many contacts, links or partners.
"""

from datetime import date, datetime
from typing import Any

from django.db.models import DateField, Field, Model, Prefetch
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy

from entree.core.records import choice, field_labels, person, register_section
from outflow.models import (
    CheckInLink,
    ConfirmationLink,
    FollowUpContact,
    FollowUpTask,
    Handover,
    Outflow,
    OutflowCorrection,
    PartnerAnswer,
    PartnerHandover,
    Reminder,
    SupportSignal,
)
from outflow.models.links import OneTimeLink
from outflow.services import HANDOVER_FIELDS, OUTFLOW_FIELDS
from students.models import OUTFLOW_STATUSES, Consent, ConsentPurpose, Student

_LINK_STATES = {
    "gebruikt": gettext_lazy("gebruikt"),
    "verlopen": gettext_lazy("verlopen of vervangen"),
    "vervallen": gettext_lazy("vervallen: niet meer nodig"),
    "geldig": gettext_lazy("geldig"),
}
#: A check-in link the coordinator copied into the leaver's chat app went to no address.
_COPIED = gettext_lazy("gekopieerd in een bericht")


def _value(instance: Model, name: str) -> Any:
    """A field's value in the record's vocabulary: a choice as its code and label."""
    if getattr(instance._meta.get_field(name), "choices", None):
        return choice(instance, name)
    return getattr(instance, name)


def _local(moment: datetime | None) -> datetime | None:
    return timezone.localtime(moment) if moment else None


def _link(link: OneTimeLink, sent_to: str, *, needed: bool = True) -> dict[str, Any]:
    """A one-time link as the record shows it: where and when it went and what became of
    it. The token's hash stays out: it is a key, not information about the student.
    ``needed`` is False when what the link asks can no longer be answered through it (the
    partner confirmed, the checklist closed, the contact was recorded otherwise, the
    follow-up ended)."""
    if link.used_at is not None:
        state = "gebruikt"
    elif link.expires_at <= timezone.now():
        state = "verlopen"  # a withdrawn link expires at the moment it is withdrawn
    elif not needed:
        state = "vervallen"
    else:
        state = "geldig"
    return {
        "sent_at": _local(link.sent_at),
        "sent_to": sent_to,
        "sent_by": person(link.sent_by),
        "expires_at": _local(link.expires_at),
        "used_at": _local(link.used_at),
        "state": {"code": state, "label": str(_LINK_STATES[state])},
    }


# --- Outflow and the warm handover --------------------------------------------------------


def _sharing_allowed(student: Student) -> set[int]:
    """The student's network contacts that the latest consent allows information to be
    shared with — ``selectors.consent_is_given`` for all of them in one query."""
    latest: dict[int, bool] = {}
    consents = Consent.objects.filter(student=student, purpose=ConsentPurpose.GEGEVENS_DELEN)
    for contact_id, given in consents.order_by("recorded_at", "id").values_list(
        "contact_id", "given"
    ):
        latest[contact_id] = given
    return {contact_id for contact_id, given in latest.items() if given}


def _partner(p: PartnerHandover, *, closed: bool, sharing: set[int]) -> dict[str, Any]:
    # The rule of ``services.link_open``: a link answers only while the checklist is open,
    # the partner has not confirmed and the student allows sharing with the contact.
    needed = not closed and p.answer != PartnerAnswer.IN_CONTACT and p.contact_id in sharing
    return {
        "kind": choice(p, "kind"),
        "contact": p.contact.name if p.contact else None,
        "contacted_on": p.contacted_on,
        "contacted_by": person(p.contacted_by),
        "meeting_on": p.meeting_on,
        "meeting_by": person(p.meeting_by),
        "shared_on": p.shared_on,
        "shared_by": person(p.shared_by),
        "answer": choice(p, "answer"),
        "answered_on": p.answered_on,
        "answer_channel": choice(p, "answer_channel"),
        "answer_recorded_by": person(p.answer_recorded_by),
        "first_contact_on": p.first_contact_on,
        "contact_person_now": p.contact_person_now,
        "links_sent": [_link(link, link.sent_to, needed=needed) for link in p.links.all()],
    }


def _stored(field: Field, value: Any) -> Any:
    """A value as a correction stored it (JSON) back in the record's vocabulary."""
    if value in (None, ""):
        return value
    if field.choices:
        labels = dict(field.flatchoices)
        return {"code": value, "label": str(labels.get(value, value))}
    if isinstance(field, DateField) and isinstance(value, str):
        return date.fromisoformat(value)
    return value


def _change(name: str, old: Any, new: Any) -> dict[str, Any]:
    """One field a correction changed, with its label, the old and the new value."""
    field = Outflow._meta.get_field(name)
    if not isinstance(field, Field):  # a correction stores the outflow's own fields only
        raise TypeError(name)
    return {
        "field": {"code": name, "label": capfirst(str(field.verbose_name))},
        "old": _stored(field, old),
        "new": _stored(field, new),
    }


def outflow_section(student: Student) -> dict[str, Any] | None:
    outflow = (
        Outflow.objects.filter(student=student)
        .select_related("registered_by", "plan_version", "handover__closed_by")
        .prefetch_related(
            Prefetch(
                "corrections",
                queryset=OutflowCorrection.objects.select_related("recorded_by").order_by(
                    "recorded_at", "id"
                ),
            ),
            Prefetch(
                "handover__partners",
                queryset=PartnerHandover.objects.select_related(
                    "contact", "contacted_by", "meeting_by", "shared_by", "answer_recorded_by"
                ).prefetch_related(
                    Prefetch(
                        "links",
                        queryset=ConfirmationLink.objects.select_related("sent_by").order_by(
                            "sent_at", "id"
                        ),
                    )
                ),
            ),
        )
        .first()
    )
    if outflow is None:
        return None
    handover: Handover = outflow.handover
    sharing = _sharing_allowed(student)
    return {
        **{name: _value(outflow, name) for name in OUTFLOW_FIELDS},
        "dropout": outflow.dropout,
        "plan_version": outflow.plan_version.number if outflow.plan_version else None,
        "registered_by": person(outflow.registered_by),
        "registered_at": _local(outflow.registered_at),
        "corrections": [
            {
                "recorded_at": _local(c.recorded_at),
                "reason": c.reason,
                "recorded_by": person(c.recorded_by),
                "changes": [_change(name, old, new) for name, (old, new) in c.changes.items()],
            }
            for c in outflow.corrections.all()
        ],
        "handover": {
            **{name: _value(handover, name) for name in HANDOVER_FIELDS},
            "closed_at": _local(handover.closed_at),
            "closed_by": person(handover.closed_by),
            "partners": [
                _partner(p, closed=handover.closed_at is not None, sharing=sharing)
                for p in handover.partners.all()
            ],
        },
    }


# --- The two-year follow-up ---------------------------------------------------------------


def _checkin_links(c: FollowUpContact, student: Student) -> list[dict[str, Any]]:
    # The rule of ``services.checkin_open``: a link answers only an open contact of a
    # leaver still in follow-up. A link copied into a chat message went to no address.
    needed = c.done_on is None and student.status in OUTFLOW_STATUSES
    return [_link(link, link.sent_to or str(_COPIED), needed=needed) for link in c.links.all()]


def _recorded(c: FollowUpContact, student: Student) -> dict[str, Any]:
    return {
        "contact": str(c),
        "id": c.uuid,
        "month": c.month,
        "due_on": c.due_on,
        "done_on": c.done_on,
        "reached": c.reached,
        "channel": choice(c, "channel"),
        "position": choice(c, "position"),
        "same_place": c.same_place,
        "hours_per_week": c.hours_per_week,
        "needs_support": c.needs_support,
        "note": c.note,
        "recorded_by": person(c.recorded_by),
        "checkin_links": _checkin_links(c, student),
        "support_signals": [
            {
                "partner": choice(s.partner, "kind"),
                "sent_to": s.sent_to,
                "created_at": _local(s.created_at),
                "sent_at": _local(s.sent_at),
            }
            for s in c.support_signals.all()
        ],
    }


def _planned(c: FollowUpContact, student: Student) -> dict[str, Any]:
    # Nothing was heard yet: only when it is due and the links that asked for it.
    return {
        "contact": str(c),
        "id": c.uuid,
        "month": c.month,
        "due_on": c.due_on,
        "checkin_links": _checkin_links(c, student),
    }


def follow_up_section(student: Student) -> dict[str, Any] | None:
    """The follow-up after outflow: the contact moments held — everything recorded, the
    leaver's check-in links and the signals to the gemeente or Doorstroompunt — and those
    still planned. None for a student who never left."""
    contacts = list(
        FollowUpContact.objects.filter(outflow__student=student)
        .select_related("recorded_by")
        .prefetch_related(
            Prefetch(
                "links",
                queryset=CheckInLink.objects.select_related("sent_by").order_by("sent_at", "id"),
            ),
            Prefetch(
                "support_signals",
                queryset=SupportSignal.objects.select_related("partner").order_by(
                    "created_at", "id"
                ),
            ),
        )
        .order_by("due_on", "id")
    )
    if not contacts:
        return None
    return {
        "contacts": [_recorded(c, student) for c in contacts if c.done],
        "planned_contacts": [_planned(c, student) for c in contacts if not c.done],
    }


def tasks_section(student: Student) -> dict[str, Any] | None:
    """What colleagues were asked to do for the student: the coordinator's tasks (a
    leaver who asked for help) and the reminders they were sent (whom, about what, when)."""
    tasks = list(
        FollowUpTask.objects.filter(student=student)
        .select_related("contact", "assigned_to", "done_by")
        .order_by("created_at", "id")
    )
    reminders = list(
        Reminder.objects.filter(student=student).select_related("user").order_by("due_on", "id")
    )
    if not (tasks or reminders):
        return None
    return {
        "tasks": [
            {
                "description": t.description,
                "contact_moment": str(t.contact) if t.contact else None,
                "assigned_to": person(t.assigned_to),
                "created_at": _local(t.created_at),
                "done_on": t.done_on,
                "done_by": person(t.done_by),
            }
            for t in tasks
        ],
        "reminders": [
            {
                "kind": choice(r, "kind"),
                "due_on": r.due_on,
                "user": person(r.user),
                "status": choice(r, "status"),
                "sent_at": _local(r.sent_at),
            }
            for r in reminders
        ],
    }


# --- Registration -------------------------------------------------------------------------

register_section(
    "uitstroom",
    gettext_lazy("Uitstroom en warme overdracht"),
    outflow_section,
    labels=field_labels(
        Outflow,
        OutflowCorrection,
        Handover,
        PartnerHandover,
        ConfirmationLink,
        dropout=gettext_lazy("uitval"),
        plan_version=gettext_lazy("planversie"),
        corrections=gettext_lazy("correcties"),
        changes=gettext_lazy("wat is gecorrigeerd"),
        field=gettext_lazy("gegeven"),
        old=gettext_lazy("was"),
        new=gettext_lazy("is nu"),
        handover=gettext_lazy("warme overdracht (checklist)"),
        partners=gettext_lazy("ontvangende partners"),
        links_sent=gettext_lazy("verstuurde bevestigingslinks"),
        state=gettext_lazy("stand"),
    ),
)
register_section(
    "nazorg",
    gettext_lazy("Nazorg (contactmomenten)"),
    follow_up_section,
    labels=field_labels(
        FollowUpContact,
        CheckInLink,
        SupportSignal,
        contacts=gettext_lazy("gehouden contactmomenten"),
        planned_contacts=gettext_lazy("geplande contactmomenten"),
        checkin_links=gettext_lazy("check-in-links"),
        support_signals=gettext_lazy("signalen aan partners"),
        created_at=gettext_lazy("aangemaakt op"),
        state=gettext_lazy("stand"),
    ),
)
register_section(
    "taken",
    gettext_lazy("Taken en herinneringen voor medewerkers"),
    tasks_section,
    labels=field_labels(
        FollowUpTask,
        Reminder,
        contact_moment=gettext_lazy("contactmoment"),
        created_at=gettext_lazy("aangemaakt op"),
        tasks=gettext_lazy("taken"),
        reminders=gettext_lazy("herinneringen"),
        user=gettext_lazy("voor"),
    ),
)
