"""A realistic school for the report tests: the demo seeders (``seed_demo``), so the
figures see intakes, placements, outflows and follow-up contacts as the demo has them."""

from datetime import date
from io import StringIO

from django.core.management import call_command
from django.db import transaction

from entree.accounts.models import Institution, Team, User
from entree.core.demo import DEMO_INSTITUTION, DEMO_USERS, DemoBatch, demo_seeders, team_weights
from entree.core.management.commands.seed_demo import DEFAULT_SEED
from students.models import Student

MANAGER = "manager@demo.example.test"


def demo_seed(*, students: int, today: date) -> User:
    """``seed_demo --students <students> --today <today>``; returns the demo manager (all
    three teams)."""
    call_command("seed_demo", students=students, today=today, stdout=StringIO())
    return User.objects.get(email=MANAGER)


def demo_add(*, start: int, stop: int, today: date) -> None:
    """Demo students ``start`` … ``stop - 1`` more, by every seeder, as a later batch of
    ``seed_demo`` would add them: the same school, grown."""
    institution = Institution.objects.get(name=DEMO_INSTITUTION)
    teams = list(Team.objects.filter(institution=institution).order_by("pk"))
    emails = [email for email, *_rest in DEMO_USERS]
    users = {u.email: u for u in User.objects.filter(email__in=emails)}
    batch = DemoBatch(
        seed=DEFAULT_SEED,
        today=today,
        institution=institution,
        teams=teams,
        users={email: users[email] for email in emails},
        start=start,
        stop=stop,
        team_weights=team_weights(len(teams)),
    )
    with transaction.atomic():
        for seeder in demo_seeders():
            seeder.seed(batch)


def demo_names() -> list[tuple[str, str]]:
    """(first name, last name with its prefix) of every demo student."""
    return [
        (first, f"{prefix} {last}".strip())
        for first, prefix, last in Student.objects.values_list(
            "first_name", "last_name_prefix", "last_name"
        )
    ]
