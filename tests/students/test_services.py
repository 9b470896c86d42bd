"""The rules of the student services: registration, intake and placement, start and
study advice, consent and the regiehouder (DESIGN §2 and §4)."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, InternalError, connection, transaction

from entree.accounts.models import Institution
from students import selectors, services
from students.models import (
    Consent,
    Intake,
    LifeDomain,
    LifeDomainAssessment,
    RegieTransfer,
    Status,
    Student,
    StudyAdvice,
)
from tests.factories import (
    ConsentFactory,
    IntakeFactory,
    LifeDomainAssessmentFactory,
    NetworkContactFactory,
    RegieTransferFactory,
    StudentFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db

DETAILS = {
    "first_name": "Sem",
    "last_name": "de Vries",
    "date_of_birth": date(2009, 3, 4),
    "learning_path": "bol",
}


def _register(by, team, number="8000001", **fields):
    return services.student_register(
        by=by, team=team, student_number=number, **{**DETAILS, **fields}
    )


def _in_intake(team, regiehouder, *, domains=True, **student_fields):
    """A student in intake with a complete intake (all five domains, unless told)."""
    student = StudentFactory(
        team=team,
        regiehouder=regiehouder,
        status=Status.INTAKE,
        start_date=None,
        cohort="",
        **student_fields,
    )
    intake = IntakeFactory(student=student)
    if domains:
        for domain in LifeDomain:
            LifeDomainAssessmentFactory(intake=intake, domain=domain)
    return student


def _reload(instance):
    instance.refresh_from_db()
    return instance


# --- student_register ---------------------------------------------------------------------


def test_mentor_registers_candidate_in_own_team_and_becomes_regiehouder(alice, team):
    student = _register(alice, team, number=" 8000001 ")
    student = Student.objects.get(pk=student.pk)
    assert student.status == Status.AANGEMELD
    assert student.regiehouder == alice
    assert student.institution_id == team.institution_id
    assert student.team == team
    assert student.student_number == "8000001"


def test_duplicate_student_number_in_same_institution_is_refused_and_nothing_saved(
    alice, team, other_team
):
    _register(alice, team, number="8000001")
    alice.teams.add(other_team)
    with pytest.raises(ValidationError) as error:
        _register(alice, other_team, number="8000001", first_name="Lina")
    assert "student_number" in error.value.message_dict
    assert "8000001" in error.value.message_dict["student_number"][0]
    assert Student.objects.count() == 1
    assert not Student.objects.filter(first_name="Lina").exists()


def test_same_student_number_in_another_institution_is_fine(alice, team):
    elsewhere = TeamFactory(institution=Institution.objects.create(name="ROC Elders"))
    alice.teams.add(elsewhere)
    first = _register(alice, team, number="8000001")
    second = _register(alice, elsewhere, number="8000001")
    assert first.institution_id != second.institution_id
    assert Student.objects.filter(student_number="8000001").count() == 2


def test_mentor_cannot_register_in_a_team_they_are_not_in(alice, other_team):
    with pytest.raises(PermissionDenied):
        _register(alice, other_team)
    assert not Student.objects.exists()


@pytest.mark.parametrize("name", ["erin", "frank"])
def test_management_and_beheerder_cannot_register(name, personas, team):
    user = personas[name]
    user.teams.add(team)  # even as a member of the team
    with pytest.raises(PermissionDenied):
        _register(user, team)
    assert not Student.objects.exists()


def test_coordinator_cannot_register_a_candidate(dave, team):
    # Only mentors register, and they become regiehouder: no candidate is left unheld.
    with pytest.raises(PermissionDenied):
        _register(dave, team)
    assert not Student.objects.exists()


def test_a_prior_education_level_without_leaving_school_without_diploma_is_refused(alice, team):
    # One rule for page, API and import (issue 6): refused with a field error, never
    # silently dropped.
    with pytest.raises(ValidationError) as refused:
        _register(
            alice, team, prior_education="praktijkonderwijs", prior_education_level="vmbo_kader"
        )
    assert "prior_education_level" in refused.value.message_dict
    assert not Student.objects.exists()


def test_changing_prior_education_clears_a_stored_level_that_no_longer_fits(alice, team):
    student = _register(
        alice, team, prior_education="geen_diploma_vo", prior_education_level="vmbo_kader"
    )
    services.student_update(student=student, by=alice, prior_education="praktijkonderwijs")
    assert _reload(student).prior_education_level == ""


def test_prior_education_level_is_kept_for_school_leaver_without_diploma(alice, team):
    student = _register(
        alice, team, prior_education="geen_diploma_vo", prior_education_level="vmbo_kader"
    )
    assert _reload(student).prior_education_level == "vmbo_kader"


# --- intake_save --------------------------------------------------------------------------


def test_first_intake_save_moves_candidate_from_aangemeld_to_intake(alice, team):
    student = StudentFactory(team=team, regiehouder=alice, status=Status.AANGEMELD)
    intake = services.intake_save(student=student, by=alice, dutch_level="A2")
    assert _reload(student).status == Status.INTAKE
    assert Intake.objects.get(student=student).pk == intake.pk
    assert intake.dutch_level == "A2"


def test_an_over_long_motivation_is_refused_by_the_service_for_every_channel(alice, team):
    """Issue 7.3: free text had no maximum, so the API and the import could store a text
    that no page or PDF lays out. The service's full_clean now refuses it, in Dutch."""
    student = StudentFactory(team=team, regiehouder=alice, status=Status.AANGEMELD)
    limit = Intake._meta.get_field("motivation").max_length
    assert limit == 2000
    with pytest.raises(ValidationError) as error:
        services.intake_save(student=student, by=alice, motivation="m" * (limit + 1))
    assert "niet meer dan 2000 tekens" in str(error.value.message_dict["motivation"])
    assert not Intake.objects.exists()
    services.intake_save(student=student, by=alice, motivation="m" * limit)


