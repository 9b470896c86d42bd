"""The coordinator's overview (issue 13): each number is the rule of the list behind it,
the lists and tasks follow the visibility rules, a request for help reaches the gemeente
or Doorstroompunt only with consent, and every page costs a fixed number of queries."""

from datetime import date

import pytest
import time_machine
from django.core import mail

from entree.accounts.roles import Role
from outflow.models import FollowUpTask, SupportSignal
from outflow.selectors import OVERVIEW_SIGNALS, expected_by_mentor, overview_for
from outflow.services import (
    ContactData,
    contact_record,
    link_send,
    partner_add,
    partner_set_contact,
)
from outflow.services.support import support_signal_send
from plans.services import PlanData, plan_save
from students.models import ConsentPurpose, Status
from students.selectors import signal_counts, students_visible_to
from tests.factories import (
    ConsentFactory,
    NetworkContactFactory,
    PlacementFactory,
    StudentFactory,
    UserFactory,
)

from .conftest import leave

pytestmark = pytest.mark.django_db

TODAY = date(2027, 6, 30)  # the outflow tests' clock


def _leaver(team, alice, dave, **details):
    student = StudentFactory(team=team, regiehouder=alice)
    plan_save(student=student, by=alice, data=PlanData(route="arbeidsmarkt", goal="Werk."))
    return leave(student, alice, dave, **details)


def _ask_help(outflow, dave, month=1):
    contact = outflow.contacts.get(month=month)
    return contact_record(
        contact=contact,
        by=dave,
        data=ContactData(
            done_on=TODAY,
            reached=True,
            channel="telefoon",
            position="uitkering",
            needs_support=True,
        ),
    )


def test_the_numbers_count_what_the_lists_show(outflow, dave, alice, team):
    # One student of the team expected to leave (placement ends within three months), one
    # past their first year, one far from leaving; the outflow fixture's leaver is dave's.
    soon = StudentFactory(team=team, regiehouder=alice, start_date=date(2026, 9, 1))
    PlacementFactory(student=soon, start_date=date(2027, 1, 1), end_date=date(2027, 8, 31))
    StudentFactory(team=team, regiehouder=alice, start_date=date(2026, 4, 1))
    StudentFactory(team=team, regiehouder=alice, start_date=date(2027, 3, 1))
    _ask_help(outflow, dave)
    overview = overview_for(dave, TODAY)
    assert overview.expected == 2
    assert overview.signals == {
        "checklist_open": 1,
        "overdracht_onbevestigd": 0,
        "nazorg_binnenkort": 0,  # the one-month contact is recorded; the next is in September
        "nazorg_te_laat": 0,
        "wil_hulp": 1,
    }
    assert (overview.contacts_done, overview.contacts_reached, overview.reach_rate) == (1, 1, 100)
    rows = expected_by_mentor(dave, TODAY)
    assert [(r["regiehouder__last_name"], r["n"]) for r in rows] == [(alice.last_name, 2)]


