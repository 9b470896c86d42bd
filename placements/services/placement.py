"""The placement's steps: its details, the three-party agreement, starting, finishing or
stopping it, its outcome, and the visits of the bpv-begeleider.

Each step is one transactional service with its own rules; a refusal names the field in
Dutch and saves nothing. The placement's status moves only through
``PLACEMENT_TRANSITIONS``, by a conditional update (``WHERE status = <expected>``), so two
people acting at once cannot both move it.
"""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from entree.accounts.models import User
from placements.models import (
    ENDED_STATUSES,
    PLACEMENT_TRANSITIONS,
    Outcome,
    Placement,
    PlacementCertificate,
    PlacementGoal,
    PlacementStatus,
    StopReason,
)
from placements.selectors import placement_can_edit
from students.models import Student
from students.services.common import require_edit, validated_save

from .data import (
    AGREEMENT_FIELDS,
    PLACEMENT_FIELDS,
    AgreementData,
    PlacementData,
)
from .validation import (
    PLACEMENT_STATUSES,
    details_problems,
    guardian_needed,
    overlap_problem,
    start_problems,
)

PLACEMENT_REFUSED = _(
    "U mag deze bpv-plek niet wijzigen: dat doen de regiehouder en de bpv-begeleider."
)


def _require(by: User, placement: Placement) -> None:
    if not placement_can_edit(by, placement):
        raise PermissionDenied(PLACEMENT_REFUSED)


def _locked(placement: Placement) -> Placement:
    """The placement row, locked for this transaction, with its student."""
    return (
        Placement.objects.select_for_update(of=("self",))
        .select_related("student")
        .get(pk=placement.pk)
    )


def _full_clean(instance: Any, errors: dict[str, list[str]], *, exclude: tuple = ()) -> None:
    """Collect the fields' own errors (the shared date rules) for the fields the service
    had nothing to say about."""
    try:
        instance.full_clean(exclude=list(exclude), validate_constraints=False)
    except ValidationError as invalid:
        for name, messages in invalid.message_dict.items():
            if name not in errors:  # the service's own words for a field come first
                errors[name] = messages


def _move(placement: Placement, to: str, **fields: Any) -> Placement:
    """Move the placement to status ``to`` (one of the allowed moves) with ``fields``."""
    if to not in PLACEMENT_TRANSITIONS[placement.status]:
        raise ValidationError(
            _("Een bpv-plek die %(now)s is, kan niet %(to)s worden.")
            % {
                "now": PlacementStatus(placement.status).label.lower(),
                "to": PlacementStatus(to).label.lower(),
            }
        )
    moved = Placement.objects.filter(pk=placement.pk, status=placement.status).update(
        status=to, updated_at=timezone.now(), **fields
    )
    if moved != 1:  # someone else moved it first
        raise ValidationError(_("De bpv-plek is intussen door iemand anders gewijzigd."))
    placement.refresh_from_db()
    return placement


# --- Details ------------------------------------------------------------------------------