def test_read_only_colleague_cannot_save_the_intake(alice, bob, team):
    student = StudentFactory(team=team, regiehouder=alice, status=Status.AANGEMELD)
    with pytest.raises(PermissionDenied):
        services.intake_save(student=student, by=bob, dutch_level="A2")
    assert not Intake.objects.exists()
    assert _reload(student).status == Status.AANGEMELD


def test_intake_save_stores_and_updates_life_domains(alice, team):
    student = StudentFactory(team=team, regiehouder=alice, status=Status.AANGEMELD)
    partner = NetworkContactFactory(student=student)
    services.intake_save(
        student=student,
        by=alice,
        domains=[
            {"domain": "wonen", "state": "zorg", "note": "Dakloos", "partner": partner},
            {"domain": "werk", "state": "op_orde"},
        ],
    )
    services.intake_save(
        student=student,
        by=alice,
        domains=[{"domain": "wonen", "state": "aandacht", "note": "Kamer gevonden"}],
    )
    domains = {d.domain: d for d in LifeDomainAssessment.objects.filter(intake__student=student)}
    assert set(domains) == {"wonen", "werk"}
    assert (domains["wonen"].state, domains["wonen"].note) == ("aandacht", "Kamer gevonden")
    assert domains["wonen"].partner is None
    assert domains["werk"].state == "op_orde"


def test_partner_from_another_students_network_is_refused_and_nothing_of_the_call_saved(
    alice, team
):
    student = StudentFactory(team=team, regiehouder=alice, status=Status.AANGEMELD)
    strangers_contact = NetworkContactFactory(student=StudentFactory(team=team))
    with pytest.raises(ValidationError) as error:
        services.intake_save(
            student=student,
            by=alice,
            dutch_level="B1",
            domains=[
                {"domain": "werk", "state": "op_orde"},
                {"domain": "wonen", "state": "zorg", "note": "x", "partner": strangers_contact},
            ],
        )
    assert "wonen" in error.value.message_dict
    assert not Intake.objects.filter(student=student).exists()
    assert not LifeDomainAssessment.objects.exists()
    assert _reload(student).status == Status.AANGEMELD


