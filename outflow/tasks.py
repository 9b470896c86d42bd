"""Celery tasks of the outflow app: the reminder run, one digest per person, and closing
the trajectories whose two years are over."""

from celery import Task, shared_task
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


#: Seconds before a failed send is tried again, doubled each time (30 s, then 60 s): a
#: mail server that is briefly away is caught; one that stays away ends as "failed".
RETRY_BACKOFF = 30.0


def _backoff(task: Task) -> float:
    return RETRY_BACKOFF * 2**task.request.retries


@shared_task(bind=True, name="outflow.tasks.send_digest", max_retries=MAX_ATTEMPTS - 1)
def send_digest(self: Task, user_id: int) -> int:
    """One person's digest. A failing mail server is retried with backoff; the service
    marks the reminders failed after the last attempt (shown to the beheerder)."""
    try:
        return digest_send(user_id)
    except Exception as error:
        raise self.retry(exc=error, countdown=_backoff(self)) from error


@shared_task(name="outflow.tasks.close_finished_trajectories")
def close_finished() -> int:
    """Nightly: close every trajectory whose two years of follow-up are over."""
    return close_finished_trajectories(timezone.localdate())


@shared_task(bind=True, name="outflow.tasks.send_support_signal", max_retries=MAX_ATTEMPTS - 1)
def send_support_signal(self: Task, signal_id: int) -> bool:
    """Mail the gemeente or Doorstroompunt that a leaver asked for help (retried with
    backoff; one that never went out stays visible on the task)."""
    try:
        return support_signal_send(signal_id)
    except Exception as error:
        raise self.retry(exc=error, countdown=_backoff(self)) from error
