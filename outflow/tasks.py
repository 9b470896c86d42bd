"""Celery tasks of the outflow app: the reminder run, one digest per person, and closing
the trajectories whose two years are over."""

from celery import shared_task
from django.utils import timezone

from outflow.services.followup import close_finished_trajectories
from outflow.services.reminders import MAX_ATTEMPTS, digest_send, reminders_create
from outflow.services.support import support_signal_send


@shared_task(name="outflow.tasks.remind_due")
def remind_due() -> int:
    """The beat's daily tick: write what has fallen due (a missed day is caught up) and
    send each person with pending reminders one digest. Returns the number of digests
    queued."""
    run = reminders_create(timezone.localdate())
    for user_id in run.users:
        send_digest.delay(user_id)
    return len(run.users)


@shared_task(
    name="outflow.tasks.send_digest",
    autoretry_for=(Exception,),
    retry_backoff=30,
    retry_backoff_max=3600,
    max_retries=MAX_ATTEMPTS - 1,
)
def send_digest(user_id: int) -> int:
    """One person's digest. A failing mail server is retried with backoff; the service
    marks the reminders failed after the last attempt (shown to the beheerder)."""
    return digest_send(user_id)


@shared_task(name="outflow.tasks.close_finished_trajectories")
def close_finished() -> int:
    """Nightly: close every trajectory whose two years of follow-up are over."""
    return close_finished_trajectories(timezone.localdate())


@shared_task(
    name="outflow.tasks.send_support_signal",
    autoretry_for=(Exception,),
    retry_backoff=30,
    retry_backoff_max=3600,
    max_retries=MAX_ATTEMPTS - 1,
)
def send_support_signal(signal_id: int) -> bool:
    """Mail the gemeente or Doorstroompunt that a leaver asked for help (retried with
    backoff; one that never went out stays visible on the task)."""
    return support_signal_send(signal_id)