def test_intake_cannot_be_changed_after_a_placement_decision(alice, team):
    student = _in_intake(team, alice)
    student.status = Status.GEPLAATST
    student.save()
    with pytest.raises(ValidationError):
        services.intake_save(student=student, by=alice, dutch_level="B2")
    assert Intake.objects.get(student=student).dutch_level == "moedertaal"


# --- intake_missing -----------------------------------------------------------------------


def test_missing_parts_of_an_empty_intake_are_listed(alice, team):
    student = StudentFactory(team=team, regiehouder=alice, status=Status.INTAKE)
    intake = Intake.objects.create(student=student)
    missing = services.intake_missing(intake)
    for label in ("niveau Nederlands (ERK)", "rekenen", "taal", "vroege route-indicatie"):
        assert label in missing
    assert "motivatie en doel van de student" in missing
    for domain in LifeDomain:
        assert f"leefgebied {domain.label}" in missing
    assert not any("hoger niveau" in item for item in missing)


def test_no_intake_at_all_is_reported_as_the_whole_intake_missing():
    assert services.intake_missing(None) == ["de hele intake"]


def test_complete_intake_misses_nothing(alice, team):
    student = _in_intake(team, alice)
    assert services.intake_missing(student.intake) == []


def test_missing_lists_only_the_domains_not_yet_assessed(alice, team):
    student = _in_intake(team, alice, domains=False)
    LifeDomainAssessmentFactory(intake=student.intake, domain="wonen")
    missing = services.intake_missing(student.intake)
    assert "leefgebied Wonen" not in missing
    assert "leefgebied Werk" in missing
    assert len(missing) == 4


@pytest.mark.parametrize(
    ("prior_education", "level"),
    [
        ("isk", ""),
        ("geen_diploma_vo", "vmbo_kader"),
        ("geen_diploma_vo", "vmbo_gt"),
        ("geen_diploma_vo", "havo"),
    ],
)
def test_higher_level_question_is_missing_for_candidates_the_inspectorate_names(
    prior_education, level, alice, team
):
    student = _in_intake(team, alice, prior_education=prior_education, prior_education_level=level)
    assert services.intake_missing(student.intake) == ["of een hoger niveau is overwogen"]
    student.intake.higher_level_considered = False
    student.intake.save()
    assert services.intake_missing(student.intake) == []


@pytest.mark.parametrize(
    ("prior_education", "level"),
    [("geen_diploma_vo", "vmbo_basis"), ("praktijkonderwijs", ""), ("vso", "")],
)
def test_higher_level_question_is_not_asked_for_other_candidates(
    prior_education, level, alice, team
):
    student = _in_intake(team, alice, prior_education=prior_education, prior_education_level=level)
    assert services.intake_missing(student.intake) == []


# --- intake_decide ------------------------------------------------------------------------


def test_placing_with_an_incomplete_intake_lists_what_is_missing(alice, team):
    student = _in_intake(team, alice, domains=False)
    with pytest.raises(ValidationError) as error:
        services.intake_decide(
            student=student, by=alice, outcome="geplaatst", start_date=date(2026, 9, 1)
        )
    message = error.value.message_dict["outcome"][0]
    assert "leefgebied Wonen" in message
    assert "leefgebied Financiën" in message
    assert _reload(student).status == Status.INTAKE
    assert Intake.objects.get(student=student).outcome == ""


def test_placing_without_a_start_date_is_refused(alice, team):
    student = _in_intake(team, alice)
    with pytest.raises(ValidationError) as error:
        services.intake_decide(student=student, by=alice, outcome="geplaatst")
    assert "start_date" in error.value.message_dict
    assert _reload(student).status == Status.INTAKE


