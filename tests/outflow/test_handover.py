"""The warm-handover checklist: consent gates sharing, progress, closing only when every
partner confirmed (and a drop-out's Doorstroompunt is there)."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from outflow.models import PartnerHandover, PartnerKind
from outflow.services import (
    HandoverData,
    PartnerAnswerData,
    handover_close,
    handover_progress,
    handover_save,
    link_send,
    partner_add,
    partner_confirm,
    partner_remove,
    partner_step,
)
from outflow.signals import working_days_before
from students.models import ConsentPurpose, Status, Student
from students.selectors import with_signals
from tests.factories import ConsentFactory, NetworkContactFactory

pytestmark = pytest.mark.django_db

ANSWERS = HandoverData(
    goals_to_learn="Zelfstandig orders picken.",
    regelzaken="Geen.",
    support_needed="Jobcoach de eerste drie maanden.",
    lifelong_learning="Bbl niveau 2 bij de werkgever.",
    alternatives="Werkgeversservicepunt.",
    intermediate_step="geen",
)


def _consent(student, contact, alice, given=True):
    ConsentFactory(
        student=student,
        contact=contact,
        purpose=ConsentPurpose.GEGEVENS_DELEN,
        given=given,
        recorded_by=alice,
    )


def _confirmed_partner(outflow, dave, kind="werkgever"):
    partner = partner_add(handover=outflow.handover, by=dave, kind=kind)
    return partner_confirm(
        partner=partner,
        by=dave,
        data=PartnerAnswerData(answer="in_contact", first_contact_on=date(2027, 6, 28)),
        channel="telefoon",
    )


def test_sharing_needs_the_students_current_consent(outflow, alice, dave):
    contact = NetworkContactFactory(student=outflow.student, kind="gemeente", name="Consulent Wijk")
    partner = partner_add(handover=outflow.handover, by=dave, kind="gemeente", contact=contact)
    with pytest.raises(ValidationError, match="geen toestemming"):
        partner_step(partner=partner, by=dave, step="shared", on=date(2027, 6, 29))
    _consent(outflow.student, contact, alice)
    partner = partner_step(partner=partner, by=dave, step="shared", on=date(2027, 6, 29))
    assert partner.shared_on == date(2027, 6, 29) and partner.shared_by == dave
    # Withdrawn later: the next share is refused again.
    other = NetworkContactFactory(student=outflow.student, kind="zorgaanbieder", name="Hulp")
    _consent(outflow.student, other, alice, given=True)
    _consent(outflow.student, other, alice, given=False)
    care = partner_add(handover=outflow.handover, by=dave, kind="zorgaanbieder", contact=other)
    with pytest.raises(ValidationError, match="geen toestemming"):
        partner_step(partner=care, by=dave, step="shared", on=date(2027, 6, 29))


def test_a_partner_row_without_contact_cannot_share(outflow, dave):
    partner = partner_add(handover=outflow.handover, by=dave, kind="werkgever")
    with pytest.raises(ValidationError, match="contactpersoon"):
        partner_step(partner=partner, by=dave, step="shared", on=date(2027, 6, 29))


def test_a_contact_from_another_students_network_is_refused(outflow, dave, team):
    foreign = NetworkContactFactory(kind="gemeente")
    with pytest.raises(ValidationError):
        partner_add(handover=outflow.handover, by=dave, kind="gemeente", contact=foreign)


def test_each_partner_once_and_step_dates_checked(outflow, dave):
    partner_add(handover=outflow.handover, by=dave, kind="werkgever")
    with pytest.raises(ValidationError, match="al op de checklist"):
        partner_add(handover=outflow.handover, by=dave, kind="werkgever")
    partner = PartnerHandover.objects.get(kind="werkgever")
    with pytest.raises(ValidationError) as refused:
        partner_step(partner=partner, by=dave, step="contacted", on=date(2027, 7, 5))
    assert "contacted_on" in refused.value.message_dict
    with pytest.raises(ValidationError):
        partner_step(partner=partner, by=dave, step="contacted", on=None)


def test_the_checklist_closes_only_when_complete(outflow, dave):
    with pytest.raises(ValidationError) as refused:
        handover_close(handover=outflow.handover, by=dave)
    assert any("partner" in m for m in refused.value.messages)
    handover_save(handover=outflow.handover, by=dave, data=ANSWERS)
    partner = partner_add(handover=outflow.handover, by=dave, kind="werkgever")
    with pytest.raises(ValidationError, match="nog niet bevestigd"):
        handover_close(handover=outflow.handover, by=dave)
    partner_confirm(
        partner=partner,
        by=dave,
        data=PartnerAnswerData(answer="onbereikbaar"),
        channel="email",
    )
    with pytest.raises(ValidationError, match="nog niet bevestigd"):
        handover_close(handover=outflow.handover, by=dave)


def test_closing_a_complete_checklist_starts_aftercare(outflow, dave):
    handover = handover_save(handover=outflow.handover, by=dave, data=ANSWERS)
    _confirmed_partner(outflow, dave)
    progress = handover_progress(handover, list(handover.partners.all()))
    assert progress.questions_answered == 6 and progress.partners_confirmed == 1
    handover_close(handover=outflow.handover, by=dave)
    assert Student.objects.get(pk=outflow.student_id).status == Status.NAZORG
    with pytest.raises(ValidationError, match="al afgerond"):
        handover_save(handover=outflow.handover, by=dave, data=ANSWERS)


def test_a_dropout_cannot_close_without_the_doorstroompunt(dropout, dave):
    handover_save(handover=dropout.handover, by=dave, data=ANSWERS)
    rmc = dropout.handover.partners.get(kind=PartnerKind.DOORSTROOMPUNT)
    with pytest.raises(ValidationError, match="Doorstroompunt"):
        partner_remove(partner=rmc, by=dave)
    _confirmed_partner(dropout, dave)
    with pytest.raises(ValidationError, match="Doorstroompunt"):
        handover_close(handover=dropout.handover, by=dave)
    partner_confirm(
        partner=rmc,
        by=dave,
        data=PartnerAnswerData(answer="in_contact", first_contact_on=date(2027, 6, 27)),
        channel="telefoon",
    )
    handover_close(handover=dropout.handover, by=dave)


def test_a_rmc_row_that_is_missing_is_named_in_the_progress(dropout, dave):
    # Even if the row were gone (an older record), the progress names what is missing.
    PartnerHandover.objects.filter(kind=PartnerKind.DOORSTROOMPUNT).delete()
    progress = handover_progress(dropout.handover, [])
    assert any("Doorstroompunt" in m for m in progress.missing)


def test_only_who_has_the_full_record_works_the_checklist(outflow, alice, bob, carol):
    for person in (alice, bob, carol):
        with pytest.raises(PermissionDenied):
            handover_save(handover=outflow.handover, by=person, data=ANSWERS)


def test_a_manual_answer_needs_a_channel_and_a_date(outflow, dave):
    partner = partner_add(handover=outflow.handover, by=dave, kind="werkgever")
    with pytest.raises(ValidationError) as refused:
        partner_confirm(
            partner=partner, by=dave, data=PartnerAnswerData(answer="in_contact"), channel="link"
        )
    assert {"first_contact_on", "answer_channel"} <= set(refused.value.message_dict)


def test_an_unconfirmed_handover_is_signalled_after_ten_working_days(
    outflow, alice, dave, django_capture_on_commit_callbacks
):
    contact = NetworkContactFactory(
        student=outflow.student, kind="werkgever", email="w@x.example.test"
    )
    _consent(outflow.student, contact, alice)
    partner = partner_add(handover=outflow.handover, by=dave, kind="werkgever", contact=contact)
    with django_capture_on_commit_callbacks(execute=True):
        link_send(partner=partner, by=dave)  # Wednesday 30 June 2027
    assert working_days_before(date(2027, 7, 14), 10) == date(2027, 6, 30)

    def signalled(day):
        row = with_signals(Student.objects.filter(pk=outflow.student_id), day).get()
        return row.signal_overdracht_onbevestigd

    assert not signalled(date(2027, 7, 13))
    assert signalled(date(2027, 7, 14))
    with time_machine.travel(date(2027, 7, 14), tick=False):
        partner_confirm(
            partner=partner,
            by=dave,
            data=PartnerAnswerData(answer="in_contact", first_contact_on=date(2027, 7, 1)),
            channel="telefoon",
        )
    assert not signalled(date(2027, 7, 14))
