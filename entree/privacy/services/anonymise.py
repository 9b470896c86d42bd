"""Anonymising students whose retention ended, or one student on an approved request.

What each app holds is registered by the app (``entree.core.anonymisation``); this module
applies it: wipe or replace the registered fields on the live rows, apply the same
replacements to the copies in the write audit's event tables, delete what is deleted, and
mark the student. Coded facts are not touched, so the annual report gives the same figures.

It connects as the database owner (``settings.PRIVACY_DATABASE``): the application role
may not change the event tables or the append-only records (consent, plan versions), and
the append-only triggers are switched off for this transaction only (``pgtrigger.ignore``,
which the application role could set but which would not help it: it lacks the UPDATE
right). Only the privacy worker has the owner's password, so the web process still cannot
alter the audit trail; the run itself is recorded (``AnonymisationRun``) and its own
writes carry the context ``{"command": "anonymise_due"}`` in the history.

Each batch is one transaction: an interruption loses at most the batch, and the next run
picks up every student not yet marked (idempotent, resumable). The log gets counts only.
"""

import json
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache

import pghistory.models
import pgtrigger
from django.apps import apps
from django.conf import settings
from django.db import connections, models, transaction
from django.utils import timezone

from entree.core.anonymisation import Holding, holdings
from entree.privacy.models import Anonymisation, AnonymisationRun, Reason, Trigger
from entree.privacy.selectors import students_due
from students.models import Student

logger = logging.getLogger(__name__)

#: Students per transaction: small enough to hold locks briefly, large enough for speed.
BATCH_SIZE = 200


def owner_alias() -> str:
    """The database connection the retention job (and nothing else) uses."""
    return str(settings.PRIVACY_DATABASE)


@cache
def event_models(model: type[models.Model]) -> tuple[type[models.Model], ...]:
    """The pghistory event models that copy ``model``'s rows (models do not change while
    the process runs)."""
    return tuple(
        candidate
        for candidate in apps.get_models()
        if issubclass(candidate, pghistory.models.Event)
        and getattr(candidate, "pgh_tracked_model", None) is model
    )


def _protect_uris() -> list[str]:
    """The append-only triggers of every registered model and its event models."""
    uris = []
    for holding in holdings():
        for model in [holding.model, *event_models(holding.model)]:
            for trigger in getattr(model._meta, "triggers", []):
                if isinstance(trigger, pgtrigger.Protect):
                    uris.append(f"{model._meta.label}:{trigger.name}")
    return uris


@dataclass
class Counts:
    students: int = 0
    rows: int = 0
    history_rows: int = 0
    deleted: int = 0


def _belongs(model: type[models.Model], path: str, pks: list[int], using: str) -> models.Q:
    """The rows of ``model`` (live or event) that belong to these students along ``path``.

    A path through a parent ("placement__student") is resolved through the parent's live
    rows *and* its history: an event row whose parent was deleted since still points at
    the parent's id, which only the parent's event table still links to the student.
    """
    if "__" not in path:
        return models.Q(**{f"{path}__in": pks})
    first, rest = path.split("__", 1)
    relation = model._meta.get_field(first)
    parent = relation.related_model
    assert isinstance(parent, type) and issubclass(parent, models.Model)  # noqa: S101
    ids = set(
        parent._default_manager.using(using)
        .filter(_belongs(parent, rest, pks, using))
        .values_list("pk", flat=True)
    )
    for event_model in event_models(parent):
        ids |= set(
            event_model._default_manager.using(using)
            .filter(_belongs(event_model, rest, pks, using))
            .values_list("pgh_obj_id", flat=True)
        )
    return models.Q(**{f"{first}_id__in": sorted(ids)})


def _scrub(holding: Holding, pks: list[int], using: str, counts: Counts) -> None:
    """Apply one app's replacements to its rows of these students and their event copies."""
    live = holding.model._default_manager.using(using).filter(
        _belongs(holding.model, holding.student, pks, using)
    )
    if holding.fields:
        counts.rows += live.update(**holding.fields)
    for event_model in event_models(holding.model):
        names = {f.name for f in event_model._meta.concrete_fields}
        fields = {name: value for name, value in holding.fields.items() if name in names}
        if fields:
            events = event_model._default_manager.using(using).filter(
                _belongs(event_model, holding.student, pks, using)
            )
            counts.history_rows += events.update(**fields)
    if holding.delete:
        counts.deleted += live.delete()[0]