@pytest.mark.parametrize(
    ("start", "cohort"),
    [
        (date(2026, 8, 1), "2026-2027"),
        (date(2026, 7, 31), "2025-2026"),
        (date(2027, 1, 15), "2026-2027"),
    ],
)
def test_placing_a_complete_intake_sets_status_start_date_and_school_year_cohort(
    start, cohort, alice, team
):
    student = _in_intake(team, alice)
    intake = services.intake_decide(
        student=student, by=alice, outcome="geplaatst", start_date=start
    )
    student = _reload(student)
    assert student.status == Status.GEPLAATST
    assert student.start_date == start
    assert student.cohort == cohort
    intake = _reload(intake)
    assert intake.outcome == "geplaatst"
    assert intake.decided_by == alice
    assert intake.decided_on is not None


def test_not_placing_without_motivation_is_refused(alice, team):
    student = _in_intake(team, alice)
    with pytest.raises(ValidationError) as error:
        services.intake_decide(
            student=student,
            by=alice,
            outcome="niet_geplaatst",
            motivation="   ",
            handed_over_to="gemeente",
        )
    assert "motivation" in error.value.message_dict
    assert _reload(student).status == Status.INTAKE


def test_not_placing_without_a_warm_handover_is_refused(alice, team):
    student = _in_intake(team, alice)
    with pytest.raises(ValidationError) as error:
        services.intake_decide(
            student=student, by=alice, outcome="niet_geplaatst", motivation="Eerst schulden"
        )
    assert set(error.value.message_dict) == {"handed_over_to"}
    assert _reload(student).status == Status.INTAKE


def test_not_placing_with_motivation_and_handover_is_recorded(alice, team):
    student = _in_intake(team, alice, domains=False)  # an incomplete intake is fine here
    services.intake_decide(
        student=student,
        by=alice,
        outcome="niet_geplaatst",
        motivation="Kiest voor werk via de gemeente.",
        handed_over_to="gemeente",
        handed_over_contact="  Mw. Bakker  ",
    )
    intake = Intake.objects.get(student=student)
    assert _reload(student).status == Status.NIET_GEPLAATST
    assert intake.outcome_motivation == "Kiest voor werk via de gemeente."
    assert (intake.handed_over_to, intake.handed_over_contact) == ("gemeente", "Mw. Bakker")


@pytest.mark.parametrize("outcome", ["uitgesteld", "hoger_niveau"])
def test_postponing_or_advising_a_higher_level_needs_a_motivation(outcome, alice, team):
    student = _in_intake(team, alice)
    with pytest.raises(ValidationError) as error:
        services.intake_decide(student=student, by=alice, outcome=outcome)
    assert "motivation" in error.value.message_dict
    services.intake_decide(student=student, by=alice, outcome=outcome, motivation="Omdat.")
    assert _reload(student).status == outcome


@pytest.mark.parametrize("outcome", ["geplaatst", "niet_geplaatst", "uitgesteld"])
def test_every_decision_for_a_vmbo_kader_candidate_needs_the_higher_level_question(
    outcome, alice, team
):
    student = _in_intake(
        team, alice, prior_education="geen_diploma_vo", prior_education_level="vmbo_kader"
    )
    decision = {
        "outcome": outcome,
        "motivation": "Besproken met de kandidaat.",
        "handed_over_to": "vorige_school",
        "start_date": date(2026, 9, 1),
    }
    with pytest.raises(ValidationError) as error:
        services.intake_decide(student=student, by=alice, **decision)
    assert "hoger niveau" in error.value.message_dict["outcome"][0]
    assert _reload(student).status == Status.INTAKE

    Intake.objects.filter(student=student).update(higher_level_considered=True)
    services.intake_decide(student=student, by=alice, **decision)
    assert _reload(student).status == outcome


def test_advising_a_higher_level_answers_the_higher_level_question_itself(alice, team):
    student = _in_intake(
        team, alice, prior_education="geen_diploma_vo", prior_education_level="vmbo_kader"
    )
    services.intake_decide(
        student=student, by=alice, outcome="hoger_niveau", motivation="Kan niveau 2 aan."
    )
    assert _reload(student).status == Status.HOGER_NIVEAU


