"""The two-year follow-up: planned at outflow from the institution's schedule, a contact
recorded with its rules, a request for help as a task, and the trajectory closed after two
years — through the one status table."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from outflow.models import FollowUpContact, FollowUpSchedule, FollowUpTask
from outflow.services import (
    ContactData,
    close_finished_trajectories,
    contact_record,
    schedule_problems,
)
from plans.services import PlanData, plan_save
from students.models import Status, Student
from tests.factories import StudentFactory
from tests.outflow.conftest import leave

pytestmark = pytest.mark.django_db

REACHED = ContactData(
    done_on=date(2027, 6, 29),
    reached=True,
    channel="bericht",
    position="werknemer",
    same_place=True,
    hours_per_week=32,
)


def test_outflow_plans_the_default_contact_moments(outflow):
    contacts = list(FollowUpContact.objects.filter(outflow=outflow).order_by("month"))
    assert [c.month for c in contacts] == [1, 3, 6, 12, 18, 24]
    # Left on 26 June 2027: one month later, and the last two years later.
    assert contacts[0].due_on == date(2027, 7, 26)
    assert contacts[-1].due_on == date(2029, 6, 26)
    assert not any(c.done for c in contacts)


def test_a_changed_schedule_applies_to_later_outflows_only(planned, alice, dave, team, outflow):
    FollowUpSchedule.objects.create(institution=team.institution, months=[2, 12, 24])
    assert FollowUpContact.objects.filter(outflow=outflow).count() == 6  # as it was
    other = StudentFactory(team=team, regiehouder=alice)
    plan_save(student=other, by=alice, data=PlanData(goal="Werk."))
    later = leave(other, alice, dave)
    assert sorted(later.contacts.values_list("month", flat=True)) == [2, 12, 24]


@pytest.mark.parametrize(
    ("months", "ok"),
    [
        ([1, 3, 6, 12, 18, 24], True),
        ([], False),
        ([0, 6], False),
        ([6, 3], False),
        ([3, 3], False),
        ([1, 30], False),
    ],
)
def test_the_schedule_rules(months, ok):
    assert (schedule_problems(months) == []) is ok


def test_the_coordinator_records_a_contact(outflow, dave):
    contact = outflow.contacts.get(month=1)
    saved = contact_record(contact=contact, by=dave, data=REACHED)
    assert saved.done and saved.position == "werknemer" and saved.recorded_by == dave
    assert not FollowUpTask.objects.exists()


def test_wanting_help_makes_a_task_for_the_coordinator_once(outflow, dave):
    contact = outflow.contacts.get(month=1)
    asks = ContactData(
        done_on=date(2027, 6, 29),
        reached=True,
        channel="telefoon",
        position="uitkering",
        needs_support=True,
    )
    contact_record(contact=contact, by=dave, data=asks)
    contact_record(contact=contact, by=dave, data=asks)  # corrected: still one open task
    task = FollowUpTask.objects.get()
    assert task.assigned_to == dave and task.student_id == outflow.student_id
    assert "wil hulp" in task.description


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (
            ContactData(done_on=None, reached=True, channel="telefoon", position="werknemer"),
            "done_on",
        ),
        (
            ContactData(
                done_on=date(2027, 6, 1), reached=True, channel="telefoon", position="werknemer"
            ),
            "done_on",
        ),  # before the outflow
        (
            ContactData(
                done_on=date(2027, 7, 5), reached=True, channel="telefoon", position="werknemer"
            ),
            "done_on",
        ),  # in the future
        (ContactData(done_on=date(2027, 6, 29), reached=None, channel="telefoon"), "reached"),
        (ContactData(done_on=date(2027, 6, 29), reached=True, channel="duif"), "channel"),
        (
            ContactData(
                done_on=date(2027, 6, 29), reached=True, channel="zelf", position="werknemer"
            ),
            "channel",
        ),
        (ContactData(done_on=date(2027, 6, 29), reached=True, channel="telefoon"), "position"),
        (
            ContactData(
                done_on=date(2027, 6, 29),
                reached=True,
                channel="telefoon",
                position="werknemer",
                hours_per_week=90,
            ),
            "hours_per_week",
        ),
    ],
)
def test_a_bad_contact_is_refused_per_field_and_nothing_is_saved(outflow, dave, data, field):
    contact = outflow.contacts.get(month=1)
    with pytest.raises(ValidationError) as refused:
        contact_record(contact=contact, by=dave, data=data)
    assert field in refused.value.message_dict
    assert not FollowUpContact.objects.get(pk=contact.pk).done


def test_an_unreached_leaver_has_no_position(outflow, dave):
    contact = outflow.contacts.get(month=1)
    saved = contact_record(
        contact=contact,
        by=dave,
        data=ContactData(
            done_on=date(2027, 6, 29), reached=False, channel="telefoon", position="werknemer"
        ),
    )
    assert saved.position == "" and saved.reached is False


def test_only_who_has_the_full_record_records(outflow, alice, bob, carol):
    contact = outflow.contacts.get(month=1)
    for person in (alice, bob, carol):
        with pytest.raises(PermissionDenied):
            contact_record(contact=contact, by=person, data=REACHED)


def test_two_years_after_outflow_the_trajectory_closes_once(outflow):
    assert close_finished_trajectories(date(2029, 6, 25)) == 0
    assert close_finished_trajectories(date(2029, 6, 26)) == 1
    assert Student.objects.get(pk=outflow.student_id).status == Status.AFGESLOTEN
    assert close_finished_trajectories(date(2029, 7, 1)) == 0
