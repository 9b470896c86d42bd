"""Reminders exactly once: found in one query, one digest per person, nothing extra when
run twice or twice at once, a missed day caught up, a failing mail server retried and
then reported — with the real PostgreSQL and Redis, and a real Celery worker."""

import threading
import time
from collections.abc import Iterator
from datetime import date

import pytest
import time_machine
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.core.management import call_command
from django.db import connection

from entree.celery import app
from outflow import tasks
from outflow.models import Reminder, ReminderStatus
from outflow.services.reminders import digest_send, due_rows, reminders_create
from outflow.tasks import remind_due, send_digest
from tests.factories import UserFactory
from tests.waiting import wait_until

#: The one-month contact of the ``outflow`` fixture (left 26 June 2027) is due on 26 July.
DUE = date(2027, 7, 26)


def _digests_to(user) -> list:
    return [m for m in mail.outbox if m.to == [user.email]]


@pytest.mark.django_db
def test_finding_what_is_due_is_one_query(outflow, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = list(due_rows(DUE))
    assert [(r["what"], r["number"]) for r in rows] == [("contact", 1)]
    assert list(due_rows(date(2027, 7, 25))) == []


@pytest.mark.django_db
def test_a_due_contact_gives_exactly_one_digest_however_often_it_runs(outflow, dave):
    with time_machine.travel(DUE, tick=False):
        run = reminders_create(DUE)
        assert run.created == 1 and run.users == (dave.pk,)
        assert digest_send(dave.pk) == 1
        assert reminders_create(DUE).created == 0  # the key exists: nothing new
        assert digest_send(dave.pk) == 0  # nothing pending: nothing sent
    (digest,) = _digests_to(dave)
    assert "Nazorgcontact na 1 maand" in digest.body
    assert outflow.student.last_name not in digest.body  # no names in e-mail
    assert "text/html" in digest.alternatives[0][1]


@pytest.mark.django_db
def test_a_missed_day_is_caught_up_once(outflow, dave):
    later = date(2027, 7, 29)  # three days of no runs
    reminders_create(later)
    digest_send(dave.pk)
    assert len(_digests_to(dave)) == 1
    assert Reminder.objects.get().due_on == DUE


@pytest.mark.django_db
def test_a_long_overdue_contact_reaches_the_teams_lead_without_a_name(outflow, dave, team):
    lead = UserFactory(roles=["management"], teams=[team])
    reminders_create(date(2027, 8, 10))  # 15 days late
    escalated = Reminder.objects.get(user=lead)
    assert escalated.student is None and "te laat" in escalated.text
    assert reminders_create(date(2027, 8, 11)).created == 0


@pytest.mark.django_db
def test_a_failing_mail_server_is_retried_then_reported(outflow, dave, settings):
    settings.EMAIL_BACKEND = "tests.outflow.failing_mail.Backend"
    reminders_create(DUE)
    for attempt in range(1, 4):
        with pytest.raises(ConnectionError):
            digest_send(dave.pk)
        reminder = Reminder.objects.get()
        assert reminder.attempts == attempt
    assert reminder.status == ReminderStatus.FAILED
    assert "mailserver" in reminder.last_error
    assert digest_send(dave.pk) == 0  # failed reminders are not sent again by themselves


@pytest.mark.django_db(transaction=True)
def test_two_sends_at_the_same_time_mail_once(outflow, dave):
    reminders_create(DUE)
    results: list[int] = []

    def send() -> None:
        try:
            results.append(digest_send(dave.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [0, 1]
    assert len(_digests_to(dave)) == 1


@pytest.mark.django_db
def test_the_command_runs_the_same_service(outflow, dave, capsys):
    call_command("send_due_reminders", "--as-of", DUE.isoformat(), "--dry-run")
    assert "1 herinneringen verschuldigd" in capsys.readouterr().out
    assert not Reminder.objects.exists()
    call_command("send_due_reminders", "--as-of", DUE.isoformat())
    assert len(_digests_to(dave)) == 1


# --- The real Celery worker --------------------------------------------------------------


@pytest.fixture
def worker() -> Iterator[None]:
    app.control.purge()
    with start_worker(
        app, pool="solo", concurrency=1, perform_ping_check=False, shutdown_timeout=10
    ):
        yield


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_the_beat_task_through_a_real_worker_sends_once(worker, outflow, dave):
    with time_machine.travel(DUE, tick=True):
        remind_due.delay()
        assert wait_until(lambda: len(_digests_to(dave)) == 1)
        assert wait_until(lambda: Reminder.objects.filter(status=ReminderStatus.SENT).count() == 1)
        remind_due.delay()
        remind_due.delay()
        # Wait until the worker has taken both ticks off the queue, then a little more.
        assert wait_until(lambda: app.control.inspect().active() is not None, seconds=10)
        time.sleep(3)
    assert len(_digests_to(dave)) == 1
    assert Reminder.objects.get().status == ReminderStatus.SENT


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_a_failing_mail_server_is_retried_by_the_worker_then_reported(
    worker, outflow, dave, settings, monkeypatch
):
    """The task's own retry path through a real worker: three attempts with backoff
    (shortened here: 0.5 s, then 1 s), then failed for the
    beheerder — the reminder is kept, not lost."""
    settings.EMAIL_BACKEND = "tests.outflow.failing_mail.Backend"
    monkeypatch.setattr(tasks, "RETRY_BACKOFF", 0.5)
    reminders_create(DUE)
    send_digest.delay(dave.pk)
    assert wait_until(
        lambda: Reminder.objects.filter(status=ReminderStatus.FAILED).exists(), seconds=60
    )
    reminder = Reminder.objects.get()
    assert reminder.attempts == 3 and "mailserver" in reminder.last_error
    assert not _digests_to(dave)
