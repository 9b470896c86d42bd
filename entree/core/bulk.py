"""Bulk writing for the demo seeders (``seed_demo`` and every app's ``demo.py``): rows by
PostgreSQL's COPY with their ids taken from the sequence first, one-statement updates, and
the write history of a batch in one statement per table instead of a trigger per row."""

import io
import json
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

import pghistory.trigger
import pgtrigger
from django.db import connection, models
from django.utils import timezone

# --- The write history of a batch, in bulk -----------------------------------------------


@dataclass(frozen=True)
class _Tracked:
    """A model whose writes pghistory records, with what its insert trigger writes."""

    model: type[models.Model]
    event_model: type[models.Model]
    label: str
    #: The insert and update triggers (``pgtrigger.ignore`` URIs).
    uris: tuple[str, ...]


@cache
def _tracked() -> tuple[_Tracked, ...]:
    found: dict[Any, dict[str, Any]] = {}  # pgtrigger's stubs call the model an instance
    for model, trigger in pgtrigger.registered():
        if not isinstance(trigger, pghistory.trigger.Event):
            continue
        operation = str(trigger.operation)
        if operation not in ("INSERT", "UPDATE"):
            continue
        entry = found.setdefault(model, {"uris": [], "event": trigger.event_model})
        entry["uris"].append(f"{model._meta.label}:{trigger.name}")
        if operation == "INSERT":
            entry["label"] = trigger.label
    return tuple(
        _Tracked(model, entry["event"], entry["label"], tuple(entry["uris"]))
        for model, entry in found.items()
        if "label" in entry
    )


def _history_insert(tracked: _Tracked) -> str:
    """INSERT … SELECT of one event row per row above a primary key (the parameter): the
    columns and values pghistory's insert trigger writes, with the run's context found
    once, not per row."""
    model, event, quote = tracked.model, tracked.event_model, connection.ops.quote_name
    tracked_fields = {f.name for f in model._meta.fields}
    columns = ", ".join(
        quote(f.column)
        for f in event._meta.concrete_fields
        if not isinstance(f, models.AutoField | models.GeneratedField) and f.name in tracked_fields
    )
    pk = quote(model._meta.pk.column)
    label = tracked.label.replace("'", "''")
    return (
        f"INSERT INTO {quote(event._meta.db_table)} "  # noqa: S608 - names from the models
        f"({columns}, pgh_created_at, pgh_label, pgh_obj_id, pgh_context_id) "
        f"SELECT {columns}, NOW(), '{label}', {pk}, (SELECT _pgh_attach_context()) "
        f"FROM {quote(model._meta.db_table)} WHERE {pk} > %s ORDER BY {pk}"
    )


@contextmanager
def history_in_bulk() -> Iterator[None]:
    """Record a seed batch's writes in the history with one statement per table, not one
    trigger call per row.

    pghistory's triggers write an event row for every inserted or updated row, and that
    per-row work (a PL/pgSQL call, the context, the event insert) was nine tenths of the
    database's time in ``seed_demo``. Inside this block the insert and update triggers of
    every tracked model are skipped (``pgtrigger.ignore``, as the anonymisation job does
    for its own writes); at its end every row added meanwhile gets its ``insert`` event in
    one INSERT … SELECT per table, attributed to the run's context. A row added and then
    changed in the same block therefore has one event with its final state — as if it had
    been created so. Use it only around code that changes nothing it did not add itself
    (a seed batch adds to its own students only), inside a transaction, on a database
    nobody else writes to meanwhile (their new rows would be recorded twice).
    """
    tracked = _tracked()
    with connection.cursor() as cursor:
        quote = connection.ops.quote_name
        cursor.execute(
            "SELECT "
            + ", ".join(
                f"(SELECT COALESCE(MAX({quote(t.model._meta.pk.column)}), 0) "  # noqa: S608
                f"FROM {quote(t.model._meta.db_table)})"
                for t in tracked
            )
        )
        before = cursor.fetchone()
    with pgtrigger.ignore(*(uri for t in tracked for uri in t.uris)):
        yield
    with connection.cursor() as cursor:
        for t, after in zip(tracked, before, strict=True):
            cursor.execute(_history_insert(t), [after])


# --- Inserting in bulk ------------------------------------------------------------------