def test_deciding_twice_is_refused(alice, team):
    student = _in_intake(team, alice)
    services.intake_decide(
        student=student, by=alice, outcome="geplaatst", start_date=date(2026, 9, 1)
    )
    with pytest.raises(ValidationError):
        services.intake_decide(
            student=_reload(student),
            by=alice,
            outcome="niet_geplaatst",
            motivation="Toch niet",
            handed_over_to="gemeente",
        )
    assert _reload(student).status == Status.GEPLAATST


def test_read_only_colleague_cannot_decide(alice, bob, team):
    student = _in_intake(team, alice)
    with pytest.raises(PermissionDenied):
        services.intake_decide(
            student=student, by=bob, outcome="geplaatst", start_date=date(2026, 9, 1)
        )
    assert _reload(student).status == Status.INTAKE


def test_database_refuses_a_not_placed_intake_without_motivation(alice, team):
    student = StudentFactory(team=team, regiehouder=alice, status=Status.INTAKE)
    intake = Intake(student=student, outcome="niet_geplaatst", handed_over_to="gemeente")
    with pytest.raises(ValidationError) as error:
        intake.full_clean()
    assert list(error.value.message_dict) == ["__all__"]  # only the constraint, nothing else
    with pytest.raises(IntegrityError), transaction.atomic():
        intake.save()
    assert not Intake.objects.exists()


def test_database_refuses_a_not_placed_intake_without_handover(alice, team):
    student = StudentFactory(team=team, regiehouder=alice, status=Status.INTAKE)
    intake = Intake(student=student, outcome="niet_geplaatst", outcome_motivation="Reden")
    with pytest.raises(ValidationError) as error:
        intake.full_clean()
    assert list(error.value.message_dict) == ["__all__"]  # only the constraint, nothing else
    with pytest.raises(IntegrityError), transaction.atomic():
        intake.save()
    assert not Intake.objects.exists()


# --- intake_reopen ------------------------------------------------------------------------


def test_a_postponed_intake_can_be_reopened(alice, team):
    student = _in_intake(team, alice)
    services.intake_decide(
        student=student, by=alice, outcome="uitgesteld", motivation="Eerst wonen regelen"
    )
    services.intake_reopen(student=_reload(student), by=alice)
    intake = Intake.objects.get(student=student)
    assert _reload(student).status == Status.INTAKE
    assert (intake.outcome, intake.outcome_motivation, intake.decided_on) == ("", "", None)


@pytest.mark.parametrize(
    "status", [Status.INTAKE, Status.GEPLAATST, Status.NIET_GEPLAATST, Status.HOGER_NIVEAU]
)
def test_only_a_postponed_intake_can_be_reopened(status, alice, team):
    student = _in_intake(team, alice)
    student.status = status
    student.save()
    with pytest.raises(ValidationError):
        services.intake_reopen(student=student, by=alice)
    assert _reload(student).status == status


# --- student_activate ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "due"),
    [
        (date(2026, 9, 1), date(2027, 1, 1)),
        (date(2026, 10, 31), date(2027, 2, 28)),
        (date(2027, 10, 31), date(2028, 2, 29)),
        (date(2027, 10, 29), date(2028, 2, 29)),
        (date(2026, 12, 15), date(2027, 4, 15)),
    ],
)
def test_starting_sets_actief_and_study_advice_four_months_later(start, due, alice, team):
    student = StudentFactory(team=team, regiehouder=alice, status=Status.GEPLAATST)
    services.student_activate(student=student, by=alice, start_date=start)
    student = _reload(student)
    assert student.status == Status.ACTIEF
    assert student.start_date == start
    assert student.study_advice_due_on == due


def test_starting_without_a_new_date_uses_the_planned_start_date(alice, team):
    student = StudentFactory(
        team=team, regiehouder=alice, status=Status.GEPLAATST, start_date=date(2026, 7, 31)
    )
    services.student_activate(student=student, by=alice)
    student = _reload(student)
    assert student.study_advice_due_on == date(2026, 11, 30)
    assert student.cohort == "2025-2026"


