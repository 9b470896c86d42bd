"""Reading an outflow and its checklist. The caller has opened the student with
``students.selectors.student_access`` (visibility and the access log); these read what
belongs to that student, in a fixed number of queries."""

from datetime import date
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from entree.core.models import field_label
from entree.core.records import display
from outflow.models import (
    ConfirmationLink,
    Destination,
    FollowUpContact,
    FollowUpTask,
    Outflow,
    OutflowCorrection,
    PartnerHandover,
)
from students.models import Student


def outflow_of(student: Student) -> Outflow | None:
    """The student's outflow with its checklist and the plan version it wrote."""
    return (
        Outflow.objects.filter(student=student)
        .select_related("handover", "registered_by", "plan_version", "handover__closed_by")
        .prefetch_related(
            Prefetch(
                "corrections", queryset=OutflowCorrection.objects.select_related("recorded_by")
            )
        )
        .first()
    )


def outflow_required(student: Student) -> Outflow:
    """The student's outflow (as :func:`outflow_of`); 404 when the student did not leave."""
    outflow = outflow_of(student)
    if outflow is None:
        raise Http404
    return outflow


def _partners() -> QuerySet[PartnerHandover]:
    return PartnerHandover.objects.select_related(
        "contact", "contacted_by", "meeting_by", "shared_by", "answer_recorded_by"
    ).prefetch_related(
        Prefetch("links", queryset=ConfirmationLink.objects.select_related("sent_by"))
    )


def partners_of(outflow: Outflow) -> list[PartnerHandover]:
    """The partner rows of the outflow's checklist with their contacts, who did each step
    and the links sent (two queries)."""
    return list(_partners().filter(handover__outflow=outflow).order_by("id"))


def partner_of(outflow: Outflow, uuid: UUID | str) -> PartnerHandover:
    """One partner row of this outflow; 404 otherwise."""
    try:
        partner = _partners().filter(handover__outflow=outflow, uuid=uuid).first()
    except (ValidationError, ValueError):
        partner = None
    if partner is None:
        raise Http404
    return partner


def _shown_value(name: str, value: Any) -> str:
    if name == "destination" and value in Destination.values:
        return str(Destination(value).label)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-":
        try:
            return display(date.fromisoformat(value))
        except ValueError:
            pass
    return display(value)


def correction_lines(correction: OutflowCorrection) -> list[tuple[str, str, str]]:
    """What a correction changed, for people: (field label, before, after)."""
    return [
        (field_label(Outflow, name), _shown_value(name, old), _shown_value(name, new))
        for name, (old, new) in correction.changes.items()
    ]


def contacts_of(outflow: Outflow) -> list[FollowUpContact]:
    """The leaver's follow-up contact moments in order, with who recorded them (one query)."""
    return list(
        FollowUpContact.objects.filter(outflow=outflow)
        .select_related("recorded_by")
        .order_by("due_on", "id")
    )


def contact_of(outflow: Outflow, uuid: UUID | str) -> FollowUpContact:
    """One contact moment of this outflow; 404 otherwise."""
    try:
        contact = FollowUpContact.objects.filter(outflow=outflow, uuid=uuid).first()
    except (ValidationError, ValueError):
        contact = None
    if contact is None:
        raise Http404
    return contact


def open_tasks_of(student: Student) -> list[FollowUpTask]:
    """The coordinator's open tasks for this leaver (a request for help), oldest first."""
    return list(
        FollowUpTask.objects.filter(student=student, done_on__isnull=True)
        .select_related("assigned_to", "contact")
        .order_by("created_at", "id")
    )
