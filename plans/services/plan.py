"""Writing the integral plan: every change is a new version (plans.models), made here.

Pages, API and demo data all describe the plan they want as a :class:`PlanData` and call
:func:`plan_save`; a progress meeting does the same inside :func:`meeting_record`, so the
meeting and the version it produced are saved together or not at all.
"""

import uuid
from dataclasses import replace
from datetime import date
from typing import cast
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from entree.accounts.models import User
from entree.core.dates import validate_past_date
from entree.core.types import StrOrPromise
from plans.models import (
    DomainState,
    MeetingDomain,
    ObstacleStatus,
    Plan,
    PlanObstacle,
    PlanProvision,
    PlanStep,
    PlanSupporter,
    PlanVersion,
    ProgressMeeting,
    StepStatus,
)
from students.models import LifeDomain, Student
from students.services.common import require_edit, validated_save

from .data import (
    VERSION_FIELDS,
    MeetingData,
    PlanData,
    normalised,
    plan_data_of,
)
from .validation import PLAN_STATUSES, plan_problems


def _current(plan: Plan) -> PlanVersion | None:
    return (
        PlanVersion.objects.filter(plan=plan)
        .prefetch_related("supporters", "steps__partner", "provisions", "obstacles__partner")
        .order_by("-number")
        .first()
    )


def _comparable(data: PlanData) -> tuple:
    """What decides whether two versions say the same (keys and order aside)."""
    return (
        tuple(getattr(data, name) for name in VERSION_FIELDS),
        tuple(sorted(c.pk for c in data.supporters)),
        sorted(
            (s.description, s.owner, s.due_on, s.status, s.partner.pk if s.partner else 0)
            for s in data.steps
        ),
        sorted((p.kind, p.starts_on, p.ends_on or date.min, p.note) for p in data.provisions),
        sorted(
            (o.domain, o.description, o.status, o.partner.pk if o.partner else 0)
            for o in data.obstacles
        ),
    )


def _keys(items: tuple, known: set[UUID]) -> list[UUID]:
    """Keep the key of an item that was in the current version; a new item (or a key that
    was not there) gets a new one. A key is used once per version."""
    used: set[UUID] = set()
    result = []
    for item in items:
        key = item.key if item.key in known and item.key not in used else uuid.uuid4()
        used.add(key)
        result.append(key)
    return result


@transaction.atomic
def plan_save(*, student: Student, by: User, data: PlanData, reason: str = "") -> PlanVersion:
    """Save ``data`` as the next version of the student's plan (the first makes the plan).

    Preconditions:
    1. ``by`` may edit the record (the regiehouder; after outflow the coordinator);
    2. the student is placed, active, or in outflow or aftercare;
    3. the plan is valid (:func:`plan_problems`): every field error in Dutch, nothing saved;
    4. the new version differs from the current one — an unchanged plan is no revision.
    The plan row is locked, so two saves at once get consecutive numbers.
    """
    return _save_version(student=student, by=by, data=data, reason=reason, unchanged_ok=False)


@transaction.atomic
def plan_revise(*, student: Student, by: User, data: PlanData, reason: str) -> PlanVersion:
    """Save ``data`` as the next version even when nothing changed: for the moments that
    must show in the plan's history as a version of their own — a progress meeting, the
    outflow (its last version). The other rules of :func:`plan_save` hold."""
    return _save_version(student=student, by=by, data=data, reason=reason, unchanged_ok=True)


def _save_version(
    *, student: Student, by: User, data: PlanData, reason: str, unchanged_ok: bool
) -> PlanVersion:
    require_edit(by, student)
    if student.status not in PLAN_STATUSES:
        raise ValidationError(_("Een integraal plan hoort bij een geplaatste of gestarte student."))
    data = normalised(data)
    problems = plan_problems(student=student, data=data)
    if problems:
        raise ValidationError(problems)
    plan, _created = Plan.objects.get_or_create(student=student)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    current = _current(plan)
    if (
        not unchanged_ok
        and current is not None
        and _comparable(plan_data_of(current)) == _comparable(data)
    ):
        raise ValidationError(_("Er is niets veranderd aan het plan."))
    default_reason = _("Plan bijgewerkt") if current else _("Eerste versie van het plan")
    version = PlanVersion(
        plan=plan,
        number=(current.number + 1) if current else 1,
        reason=(reason.strip() or default_reason)[:300],
        recorded_by=by,
        **{name: getattr(data, name) for name in VERSION_FIELDS},
    )
    validated_save(version)
    plan.current = version
    plan.save(update_fields=["current", "updated_at"])
    PlanSupporter.objects.bulk_create(
        [PlanSupporter(version=version, contact=contact) for contact in data.supporters]
    )
    step_keys = _keys(data.steps, {s.key for s in current.steps.all()} if current else set())
    PlanStep.objects.bulk_create(
        [
            PlanStep(
                version=version,
                key=key,
                description=s.description,
                owner=s.owner,
                partner=s.partner,
                due_on=cast(date, s.due_on),  # checked by plan_problems
                status=s.status,
            )
            for s, key in zip(data.steps, step_keys, strict=True)
        ]
    )
    provision_keys = _keys(
        data.provisions, {p.key for p in current.provisions.all()} if current else set()
    )
    PlanProvision.objects.bulk_create(
        [
            PlanProvision(
                version=version,
                key=key,
                kind=p.kind,
                starts_on=cast(date, p.starts_on),  # checked by plan_problems
                ends_on=p.ends_on,
                note=p.note,
            )
            for p, key in zip(data.provisions, provision_keys, strict=True)
        ]
    )
    obstacle_keys = _keys(
        data.obstacles, {o.key for o in current.obstacles.all()} if current else set()
    )
    PlanObstacle.objects.bulk_create(
        [
            PlanObstacle(
                version=version,
                key=key,
                domain=o.domain,
                description=o.description,
                partner=o.partner,
                status=o.status,
            )
            for o, key in zip(data.obstacles, obstacle_keys, strict=True)
        ]
    )
    return version


