"""Demo accounts shared by ``seed_demo`` and the README: fictional people, example.test
domain (reserved, never delivers mail), and the random sources every app's ``demo.py``
draws from."""

import random
from functools import cache

from faker import Faker

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
