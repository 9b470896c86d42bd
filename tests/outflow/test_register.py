"""Registering and correcting an outflow: status, regie, the plan's last version, the
Doorstroompunt row for a drop-out, and every refusal saving nothing."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from outflow.models import Handover, Outflow, OutflowCorrection, PartnerKind
from outflow.services import OutflowData, outflow_correct
from plans.models import PlanVersion
from students.models import RegieTransfer, Status, Student
from tests.factories import PlacementFactory, StudentFactory, UserFactory
from tests.outflow.conftest import leave

pytestmark = pytest.mark.django_db


def _counts():
    return (Outflow.objects.count(), RegieTransfer.objects.count(), PlanVersion.objects.count())


def test_outflow_moves_status_hands_regie_to_the_coordinator_and_versions_the_plan(
    planned, alice, dave
):
    versions = PlanVersion.objects.filter(plan__student=planned).count()
    outflow = leave(planned, alice, dave)
    student = Student.objects.get(pk=planned.pk)
    assert student.status == Status.UITGESTROOMD
    assert student.regiehouder == dave
    transfer = RegieTransfer.objects.get(student=student)
    assert (transfer.from_user, transfer.to_user, transfer.by) == (alice, dave, alice)
    assert "Uitstroom" in transfer.reason
    assert PlanVersion.objects.filter(plan__student=planned).count() == versions + 1
    assert outflow.plan_version.reason == "Plan bijgewerkt bij de uitstroom"
    assert outflow.handover.partners.count() == 0  # left with a diploma: no RMC row forced


def test_a_dropout_gets_the_doorstroompunt_row(dropout):
    assert dropout.dropout
    assert [p.kind for p in dropout.handover.partners.all()] == [PartnerKind.DOORSTROOMPUNT]


def test_without_diploma_to_level_2_is_no_dropout(planned, alice, dave):
    outflow = leave(planned, alice, dave, diploma=False, destination="mbo_niveau2_plus")
    assert not outflow.dropout
    assert outflow.handover.partners.count() == 0


def test_a_team_without_coordinator_cannot_register_outflow(planned, alice, dave):
    dave.teams.clear()
    before = _counts()
    with pytest.raises(ValidationError) as refused:
        leave(planned, alice, None)
    assert "geen uitstroomcoördinator" in refused.value.message_dict["coordinator"][0]
    assert _counts() == before
    assert Student.objects.get(pk=planned.pk).status == Status.ACTIEF


def test_the_regie_goes_to_a_coordinator_of_the_team_only(planned, alice, dave, bob, other_team):
    stranger = UserFactory(roles=["uitstroomcoordinator"], teams=[other_team])
    for wrong in (bob, stranger, None):
        with pytest.raises(ValidationError) as refused:
            leave(planned, alice, wrong)
        assert "coordinator" in refused.value.message_dict
    assert Student.objects.get(pk=planned.pk).regiehouder == alice


@pytest.mark.parametrize(
    ("details", "field"),
    [
        ({"left_on": None}, "left_on"),
        ({"left_on": date(2027, 7, 2)}, "left_on"),  # in the future
        ({"left_on": date(2026, 8, 1)}, "left_on"),  # before the start
        ({"destination": "ergens"}, "destination"),
        ({"exit_interview_notes": "Goed gesprek."}, "exit_interview_on"),
    ],
)
def test_bad_details_are_refused_per_field_and_nothing_is_saved(
    planned, alice, dave, details, field
):
    before = _counts()
    with pytest.raises(ValidationError) as refused:
        leave(planned, alice, dave, **details)
    assert field in refused.value.message_dict
    assert _counts() == before
    assert Student.objects.get(pk=planned.pk).status == Status.ACTIEF


def test_only_the_regiehouder_registers_and_only_an_active_student(planned, alice, bob, dave):
    with pytest.raises(PermissionDenied):
        leave(planned, bob, dave)
    placed = StudentFactory(team=planned.team, regiehouder=alice, status=Status.GEPLAATST)
    with pytest.raises(ValidationError, match="actieve student"):
        leave(placed, alice, dave)


def test_a_student_without_a_plan_needs_one(student, alice, dave):
    with pytest.raises(ValidationError) as refused:
        leave(student, alice, dave)
    assert "plan" in refused.value.message_dict


def test_a_correction_keeps_the_old_value_and_its_reason(outflow, alice, dave):
    corrected = outflow_correct(
        outflow=outflow,
        by=dave,
        data=OutflowData(left_on=date(2027, 6, 19), diploma=False, destination="geen"),
        reason="Verkeerde datum en bestemming ingevuld.",
    )
    correction = OutflowCorrection.objects.get(outflow=outflow)
    assert correction.changes["left_on"] == ["2027-06-26", "2027-06-19"]
    assert correction.changes["destination"] == ["werk", "geen"]
    assert correction.recorded_by == dave
    # Now a drop-out: the Doorstroompunt comes on the checklist.
    assert corrected.handover.partners.filter(kind=PartnerKind.DOORSTROOMPUNT).exists()
    # The mentor gave the regie away: she can no longer correct.
    with pytest.raises(PermissionDenied):
        outflow_correct(
            outflow=outflow,
            by=alice,
            data=OutflowData(left_on=date(2027, 6, 20), diploma=False, destination="geen"),
            reason="x",
        )


def test_a_correction_needs_a_reason_and_a_change(outflow, dave):
    same = OutflowData(left_on=date(2027, 6, 26), diploma=True, destination="werk")
    with pytest.raises(ValidationError) as refused:
        outflow_correct(outflow=outflow, by=dave, data=same, reason="Zomaar")
    assert "niets veranderd" in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        outflow_correct(
            outflow=outflow, by=dave, data=OutflowData(date(2027, 6, 1), True, "werk"), reason=" "
        )
    assert "reason" in refused.value.message_dict
    assert not OutflowCorrection.objects.exists()


def test_a_running_placement_must_end_before_outflow(planned, alice, dave, bob):
    PlacementFactory(student=planned, supervisor=bob)
    with pytest.raises(ValidationError, match="lopende bpv-plek"):
        leave(planned, alice, dave)
    assert not Outflow.objects.exists()


def test_a_correction_into_a_dropout_after_the_handover_closed_is_refused(outflow, dave):
    Handover.objects.filter(pk=outflow.handover.pk).update(closed_at="2027-06-29T12:00Z")
    with pytest.raises(ValidationError, match="al afgerond"):
        outflow_correct(
            outflow=outflow,
            by=dave,
            data=OutflowData(left_on=date(2027, 6, 26), diploma=False, destination="geen"),
            reason="Toch geen diploma.",
        )
    assert not OutflowCorrection.objects.exists()


def test_a_corrected_date_moves_the_contacts_not_yet_held(outflow, dave):
    from outflow.services import ContactData, contact_record

    contact_record(
        contact=outflow.contacts.get(month=1),
        by=dave,
        data=ContactData(done_on=date(2027, 6, 29), reached=False, channel="telefoon"),
    )
    data = OutflowData(left_on=date(2027, 6, 25), diploma=True, destination="werk")
    outflow_correct(outflow=outflow, by=dave, data=data, reason="Datum verkeerd overgenomen.")
    due = dict(outflow.contacts.values_list("month", "due_on"))
    assert due[1] == date(2027, 7, 26)  # held: stays as it was
    assert due[3] == date(2027, 9, 25) and due[24] == date(2029, 6, 25)
    # A date after a contact already held cannot be: the contact would precede the outflow.
    later = OutflowData(left_on=date(2027, 6, 30), diploma=True, destination="werk")
    with pytest.raises(ValidationError) as refused:
        outflow_correct(outflow=outflow, by=dave, data=later, reason="Toch later.")
    assert "nazorgcontact vastgelegd op 29 juni 2027" in str(refused.value.message_dict["left_on"])
    assert outflow.contacts.get(month=3).due_on == date(2027, 9, 25)
