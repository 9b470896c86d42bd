"""Reading the two audit trails, for the functioneel beheerder only.

What is shown is *that* something happened — who, when, which record, which fields —
never the personal data itself: the beheerder has no business with student content.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

import pghistory
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.text import capfirst
from pghistory.models import Events

from entree.accounts.models import User
from entree.accounts.roles import administers
from entree.audit.models import AccessLog
from entree.audit.subjects import uuids_for_number


def _require_admin(user: User) -> None:
    # The same 404 as for a page that does not exist: no hint that an audit log is here.
    if not administers(user):
        raise Http404


def tracked_models() -> dict[str, str]:
    """``{"students.Student": "student", ...}`` for every model whose writes are recorded."""
    # pghistory's event models name the model they track (not known to the type checker).
    tracked = {m.pgh_tracked_model for m in _event_models()}  # type: ignore[attr-defined]
    return dict(
        sorted(((m._meta.label, str(m._meta.verbose_name)) for m in tracked), key=lambda i: i[1])
    )


def _event_models() -> list[type[Model]]:
    return [
        model
        for model in apps.get_models()
        if issubclass(model, pghistory.models.Event) and not model._meta.abstract
    ]


@dataclass(frozen=True)
class WriteEvent:
    at: datetime
    action: str
    record_type: str
    record_id: str
    fields: list[str]
    user_id: int | None
    url: str


def write_events_for_admin(
    *,
    user: User,
    record_type: str = "",
    actor_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
) -> QuerySet:
    """All recorded writes, newest first, filtered. Raises 404 for anyone but a beheerder."""
    _require_admin(user)
    qs = Events.objects.across(*_event_models()).order_by("-pgh_created_at", "-pgh_id")
    if record_type:
        qs = qs.filter(pgh_obj_model=record_type)
    if actor_id is not None:
        qs = qs.filter(pgh_context__user=actor_id)
    if since:
        qs = qs.filter(pgh_created_at__date__gte=since)
    if until:
        qs = qs.filter(pgh_created_at__date__lte=until)
    return qs


def _field_labels(model_label: str) -> dict[str, str]:
    """``{"decided_by_id": "Besluit genomen door", ...}``: the labels the pages use for a
    model's fields, in the active language, by name and by column name (a foreign key is
    recorded as ``decided_by_id``)."""
    try:
        model = apps.get_model(model_label)
    except LookupError:  # an event of a model that no longer exists: names as stored
        return {}
    labels = {}
    for field in model._meta.concrete_fields:
        label = capfirst(str(field.verbose_name))
        labels[field.name] = labels[field.attname] = label
    return labels


def describe_write_events(events: Any) -> list[WriteEvent]:
    """Turn raw events into what the log page shows: field *labels*, not values.

    The labels are the ones the beheerder and the mentors see on the pages, in the
    reader's language; a field the model no longer has is shown by its stored name.
    """
    labels = {model._meta.label: str(model._meta.verbose_name) for model in apps.get_models()}
    field_labels: dict[str, dict[str, str]] = {}
    rows = []
    for event in events:
        context = event.pgh_context or {}
        data = event.pgh_data or {}
        if event.pgh_obj_model not in field_labels:
            field_labels[event.pgh_obj_model] = _field_labels(event.pgh_obj_model)
        names = field_labels[event.pgh_obj_model]
        rows.append(
            WriteEvent(
                at=event.pgh_created_at,
                action=event.pgh_label,
                record_type=labels.get(event.pgh_obj_model, event.pgh_obj_model),
                record_id=str(data.get("uuid") or event.pgh_obj_id),
                fields=sorted(names.get(key, key) for key in (event.pgh_diff or {})),
                user_id=context.get("user"),
                url=context.get("url", ""),
            )
        )
    return rows


def users_by_id(ids: Iterable[int | None]) -> dict:
    """One query for the names of everybody who appears on a log page."""
    wanted = {i for i in ids if i is not None}
    return get_user_model().objects.in_bulk(wanted) if wanted else {}


def access_log_for_admin(
    *,
    user: User,
    actor_id: int | None = None,
    student_uuid: UUID | str | None = None,
    student_number: str = "",
    channel: str = "",
    part: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AccessLog]:
    """The read log, newest first, filtered. Raises 404 for anyone but a beheerder.

    ``student_number`` finds the entries about the student(s) with that number: the number
    becomes UUIDs here (:mod:`entree.audit.subjects`), the beheerder never sees the record.
    """
    _require_admin(user)
    qs = AccessLog.objects.select_related("user")
    if actor_id is not None:
        qs = qs.filter(user_id=actor_id)
    if student_uuid:
        qs = qs.filter(student_uuid=student_uuid)
    if student_number:
        qs = qs.filter(student_uuid__in=uuids_for_number(student_number))
    if channel:
        qs = qs.filter(channel=channel)
    if part:
        qs = qs.filter(part=part)
    if since:
        qs = qs.filter(at__date__gte=since)
    if until:
        qs = qs.filter(at__date__lte=until)
    return qs
