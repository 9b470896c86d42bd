from celery import shared_task

from entree.accounts.services import login_attempts_purge


@shared_task(
    name="entree.accounts.tasks.purge_expired_login_attempts", time_limit=120, soft_time_limit=100
)
def purge_expired_login_attempts() -> int:
    return login_attempts_purge()
