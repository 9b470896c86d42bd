"""The integral plan: versions that are never changed, validation in Dutch, progress
meetings that revise the plan in the same transaction, and the comparison of versions."""

from dataclasses import replace
from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import InternalError, connection, transaction
from pghistory.models import Events

from plans import selectors, services
from plans.models import (
    MeetingDomain,
    PlanStep,
    PlanVersion,
    ProgressMeeting,
    StepStatus,
)
from plans.services import DomainData, MeetingData, ObstacleData, PlanData, StepData
from students.models import LifeDomain, Status
from tests.factories import NetworkContactFactory, StudentFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 16)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(date(2026, 11, 16), tick=False):
        yield


def _plan(**extra: object) -> PlanData:
    base = PlanData(
        route="arbeidsmarkt",
        goal="Ik wil in een magazijn werken.",
        steps=(
            StepData(description="CV maken", owner="student", due_on=date(2026, 12, 1)),
            StepData(description="Heftruckcursus", owner="mentor", due_on=date(2027, 2, 1)),
        ),
    )
    return replace(base, **extra)  # type: ignore[arg-type]


def _all_domains(**states: str) -> tuple[DomainData, ...]:
    return tuple(
        DomainData(domain=d.value, state=states.get(d.value, "op_orde"), note="")
        for d in LifeDomain
    )


# --- Saving versions ----------------------------------------------------------------------


def test_the_first_save_makes_the_plan_and_version_one(student, alice):
    version = services.plan_save(student=student, by=alice, data=_plan())
    assert version.number == 1
    assert version.reason == "Eerste versie van het plan"
    assert [s.description for s in version.steps.all()] == ["CV maken", "Heftruckcursus"]


def test_every_revision_is_a_new_version_and_keeps_the_earlier_one(student, alice):
    first = services.plan_save(student=student, by=alice, data=_plan())
    data = services.plan_data_of(selectors.current_version(student))
    done = replace(data, steps=(replace(data.steps[0], status=StepStatus.KLAAR), data.steps[1]))
    second = services.plan_save(student=student, by=alice, data=done, reason="CV is af")
    assert second.number == 2 and second.reason == "CV is af"
    assert PlanStep.objects.get(version=first, description="CV maken").status == "open"
    assert PlanStep.objects.get(version=second, description="CV maken").status == "klaar"


def test_an_unchanged_plan_is_not_a_new_version(student, alice):
    services.plan_save(student=student, by=alice, data=_plan())
    same = services.plan_data_of(selectors.current_version(student))
    with pytest.raises(ValidationError) as refused:
        services.plan_save(student=student, by=alice, data=replace(same, goal=same.goal + "  "))
    assert refused.value.messages == ["Er is niets veranderd aan het plan."]
    assert PlanVersion.objects.count() == 1


def test_only_the_regiehouder_writes_the_plan(student, bob, dave):
    for user in (bob, dave):
        with pytest.raises(PermissionDenied):
            services.plan_save(student=student, by=user, data=_plan())
    assert not PlanVersion.objects.exists()


def test_a_candidate_in_intake_has_no_plan_yet(team, alice):
    candidate = StudentFactory(team=team, regiehouder=alice, status=Status.INTAKE)
    with pytest.raises(ValidationError):
        services.plan_save(student=candidate, by=alice, data=_plan())


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (_plan(route="werk"), "route", "Kies een route."),
        (
            _plan(steps=(StepData(description="", owner="student", due_on=date(2026, 12, 1)),)),
            "steps",
            "Stap 1: beschrijf de stap.",
        ),
        (
            _plan(steps=(StepData(description="Iets", owner="student", due_on=date(3026, 1, 1)),)),
            "steps",
            "Stap 1: Deze datum ligt meer dan 3 jaar in de toekomst; dat kan niet kloppen.",
        ),
        (
            _plan(steps=(StepData(description="Bellen", owner="partner", due_on=TODAY),)),
            "steps",
            "Stap 1: kies de partner die de stap zet.",
        ),
    ],
)
def test_bad_input_gets_a_dutch_field_error_and_saves_nothing(data, field, message, student, alice):
    with pytest.raises(ValidationError) as refused:
        services.plan_save(student=student, by=alice, data=data)
    assert message in refused.value.message_dict[field]
    assert not PlanVersion.objects.exists()


def test_a_partner_from_another_students_network_is_refused(student, alice, team):
    stranger = NetworkContactFactory(student=StudentFactory(team=team))
    data = _plan(
        obstacles=(ObstacleData(domain="wonen", description="Huurschuld", partner=stranger),)
    )
    with pytest.raises(ValidationError) as refused:
        services.plan_save(student=student, by=alice, data=data)
    assert "hoort niet bij het netwerk" in str(refused.value.message_dict["obstacles"])


