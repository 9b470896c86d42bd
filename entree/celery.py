"""The Celery application: Redis broker, settings from Django, a static beat schedule.

Workers acknowledge a task only after it ran (acks_late) and take one task at a time
(prefetch 1), so a crashed worker's task goes back to the queue instead of being lost.
"""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "entree.settings.development")

app = Celery("entree")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The schedule lives in code so that it is reviewed, versioned and the same everywhere.
app.conf.beat_schedule = {
    "purge-expired-login-attempts": {
        "task": "entree.accounts.tasks.purge_expired_login_attempts",
        "schedule": crontab(hour=3, minute=15),
    },
    # Large caseload exports are kept for a day at most (CASELOAD_EXPORT_RETENTION).
    "purge-caseload-exports": {
        "task": "students.tasks.purge_caseload_exports",
        "schedule": crontab(minute=5),  # hourly
    },
    # The follow-up's reminders: what fell due (and what a missed day left) in one
    # digest per person. Hourly, so a worker that was down catches up the same day; a
    # reminder is written once and sent once, however often this runs.
    "remind-due": {
        "task": "outflow.tasks.remind_due",
        "schedule": crontab(minute=20),
    },
    # Two years after outflow the trajectory closes (the one status table).
    "close-finished-trajectories": {
        "task": "outflow.tasks.close_finished_trajectories",
        "schedule": crontab(hour=2, minute=30),
    },
    # Records whose retention ended are anonymised (queue "privacy", the owner's worker),
    # after the trajectories of the night were closed.
    "anonymise-due": {
        "task": "entree.privacy.tasks.anonymise_due",
        "schedule": crontab(hour=3, minute=45),
    },
}