@pytest.mark.parametrize("status", [Status.INTAKE, Status.ACTIEF, Status.NIET_GEPLAATST])
def test_only_a_placed_student_can_start(status, alice, team):
    student = StudentFactory(team=team, regiehouder=alice, status=status, study_advice_due_on=None)
    with pytest.raises(ValidationError):
        services.student_activate(student=student, by=alice, start_date=date(2026, 9, 1))
    student = _reload(student)
    assert student.status == status
    assert student.study_advice_due_on is None


def test_read_only_colleague_cannot_start_the_programme(alice, bob, team):
    student = StudentFactory(team=team, regiehouder=alice, status=Status.GEPLAATST)
    with pytest.raises(PermissionDenied):
        services.student_activate(student=student, by=bob)
    assert _reload(student).status == Status.GEPLAATST


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2027, 10, 31), 4, date(2028, 2, 29)),  # leap year
        (date(2026, 10, 31), 4, date(2027, 2, 28)),  # not a leap year
        (date(2027, 10, 30), 4, date(2028, 2, 29)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2026, 11, 15), 4, date(2027, 3, 15)),
        (date(2026, 9, 1), 0, date(2026, 9, 1)),
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(day, months, expected):
    assert services.add_months(day, months) == expected


# --- study_advice_record ------------------------------------------------------------------


def _active(team, regiehouder, **fields):
    return StudentFactory(
        team=team,
        regiehouder=regiehouder,
        status=Status.ACTIEF,
        start_date=date(2026, 9, 1),
        study_advice_due_on=date(2027, 1, 1),
        **fields,
    )


@pytest.mark.parametrize("decision", ["positief", "negatief"])
def test_a_final_study_advice_clears_the_due_date(decision, alice, team):
    student = _active(team, alice)
    advice = services.study_advice_record(
        student=student,
        by=alice,
        decision=decision,
        given_on=date(2026, 11, 20),
        motivation="  Besproken in het voortgangsgesprek.  ",
    )
    assert _reload(student).study_advice_due_on is None
    advice = _reload(advice)
    assert advice.motivation == "Besproken in het voortgangsgesprek."
    assert advice.recorded_by == alice
    assert advice.postponed_until is None


def test_a_postponed_advice_moves_the_due_date(alice, team):
    student = _active(team, alice)
    services.study_advice_record(
        student=student,
        by=alice,
        decision="uitgesteld",
        given_on=date(2026, 11, 20),
        motivation="Lang ziek geweest.",
        postponed_until=date(2027, 3, 1),
    )
    assert _reload(student).study_advice_due_on == date(2027, 3, 1)


@pytest.mark.parametrize("until", [None, date(2026, 11, 20), date(2026, 11, 1)])
def test_a_postponed_advice_needs_a_later_date(until, alice, team):
    student = _active(team, alice)
    with pytest.raises(ValidationError) as error:
        services.study_advice_record(
            student=student,
            by=alice,
            decision="uitgesteld",
            given_on=date(2026, 11, 20),
            motivation="Lang ziek geweest.",
            postponed_until=until,
        )
    assert "postponed_until" in error.value.message_dict
    assert not StudyAdvice.objects.exists()
    assert _reload(student).study_advice_due_on == date(2027, 1, 1)


@pytest.mark.parametrize("status", [Status.GEPLAATST, Status.UITGESTROOMD, Status.INTAKE])
def test_a_study_advice_is_only_for_an_active_student(status, alice, team):
    student = _active(team, alice)
    student.status = status
    student.save()
    with pytest.raises(ValidationError):
        services.study_advice_record(
            student=student,
            by=alice,
            decision="positief",
            given_on=date(2026, 11, 20),
            motivation="Goed bezig.",
        )
    assert not StudyAdvice.objects.exists()


def test_a_study_advice_cannot_be_dated_before_the_start(alice, team):
    student = _active(team, alice)
    with pytest.raises(ValidationError) as error:
        services.study_advice_record(
            student=student,
            by=alice,
            decision="positief",
            given_on=date(2026, 8, 31),
            motivation="Goed bezig.",
        )
    assert "given_on" in error.value.message_dict
    assert not StudyAdvice.objects.exists()


