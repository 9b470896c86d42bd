"""Celery tasks of the student record: thin wrappers around services."""

from celery import shared_task

from students.services.caseload_export import caseload_export_run, caseload_exports_purge


@shared_task(name="students.tasks.build_caseload_export", time_limit=600, soft_time_limit=540)
def build_caseload_export(export_uuid: str) -> None:
    caseload_export_run(export_uuid=export_uuid)


@shared_task(name="students.tasks.purge_caseload_exports", time_limit=300, soft_time_limit=240)
def purge_caseload_exports() -> int:
    return caseload_exports_purge()
