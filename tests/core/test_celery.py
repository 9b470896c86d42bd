"""Celery on the real Redis broker with a real worker (in a thread of this process)."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from celery.contrib.testing.worker import start_worker
from django.db import transaction
from django.utils import timezone

from entree.accounts.tasks import purge_expired_login_attempts
from entree.celery import app
from entree.core.tasks import enqueue_on_commit
from tests.waiting import wait_until

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker():
    app.control.purge()
    with start_worker(
        app, pool="solo", concurrency=1, perform_ping_check=False, shutdown_timeout=10
    ):
        yield


def _old_attempt(username: str) -> AccessAttempt:
    attempt = AccessAttempt.objects.create(
        username=username,
        ip_address="127.0.0.1",
        user_agent="test",
        get_data="",
        post_data="",
        http_accept="",
        path_info="/account/inloggen/",
        failures_since_start=1,
    )
    AccessAttempt.objects.filter(pk=attempt.pk).update(
        attempt_time=timezone.now() - timedelta(days=400)
    )
    return attempt


def test_worker_runs_the_scheduled_purge_of_old_login_attempts(worker):
    _old_attempt("oud@school.example.test")
    recent = AccessAttempt.objects.create(
        username="nieuw@school.example.test",
        ip_address="127.0.0.1",
        user_agent="test",
        get_data="",
        post_data="",
        http_accept="",
        path_info="/",
        failures_since_start=1,
    )
    purge_expired_login_attempts.delay()
    assert wait_until(lambda: not AccessAttempt.objects.filter(username__startswith="oud").exists())
    assert AccessAttempt.objects.filter(pk=recent.pk).exists()


def test_a_task_is_sent_to_redis_only_when_the_transaction_commits():
    # No worker here: we look at the broker's queue itself.
    from redis import Redis

    app.control.purge()
    queue = Redis.from_url(app.conf.broker_url)

    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        enqueue_on_commit(purge_expired_login_attempts)
        assert queue.llen("celery") == 0  # not yet sent inside the transaction
        raise Abort
    assert queue.llen("celery") == 0  # rolled back: never sent
    with transaction.atomic():
        enqueue_on_commit(purge_expired_login_attempts)
        assert queue.llen("celery") == 0
    assert queue.llen("celery") == 1  # committed: sent
    app.control.purge()


def test_worker_settings_are_safe_for_lost_workers():
    conf = app.conf
    assert conf.task_acks_late is True
    assert conf.worker_prefetch_multiplier == 1
    assert conf.task_time_limit and conf.task_soft_time_limit < conf.task_time_limit
    assert "purge-expired-login-attempts" in conf.beat_schedule


def test_every_scheduled_task_exists():
    """A typo in the beat schedule would fail silently at night: every entry names a
    registered task."""
    app.loader.import_default_modules()
    for name, entry in app.conf.beat_schedule.items():
        assert entry["task"] in app.tasks, name
    assert {"remind-due", "close-finished-trajectories"} <= set(app.conf.beat_schedule)
