"""Demo accounts shared by ``seed_demo`` and the README: fictional people, example.test
domain (reserved, never delivers mail), and the random sources every app's ``demo.py``
draws from, and the registry of the apps' demo seeders."""

import io
import json
import random
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any

import pghistory.trigger
import pgtrigger
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models
from django.utils import timezone
from faker import Faker

from entree.accounts.models import Institution, Team, User

DEMO_PASSWORD = "Entree-demo-2026!"  # noqa: S105 - demo only; seed_demo refuses production

DEMO_INSTITUTION = "ROC De Nieuwe Koers (demo)"
#: Name of the demo institution while ``seed_demo`` is still filling it (followed by the
#: run's settings); renamed to ``DEMO_INSTITUTION`` when the last student is in.
DEMO_INSTITUTION_INCOMPLETE = f"{DEMO_INSTITUTION} – onvolledig"

#: (e-mail, first name, last name, roles, team indexes)
DEMO_USERS = [
    ("mentor@demo.example.test", "Sanne", "de Wit", ["mentor"], [0]),
    ("mentor2@demo.example.test", "Youssef", "Bakker", ["mentor"], [0]),
    ("mentor3@demo.example.test", "Lotte", "Hendriks", ["mentor"], [1]),
    ("mentor4@demo.example.test", "Daan", "Visser", ["mentor"], [2]),
    ("coordinator@demo.example.test", "Fatima", "El Idrissi", ["uitstroomcoordinator"], [0, 1, 2]),
    ("manager@demo.example.test", "Peter", "Smit", ["management"], [0, 1, 2]),
    ("beheer@demo.example.test", "Ingrid", "Mulder", ["functioneel_beheerder"], []),
]

#: (name, location)
DEMO_TEAMS = [
    ("Entree Zorg en Retail", "Locatie Centrum"),
    ("Entree Techniek en Logistiek", "Locatie Haven"),
    ("Entree Horeca en Groen", "Locatie Noord"),
]


def student_random(seed: int, index: int, part: str) -> random.Random:
    """The random source for one app's ``part`` of the demo student with this index.

    Every student draws from a source of its own, derived from ``--seed``, its index and
    the part, never from one shared stream: the data then do not depend on the batch size
    ``seed_demo`` commits in, an interrupted seed can resume at any student, and one app
    adding draws does not shift what another app's students look like. (A string seed is
    hashed with SHA-512: stable across Python runs and versions.)
    """
    return random.Random(f"{seed}:{part}:{index}")  # noqa: S311 - demo data, not secrets


@cache
def _faker() -> Faker:
    return Faker("nl_NL")  # building one takes ~50 ms: do it once


def faker_for(rng: random.Random) -> Faker:
    """The shared Dutch Faker, drawing from ``rng`` (so names follow the student's source)."""
    fake = _faker()
    # Faker's type stubs leave out the ``random`` property that Faker itself has.
    fake.random = rng  # type: ignore[attr-defined]
    return fake


#: A national-scale seed (``seed_demo --teams 50``) adds generated teams after DEMO_TEAMS.
_LOCATIONS = ("Centrum", "Haven", "Noord", "Zuid", "Oost", "West", "Campus", "Stationsplein")
#: Students per mentor in a generated school: about one mentor per 250 students.
STUDENTS_PER_MENTOR = 250
#: A generated school has one uitstroomcoördinator per this many teams.
TEAMS_PER_COORDINATOR = 5
#: Share of all students in the deliberately huge team (``seed_demo --huge-team``).
HUGE_TEAM_SHARE = 0.2
HUGE_TEAM = ("Entree Extreem groot (benchmark)", "Locatie Benchmark")


def demo_teams(count: int, *, huge: bool = False) -> list[tuple[str, str]]:
    """(name, location) of ``count`` teams — DEMO_TEAMS first — plus the huge team if asked."""
    teams = list(DEMO_TEAMS[:count])
    for index in range(len(teams), count):
        location = _LOCATIONS[index % len(_LOCATIONS)]
        teams.append((f"Entree team {index + 1:02d}", f"Locatie {location} {index // 8 + 1}"))
    if huge:
        teams.append(HUGE_TEAM)
    return teams


def team_weights(count: int, *, huge: bool = False) -> list[float]:
    """Relative sizes of the teams of :func:`demo_teams`.

    Entree teams differ by location, not by a factor of ten: team ``i`` weighs
    ``1 / (1 + i/8)``, so with 3 teams the largest holds 37% of the students (not the 64%
    that grouping by profile gave), and with 50 teams the largest ~6% (5,000 of 80,000) and
    the smallest a seventh of that. The huge team, when asked, holds HUGE_TEAM_SHARE of all
    students: the extreme a benchmark should show, not a school that exists.
    """
    weights = [1 / (1 + index / 8) for index in range(count)]
    if huge:
        total = sum(weights)
        weights.append(total * HUGE_TEAM_SHARE / (1 - HUGE_TEAM_SHARE))
    return weights


