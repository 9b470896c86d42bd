"""Write operations on students: registration, intake, placement, network and consent,
study advice and the regiehouder. One function per use case; pages, API, import and
commands all call these, never the models directly.
"""

import calendar
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from entree.accounts.models import Team, User
from entree.accounts.roles import Role, has_role
from students.models import (
    ACTIVE_STATUSES,
    HIGHER_LEVEL_CHECK_LEVELS,
    OUTFLOW_STATUSES,
    AdviceDecision,
    Consent,
    DomainState,
    Intake,
    LifeDomain,
    LifeDomainAssessment,
    NetworkContact,
    Placeability,
    PriorEducation,
    RegieTransfer,
    Status,
    Student,
    StudyAdvice,
    school_year_of,
)
from students.selectors import student_can_edit

#: The study advice is due four months after the start (bindend studieadvies).
STUDY_ADVICE_MONTHS = 4

STUDENT_DETAIL_FIELDS = (
    "first_name",
    "last_name_prefix",
    "last_name",
    "date_of_birth",
    "email",
    "phone",
    "address",
    "postcode",
    "city",
    "learning_path",
    "profile",
    "prior_education",
    "prior_education_level",
    "referral_route",
)
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


def add_months(day: date, months: int) -> date:
    """``day`` plus whole months, clamped to the month's end (31 Oct + 4 → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _require_edit(user, student: Student) -> None:
    if not student_can_edit(user, student):
        raise PermissionDenied(_("U mag dit dossier niet wijzigen: u bent niet de regiehouder."))


def _normalise_prior_level(fields: dict) -> None:
    if fields.get("prior_education") != PriorEducation.GEEN_DIPLOMA_VO:
        fields["prior_education_level"] = ""


def _save(instance) -> None:
    """Validate every field and constraint, then save; a clash becomes a Dutch message."""
    instance.full_clean()
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as error:  # a race between two saves of the same number
        raise ValidationError(_("Deze gegevens botsen met een ander dossier.")) from error


# --- Registration and details -------------------------------------------------------------


@transaction.atomic
def student_register(*, by: User, team: Team, student_number: str, **fields) -> Student:
    """Register a new candidate (status ``aangemeld``) in one of ``by``'s teams.

    Preconditions: ``by`` is a mentor of ``team``. The mentor becomes regiehouder at
    once, so no candidate starts without one (and the one who registers can open it). A
    system account registering through the API does not: a person takes regie.
    """
    if not has_role(by, Role.MENTOR):
        raise PermissionDenied(_("Alleen mentoren melden kandidaten aan."))
    if not by.teams.filter(pk=team.pk).exists():
        raise PermissionDenied(_("U kunt alleen studenten aanmelden in uw eigen team."))
    unknown = set(fields) - set(STUDENT_DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"Onbekende velden: {sorted(unknown)}")
    _normalise_prior_level(fields)
    number = student_number.strip()
    if Student.objects.filter(institution_id=team.institution_id, student_number=number).exists():
        raise ValidationError(
            {
                "student_number": _("Studentnummer %(number)s bestaat al in deze instelling.")
                % {"number": number}
            }
        )
    student = Student(
        institution_id=team.institution_id,
        team=team,
        student_number=number,
        status=Status.AANGEMELD,
        # A system account (an API link) registers without becoming regiehouder: the
        # candidate shows up as "no regiehouder" until a mentor of the team takes it.
        regiehouder=None if by.is_system_account else by,
        **fields,
    )
    _save(student)
    return student


@transaction.atomic
def student_update(*, student: Student, by: User, **fields) -> Student:
    """Change a student's personal and programme details. Only with edit rights."""
    _require_edit(by, student)
    unknown = set(fields) - set(STUDENT_DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"Onbekende velden: {sorted(unknown)}")
    _normalise_prior_level(fields)
    for name, value in fields.items():
        setattr(student, name, value)
    _save(student)
    return student


# --- Intake ---------------------------------------------------------------------------------