def test_a_study_advice_needs_a_motivation(alice, team):
    student = _active(team, alice)
    with pytest.raises(ValidationError) as error:
        services.study_advice_record(
            student=student,
            by=alice,
            decision="negatief",
            given_on=date(2026, 11, 20),
            motivation="   ",
        )
    assert "motivation" in error.value.message_dict
    assert not StudyAdvice.objects.exists()
    assert _reload(student).study_advice_due_on == date(2027, 1, 1)


def test_database_refuses_a_study_advice_without_motivation(alice, team):
    student = _active(team, alice)
    advice = StudyAdvice(
        student=student,
        decision="positief",
        given_on=date(2026, 11, 20),
        motivation="",
        recorded_by=alice,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        advice.save()
    assert not StudyAdvice.objects.exists()


def test_read_only_colleague_cannot_give_the_study_advice(alice, bob, team):
    student = _active(team, alice)
    with pytest.raises(PermissionDenied):
        services.study_advice_record(
            student=student,
            by=bob,
            decision="positief",
            given_on=date(2026, 11, 20),
            motivation="Goed bezig.",
        )
    assert not StudyAdvice.objects.exists()


# --- consent_record -----------------------------------------------------------------------


@time_machine.travel(date(2026, 11, 22), tick=False)
def test_withdrawing_consent_is_a_new_record_and_the_latest_counts(alice, student):
    contact = NetworkContactFactory(student=student)
    first = services.consent_record(
        student=student,
        by=alice,
        contact=contact,
        purpose="gegevens_delen",
        given=True,
        on=date(2026, 9, 1),
    )
    assert selectors.consent_is_given(contact=contact, purpose="gegevens_delen")
    assert not selectors.consent_is_given(contact=contact, purpose="betrekken")

    services.consent_record(
        student=student,
        by=alice,
        contact=contact,
        purpose="gegevens_delen",
        given=False,
        on=date(2026, 11, 22),
        note="Wil het zelf regelen.",
    )
    assert Consent.objects.filter(contact=contact).count() == 2
    assert _reload(first).given is True
    assert not selectors.consent_is_given(contact=contact, purpose="gegevens_delen")


@time_machine.travel(date(2026, 11, 22), tick=False)
def test_consent_cannot_be_dated_in_the_future(alice, student):
    contact = NetworkContactFactory(student=student)
    with pytest.raises(ValidationError) as error:
        services.consent_record(
            student=student,
            by=alice,
            contact=contact,
            purpose="betrekken",
            given=True,
            on=date(2026, 11, 23),
        )
    assert "on" in error.value.message_dict
    assert not Consent.objects.exists()


def test_consent_for_a_contact_of_another_student_is_refused(alice, student, team):
    stranger = NetworkContactFactory(student=StudentFactory(team=team, regiehouder=alice))
    with pytest.raises(ValidationError) as error:
        services.consent_record(
            student=student,
            by=alice,
            contact=stranger,
            purpose="betrekken",
            given=True,
            on=date(2026, 9, 1),
        )
    assert "contact" in error.value.message_dict
    assert not Consent.objects.exists()


def test_read_only_colleague_cannot_record_consent(bob, student):
    contact = NetworkContactFactory(student=student)
    with pytest.raises(PermissionDenied):
        services.consent_record(
            student=student,
            by=bob,
            contact=contact,
            purpose="betrekken",
            given=True,
            on=date(2026, 9, 1),
        )
    assert not Consent.objects.exists()


def _raw(sql: str, params: list) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE students_consent SET given = NOT given WHERE id = %s",
        "DELETE FROM students_consent WHERE id = %s",
    ],
)
def test_database_refuses_to_change_or_delete_a_consent(sql, alice, student):
    consent = ConsentFactory(contact=NetworkContactFactory(student=student), recorded_by=alice)
    with pytest.raises(InternalError, match="pgtrigger: Cannot"):
        _raw(sql, [consent.pk])
    assert _reload(consent).given is True


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE students_regietransfer SET reason = 'herschreven' WHERE id = %s",
        "DELETE FROM students_regietransfer WHERE id = %s",
    ],
)
def test_database_refuses_to_change_or_delete_a_regie_transfer(sql, alice, student):
    transfer = RegieTransferFactory(student=student, to_user=alice)
    with pytest.raises(InternalError, match="pgtrigger: Cannot"):
        _raw(sql, [transfer.pk])
    assert _reload(transfer).reason == "Nieuwe mentor na teamwissel."