DemoUser = tuple[str, str, str, list[str], list[int]]


def demo_users(teams: int, *, huge: bool = False, students: int = 0) -> list[DemoUser]:
    """DEMO_USERS, plus — for a school of more than the three demo teams — enough mentors
    per team (one per STUDENTS_PER_MENTOR students) and one coordinator per
    TEAMS_PER_COORDINATOR generated teams. Team indexes into :func:`demo_teams`."""
    users: list[DemoUser] = list(DEMO_USERS)
    all_teams = demo_teams(teams, huge=huge)
    if len(all_teams) <= len(DEMO_TEAMS):
        return users
    weights = team_weights(teams, huge=huge)
    total = sum(weights)
    for index, weight in enumerate(weights):
        have = sum(1 for *_x, roles, idx in users if "mentor" in roles and index in idx)
        wanted = max(2, round(students * weight / total / STUDENTS_PER_MENTOR))
        for number in range(have + 1, wanted + 1):
            users.append(
                (
                    f"mentor.t{index:02d}.{number}@demo.example.test",
                    "Mentor",
                    f"Team {index:02d}-{number}",
                    ["mentor"],
                    [index],
                )
            )
    generated = list(range(len(DEMO_TEAMS), len(all_teams)))
    for group in range(0, len(generated), TEAMS_PER_COORDINATOR):
        members = generated[group : group + TEAMS_PER_COORDINATOR]
        users.append(
            (
                f"coordinator.t{members[0]:02d}@demo.example.test",
                "Coördinator",
                f"Teams {members[0]:02d}-{members[-1]:02d}",
                ["uitstroomcoordinator"],
                members,
            )
        )
    # Management of the whole school: the figures' worst case.
    users.append(
        (
            "manager.all@demo.example.test",
            "Directie",
            "Alle teams",
            ["management"],
            list(range(len(all_teams))),
        )
    )
    return users


# --- The seeders: each app adds its part of the demo school -------------------------------


@dataclass
class DemoBatch:
    """One batch of demo students, handed to every registered seeder in turn.

    ``students`` is filled by the seeder that creates the students (the students app);
    seeders registered after it (plans, placements, outflow) add their records to those
    students. Every seeder draws from :func:`student_random` with its own ``part``, so its
    data depend only on ``seed``, ``today`` and the student's index.
    """

    seed: int
    today: date
    institution: Institution
    #: In ``DEMO_TEAMS`` order.
    teams: list[Team]
    #: E-mail → user, in ``DEMO_USERS`` order.
    users: dict[str, User]
    #: Student indexes ``start`` … ``stop - 1``.
    start: int
    stop: int
    students: list[Any] = field(default_factory=list)
    #: Relative sizes of ``teams`` (:func:`team_weights`); equal when empty.
    team_weights: list[float] = field(default_factory=list)


@dataclass(frozen=True)
class DemoSeeder:
    key: str
    seed: Callable[[DemoBatch], None]
    #: How many demo students this seeder has finished in ``institution`` — only for the
    #: seeder that creates the students, so an interrupted run knows where to resume.
    seeded: Callable[[Institution], int] | None = None
    #: Run once when every batch is in (things that look across all students, such as
    #: the notifications of the day), with the demo's "today".
    finish: Callable[[date], None] | None = None


_seeders: dict[str, DemoSeeder] = {}


def register_demo_seeder(
    key: str,
    seed: Callable[[DemoBatch], None],
    *,
    seeded: Callable[[Institution], int] | None = None,
    finish: Callable[[date], None] | None = None,
) -> None:
    """Add an app's part to ``seed_demo``, from the app's ``AppConfig.ready()``. Seeders
    run in registration order, which follows ``INSTALLED_APPS``: the students first, then
    the apps that build on them (DESIGN §3)."""
    known = _seeders.get(key)
    if known is not None and known.seed is not seed:
        raise ImproperlyConfigured(f"Demo seeder {key!r} is registered twice.")
    _seeders[key] = DemoSeeder(key=key, seed=seed, seeded=seeded, finish=finish)


def demo_seeders() -> list[DemoSeeder]:
    """The registered seeders, in the order they run."""
    return list(_seeders.values())


def demo_students_seeded(institution: Institution) -> int:
    """How many demo students an earlier (interrupted) run committed in ``institution``."""
    counts = [s.seeded(institution) for s in _seeders.values() if s.seeded is not None]
    if not counts:
        raise ImproperlyConfigured("No demo seeder creates students (is 'students' installed?).")
    return min(counts)


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
