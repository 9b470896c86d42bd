"""The in-app notification list and its count in the header."""

from datetime import date

import pytest

from outflow.models import Reminder
from outflow.services.reminders import reminders_create

pytestmark = pytest.mark.django_db


def test_the_coordinator_sees_the_count_and_the_list(outflow, dave, client_for):
    reminders_create(date(2027, 7, 26))
    client = client_for(dave)
    home = client.get("/meldingen/").content.decode()
    assert "Nazorgcontact na 1 maand" in home
    assert outflow.student.full_name in home  # the user may see the student
    assert (
        '<span class="count">1'
        in client.get(f"/studenten/{outflow.student.uuid}/").content.decode()
    )
    client.post("/meldingen/")
    assert Reminder.objects.get().read_at is not None
    assert '<span class="count">' not in client.get("/meldingen/").content.decode()


def test_a_name_is_shown_only_to_who_may_see_the_student(outflow, dave, carol, client_for):
    reminders_create(date(2027, 7, 26))
    Reminder.objects.update(user=carol)  # say the coordinator moved to another team
    page = client_for(carol).get("/meldingen/").content.decode()
    assert "Nazorgcontact na 1 maand" in page
    assert outflow.student.full_name not in page


def test_the_list_costs_the_same_for_many_reminders(
    outflow, dave, client_for, django_assert_max_num_queries
):
    client = client_for(dave)
    with django_assert_max_num_queries(30) as few:
        client.get("/meldingen/")
    count = len(few.captured_queries)
    Reminder.objects.bulk_create(
        [
            Reminder(
                key=f"test:{i}",
                user=dave,
                kind="contact_due",
                student=outflow.student,
                due_on=date(2027, 7, 1),
                text=f"Melding {i}",
            )
            for i in range(30)
        ]
    )
    with django_assert_max_num_queries(count):
        assert client.get("/meldingen/").status_code == 200


def test_anonymous_is_sent_to_the_login(client):
    assert client.get("/meldingen/").status_code == 302
