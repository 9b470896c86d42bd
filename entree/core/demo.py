"""Demo accounts shared by ``seed_demo`` and the README: fictional people, example.test
domain (reserved, never delivers mail), and the random sources every app's ``demo.py``
draws from, and the registry of the apps' demo seeders."""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from django.core.exceptions import ImproperlyConfigured
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
