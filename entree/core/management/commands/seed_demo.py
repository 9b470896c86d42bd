"""``manage.py seed_demo``: a realistic, fictional entree school to click through.

Deterministic (``--seed``), fast (bulk inserts) and safe to run twice (a second run sees
the demo institution and stops). Each app adds its part through its own ``demo.py``;
later issues extend those. Refused where ``ENTREE_DEMO_DATA_ALLOWED`` is off
(production), because the demo accounts share a published password.
"""

import random
from datetime import date

import pghistory
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from faker import Faker

from entree.accounts.models import Institution, Team, User
from entree.core.demo import DEMO_INSTITUTION, DEMO_PASSWORD, DEMO_TEAMS, DEMO_USERS
from students import demo as students_demo


class Command(BaseCommand):
    help = "Vult de database met fictieve demogegevens (teams, gebruikers, studenten)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026, help="Startgetal voor het toeval.")
        parser.add_argument(
            "--students", type=int, default=240, help="Aantal studenten (standaard 240)."
        )
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="Peildatum (JJJJ-MM-DD) waarop de demogegevens zijn afgestemd; standaard vandaag.",
        )

    def handle(self, *args, seed: int, students: int, today: date | None, **options):
        if not settings.ENTREE_DEMO_DATA_ALLOWED:
            raise CommandError(
                "Demogegevens zijn hier uitgeschakeld (ENTREE_DEMO_DATA_ALLOWED=false). "
                "Demoaccounts hebben een openbaar wachtwoord en horen niet in productie."
            )
        if students < 1:
            raise CommandError("--students moet minstens 1 zijn.")
        if Institution.objects.filter(name=DEMO_INSTITUTION).exists():
            self.stdout.write("Demogegevens staan er al; er is niets veranderd.")
            self._print_logins()
            return

        rng = random.Random(seed)
        fake = Faker("nl_NL")
        fake.seed_instance(seed)
        today = today or date.today()  # noqa: DTZ011 - a calendar day, local by intent

        with transaction.atomic(), pghistory.context(command="seed_demo"):
            institution = Institution.objects.create(name=DEMO_INSTITUTION, brin="99XX")
            teams = Team.objects.bulk_create(
                [Team(institution=institution, name=n, location=loc) for n, loc in DEMO_TEAMS]
            )
            users = self._users(teams)
            created = students_demo.seed(
                rng=rng,
                fake=fake,
                today=today,
                institution=institution,
                teams=teams,
                users=users,
                count=students,
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demogegevens aangemaakt: {len(teams)} teams, {len(users)} gebruikers, "
                f"{created} studenten."
            )
        )
        self._print_logins()

    def _print_logins(self) -> None:
        self.stdout.write(f"\nDemo-logins (wachtwoord voor allemaal: {DEMO_PASSWORD}):")
        for email, _first, _last, roles, _teams in DEMO_USERS:
            self.stdout.write(f"  {email:<34} {', '.join(roles)}")

    def _users(self, teams: list[Team]) -> dict[str, User]:
        users = {}
        for email, first, last, roles, team_indexes in DEMO_USERS:
            user = User.objects.create_user(
                email,
                DEMO_PASSWORD,
                first_name=first,
                last_name=last,
                roles=roles,
                is_staff="functioneel_beheerder" in roles,
            )
            user.teams.set([teams[i] for i in team_indexes])
            users[email] = user
        return users
