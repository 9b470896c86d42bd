"""The outflow pages for every persona: who sees, who acts, what is logged, the cost."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from entree.audit.models import AccessLog
from outflow.models import ConfirmationLink, Outflow, PartnerHandover
from outflow.services import OutflowData, link_send, outflow_correct, partner_add
from students.models import ConsentPurpose, Status, Student
from tests.factories import ConsentFactory, NetworkContactFactory

pytestmark = pytest.mark.django_db


def _url(student, page=""):
    return f"/studenten/{student.uuid}/uitstroom/{page}"


def _plan_post():
    empty = {
        "TOTAL_FORMS": "0",
        "INITIAL_FORMS": "0",
        "MIN_NUM_FORMS": "0",
        "MAX_NUM_FORMS": "1000",
    }
    data = {"route": "arbeidsmarkt", "goal": "Werken in de logistiek.", "reason": ""}
    for prefix in ("stap", "voorziening", "regelzaak"):
        data.update({f"{prefix}-{k}": v for k, v in empty.items()})
    return data


def _register_post(coordinator, **extra):
    return {
        "left_on": "2027-06-26",
        "diploma": "nee",
        "destination": "geen",
        "coordinator": str(coordinator.pk),
        **_plan_post(),
        **extra,
    }


@pytest.mark.parametrize("who", ["carol", "erin", "frank"])
@pytest.mark.parametrize("page", ["", "registreren/", "corrigeren/", "checklist/", "partner/"])
def test_people_who_may_not_see_the_student_get_404(who, page, personas, outflow, client_for):
    assert client_for(personas[who]).get(_url(outflow.student, page)).status_code == 404


def test_anonymous_is_sent_to_the_login(outflow, client):
    assert client.get(_url(outflow.student)).status_code == 302


def test_the_mentor_registers_the_outflow_and_the_coordinator_takes_over(
    planned, alice, dave, client_for
):
    client = client_for(alice)
    page = client.get(_url(planned))
    assert "Uitstroom registreren" in page.content.decode()
    form = client.get(_url(planned, "registreren/"))
    assert form.status_code == 200 and dave.get_full_name() in form.content.decode()
    done = client.post(_url(planned, "registreren/"), _register_post(dave))
    assert done.status_code == 302, done.content.decode()[:2000]
    student = Student.objects.get(pk=planned.pk)
    assert student.status == Status.UITGESTROOMD and student.regiehouder == dave
    outflow = Outflow.objects.get(student=student)
    assert outflow.dropout
    assert outflow.handover.partners.filter(kind="doorstroompunt").exists()
    # The mentor reads on, but can no longer act.
    assert client.get(_url(planned, "checklist/")).status_code == 403
    tab = client_for(dave).get(_url(planned)).content.decode()
    assert "Doorstroompunt (RMC)" in tab and "Nog te doen" in tab


def test_bad_outflow_input_names_the_field_and_saves_nothing(planned, alice, dave, client_for):
    page = client_for(alice).post(
        _url(planned, "registreren/"), _register_post(dave, left_on="2027-07-20", destination="")
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "Deze datum ligt in de toekomst." in text
    assert "Kies waar de student naartoe gaat." in text
    assert not Outflow.objects.exists()
    assert Student.objects.get(pk=planned.pk).status == Status.ACTIEF


def test_a_team_colleague_reads_but_cannot_register(planned, bob, client_for):
    client = client_for(bob)
    assert client.get(_url(planned)).status_code == 200
    assert "Uitstroom registreren" not in client.get(_url(planned)).content.decode()
    assert client.get(_url(planned, "registreren/")).status_code == 403


def test_every_read_is_logged(outflow, dave, client_for):
    client_for(dave).get(_url(outflow.student))
    assert AccessLog.objects.filter(
        user=dave, student_uuid=outflow.student.uuid, part="uitstroom"
    ).exists()


def test_the_partner_page_gates_the_document_on_consent(outflow, alice, dave, client_for):
    contact = NetworkContactFactory(student=outflow.student, kind="gemeente", name="Mw. Consulent")
    partner = partner_add(handover=outflow.handover, by=dave, kind="gemeente", contact=contact)
    client = client_for(dave)
    page = client.get(_url(outflow.student, f"partner/{partner.uuid}/")).content.decode()
    assert "geen toestemming" in page and "Overdrachtsdocument (pdf)" not in page
    refused = client.get(_url(outflow.student, f"partner/{partner.uuid}/overdracht.pdf"))
    assert refused.status_code == 302
    ConsentFactory(
        student=outflow.student,
        contact=contact,
        purpose=ConsentPurpose.GEGEVENS_DELEN,
        on=date(2027, 6, 1),
        recorded_by=alice,
    )
    pdf = client.get(_url(outflow.student, f"partner/{partner.uuid}/overdracht.pdf"))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert AccessLog.objects.filter(user=dave, part="overdracht (pdf)").count() == 2
    # A colleague who only reads gets no document (and no log line).
    bob_pdf = client_for(alice).get(_url(outflow.student, f"partner/{partner.uuid}/overdracht.pdf"))
    assert bob_pdf.status_code == 403


def test_steps_and_a_manual_answer_through_the_partner_page(outflow, dave, client_for):
    partner = partner_add(handover=outflow.handover, by=dave, kind="werkgever")
    client = client_for(dave)
    url = _url(outflow.student, f"partner/{partner.uuid}/")
    assert (
        client.post(url, {"actie": "stap", "step": "contacted", "on": "2027-06-28"}).status_code
        == 302
    )
    wrong = client.post(url, {"actie": "stap", "step": "contacted", "on": "2027-08-01"})
    assert "Deze datum ligt in de toekomst." in wrong.content.decode()
    shared = client.post(url, {"actie": "stap", "step": "shared", "on": "2027-06-28"})
    assert "contactpersoon" in shared.content.decode()
    answer = client.post(
        url,
        {
            "actie": "antwoord",
            "answer": "in_contact",
            "first_contact_on": "2027-06-29",
            "answer_channel": "telefoon",
        },
    )
    assert answer.status_code == 302
    row = PartnerHandover.objects.get(pk=partner.pk)
    assert row.contacted_on == date(2027, 6, 28) and row.confirmed
    assert client.post(url, {"actie": "iets"}).status_code == 404


def test_the_tab_costs_the_same_for_many_partners(
    outflow, alice, dave, client_for, django_assert_max_num_queries
):
    client = client_for(dave)
    partner_add(handover=outflow.handover, by=dave, kind="werkgever")
    with django_assert_max_num_queries(40) as few:
        client.get(_url(outflow.student))
    count = len(few.captured_queries)
    for kind in ("gemeente", "zorgaanbieder", "niveau2", "doorstroompunt"):
        contact = NetworkContactFactory(student=outflow.student, kind=kind)
        partner_add(handover=outflow.handover, by=dave, kind=kind, contact=contact)
    with django_assert_max_num_queries(count):
        assert client.get(_url(outflow.student)).status_code == 200


def test_the_tab_says_when_a_link_waits_and_when_it_expired(outflow, alice, dave, client_for):
    contact = NetworkContactFactory(
        student=outflow.student, kind="werkgever", email="w@x.example.test"
    )
    ConsentFactory(
        student=outflow.student,
        contact=contact,
        purpose=ConsentPurpose.GEGEVENS_DELEN,
        on=date(2027, 6, 1),
        recorded_by=alice,
    )
    partner = partner_add(handover=outflow.handover, by=dave, kind="werkgever", contact=contact)
    link_send(partner=partner, by=dave)
    client = client_for(dave)
    assert (
        "Link verstuurd op 30-06-2027, wacht op antwoord"
        in client.get(_url(outflow.student)).content.decode()
    )
    ConfirmationLink.objects.update(expires_at=timezone.now() - timedelta(days=1))
    page = client.get(_url(outflow.student)).content.decode()
    assert "Link verlopen: stuur een nieuwe" in page


@pytest.mark.parametrize("who", ["carol", "erin", "frank"])
def test_every_partner_page_is_hidden_from_who_may_not_see_the_student(
    who, personas, outflow, dave, client_for
):
    partner = partner_add(handover=outflow.handover, by=dave, kind="werkgever")
    client = client_for(personas[who])
    for page in (f"partner/{partner.uuid}/", f"partner/{partner.uuid}/overdracht.pdf"):
        assert client.get(_url(outflow.student, page)).status_code == 404
    for page, data in (
        (f"partner/{partner.uuid}/", {"actie": "verwijderen"}),
        ("afronden/", {}),
        ("checklist/", {"support_needed": "x"}),
    ):
        assert client.post(_url(outflow.student, page), data).status_code == 404
    assert PartnerHandover.objects.filter(pk=partner.pk).exists()


def test_a_colleague_who_reads_cannot_act_on_the_checklist(outflow, alice, dave, client_for):
    partner = partner_add(handover=outflow.handover, by=dave, kind="werkgever")
    client = client_for(alice)  # the mentor, who gave the regie away
    assert client.get(_url(outflow.student, f"partner/{partner.uuid}/")).status_code == 200
    for page, data in (
        (f"partner/{partner.uuid}/", {"actie": "verwijderen"}),
        ("afronden/", {}),
        ("partner/", {"kind": "gemeente"}),
        ("corrigeren/", {"reason": "x"}),
    ):
        assert client.post(_url(outflow.student, page), data).status_code == 403
    assert PartnerHandover.objects.filter(pk=partner.pk).exists()


def test_the_coordinator_closes_only_a_complete_checklist_through_the_page(
    outflow, dave, client_for
):
    client = client_for(dave)
    page = client.post(_url(outflow.student, "afronden/"), follow=True).content.decode()
    assert "Nog 6 vragen voor de volgende fase te beantwoorden." in page
    assert Student.objects.get(pk=outflow.student_id).status == Status.UITGESTROOMD


def test_a_correction_shows_what_changed_in_words(outflow, dave, client_for):
    outflow_correct(
        outflow=outflow,
        by=dave,
        data=OutflowData(left_on=date(2027, 6, 20), diploma=False, destination="mbo_niveau2_plus"),
        reason="Verkeerd ingevuld.",
    )
    page = client_for(dave).get(_url(outflow.student)).content.decode()
    assert "Bestemming: Werk → Mbo niveau 2 of hoger" in page
    assert "Entreediploma behaald: ja → nee" in page
    assert "Datum uitstroom: 26-06-2027 → 20-06-2027" in page
