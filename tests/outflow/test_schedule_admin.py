"""The functioneel beheerder sets the follow-up schedule in the beheer, with its rules;
nobody else reaches it."""

import pytest

from outflow.models import FollowUpSchedule

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
