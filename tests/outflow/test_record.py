"""The student's complete record (AVG art. 15) holds the outflow, its corrections, the
checklist and every partner's steps and confirmation."""

from datetime import date

import pytest

from entree.core.records import build_record
from outflow.services import (
    HandoverData,
    OutflowData,
    PartnerAnswerData,
    handover_save,
    link_send,
    outflow_correct,
    partner_add,
    partner_confirm,
)
from students.models import ConsentPurpose
from tests.factories import ConsentFactory, NetworkContactFactory

pytestmark = pytest.mark.django_db


def test_the_record_holds_every_part_of_the_outflow(outflow, dave, django_assert_max_num_queries):
    outflow_correct(
        outflow=outflow,
        by=dave,
        data=OutflowData(left_on=date(2027, 6, 25), diploma=True, destination="werk"),
        reason="Datum klopte niet.",
    )
    handover_save(
        handover=outflow.handover, by=dave, data=HandoverData(support_needed="Een jobcoach.")
    )
    partner = partner_add(handover=outflow.handover, by=dave, kind="werkgever")
    partner_confirm(
        partner=partner,
        by=dave,
        data=PartnerAnswerData(
            answer="in_contact", first_contact_on=date(2027, 6, 27), contact_person_now="Mw. Baas"
        ),
        channel="telefoon",
    )
    with django_assert_max_num_queries(60):
        record = build_record(outflow.student)
    section = record["uitstroom"]
    assert section["left_on"] == date(2027, 6, 25)
    assert section["corrections"][0]["reason"] == "Datum klopte niet."
    assert section["handover"]["support_needed"] == "Een jobcoach."
    row = section["handover"]["partners"][0]
    assert row["contact_person_now"] == "Mw. Baas" and row["answer"]["code"] == "in_contact"


def test_a_student_who_did_not_leave_has_no_outflow_section_content(student):
    assert build_record(student)["uitstroom"] is None


def _link_states(student) -> list[str]:
    [partner] = build_record(student)["uitstroom"]["handover"]["partners"]
    return [link["state"]["code"] for link in partner["links_sent"]]


def test_a_link_is_valid_in_the_record_only_while_it_can_be_answered(outflow, alice, dave):
    """The record says what became of each link by the rule of the link's page: a new link
    replaces the old one, and one whose contact no longer may be told anything lapses."""
    contact = NetworkContactFactory(
        student=outflow.student, kind="werkgever", email="bert@werkgever.example.test"
    )
    ConsentFactory(
        student=outflow.student,
        contact=contact,
        purpose=ConsentPurpose.GEGEVENS_DELEN,
        recorded_by=alice,
    )
    partner = partner_add(handover=outflow.handover, by=dave, kind="werkgever", contact=contact)
    link_send(partner=partner, by=dave)
    assert _link_states(outflow.student) == ["geldig"]
    link_send(partner=partner, by=dave)
    assert _link_states(outflow.student) == ["verlopen", "geldig"]
    ConsentFactory(
        student=outflow.student,
        contact=contact,
        purpose=ConsentPurpose.GEGEVENS_DELEN,
        given=False,
        recorded_by=alice,
    )
    assert _link_states(outflow.student) == ["verlopen", "vervallen"]