_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value: Any) -> str:
    """One value in COPY's text format (``\\N`` is NULL)."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return value.translate(_COPY_ESCAPES)
    if isinstance(value, int | uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return json.dumps(value).translate(_COPY_ESCAPES)
    if isinstance(value, list | tuple):
        return ("{" + ",".join(json.dumps(v, ensure_ascii=False) for v in value) + "}").translate(
            _COPY_ESCAPES
        )
    return str(value).translate(_COPY_ESCAPES)


#: The common types by exact type (a dictionary lookup instead of a chain of checks).
_COPY_FAST: dict[type, Callable[[Any], str]] = {
    type(None): lambda value: "\\N",
    bool: lambda value: "t" if value else "f",
    int: str,
    str: lambda value: value.translate(_COPY_ESCAPES),
    date: date.isoformat,
    datetime: datetime.isoformat,
    uuid.UUID: str,
}


def allocate_pks(objs: Sequence[models.Model]) -> None:
    """Give the objects without a primary key one from their table's sequence (one query),
    so that other rows can point at them before they are written."""
    missing = [obj for obj in objs if obj.pk is None]
    if not missing:
        return
    opts = missing[0]._meta
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [opts.db_table, opts.pk.column, len(missing)],
        )
        for obj, (pk,) in zip(missing, cursor.fetchall(), strict=True):
            obj.pk = pk


def bulk_insert(objs: Sequence[models.Model]) -> None:
    """``bulk_create`` for the demo seeders' large tables, by COPY: the same rows and the
    same effect on the objects (primary keys set, foreign keys taken from the related
    objects, ``auto_now`` fields filled), at a fraction of the Python time — Django's
    bulk_create spends most of it preparing every value of every row for an INSERT.

    Objects without a primary key get one from the table's sequence first
    (:func:`allocate_pks`). Values are written as Python
    holds them (choices, dates, UUIDs, lists, dicts); a model with other kinds of values
    needs ``bulk_create``.
    """
    if not objs:
        return
    model = type(objs[0])
    opts = model._meta
    fields = [f for f in opts.concrete_fields if not isinstance(f, models.GeneratedField)]
    stamps = [
        f for f in fields if isinstance(f, models.DateField) and (f.auto_now or f.auto_now_add)
    ]
    relations = [(f.name, f.attname) for f in fields if f.is_relation]
    attnames = [f.attname for f in fields]
    fast = _COPY_FAST.get
    allocate_pks(objs)
    with connection.cursor() as cursor:
        now = timezone.now()
        out = io.StringIO()
        for obj in objs:
            for f in stamps:
                setattr(obj, f.attname, now if isinstance(f, models.DateTimeField) else now.date())
            values, cached = obj.__dict__, obj._state.fields_cache
            for name, attname in relations:
                if values[attname] is None and name in cached:
                    related = cached[name]
                    values[attname] = related.pk if related is not None else None
            row = [values[attname] for attname in attnames]
            out.write("\t".join([(fast(type(v)) or _copy_text)(v) for v in row]))
            out.write("\n")
            obj._state.adding = False
            obj._state.db = connection.alias
        out.seek(0)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        cursor.cursor.copy_expert(
            f"COPY {connection.ops.quote_name(opts.db_table)} ({columns}) FROM STDIN", out
        )


def bulk_set(objs: Sequence[models.Model], fields: Sequence[str]) -> None:
    """``bulk_update`` in one statement: the objects' values of ``fields`` as arrays, joined
    on the primary key (Django's bulk_update builds a CASE per field of every row)."""
    if not objs:
        return
    opts = objs[0]._meta
    quote = connection.ops.quote_name
    pk = opts.pk
    targets = [opts.get_field(name) for name in fields]
    columns: list[models.Field] = [pk]
    for target in targets:
        assert isinstance(target, models.Field)  # noqa: S101 - concrete fields only
        columns.append(target)
    names = [f.column for f in columns]
    arrays = ", ".join(f"%s::{f.db_type(connection)}[]" for f in columns)
    assignments = ", ".join(f"{quote(c)} = v.{quote(c)}" for c in names[1:])
    values = [[getattr(obj, f.attname) for obj in objs] for f in columns]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(opts.db_table)} AS t SET {assignments} "  # noqa: S608 - model names
            f"FROM unnest({arrays}) AS v({', '.join(map(quote, names))}) "
            f"WHERE t.{quote(pk.column)} = v.{quote(pk.column)}",
            values,
        )