@transaction.atomic
def placement_save(
    *, student: Student, by: User, data: PlacementData, placement: Placement | None = None
) -> Placement:
    """Register a placement for ``student`` (status ``zoekend``), or change the details of
    ``placement``: company, praktijkopleider, bpv-begeleider, period, days and hours,
    learning goals at work and the certificates to earn.

    Rules: who may edit the record registers a placement, the placement's bpv-begeleider
    may change it too; the student is placed, active, or in outflow or aftercare; the
    details are valid (:func:`details_problems`, the shared date rules); a running
    placement keeps what its start relied on and may not come to overlap another one.
    """
    # The student's row is locked first, as placement_start does: a change of a running
    # placement's period and a start of another placement cannot pass the overlap check
    # at the same time.
    student = Student.objects.select_for_update().get(pk=student.pk)
    if placement is None:
        require_edit(by, student)
        record = Placement(student=student)
    else:
        if placement.student_id != student.pk:
            raise ValidationError(_("Deze bpv-plek hoort niet bij deze student."))
        record = _locked(placement)
        _require(by, record)
        if record.status in ENDED_STATUSES:
            raise ValidationError(
                _(
                    "Deze bpv-plek is voorbij: de gegevens blijven zoals ze waren. Bezoeken en "
                    "het resultaat kunnen nog."
                )
            )
    company_before = record.company_id
    if student.status not in PLACEMENT_STATUSES:
        raise ValidationError(_("Een bpv-plek hoort bij een geplaatste of gestarte student."))
    errors = details_problems(student=student, data=data)
    for name in PLACEMENT_FIELDS:
        value = getattr(data, name)
        setattr(record, name, value.strip() if isinstance(value, str) else value)
    _full_clean(record, errors, exclude=("student", "midpoint"))
    if record.status == PlacementStatus.LOPEND:
        for name in (
            "company",
            "trainer",
            "supervisor",
            "start_date",
            "end_date",
            "days_per_week",
            "hours_per_week",
        ):
            if getattr(record, name) is None:
                errors.setdefault(name, []).append(
                    _("Een lopende bpv-plek houdt dit gegeven; het mag niet leeg.")
                )
        if record.company_id != company_before:
            errors.setdefault("company", []).append(
                _(
                    "Een lopende bpv-plek blijft bij het leerbedrijf dat de overeenkomst "
                    "tekende. Gaat de student naar een ander bedrijf, rond deze plek dan af "
                    "en registreer een nieuwe."
                )
            )
        if guardian_needed(student, record.start_date) and record.signed_guardian_on is None:
            errors.setdefault("start_date", []).append(
                _(
                    "Op deze startdatum is de student jonger dan 18: dan tekent ook een ouder "
                    "of voogd de overeenkomst."
                )
            )
        if (
            record.start_date
            and record.end_date
            and not errors
            and (
                problem := overlap_problem(
                    student=student,
                    placement=record,
                    start=record.start_date,
                    end=record.end_date,
                    days_per_week=record.days_per_week or 0,
                    part_time=record.part_time,
                )
            )
        ):
            errors.setdefault("__all__", []).append(problem)
    if errors:
        raise ValidationError(errors)
    validated_save(record)
    # Goals and certificates are replaced as a whole, as the form shows them.
    record.goals.all().delete()
    PlacementGoal.objects.bulk_create(
        [
            PlacementGoal(
                placement=record,
                description=goal.description.strip(),
                plan_step_key=goal.plan_step_key,
                achieved=goal.achieved,
            )
            for goal in data.goals
        ]
    )
    record.certificates.all().delete()
    certificates = [
        PlacementCertificate(
            placement=record, kind=c.kind, other=c.other.strip(), obtained_on=c.obtained_on
        )
        for c in data.certificates
    ]
    certificate_errors: dict[str, list[str]] = {}
    for number, certificate in enumerate(certificates, start=1):
        problems: dict[str, list[str]] = {}
        _full_clean(certificate, problems, exclude=("placement",))
        for messages in problems.values():
            certificate_errors.setdefault("certificates", []).extend(
                _("Certificaat %(number)s: %(problem)s") % {"number": number, "problem": m}
                for m in messages
            )
    if certificate_errors:
        raise ValidationError(certificate_errors)
    PlacementCertificate.objects.bulk_create(certificates)
    return record


# --- The agreement and the placement's course ---------------------------------------------


@transaction.atomic
def agreement_record(*, by: User, placement: Placement, data: AgreementData) -> Placement:
    """Record who signed the three-party placement agreement (praktijkovereenkomst) and
    when. Signatures may come in one by one; once the placement runs, a signature it
    started on cannot be taken away. Dates are not in the future and not before entree."""
    record = _locked(placement)
    _require(by, record)
    errors: dict[str, list[str]] = {}
    cleared = [
        name
        for name in AGREEMENT_FIELDS
        if getattr(record, name) is not None and getattr(data, name) is None
    ]
    for name in AGREEMENT_FIELDS:
        setattr(record, name, getattr(data, name))
    _full_clean(record, errors, exclude=("student", "midpoint"))
    if record.started_on is not None and cleared:
        errors.setdefault("__all__", []).append(
            _("Deze bpv-plek is al begonnen: de handtekeningen van de overeenkomst blijven staan.")
        )
    if errors:
        raise ValidationError(errors)
    validated_save(record)
    return record


