"""The functioneel beheerder sets the follow-up schedule in the beheer, with its rules;
nobody else reaches it."""

from datetime import date

import pytest

from outflow.models import FollowUpSchedule, Reminder
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ADD = "/beheer/outflow/followupschedule/add/"


def test_the_beheerder_sets_a_schedule_with_its_rules(frank, team, client_for):
    client = client_for(frank)
    refused = client.post(ADD, {"institution": team.institution.pk, "months": "6,3"})
    assert refused.status_code == 200
    assert "Zet de maanden oplopend en elke maand één keer." in refused.content.decode()
    assert not FollowUpSchedule.objects.exists()
    saved = client.post(ADD, {"institution": team.institution.pk, "months": "1,6,12,24"})
    assert saved.status_code == 302
    assert FollowUpSchedule.objects.get().months == [1, 6, 12, 24]


@pytest.mark.parametrize("who", ["alice", "dave", "erin"])
def test_nobody_else_reaches_the_schedule(who, personas, client_for):
    assert client_for(personas[who]).get(ADD).status_code == 404


def test_the_beheerder_sees_failed_reminders_and_cannot_change_them(frank, client_for):
    someone = UserFactory()
    Reminder.objects.create(
        key="test:1",
        user=someone,
        kind="contact_due",
        due_on=date(2027, 7, 26),
        text="Nazorgcontact na 1 maand",
        status="failed",
        attempts=3,
        last_error="De mailserver is niet bereikbaar.",
    )
    client = client_for(frank)
    page = client.get("/beheer/outflow/reminder/?status__exact=failed").content.decode()
    assert "De mailserver is niet bereikbaar." in page
    assert client.get("/beheer/outflow/reminder/add/").status_code == 403