#: The lists of a plan whose items a mentor marks in place: their status choices and
#: what one item is called in the version's reason.
MARKABLE: dict[str, tuple[type[models.TextChoices], StrOrPromise]] = {
    "steps": (StepStatus, gettext_lazy("Stap")),
    "obstacles": (ObstacleStatus, gettext_lazy("Regelzaak")),
}


@transaction.atomic
def plan_item_set_status(
    *, student: Student, by: User, items: str, key: str, status: str
) -> PlanVersion:
    """Mark one step or regelzaak of the current plan (``items`` "steps" or "obstacles",
    found by its key) with ``status``: a new version whose reason names the item. The
    quick way a mentor ticks off a step or a regelzaak that got arranged."""
    choices, noun = MARKABLE[items]
    if status not in choices.values:
        raise ValidationError({"status": _("Kies een status.")})
    plan = Plan.objects.filter(student=student).first()
    current = _current(plan) if plan else None
    data = plan_data_of(current)
    listed = getattr(data, items)
    item = next((i for i in listed if str(i.key) == key), None)
    if current is None or item is None:
        raise ValidationError(_("Dit onderdeel staat niet (meer) in het plan."))
    marked = tuple(replace(i, status=status) if i is item else i for i in listed)
    reason = _("%(item)s '%(name)s': %(status)s") % {
        "item": noun,
        "name": item.description[:200],
        "status": choices(status).label,
    }
    revised = replace(data, steps=marked) if items == "steps" else replace(data, obstacles=marked)
    return plan_save(student=student, by=by, data=revised, reason=reason)


@transaction.atomic
def meeting_record(
    *, student: Student, by: User, meeting: MeetingData, plan: PlanData
) -> ProgressMeeting:
    """Record a progress meeting and the plan version it agreed on, together.

    Rules (guideline 2020 §4.3, "Integraal plan bijstellen"):
    1. the meeting has a date, not in the future and not before the start;
    2. all five life domains are re-assessed; a domain that needs care is explained;
    3. the plan is revised in the same transaction — a meeting whose plan would not be
       valid saves nothing.
    """
    require_edit(by, student)
    errors: dict[str, list[str]] = {}
    if meeting.held_on is None:
        errors["held_on"] = [_("Geef de datum van het gesprek.")]
    else:
        try:
            validate_past_date(meeting.held_on)
        except ValidationError as error:
            errors["held_on"] = error.messages
        else:
            if student.start_date and meeting.held_on < student.start_date:
                errors["held_on"] = [_("Het gesprek ligt vóór de start van de opleiding.")]
    assessed = {d.domain: d for d in meeting.domains}
    for domain in LifeDomain:
        item = assessed.get(domain.value)
        if item is None or item.state not in DomainState.values:
            errors.setdefault("domains", []).append(
                _("Beoordeel het leefgebied %(domain)s.") % {"domain": domain.label}
            )
        elif item.state == DomainState.ZORG and not item.note.strip():
            errors.setdefault("domains", []).append(
                _("Licht toe wat er speelt bij %(domain)s: het vraagt zorg.")
                % {"domain": domain.label}
            )
    if student.status not in PLAN_STATUSES:
        errors.setdefault("__all__", []).append(
            _("Een voortgangsgesprek hoort bij een geplaatste of gestarte student.")
        )
    problems = plan_problems(student=student, data=normalised(plan))
    for key, messages in problems.items():
        errors.setdefault(key, []).extend(messages)
    if errors or meeting.held_on is None:
        raise ValidationError(errors)
    reason = _("Voortgangsgesprek van %(day)s") % {"day": meeting.held_on.strftime("%d-%m-%Y")}
    # A meeting that leaves the plan as it was still makes a version (its reason names
    # the meeting), so every meeting is in the plan's history.
    version = plan_revise(student=student, by=by, data=plan, reason=reason)
    record = ProgressMeeting(
        student=student,
        held_on=meeting.held_on,
        with_student=meeting.with_student,
        with_employer=meeting.with_employer,
        others=meeting.others.strip(),
        notes=meeting.notes.strip(),
        version=version,
        recorded_by=by,
    )
    validated_save(record)
    MeetingDomain.objects.bulk_create(
        [
            MeetingDomain(
                meeting=record,
                domain=domain.value,
                state=assessed[domain.value].state,
                note=assessed[domain.value].note.strip(),
            )
            for domain in LifeDomain
        ]
    )
    return record
