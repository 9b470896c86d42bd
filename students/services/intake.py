"""The intake and the placeability decision, up to the start of a placed student: the
candidate's way from ``aangemeld`` through ``intake`` to a decision and ``actief``."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from entree.accounts.models import User
from entree.core.models import field_label
from students.models import (
    HIGHER_LEVEL_CHECK_LEVELS,
    INTAKE_OPEN_STATUSES,
    DomainState,
    Intake,
    LifeDomain,
    LifeDomainAssessment,
    Placeability,
    PriorEducation,
    Status,
    Student,
)

from .common import add_months, require_edit, validated_save
from .lifecycle import student_set_status

#: The study advice is due four months after the start (bindend studieadvies).
STUDY_ADVICE_MONTHS = 4

INTAKE_FIELDS = (
    "referrer",
    "handover_file",
    "dutch_level",
    "maths_level",
    "language_level",
    "motivation",
    "route_indication",
    "higher_level_considered",
    "higher_level_note",
)


def intake_missing(intake: Intake | None, *, student: Student | None = None) -> list[str]:
    """What still has to be filled in before a candidate can be placed (Dutch labels)."""
    if intake is None:
        return [_("de hele intake")]
    student = student or intake.student
    missing = []
    for field in ("dutch_level", "maths_level", "language_level", "motivation", "route_indication"):
        if not getattr(intake, field):
            missing.append(field_label(Intake, field))
    assessed = {d.domain for d in intake.domains.all()}
    for domain in LifeDomain:
        if domain not in assessed:
            missing.append(_("leefgebied %(domain)s") % {"domain": domain.label})
    if needs_higher_level_check(student) and intake.higher_level_considered is None:
        missing.append(_("of een hoger niveau is overwogen"))
    return missing


def needs_higher_level_check(student: Student) -> bool:
    """The inspectorate (2018) found candidates from vmbo-kader, vmbo-g/t, havo and isk
    placed in entree without anyone asking whether level 2 was possible."""
    return (
        student.prior_education == PriorEducation.ISK
        or student.prior_education_level in HIGHER_LEVEL_CHECK_LEVELS
    )


@transaction.atomic
def intake_save(
    *, student: Student, by: User, domains: list[dict] | None = None, **fields: Any
) -> Intake:
    """Create or update the intake; the student moves from ``aangemeld`` to ``intake``.

    ``domains`` is a list of ``{"domain", "state", "note", "partner"}``; a domain left
    out keeps its earlier assessment. Partners must belong to this student's network.
    Preconditions: edit rights, and no placement decision yet (or a postponed one).
    """
    require_edit(by, student)
    if student.status not in INTAKE_OPEN_STATUSES:
        raise ValidationError(
            _("De intake is afgerond met een besluit en kan niet meer worden gewijzigd.")
        )
    unknown = set(fields) - set(INTAKE_FIELDS)
    if unknown:
        raise TypeError(f"Onbekende velden: {sorted(unknown)}")
    intake = Intake.objects.select_for_update().filter(student=student).first() or Intake(
        student=student
    )
    for name, value in fields.items():
        setattr(intake, name, value)
    validated_save(intake)

    errors = {}
    for item in domains or []:
        domain = item["domain"]
        partner = item.get("partner")
        if partner is not None and partner.student_id != student.pk:
            errors[domain] = _("De partner hoort niet bij het netwerk van deze student.")
            continue
        if not item.get("state"):
            continue  # not assessed yet
        if item["state"] == DomainState.ZORG and not (item.get("note") or "").strip():
            errors[domain] = _("Licht toe wat er speelt als een leefgebied zorg vraagt.")
            continue
        assessment = intake.domains.filter(domain=domain).first() or LifeDomainAssessment(
            intake=intake, domain=domain
        )
        assessment.state = item["state"]
        assessment.note = item.get("note", "")
        assessment.partner = partner
        validated_save(assessment)
    if errors:
        raise ValidationError(errors)

    if student.status == Status.AANGEMELD:
        student_set_status(student=student, status=Status.INTAKE)
    return intake


@transaction.atomic
def intake_decide(
    *,
    student: Student,
    by: User,
    outcome: str,
    motivation: str = "",
    handed_over_to: str = "",
    handed_over_contact: str = "",
    start_date: date | None = None,
    decided_on: date | None = None,
) -> Intake:
    """Record the placeability decision and move the student to that status.

    Rules (guideline 2020 §4.2, inspectorate 2018 ch. 3):
    1. ``geplaatst`` needs a complete intake and a start date;
    2. ``niet_geplaatst``, ``uitgesteld`` and ``hoger_niveau`` need a written motivation;
    3. ``niet_geplaatst`` also needs to whom the candidate is handed over (gemeente or
       previous school), so that nobody drops out of view;
    4. for isk, vmbo-kader, vmbo-g/t and havo candidates the intake must say whether a
       higher level was considered, whatever the outcome.
    """
    require_edit(by, student)
    if student.status not in INTAKE_OPEN_STATUSES:
        raise ValidationError(_("Voor deze student is al een besluit genomen."))
    # A candidate can be turned down (or postponed) before any intake field is filled in;
    # the decision itself is stored on the intake, so make one when there is none.
    intake = Intake.objects.select_for_update().filter(student=student).first() or Intake(
        student=student
    )
    if outcome not in Placeability.values:
        raise ValidationError({"outcome": _("Kies een besluit.")})
    motivation = motivation.strip()
    errors: dict[str, str] = {}
    if outcome == Placeability.GEPLAATST:
        missing = intake_missing(intake if intake.pk else None, student=student)
        if missing:
            errors["outcome"] = _("De intake is nog niet compleet: %(missing)s.") % {
                "missing": ", ".join(missing)
            }
        if start_date is None:
            errors["start_date"] = _("Geef de startdatum op.")
    else:
        if not motivation:
            errors["motivation"] = _("Schrijf op waarom: dit besluit vraagt een motivatie.")
        # The outcome 'hoger_niveau' is itself the answer to the higher-level question.
        if (
            outcome != Placeability.HOGER_NIVEAU
            and needs_higher_level_check(student)
            and intake.higher_level_considered is None
        ):
            errors["outcome"] = _("Geef in de intake eerst aan of een hoger niveau is overwogen.")
    if outcome == Placeability.NIET_GEPLAATST and not handed_over_to:
        errors["handed_over_to"] = _(
            "Geef aan aan wie de kandidaat warm wordt overgedragen (gemeente of vorige school)."
        )
    if errors:
        raise ValidationError(errors)

    intake.outcome = outcome
    intake.outcome_motivation = motivation
    intake.handed_over_to = handed_over_to if outcome == Placeability.NIET_GEPLAATST else ""
    intake.handed_over_contact = (
        handed_over_contact.strip() if outcome == Placeability.NIET_GEPLAATST else ""
    )
    intake.decided_on = decided_on or timezone.localdate()
    intake.decided_by = by
    validated_save(intake)

    if outcome == Placeability.GEPLAATST and start_date is not None:  # required, checked above
        student.set_start_date(start_date)
    student_set_status(student=student, status=outcome)
    return intake


@transaction.atomic
def intake_reopen(*, student: Student, by: User) -> Intake:
    """Resume a postponed intake (life domains now in order): back to ``intake``."""
    require_edit(by, student)
    if student.status != Status.UITGESTELD:
        raise ValidationError(_("Alleen een uitgestelde intake kan worden hervat."))
    intake = Intake.objects.select_for_update().get(student=student)
    intake.outcome = ""
    intake.outcome_motivation = ""
    intake.decided_on = None
    intake.decided_by = None
    validated_save(intake)
    student_set_status(student=student, status=Status.INTAKE)
    return intake


@transaction.atomic
def student_activate(*, student: Student, by: User, start_date: date | None = None) -> Student:
    """A placed student starts: status ``actief``; the study advice falls due in four
    months. The start date may be corrected here (and with it the cohort)."""
    require_edit(by, student)
    if student.status != Status.GEPLAATST:
        raise ValidationError(_("Alleen een geplaatste student kan starten."))
    start = start_date or student.start_date
    if start is None:
        raise ValidationError({"start_date": _("Geef de startdatum op.")})
    student.set_start_date(start)
    student.study_advice_due_on = add_months(start, STUDY_ADVICE_MONTHS)
    return student_set_status(student=student, status=Status.ACTIEF)