# --- regie_transfer -----------------------------------------------------------------------


def test_regiehouder_hands_over_to_a_team_mentor_and_it_is_recorded(alice, bob, student):
    services.regie_transfer(
        student=student, by=alice, to_user=bob, reason="  Alice gaat met verlof.  "
    )
    transfer = RegieTransfer.objects.get(student=student)
    assert (transfer.from_user, transfer.to_user, transfer.by) == (alice, bob, alice)
    assert transfer.reason == "Alice gaat met verlof."
    assert _reload(student).regiehouder == bob


def test_a_handover_needs_a_reason(alice, bob, student):
    with pytest.raises(ValidationError) as error:
        services.regie_transfer(student=student, by=alice, to_user=bob, reason="  ")
    assert "reason" in error.value.message_dict
    assert not RegieTransfer.objects.exists()
    assert _reload(student).regiehouder == alice


def test_regie_cannot_go_to_a_mentor_of_another_team(alice, carol, student):
    with pytest.raises(ValidationError) as error:
        services.regie_transfer(student=student, by=alice, to_user=carol, reason="Verhuist")
    assert "to_user" in error.value.message_dict
    assert not RegieTransfer.objects.exists()
    assert _reload(student).regiehouder == alice


def test_regie_cannot_go_to_the_current_regiehouder(alice, student):
    with pytest.raises(ValidationError) as error:
        services.regie_transfer(student=student, by=alice, to_user=alice, reason="Opnieuw")
    assert "to_user" in error.value.message_dict
    assert not RegieTransfer.objects.exists()


@pytest.mark.parametrize("name", ["bob", "carol", "dave", "erin", "frank"])
def test_only_the_regiehouder_can_hand_over(name, personas, student):
    with pytest.raises(PermissionDenied):
        services.regie_transfer(
            student=student, by=personas[name], to_user=personas["bob"], reason="Ik neem het"
        )
    assert not RegieTransfer.objects.exists()
    assert _reload(student).regiehouder == personas["alice"]


def test_a_team_mentor_may_claim_a_student_without_regiehouder(bob, team):
    orphan = StudentFactory(team=team, regiehouder=None)
    services.regie_transfer(student=orphan, by=bob, to_user=bob, reason="Geen regiehouder")
    transfer = RegieTransfer.objects.get(student=orphan)
    assert transfer.from_user is None
    assert transfer.to_user == bob
    assert _reload(orphan).regiehouder == bob


def test_a_mentor_of_another_team_may_not_claim_a_student_without_regiehouder(carol, team):
    orphan = StudentFactory(team=team, regiehouder=None)
    with pytest.raises(PermissionDenied):
        services.regie_transfer(student=orphan, by=carol, to_user=carol, reason="Ik neem het")
    assert _reload(orphan).regiehouder is None
    assert not RegieTransfer.objects.exists()


def test_regie_goes_to_a_coordinator_only_when_the_student_is_in_outflow(alice, dave, student):
    with pytest.raises(ValidationError) as error:
        services.regie_transfer(student=student, by=alice, to_user=dave, reason="Uitstroom")
    assert "to_user" in error.value.message_dict
    assert _reload(student).regiehouder == alice

    student.status = Status.NAZORG
    student.save()
    services.regie_transfer(student=student, by=alice, to_user=dave, reason="Nazorg")
    assert _reload(student).regiehouder == dave


def test_a_closed_record_needs_no_regiehouder(alice, bob, student):
    student.status = Status.AFGESLOTEN
    student.save()
    with pytest.raises(ValidationError):
        services.regie_transfer(student=student, by=alice, to_user=bob, reason="Afgesloten")
    assert not RegieTransfer.objects.exists()