def intake_missing(intake: Intake | None, *, student: Student | None = None) -> list[str]:
    """What still has to be filled in before a candidate can be placed (Dutch labels)."""
    if intake is None:
        return [_("de hele intake")]
    student = student or intake.student
    missing = []
    for field in ("dutch_level", "maths_level", "language_level", "motivation", "route_indication"):
        if not getattr(intake, field):
            missing.append(str(Intake._meta.get_field(field).verbose_name))
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
    *, student: Student, by: User, domains: list[dict] | None = None, **fields
) -> Intake:
    """Create or update the intake; the student moves from ``aangemeld`` to ``intake``.

    ``domains`` is a list of ``{"domain", "state", "note", "partner"}``; a domain left
    out keeps its earlier assessment. Partners must belong to this student's network.
    Preconditions: edit rights, and no placement decision yet (or a postponed one).
    """
    _require_edit(by, student)
    if student.status not in (Status.AANGEMELD, Status.INTAKE, Status.UITGESTELD):
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
    _save(intake)

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
        _save(assessment)
    if errors:
        raise ValidationError(errors)

    if student.status == Status.AANGEMELD:
        student.status = Status.INTAKE
        _save(student)
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
    _require_edit(by, student)
    if student.status not in (Status.AANGEMELD, Status.INTAKE, Status.UITGESTELD):
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
    _save(intake)

    student.status = outcome
    if outcome == Placeability.GEPLAATST:
        student.start_date = start_date
        student.cohort = school_year_of(start_date)
    _save(student)
    return intake


@transaction.atomic
def intake_reopen(*, student: Student, by: User) -> Intake:
    """Resume a postponed intake (life domains now in order): back to ``intake``."""
    _require_edit(by, student)
    if student.status != Status.UITGESTELD:
        raise ValidationError(_("Alleen een uitgestelde intake kan worden hervat."))
    intake = Intake.objects.select_for_update().get(student=student)
    intake.outcome = ""
    intake.outcome_motivation = ""
    intake.decided_on = None
    intake.decided_by = None
    _save(intake)
    student.status = Status.INTAKE
    _save(student)
    return intake


@transaction.atomic
def student_activate(*, student: Student, by: User, start_date: date | None = None) -> Student:
    """A placed student starts: status ``actief``; the study advice falls due in four
    months. The start date may be corrected here (and with it the cohort)."""
    _require_edit(by, student)
    if student.status != Status.GEPLAATST:
        raise ValidationError(_("Alleen een geplaatste student kan starten."))
    start = start_date or student.start_date
    if start is None:
        raise ValidationError({"start_date": _("Geef de startdatum op.")})
    student.start_date = start
    student.cohort = school_year_of(start)
    student.status = Status.ACTIEF
    student.study_advice_due_on = add_months(start, STUDY_ADVICE_MONTHS)
    _save(student)
    return student


# --- Study advice -----------------------------------------------------------------------


@transaction.atomic
def study_advice_record(
    *,
    student: Student,
    by: User,
    decision: str,
    given_on: date,
    motivation: str,
    postponed_until: date | None = None,
) -> StudyAdvice:
    """Register the (binding) study advice. A positive or negative advice resolves the
    'study advice due' signal; a postponed one moves the due date to ``postponed_until``."""
    _require_edit(by, student)
    if student.status != Status.ACTIEF:
        raise ValidationError(_("Een studieadvies geldt alleen voor een actieve student."))
    errors = {}
    if decision == AdviceDecision.UITGESTELD:
        if postponed_until is None:
            errors["postponed_until"] = _("Geef aan tot wanneer het advies is uitgesteld.")
        elif postponed_until <= given_on:
            errors["postponed_until"] = _("Deze datum moet na de datum van het advies liggen.")
    else:
        postponed_until = None
    if student.start_date and given_on < student.start_date:
        errors["given_on"] = _("Het advies kan niet vóór de startdatum liggen.")
    if errors:
        raise ValidationError(errors)
    advice = StudyAdvice(
        student=student,
        decision=decision,
        given_on=given_on,
        motivation=motivation.strip(),
        postponed_until=postponed_until,
        recorded_by=by,
    )
    _save(advice)
    student.study_advice_due_on = postponed_until
    _save(student)
    return advice