def agreement_of(placement: Placement) -> AgreementData:
    return AgreementData(**{name: getattr(placement, name) for name in AGREEMENT_FIELDS})


@transaction.atomic
def placement_start(*, by: User, placement: Placement) -> Placement:
    """Start the placement (zoekend → lopend).

    Rules: the student is active; company, praktijkopleider, bpv-begeleider, period, days
    and hours are known; the praktijkovereenkomst is signed by school, student and
    company — and a parent or guardian while the student is under 18; and the student has
    no other running placement in that period, unless both are part-time and their days
    fit in a week. The student's row is locked, so two placements cannot start at once.
    """
    # The student first, then the placement: the same order as placement_save.
    Student.objects.select_for_update().filter(pk=placement.student_id).first()
    record = _locked(placement)
    _require(by, record)
    if record.status != PlacementStatus.ZOEKEND:
        raise ValidationError(_("Deze bpv-plek is al begonnen of voorbij."))
    errors = start_problems(
        student=record.student, placement=record, agreement=agreement_of(record)
    )
    if errors:
        raise ValidationError(errors)
    return _move(record, PlacementStatus.LOPEND, started_on=timezone.localdate())


@transaction.atomic
def placement_finish(*, by: User, placement: Placement, on: date | None = None) -> Placement:
    """Complete a running placement (lopend → afgerond) on ``on`` (default: its end date,
    or today if that is still ahead)."""
    record = _locked(placement)
    _require(by, record)
    today = timezone.localdate()
    day = on or min(record.end_date or today, today)
    _check_end_day(record, day)
    return _move(record, PlacementStatus.AFGEROND, ended_on=day)


@transaction.atomic
def placement_stop(
    *, by: User, placement: Placement, on: date | None, reason: str, note: str = ""
) -> Placement:
    """Break off a placement (zoekend or lopend → afgebroken) with a reason."""
    record = _locked(placement)
    _require(by, record)
    errors: dict[str, list[str]] = {}
    if reason not in StopReason.values:
        errors["stop_reason"] = [_("Kies waarom de bpv-plek stopt.")]
    if reason == StopReason.ANDERS and not note.strip():
        errors["stop_note"] = [_("Licht toe waarom de bpv-plek stopt.")]
    if len(note.strip()) > 500:
        errors["stop_note"] = [_("Schrijf hier hooguit %(max)s tekens.") % {"max": 500}]
    day = on or timezone.localdate()
    try:
        _check_end_day(record, day)
    except ValidationError as invalid:
        errors.setdefault("ended_on", []).extend(invalid.messages)
    if errors:
        raise ValidationError(errors)
    return _move(
        record,
        PlacementStatus.AFGEBROKEN,
        ended_on=day,
        stop_reason=reason,
        stop_note=note.strip(),
    )


def _check_end_day(record: Placement, day: date) -> None:
    if day > timezone.localdate():
        raise ValidationError({"ended_on": [_("Deze datum ligt in de toekomst.")]})
    if record.start_date and day < record.start_date and record.status == PlacementStatus.LOPEND:
        raise ValidationError({"ended_on": [_("Deze datum ligt vóór de start van de bpv-plek.")]})


@transaction.atomic
def outcome_record(*, by: User, placement: Placement, outcome: str, on: date | None) -> Placement:
    """Record what the placement led to: a paid job, a bbl job, a job through the
    banenafspraak, or none — with the date. Only for a placement that started; the
    outcome can be corrected later (a job that came after all)."""
    record = _locked(placement)
    _require(by, record)
    errors: dict[str, list[str]] = {}
    if record.started_on is None:
        errors["__all__"] = [_("Een resultaat hoort bij een bpv-plek die begonnen is.")]
    if outcome not in Outcome.values:
        errors["outcome"] = [_("Kies het resultaat.")]
    if on is None:
        errors["outcome_on"] = [_("Vul de datum van het resultaat in.")]
    else:
        record.outcome_on = on
        _full_clean(record, errors, exclude=("student", "midpoint"))
        if record.start_date and on < record.start_date:
            errors.setdefault("outcome_on", []).append(
                _("Deze datum ligt vóór de start van de bpv-plek.")
            )
    if errors:
        raise ValidationError(errors)
    record.outcome = outcome
    validated_save(record)
    return record
