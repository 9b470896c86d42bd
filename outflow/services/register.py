"""Registering an outflow and correcting one.

Registering is one transaction: the plan's last version, the outflow, the checklist (with
the Doorstroompunt row for a drop-out), the status move through the one status table and
the explicit regie transfer to an uitstroomcoördinator. If any of it is refused, nothing
is saved.
"""

from datetime import date
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from entree.accounts.models import User
from entree.accounts.roles import Role, administers
from outflow.models import (
    Destination,
    Handover,
    Outflow,
    OutflowCorrection,
    PartnerHandover,
    PartnerKind,
)
from placements.models import Placement, PlacementStatus
from plans.models import PlanVersion
from plans.services import PlanData, plan_data_of, plan_revise
from students.models import Status, Student
from students.selectors import regie_eligible
from students.services import regie_transfer, student_set_status
from students.services.common import require_edit, validated_save

from .data import OUTFLOW_FIELDS, OutflowData
from .followup import follow_up_move, follow_up_plan

#: Stored on the record, so in the record's language (Dutch), not the user's.
REGIE_REASON = (
    "Uitstroom: de uitstroomcoördinator neemt de regie over voor de warme overdracht en de nazorg."
)
PLAN_REASON = "Plan bijgewerkt bij de uitstroom"


def coordinators_for(student: Student) -> list[User]:
    """The active uitstroomcoördinatoren of the student's team: who can take over."""
    return list(
        User.objects.filter(
            regie_eligible(in_outflow=True),
            roles__contains=[Role.COORDINATOR],
            teams=student.team_id,
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def outflow_problems(*, student: Student, data: OutflowData) -> dict[str, list[str]]:
    """Every reason to refuse these outflow details, by field, in Dutch (the model fields
    add the shared date rules)."""
    errors: dict[str, list[str]] = {}
    if data.left_on is None:
        errors["left_on"] = [_("Vul de datum van uitstroom in.")]
    elif student.start_date and data.left_on < student.start_date:
        errors["left_on"] = [_("De uitstroom ligt vóór de start van de opleiding.")]
    if data.destination not in Destination.values:
        errors["destination"] = [_("Kies waar de student naartoe gaat.")]
    if data.exit_interview_on is not None:
        if student.start_date and data.exit_interview_on < student.start_date:
            errors["exit_interview_on"] = [
                _("Het eindgesprek ligt vóór de start van de opleiding.")
            ]
    elif data.exit_interview_notes.strip():
        errors["exit_interview_on"] = [_("Vul de datum van het eindgesprek in.")]
    return errors


def _fill(outflow: Outflow, data: OutflowData) -> None:
    for name in OUTFLOW_FIELDS:
        value = getattr(data, name)
        setattr(outflow, name, value.strip() if isinstance(value, str) else value)


def _check(outflow: Outflow, errors: dict[str, list[str]]) -> None:
    try:
        outflow.full_clean(exclude=["student", "registered_by", "plan_version"])
    except ValidationError as invalid:
        for name, messages in invalid.message_dict.items():
            if name not in errors:
                errors[name] = messages
    if errors:
        raise ValidationError(errors)


def _ensure_rmc_row(handover: Handover, outflow: Outflow) -> None:
    """A drop-out without diploma always has the Doorstroompunt (RMC) on the checklist:
    the Doorstroompunt contacts a drop-out at once (guideline 2020 §4.4)."""
    if outflow.dropout:
        PartnerHandover.objects.get_or_create(handover=handover, kind=PartnerKind.DOORSTROOMPUNT)


@transaction.atomic
def outflow_register(
    *,
    student: Student,
    by: User,
    data: OutflowData,
    coordinator: User | None,
    plan: PlanData | None = None,
    via_import: bool = False,
) -> Outflow:
    """Register that ``student`` leaves the programme.

    Rules:
    1. ``by`` may change the record (the regiehouder), and the student is active;
    2. the details are valid (:func:`outflow_problems` and the shared date rules);
    3. the regie goes to ``coordinator``, an active uitstroomcoördinator of the student's
       team — explicitly, in the regie log; a team without one cannot register outflow
       (never to nobody);
    4. the plan is brought up to date: ``plan`` (or, without it, the current plan) is
       saved as the plan's last version, linked to the outflow;
    5. the student moves to ``uitgestroomd`` through the one status table, the
       checklist is opened — with the Doorstroompunt (RMC) row for a drop-out — and the
       two-year follow-up's contact moments are planned.

    ``via_import``: the outflow comes from the student information system (the outflow
    import, ``outflow.importer``). Then ``by`` is the functioneel beheerder who imports
    (instead of rule 1's regiehouder), and rule 4 changes: the SIS does not know the
    plan, so no plan version is written — the outflow links the plan's current version,
    or none for a student without a plan. The regie transfer records the beheerder as
    who transferred it. Every other rule is the same as on the page and in the API.
    """
    # Read again under a lock, then decide: the caller's object may be older.
    student = Student.objects.select_for_update().select_related("team").get(pk=student.pk)
    if via_import:
        if not administers(by):
            raise PermissionDenied(_("Alleen de functioneel beheerder kan uitstroom importeren."))
    else:
        require_edit(by, student)
    if student.status != Status.ACTIEF:
        raise ValidationError(_("Alleen een actieve student kan uitstromen."))
    errors = outflow_problems(student=student, data=data)
    running = list(
        Placement.objects.filter(student=student, status=PlacementStatus.LOPEND)
        .select_related("company")
        .order_by("start_date")
    )
    if running:
        errors.setdefault("__all__", []).append(
            _(
                "De student heeft nog een lopende bpv-plek (%(places)s). Rond die eerst af of "
                "breek haar af, zodat de bpv-begeleider niet blijft bezoeken."
            )
            % {"places": ", ".join(str(p) for p in running)}
        )
    candidates = coordinators_for(student)
    if not candidates:
        errors.setdefault("coordinator", []).append(
            _(
                "Team %(team)s heeft geen uitstroomcoördinator. Zonder coördinator kan de "
                "regie nergens heen: vraag de functioneel beheerder er een aan het team toe "
                "te voegen."
            )
            % {"team": student.team.name}
        )
    elif coordinator is None:
        errors.setdefault("coordinator", []).append(
            _("Kies de uitstroomcoördinator die de regie overneemt.")
        )
    elif coordinator.pk not in {c.pk for c in candidates}:
        errors.setdefault("coordinator", []).append(
            _("Kies een uitstroomcoördinator van het team van de student.")
        )
    current = PlanVersion.objects.filter(plan__student=student).order_by("-number").first()
    if plan is None and current is None and not via_import:
        errors.setdefault("plan", []).append(
            _("Deze student heeft nog geen integraal plan: werk het plan bij bij de uitstroom.")
        )
    outflow = Outflow(student=student, registered_by=by)
    _fill(outflow, data)
    _check(outflow, errors)
    if via_import:
        outflow.plan_version = current
    else:
        outflow.plan_version = plan_revise(
            student=student,
            by=by,
            data=plan if plan is not None else plan_data_of(current),
            reason=PLAN_REASON,
        )
    validated_save(outflow)
    handover = Handover.objects.create(outflow=outflow)
    _ensure_rmc_row(handover, outflow)
    follow_up_plan(outflow)
    student_set_status(student=student, status=Status.UITGESTROOMD)
    regie_transfer(
        student=student,
        by=by,
        to_user=cast(User, coordinator),  # checked above
        reason=REGIE_REASON,
        by_import=via_import,
    )
    return outflow


def _as_json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


@transaction.atomic
def outflow_correct(*, outflow: Outflow, by: User, data: OutflowData, reason: str) -> Outflow:
    """Correct an outflow (a wrong date, destination or diploma), never silently: the
    reason and every changed field (old and new) are kept in an append-only correction.
    Who may change the record (after outflow: the coordinator) corrects. A correction
    that makes the student a drop-out adds the Doorstroompunt row to the checklist."""
    # Read again under a lock: the caller's object may be older than the regie transfer.
    record = (
        Outflow.objects.select_for_update(of=("self",)).select_related("student").get(pk=outflow.pk)
    )
    student = record.student
    require_edit(by, student)
    errors = outflow_problems(student=student, data=data)
    if not reason.strip():
        errors["reason"] = [_("Geef een reden voor de correctie.")]
    before = {name: _as_json(getattr(record, name)) for name in OUTFLOW_FIELDS}
    _fill(record, data)
    changes = {
        name: [before[name], _as_json(getattr(record, name))]
        for name in OUTFLOW_FIELDS
        if before[name] != _as_json(getattr(record, name))
    }
    if not changes and "reason" not in errors:
        errors.setdefault("__all__", []).append(_("Er is niets veranderd aan de uitstroom."))
    handover = record.handover
    if (
        record.dropout
        and handover.closed_at is not None
        and not handover.partners.filter(kind=PartnerKind.DOORSTROOMPUNT).exists()
    ):
        errors.setdefault("__all__", []).append(
            _(
                "Met deze correctie is de student uitgevallen zonder diploma, maar de warme "
                "overdracht is al afgerond zonder het Doorstroompunt (RMC). Neem contact op "
                "met het Doorstroompunt en leg dat vast in de nazorg; de correctie zelf kan "
                "zo niet."
            )
        )
    if "left_on" in changes:
        held = record.contacts.filter(done_on__isnull=False).order_by("done_on").first()
        if held is not None and held.done_on is not None and held.done_on < record.left_on:
            errors.setdefault("left_on", []).append(
                _(
                    "Er is al een nazorgcontact vastgelegd op %(day)s, vóór deze datum. "
                    "Kies een uitstroomdatum op of vóór dat contact."
                )
                % {"day": date_format(held.done_on, "j F Y")}
            )
    _check(record, errors)
    validated_save(record)
    if "left_on" in changes:
        follow_up_move(record)
    OutflowCorrection.objects.create(
        outflow=record, changes=changes, reason=reason.strip()[:300], recorded_by=by
    )
    _ensure_rmc_row(record.handover, record)
    return record