# --- Network and consent ----------------------------------------------------------------


@transaction.atomic
def network_contact_save(
    *, student: Student, by: User, contact: NetworkContact | None = None, **fields
) -> NetworkContact:
    """Add a contact to the student's support network, or change one."""
    _require_edit(by, student)
    if contact is not None and contact.student_id != student.pk:
        raise PermissionDenied
    contact = contact or NetworkContact(student=student)
    for name, value in fields.items():
        setattr(contact, name, value)
    _save(contact)
    return contact


@transaction.atomic
def consent_record(
    *,
    student: Student,
    by: User,
    contact: NetworkContact,
    purpose: str,
    given: bool,
    on: date,
    note: str = "",
) -> Consent:
    """Record that the student gave or withdrew consent. Never edits an earlier record."""
    _require_edit(by, student)
    if contact.student_id != student.pk:
        raise ValidationError({"contact": _("Dit contact hoort niet bij deze student.")})
    if on > timezone.localdate():
        raise ValidationError({"on": _("De datum kan niet in de toekomst liggen.")})
    consent = Consent(
        student=student,
        contact=contact,
        purpose=purpose,
        given=given,
        on=on,
        note=note.strip(),
        recorded_by=by,
    )
    _save(consent)
    return consent


# --- Regiehouder ------------------------------------------------------------------------


REGIE_TRANSFER_REFUSED = _lazy(
    "Alleen de regiehouder (of, na uitstroom, de uitstroomcoördinator van het team) kan de "
    "regie overdragen."
)


def regie_candidates(student: Student):
    """Who can hold regie for this student: the mentors of the student's team, and — once
    the student is in outflow or aftercare — the team's outflow coordinators."""
    roles = [Role.MENTOR]
    if student.status in OUTFLOW_STATUSES:
        roles.append(Role.COORDINATOR)
    return (
        User.objects.filter(
            is_active=True,
            is_system_account=False,
            teams=student.team_id,
            roles__overlap=roles,
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


def regie_can_transfer(user, student: Student) -> bool:
    """Who may hand over regie: whoever has the full record (the regiehouder; for a
    student in outflow also the team's coordinator). A student without a *working*
    regiehouder (none, inactive, left the team or the role) may be claimed by anyone who
    could hold regie, so the 'no regiehouder' list can always be emptied."""
    if student_can_edit(user, student):
        return True
    holder_is_valid = (
        student.regiehouder_id is not None
        and regie_candidates(student).filter(pk=student.regiehouder_id).exists()
    )
    return not holder_is_valid and regie_candidates(student).filter(pk=user.pk).exists()


@transaction.atomic
def regie_transfer(*, student: Student, by: User, to_user: User, reason: str) -> RegieTransfer:
    """Hand responsibility for ``student`` to ``to_user``: recorded who, to whom, when, why."""
    student = Student.objects.select_for_update().get(pk=student.pk)
    if not regie_can_transfer(by, student):
        raise PermissionDenied(REGIE_TRANSFER_REFUSED)
    if student.status not in ACTIVE_STATUSES:
        raise ValidationError(_("Voor een afgesloten dossier is geen regiehouder nodig."))
    reason = reason.strip()
    errors = {}
    if not reason:
        errors["reason"] = _("Geef een reden voor de overdracht.")
    if to_user.pk == student.regiehouder_id:
        errors["to_user"] = _("Deze persoon is al regiehouder.")
    elif not regie_candidates(student).filter(pk=to_user.pk).exists():
        errors["to_user"] = _(
            "Deze persoon kan geen regiehouder zijn: kies een mentor van het team (of, na "
            "uitstroom, een uitstroomcoördinator)."
        )
    if errors:
        raise ValidationError(errors)
    transfer = RegieTransfer(
        student=student,
        from_user_id=student.regiehouder_id,
        to_user=to_user,
        reason=reason,
        by=by,
    )
    _save(transfer)
    student.regiehouder = to_user
    _save(student)
    return transfer
