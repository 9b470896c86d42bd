"""The follow-up on the outflow tab and in the API: who sees, who records, the rules, the
signal, the cost."""

from datetime import date

import pytest

from outflow.models import FollowUpContact, FollowUpTask
from students.models import Student
from students.selectors import with_signals

pytestmark = pytest.mark.django_db


def _page(outflow, contact=None):
    base = f"/studenten/{outflow.student.uuid}/uitstroom/"
    return f"{base}nazorg/{contact.uuid}/" if contact else base


def _api(outflow, contact=None):
    base = f"/api/v1/students/{outflow.student.uuid}/outflow/contacts/"
    return f"{base}{contact.uuid}/" if contact else base


GOOD = {
    "done_on": "2027-06-29",
    "reached": "ja",
    "channel": "bericht",
    "position": "werknemer",
    "same_place": "ja",
    "hours_per_week": "32",
}


def test_the_tab_lists_the_contact_moments(outflow, dave, client_for):
    page = client_for(dave).get(_page(outflow)).content.decode()
    assert "Nazorg: twee jaar contact" in page
    assert "Na 24 maanden" in page and "26-06-2029" in page


def test_the_coordinator_records_a_contact_through_the_page(outflow, dave, client_for):
    contact = outflow.contacts.get(month=1)
    answer = client_for(dave).post(_page(outflow, contact), {**GOOD, "needs_support": "on"})
    assert answer.status_code == 302
    saved = FollowUpContact.objects.get(pk=contact.pk)
    assert saved.done and saved.position == "werknemer" and saved.hours_per_week == 32
    assert FollowUpTask.objects.filter(assigned_to=dave).count() == 1


def test_bad_input_on_the_page_names_the_field_and_saves_nothing(outflow, dave, client_for):
    contact = outflow.contacts.get(month=1)
    page = client_for(dave).post(
        _page(outflow, contact), {**GOOD, "done_on": "2027-08-01", "position": ""}
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "Deze datum ligt in de toekomst." in text
    assert "Kies wat de oud-student nu doet." in text
    assert not FollowUpContact.objects.get(pk=contact.pk).done


@pytest.mark.parametrize(
    ("who", "code"), [("alice", 403), ("bob", 403), ("carol", 404), ("erin", 404), ("frank", 404)]
)
def test_only_the_coordinator_records(outflow, personas, who, code, client_for, api_for):
    contact = outflow.contacts.get(month=1)
    assert client_for(personas[who]).post(_page(outflow, contact), GOOD).status_code == code
    body = {
        "done_on": "2027-06-29",
        "reached": True,
        "channel": "telefoon",
        "position": "werknemer",
    }
    assert (
        api_for(personas[who]).put(_api(outflow, contact), body, format="json").status_code == code
    )
    assert not FollowUpContact.objects.get(pk=contact.pk).done


def test_the_api_records_with_the_same_rules(outflow, dave, api_for):
    contact = outflow.contacts.get(month=1)
    api = api_for(dave)
    bad = api.put(
        _api(outflow, contact),
        {"done_on": "2027-06-20", "reached": True, "channel": "telefoon", "position": "werknemer"},
        format="json",
    )
    assert bad.status_code == 400
    assert bad.json()["errors"]["done_on"] == ["Het contact ligt vóór de uitstroom."]
    good = api.put(
        _api(outflow, contact),
        {"done_on": "2027-06-29", "reached": False, "channel": "telefoon"},
        format="json",
    )
    assert good.status_code == 200 and good.json()["reached"] is False
    listed = api.get(_api(outflow)).json()
    assert [c["month"] for c in listed] == [1, 3, 6, 12, 18, 24]


def test_an_overdue_contact_is_signalled(outflow, dave):
    def signalled(day):
        row = with_signals(Student.objects.filter(pk=outflow.student_id), day).get()
        return row.signal_nazorg_te_laat

    assert not signalled(date(2027, 7, 26))  # due that day
    assert signalled(date(2027, 7, 27))


def test_the_tab_costs_the_same_with_every_contact_recorded(
    outflow, dave, client_for, django_assert_max_num_queries
):
    client = client_for(dave)
    with django_assert_max_num_queries(40) as few:
        client.get(_page(outflow))
    count = len(few.captured_queries)
    FollowUpContact.objects.filter(outflow=outflow).update(
        done_on=date(2027, 6, 29),
        reached=True,
        channel="telefoon",
        position="werknemer",
        recorded_by=dave,
    )
    with django_assert_max_num_queries(count):
        assert client.get(_page(outflow)).status_code == 200