def _history_context(using: str, run: AnonymisationRun) -> None:
    """Attribute the job's own writes in the history (pghistory reads these settings)."""
    metadata = json.dumps({"command": "anonymise_due", "run": run.pk})
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT set_config('pghistory.context_id', %s, true), "
            "set_config('pghistory.context_metadata', %s, true)",
            [str(uuid.uuid4()), metadata],
        )


def _anonymise_batch(pks: list[int], *, run: AnonymisationRun, reason: str) -> Counts:
    """One transaction: lock the students, skip any another run did meanwhile, scrub every
    registered holding, mark them."""
    using = owner_alias()
    counts = Counts()
    with transaction.atomic(using=using), pgtrigger.ignore(*_protect_uris(), databases=[using]):
        todo = list(
            Student.objects.using(using)
            .select_for_update(of=("self",))
            .filter(pk__in=pks, anonymisation__isnull=True)
            .values_list("pk", flat=True)
        )
        if not todo:
            return counts
        _history_context(using, run)
        for holding in holdings():
            _scrub(holding, todo, using, counts)
        Anonymisation.objects.using(using).bulk_create(
            [Anonymisation(student_id=pk, run=run, reason=reason) for pk in todo]
        )
        counts.students = len(todo)
    return counts


def _chunks(pks: list[int], size: int) -> Iterable[list[int]]:
    for start in range(0, len(pks), size):
        yield pks[start : start + size]


def anonymise_students(
    pks: list[int], *, run: AnonymisationRun, reason: str, batch_size: int = BATCH_SIZE
) -> AnonymisationRun:
    """Anonymise these students in batches and finish ``run`` with the counts."""
    using = owner_alias()
    total = Counts()
    for batch in _chunks(pks, batch_size):
        done = _anonymise_batch(batch, run=run, reason=reason)
        total.students += done.students
        total.rows += done.rows
        total.history_rows += done.history_rows
        total.deleted += done.deleted
        # Progress is visible on the privacy page while a long run goes on.
        AnonymisationRun.objects.using(using).filter(pk=run.pk).update(
            anonymised=models.F("anonymised") + done.students,
            rows=models.F("rows") + done.rows,
            history_rows=models.F("history_rows") + done.history_rows,
            deleted=models.F("deleted") + done.deleted,
        )
    AnonymisationRun.objects.using(using).filter(pk=run.pk).update(finished_at=timezone.now())
    run.refresh_from_db(using=using)
    logger.info(
        "anonymise: run %s (%s) anonymised %s of %s students; %s rows, %s history rows, %s deleted",
        run.pk,
        run.trigger,
        total.students,
        len(pks),
        total.rows,
        total.history_rows,
        total.deleted,
    )
    return run


def anonymise_due(
    today: date,
    *,
    dry_run: bool = False,
    batch_size: int = BATCH_SIZE,
    trigger: str = Trigger.COMMAND,
) -> AnonymisationRun:
    """Anonymise every student whose retention ended on or before ``today``.

    With ``dry_run`` nothing changes: the run records how many are due. Running it again
    (or after an interruption) anonymises only the students not yet marked.
    """
    using = owner_alias()
    pks = list(students_due(today).using(using).values_list("pk", flat=True))
    run = AnonymisationRun.objects.using(using).create(
        trigger=trigger, dry_run=dry_run, today=today, due=len(pks)
    )
    if dry_run:
        AnonymisationRun.objects.using(using).filter(pk=run.pk).update(finished_at=timezone.now())
        run.refresh_from_db(using=using)
        logger.info("anonymise: dry run %s: %s students due", run.pk, len(pks))
        return run
    return anonymise_students(pks, run=run, reason=Reason.RETENTION, batch_size=batch_size)