def test_each_number_is_its_caseload_signal_counted_from_its_own_table(
    outflow, dave, alice, carol, team, other_team, django_capture_on_commit_callbacks
):
    # Left in January: the contacts after one and three months are both late (one
    # student), the one after six months is on 4 July (coming up).
    late = _leaver(team, alice, dave, left_on=date(2027, 1, 4))
    # Left early June: the one-month contact is on 5 July, within two weeks.
    _leaver(team, alice, dave, left_on=date(2027, 6, 5))
    _ask_help(outflow, dave)  # an open task
    # A partner of the late leaver, asked on 1 June and still silent: more than ten
    # working days ago.
    contact = NetworkContactFactory(
        student=late.student, kind="werkgever", email="w@x.example.test"
    )
    ConsentFactory(
        student=late.student,
        contact=contact,
        purpose=ConsentPurpose.GEGEVENS_DELEN,
        given=True,
        recorded_by=alice,
    )
    partner = partner_add(handover=late.handover, by=dave, kind="werkgever", contact=contact)
    with (
        time_machine.travel(date(2027, 6, 1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        link_send(partner=partner, by=dave)
    # Another team's leaver, late too, whom dave does not see.
    elsewhere = UserFactory(roles=[Role.COORDINATOR], teams=[other_team])
    _leaver(other_team, carol, elsewhere, left_on=date(2027, 1, 4))
    overview = overview_for(dave, TODAY)
    assert overview.signals == {
        "checklist_open": 3,
        "overdracht_onbevestigd": 1,
        "nazorg_binnenkort": 2,
        "nazorg_te_laat": 1,
        "wil_hulp": 1,
    }
    caseload = {signal.code: n for signal, n in signal_counts(students_visible_to(dave), TODAY)}
    assert overview.signals == {code: caseload[code] for code in OVERVIEW_SIGNALS}


def test_the_overview_costs_the_same_for_many_leavers(
    outflow, dave, alice, team, django_assert_num_queries
):
    _ask_help(outflow, dave)
    overview_for(dave, TODAY)  # the user's teams, kept on the user as during a request
    with django_assert_num_queries(2):
        overview_for(dave, TODAY)
    for _ in range(3):
        _ask_help(_leaver(team, alice, dave, left_on=date(2027, 1, 4)), dave)
    with django_assert_num_queries(2):
        assert overview_for(dave, TODAY).signals["wil_hulp"] == 4


def test_the_dashboard_links_each_number_and_names_no_active_student(
    outflow, dave, alice, team, client_for, django_assert_max_num_queries
):
    hidden = StudentFactory(
        team=team, regiehouder=alice, start_date=date(2026, 4, 1), last_name="Verborgen"
    )
    client = client_for(dave)
    with django_assert_max_num_queries(8):
        page = client.get("/uitstroom/").content.decode()
    assert "/studenten/?signal=checklist_open" in page
    assert "/uitstroom/verwacht/" in page and "/uitstroom/taken/" in page
    assert "/uitstroom/nazorg/?stand=te_laat" in page
    expected = client.get("/uitstroom/verwacht/").content.decode()
    assert alice.last_name in expected and hidden.last_name not in expected


@pytest.mark.parametrize("who", ["carol", "erin", "frank"])
def test_roles_without_these_students_see_nothing(outflow, personas, client_for, who):
    client = client_for(personas[who])
    for url in ("/uitstroom/", "/uitstroom/verwacht/", "/uitstroom/nazorg/", "/uitstroom/taken/"):
        response = client.get(url)
        if who == "carol":  # a mentor of another team: her own (empty) view
            assert outflow.student.last_name not in response.content.decode()
        else:
            assert response.status_code == 404


def test_anonymous_is_sent_to_login(client):
    assert client.get("/uitstroom/").status_code == 302


def test_the_contact_lists_follow_the_state(outflow, dave, client_for):
    client = client_for(dave)
    assert outflow.student.last_name not in client.get("/uitstroom/nazorg/").content.decode()
    _ask_help(outflow, dave)
    done = client.get("/uitstroom/nazorg/?stand=gedaan").content.decode()
    assert outflow.student.last_name in done
    assert "Contactmoment na 1 maand" in done
    assert client.get("/uitstroom/nazorg/?stand=onzin").status_code == 200  # the default


def test_the_contact_list_costs_the_same_for_many_leavers(
    outflow, dave, alice, team, client_for, django_assert_num_queries, django_assert_max_num_queries
):
    _ask_help(outflow, dave)
    client = client_for(dave)
    client.get("/uitstroom/nazorg/?stand=gedaan")  # the session's first request
    with django_assert_max_num_queries(6) as few:
        client.get("/uitstroom/nazorg/?stand=gedaan")
    for _ in range(3):
        _ask_help(_leaver(team, alice, dave), dave)
    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get("/uitstroom/nazorg/?stand=gedaan").content.decode()
    assert page.count("Contactmoment na 1 maand") == 4


def test_a_task_is_handled_once_by_someone_who_may(outflow, dave, bob, client_for):
    _ask_help(outflow, dave)
    task = FollowUpTask.objects.get()
    page = client_for(dave).get("/uitstroom/taken/").content.decode()
    assert outflow.student.last_name in page and "geen (geen toestemming" in page
    # A mentor of the team reads the leaver's record but does not change it.
    assert client_for(bob).post(f"/uitstroom/taken/{task.uuid}/afgehandeld/").status_code == 403
    assert FollowUpTask.objects.get().done_on is None
    assert client_for(dave).post(f"/uitstroom/taken/{task.uuid}/afgehandeld/").status_code == 302
    handled = FollowUpTask.objects.get()
    assert handled.done_on == TODAY and handled.done_by == dave
    assert client_for(dave).post(f"/uitstroom/taken/{task.uuid}/afgehandeld/").status_code == 404


def test_the_task_list_costs_the_same_for_many_tasks(
    outflow, dave, alice, team, client_for, django_assert_num_queries, django_assert_max_num_queries
):
    _ask_help(outflow, dave)
    client = client_for(dave)
    client.get("/uitstroom/taken/")  # the session's first request
    with django_assert_max_num_queries(7) as few:
        client.get("/uitstroom/taken/")
    for _ in range(3):
        _ask_help(_leaver(team, alice, dave), dave)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get("/uitstroom/taken/")


# --- The signal to the gemeente or Doorstroompunt ----------------------------------------


def _partner(outflow, dave, alice, *, kind="gemeente", consent=True, email="wijk@gemeente.example"):
    person = NetworkContactFactory(student=outflow.student, kind="gemeente", email=email)
    ConsentFactory(
        student=outflow.student,
        contact=person,
        purpose=ConsentPurpose.GEGEVENS_DELEN,
        given=True,
        recorded_by=alice,
    )
    partner = partner_add(handover=outflow.handover, by=dave, kind=kind)
    partner_set_contact(partner=partner, by=dave, contact=person)
    if not consent:
        ConsentFactory(
            student=outflow.student,
            contact=person,
            purpose=ConsentPurpose.GEGEVENS_DELEN,
            given=False,
            recorded_by=alice,
        )
    return partner


def test_with_consent_the_gemeente_hears_without_a_name(
    outflow, dave, alice, django_capture_on_commit_callbacks
):
    _partner(outflow, dave, alice)
    _partner(outflow, dave, alice, kind="werkgever", email="baas@bedrijf.example")
    with django_capture_on_commit_callbacks() as queued:
        _ask_help(outflow, dave)
    assert len(queued) == 1  # the Celery task, queued after the commit
    signal = SupportSignal.objects.get()
    assert signal.sent_to == "wijk@gemeente.example"
    assert support_signal_send(signal.pk) is True
    [message] = [m for m in mail.outbox if m.to == ["wijk@gemeente.example"]]
    text = message.body + message.alternatives[0][0]
    assert "hulp" in text and dave.email in text
    student = outflow.student
    assert student.first_name not in text and student.last_name not in text
    # Sending again (a retried task) mails nothing more.
    assert support_signal_send(signal.pk) is False
    assert len([m for m in mail.outbox if m.to == ["wijk@gemeente.example"]]) == 1


def test_without_consent_no_signal_goes_out(outflow, dave, alice):
    _partner(outflow, dave, alice, consent=False)
    _ask_help(outflow, dave)
    assert not SupportSignal.objects.exists()
    assert FollowUpTask.objects.count() == 1  # the coordinator still has the task


def test_a_failing_signal_stays_visible(outflow, dave, alice, settings, client_for):
    settings.EMAIL_BACKEND = "tests.outflow.failing_mail.Backend"
    _partner(outflow, dave, alice)
    _ask_help(outflow, dave)
    signal = SupportSignal.objects.get()
    with pytest.raises(ConnectionError):
        support_signal_send(signal.pk)
    signal.refresh_from_db()
    assert signal.sent_at is None and signal.attempts == 1 and "mailserver" in signal.last_error
    assert "nog niet verstuurd" in client_for(dave).get("/uitstroom/taken/").content.decode()


def test_a_closed_trajectory_drops_out_of_the_lists(outflow, dave, client_for):
    from students.services import student_set_status

    _ask_help(outflow, dave)
    student_set_status(student=outflow.student, status=Status.AFGESLOTEN)
    assert (
        outflow.student.last_name not in client_for(dave).get("/uitstroom/taken/").content.decode()
    )


# --- The API ------------------------------------------------------------------------------


def test_the_api_lists_follow_the_same_rules(outflow, personas, api_for):
    _ask_help(outflow, personas["dave"])
    expected = {"dave": 1, "alice": 1, "bob": 1, "carol": 0, "erin": 0, "frank": 0}
    for who, count in expected.items():
        api = api_for(personas[who])
        contacts = api.get("/api/v1/follow-up/contacts/?state=gedaan")
        tasks = api.get("/api/v1/follow-up/tasks/")
        assert contacts.status_code == 200 and tasks.status_code == 200, who
        assert contacts.json()["count"] == count, who
        assert tasks.json()["count"] == count, who
    assert api_for(None).get("/api/v1/follow-up/tasks/").status_code == 401
    assert api_for(None).get("/api/v1/notifications/").status_code == 401


def test_the_api_marks_a_task_done_only_for_who_may(outflow, personas, api_for):
    _ask_help(outflow, personas["dave"])
    task = FollowUpTask.objects.get()
    url = f"/api/v1/follow-up/tasks/{task.uuid}/done/"
    assert api_for(personas["carol"]).post(url).status_code == 404
    assert api_for(personas["erin"]).post(url).status_code == 404
    assert api_for(personas["bob"]).post(url).status_code == 403
    answer = api_for(personas["dave"]).post(url)
    assert answer.status_code == 200 and answer.json()["done_on"] == TODAY.isoformat()


def test_the_api_lists_cost_the_same_for_more_rows(
    outflow, dave, alice, team, api_for, django_assert_num_queries
):
    _ask_help(outflow, dave)
    api = api_for(dave)
    urls = ("/api/v1/follow-up/contacts/?state=gedaan", "/api/v1/follow-up/tasks/")
    counts = {}
    for url in urls:
        api.get(url)
        with django_assert_num_queries(4) as few:
            api.get(url)
        counts[url] = len(few.captured_queries)
    for _ in range(3):
        _ask_help(_leaver(team, alice, dave), dave)
    for url in urls:
        with django_assert_num_queries(counts[url]):
            assert api.get(url).json()["count"] == 4


def test_notifications_through_the_api(outflow, dave, api_for):
    from outflow.services.reminders import reminders_create

    reminders_create(date(2027, 7, 26))
    api = api_for(dave)
    [item] = api.get("/api/v1/notifications/").json()["results"]
    assert item["kind"] == "contact_due" and item["read"] is False
    assert outflow.student.last_name not in item["text"]
    assert api.post("/api/v1/notifications/read/").json() == {"marked": 1}
    assert api.get("/api/v1/notifications/").json()["results"][0]["read"] is True
