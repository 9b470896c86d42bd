"""Enqueueing Celery work safely from inside a transaction."""

from functools import partial
from typing import Any

from celery import Task
from django.db import transaction


def enqueue_on_commit(task: Task, *args: Any, **kwargs: Any) -> None:
    """Queue ``task`` only once the surrounding transaction has committed.

    A task queued inside a transaction may run before the commit (and see nothing) or
    after a rollback (and act on data that never existed). ``on_commit`` prevents both;
    outside a transaction it queues at once.
    """
    transaction.on_commit(partial(task.delay, *args, **kwargs))