def test_an_edited_step_keeps_its_key_so_the_comparison_says_changed(student, alice):
    services.plan_save(student=student, by=alice, data=_plan())
    data = services.plan_data_of(selectors.current_version(student))
    moved = replace(data.steps[1], due_on=date(2027, 3, 1))
    new_step = StepData(description="Sollicitatiebrief", owner="student", due_on=TODAY)
    services.plan_save(
        student=student,
        by=alice,
        data=replace(data, goal="Magazijn of distributiecentrum.", steps=(moved, new_step)),
    )
    diff = selectors.plan_diff(selectors.version_of(student, 1), selectors.version_of(student, 2))
    assert [(c.label, c.new) for c in diff.fields] == [
        ("doel van de student (waar wil je werken?)", "Magazijn of distributiecentrum.")
    ]
    changes = {(item.change, item.label) for item in diff.items}
    assert changes == {
        ("gewijzigd", "Heftruckcursus"),
        ("toegevoegd", "Sollicitatiebrief"),
        ("verwijderd", "CV maken"),
    }
    changed = next(item for item in diff.items if item.change == "gewijzigd")
    assert [(f.old, f.new) for f in changed.fields] == [("01-02-2027", "01-03-2027")]


# --- Versions cannot be changed ------------------------------------------------------------


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE plans_planversion SET goal = 'anders'",
        "DELETE FROM plans_planversion",
        "UPDATE plans_planstep SET status = 'klaar'",
        "DELETE FROM plans_planstep",
        "DELETE FROM plans_plansupporter",
    ],
)
def test_the_database_refuses_to_change_a_version(statement, student, alice):
    contact = NetworkContactFactory(student=student)
    services.plan_save(student=student, by=alice, data=_plan(supporters=(contact,)))
    with pytest.raises(InternalError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)


def test_a_saved_version_cannot_be_changed_through_the_orm(student, alice):
    version = services.plan_save(student=student, by=alice, data=_plan())
    version.goal = "Iets anders"
    with pytest.raises(InternalError), transaction.atomic():
        version.save()


# --- Progress meetings -----------------------------------------------------------------------


def test_a_meeting_revises_the_plan_in_the_same_transaction(student, alice):
    services.plan_save(student=student, by=alice, data=_plan())
    data = services.plan_data_of(selectors.current_version(student))
    meeting = services.meeting_record(
        student=student,
        by=alice,
        meeting=MeetingData(
            held_on=date(2026, 11, 10),
            with_employer=True,
            notes="Gaat goed op de bpv.",
            domains=_all_domains(financien="aandacht"),
        ),
        plan=replace(data, goal="Vast werk bij het leerbedrijf."),
    )
    assert meeting.version.number == 2
    assert meeting.version.reason == "Voortgangsgesprek van 10-11-2026"
    assert MeetingDomain.objects.filter(meeting=meeting).count() == 5


def test_a_meeting_that_changes_nothing_still_gets_its_own_version(student, alice):
    services.plan_save(student=student, by=alice, data=_plan())
    data = services.plan_data_of(selectors.current_version(student))
    meeting = services.meeting_record(
        student=student,
        by=alice,
        meeting=MeetingData(held_on=TODAY, domains=_all_domains()),
        plan=data,
    )
    assert meeting.version.number == 2


def test_a_meeting_with_an_invalid_plan_saves_nothing(student, alice):
    services.plan_save(student=student, by=alice, data=_plan())
    with pytest.raises(ValidationError) as refused:
        services.meeting_record(
            student=student,
            by=alice,
            meeting=MeetingData(held_on=TODAY, domains=_all_domains(wonen="zorg")),
            plan=_plan(route="onzin"),
        )
    errors = refused.value.message_dict
    assert "Licht toe wat er speelt bij Wonen: het vraagt zorg." in errors["domains"]
    assert "route" in errors
    assert not ProgressMeeting.objects.exists()
    assert PlanVersion.objects.count() == 1


def test_a_meeting_in_the_future_or_without_every_domain_is_refused(student, alice):
    with pytest.raises(ValidationError) as refused:
        services.meeting_record(
            student=student,
            by=alice,
            meeting=MeetingData(held_on=date(2026, 12, 1), domains=_all_domains()[:3]),
            plan=_plan(),
        )
    errors = refused.value.message_dict
    assert errors["held_on"] == ["Deze datum ligt in de toekomst."]
    assert len(errors["domains"]) == 2


# --- The write audit ------------------------------------------------------------------------


def test_every_write_of_the_plan_is_in_the_students_history(student, alice):
    from students.record import history_section

    services.plan_save(student=student, by=alice, data=_plan())
    services.meeting_record(
        student=student,
        by=alice,
        meeting=MeetingData(held_on=TODAY, domains=_all_domains()),
        plan=_plan(goal="Anders"),
    )
    records = {row["record"] for row in history_section(student)}
    assert {"integraal plan", "planversie", "stap", "voortgangsgesprek"} <= records
    assert "leefgebied in gesprek" in records
    assert Events.objects.filter(pgh_obj_model="plans.PlanStep").count() == 4
