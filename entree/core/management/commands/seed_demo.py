"""``manage.py seed_demo``: a realistic, fictional entree school to click through.

Deterministic (``--seed``), fast (bulk inserts) and safe to run twice (a second run sees
the demo institution and stops). Each app adds its part through its own ``demo.py``,
registered as a demo seeder from its ``AppConfig.ready()``. Refused where
``ENTREE_DEMO_DATA_ALLOWED`` is off (production), because the demo accounts share a
published password.

National scale (``--students 100000``): students are created and committed in batches
(``--batch``), each its own transaction, so memory stays bounded and progress is visible.
Every student's data depend only on the seed, the reference day and its index, so the
batch size does not change the result. Until the last batch is in, the institution is
called ``DEMO_INSTITUTION_INCOMPLETE`` followed by the run's settings; a rerun after an
interruption reads them from there and carries on where the last committed batch ended
(docs/decisions.md, "Demo data").
"""

import re
import time
from datetime import date
from typing import Any, NamedTuple

import pghistory
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import reset_queries, transaction

from entree.accounts.models import Institution, Team, User
from entree.core.bulk import history_in_bulk
from entree.core.demo import (
    DEMO_INSTITUTION,
    DEMO_INSTITUTION_INCOMPLETE,
    DEMO_PASSWORD,
    DEMO_TEAMS,
    DEMO_USERS,
    DemoBatch,
    demo_seeders,
    demo_students_seeded,
    demo_teams,
    demo_users,
    team_weights,
)

DEFAULT_SEED = 2026
DEFAULT_STUDENTS = 600
DEFAULT_BATCH = 5000


class Run(NamedTuple):
    """The settings that decide the demo data; kept in the incomplete institution's name."""

    seed: int
    students: int
    today: date
    teams: int = len(DEMO_TEAMS)
    huge: bool = False

    def arguments(self) -> str:
        return (
            f"--seed {self.seed} --students {self.students} --today {self.today.isoformat()} "
            f"--teams {self.teams}" + (" --huge-team" if self.huge else "")
        )

    @classmethod
    def from_institution_name(cls, name: str) -> "Run | None":
        found = re.search(
            r"--seed (-?\d+) --students (\d+) --today (\d{4}-\d\d-\d\d)"
            r"(?: --teams (\d+))?( --huge-team)?",
            name,
        )
        if found is None:
            return None
        seed, students, today, teams, huge = found.groups()
        return cls(
            int(seed),
            int(students),
            date.fromisoformat(today),
            int(teams) if teams else len(DEMO_TEAMS),
            bool(huge),
        )

    def school(self) -> tuple[list[tuple[str, str]], list]:
        """The (name, location) of each team and the users of this run."""
        return (
            demo_teams(self.teams, huge=self.huge),
            demo_users(self.teams, huge=self.huge, students=self.students),
        )


class Command(BaseCommand):
    help = "Vult de database met fictieve demogegevens (teams, gebruikers, studenten)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed", type=int, default=None, help=f"Startgetal voor het toeval ({DEFAULT_SEED})."
        )
        parser.add_argument(
            "--students",
            type=int,
            default=None,
            help=f"Aantal studenten (standaard {DEFAULT_STUDENTS}).",
        )
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="Peildatum (JJJJ-MM-DD) waarop de demogegevens zijn afgestemd; standaard vandaag.",
        )
        parser.add_argument(
            "--teams",
            type=int,
            default=None,
            help=(
                f"Aantal teams (standaard {len(DEMO_TEAMS)}); meer teams krijgen gegenereerde "
                "mentoren (één per 250 studenten) en coördinatoren."
            ),
        )
        parser.add_argument(
            "--huge-team",
            action="store_true",
            default=None,
            help="Voeg één extreem groot team toe (20%% van de studenten), voor de benchmark.",
        )
        parser.add_argument(
            "--batch",
            type=int,
            default=DEFAULT_BATCH,
            help=(
                f"Studenten per transactie (standaard {DEFAULT_BATCH}); verandert niets aan "
                "de gegevens, alleen aan het geheugengebruik."
            ),
        )

    def handle(
        self,
        *args: Any,
        seed: int | None,
        students: int | None,
        today: date | None,
        teams: int | None,
        huge_team: bool | None,
        batch: int,
        **options: Any,
    ) -> None:
        if not settings.ENTREE_DEMO_DATA_ALLOWED:
            raise CommandError(
                "Demogegevens zijn hier uitgeschakeld (ENTREE_DEMO_DATA_ALLOWED=false). "
                "Demoaccounts hebben een openbaar wachtwoord en horen niet in productie."
            )
        if students is not None and students < 1:
            raise CommandError("--students moet minstens 1 zijn.")
        if teams is not None and not 1 <= teams <= 99:
            raise CommandError("--teams moet tussen 1 en 99 liggen.")
        if batch < 1:
            raise CommandError("--batch moet minstens 1 zijn.")
        if Institution.objects.filter(name=DEMO_INSTITUTION).exists():
            self.stdout.write("Demogegevens staan er al; er is niets veranderd.")
            self._print_logins()
            return

        began = time.monotonic()
        with pghistory.context(command="seed_demo"):
            pending = Institution.objects.filter(
                name__startswith=DEMO_INSTITUTION_INCOMPLETE
            ).first()
            if pending is None:
                run = Run(
                    DEFAULT_SEED if seed is None else seed,
                    DEFAULT_STUDENTS if students is None else students,
                    today or date.today(),  # noqa: DTZ011 - a calendar day, local by intent
                    len(DEMO_TEAMS) if teams is None else teams,
                    bool(huge_team),
                )
                with transaction.atomic():
                    institution, team_list, users = self._create_school(run)
                done = 0
            else:
                institution, run = (
                    pending,
                    self._resumed_run(pending, seed, students, today, teams, huge_team),
                )
                team_list, users = self._school(institution, run)
                done = demo_students_seeded(institution)
                self.stdout.write(
                    f"Een eerdere seed_demo is afgebroken na {done} van {run.students} "
                    f"studenten; ik ga verder met dezelfde instellingen ({run.arguments()})."
                )
            done = self._seed_students(run, institution, team_list, users, done, batch, began)
            with transaction.atomic():
                for seeder in demo_seeders():
                    if seeder.finish is not None:
                        seeder.finish(run.today)
                # Only now is the demo complete: the next run sees it and stops.
                institution.name = DEMO_INSTITUTION
                institution.save(update_fields=["name", "updated_at"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Demogegevens aangemaakt: {len(team_list)} teams, {len(users)} gebruikers, "
                f"{done} studenten ({time.monotonic() - began:.0f} s)."
            )
        )
        self._print_logins()

    def _resumed_run(
        self,
        pending: Institution,
        seed: int | None,
        students: int | None,
        today: date | None,
        teams: int | None,
        huge: bool | None,
    ) -> Run:
        run = Run.from_institution_name(pending.name)
        if run is None:
            raise CommandError(
                f"Instelling '{pending.name}' is van een afgebroken seed_demo, maar de "
                "instellingen van die run zijn onleesbaar. Begin opnieuw met een lege database."
            )
        asked = (seed, students, today, teams, huge)
        if any(value is not None and value != kept for value, kept in zip(asked, run, strict=True)):
            raise CommandError(
                f"Een eerdere seed_demo ({run.arguments()}) is afgebroken. Maak hem af door "
                "seed_demo opnieuw te draaien zonder --seed, --students en --today (of met "
                "dezelfde waarden), of begin opnieuw met een lege database."
            )
        return run

    def _seed_students(
        self,
        run: Run,
        institution: Institution,
        teams: list[Team],
        users: dict[str, User],
        done: int,
        batch: int,
        began: float,
    ) -> int:
        width = len(str(run.students))
        try:
            for start in range(done, run.students, batch):
                stop = min(start + batch, run.students)
                batch_data = DemoBatch(
                    seed=run.seed,
                    today=run.today,
                    institution=institution,
                    teams=teams,
                    users=users,
                    start=start,
                    stop=stop,
                    team_weights=team_weights(run.teams, huge=run.huge),
                )
                with transaction.atomic(), history_in_bulk():
                    for seeder in demo_seeders():
                        seeder.seed(batch_data)
                done = stop
                reset_queries()  # with DEBUG on, Django keeps every statement (~1 MB a batch)
                self.stdout.write(
                    f"  {done:>{width}}/{run.students} studenten "
                    f"({100 * done // run.students}%, {time.monotonic() - began:.0f} s)"
                )
                self.stdout.flush()
        except KeyboardInterrupt:
            raise CommandError(self._stopped(done, run)) from None
        except BaseException:
            self.stderr.write(self._stopped(done, run))
            raise
        return done

    def _stopped(self, done: int, run: Run) -> str:
        return (
            f"Afgebroken na {done} van {run.students} studenten. Draai seed_demo opnieuw om "
            "verder te gaan waar het gebleven is."
        )

    def _create_school(self, run: Run) -> tuple[Institution, list[Team], dict[str, User]]:
        institution = Institution.objects.create(
            name=f"{DEMO_INSTITUTION_INCOMPLETE} ({run.arguments()})", brin="99XX"
        )
        team_names, people = run.school()
        teams = Team.objects.bulk_create(
            [Team(institution=institution, name=n, location=loc) for n, loc in team_names]
        )
        # In bulk (a national school has ~400 accounts): validated as create_user does,
        # without its per-user uniqueness queries (the e-mail addresses are the demo's
        # own), and hashed once — hashing is slow on purpose.
        password = make_password(DEMO_PASSWORD)
        users = {}
        for email, first, last, roles, _teams in people:
            user = User(
                email=User.objects.normalize_email(email).lower(),
                password=password,
                first_name=first,
                last_name=last,
                roles=roles,
                is_staff="functioneel_beheerder" in roles,
            )
            user.full_clean(validate_unique=False, validate_constraints=False)
            users[email] = user
        User.objects.bulk_create(users.values())
        User.teams.through.objects.bulk_create(
            User.teams.through(user_id=users[email].pk, team_id=teams[i].pk)
            for email, *_rest, team_indexes in people
            for i in team_indexes
        )
        return institution, teams, users

    def _school(self, institution: Institution, run: Run) -> tuple[list[Team], dict[str, User]]:
        """The teams and users an interrupted run created, in demo_teams / demo_users order."""
        team_names, people = run.school()
        teams = {t.name: t for t in Team.objects.filter(institution=institution)}
        emails = [email for email, *_ in people]
        users = {u.email: u for u in User.objects.filter(email__in=emails)}
        return [teams[name] for name, _loc in team_names], {e: users[e] for e in emails}

    def _print_logins(self) -> None:
        self.stdout.write(f"\nDemo-logins (wachtwoord voor allemaal: {DEMO_PASSWORD}):")
        for email, _first, _last, roles, _teams in DEMO_USERS:
            self.stdout.write(f"  {email:<34} {', '.join(roles)}")
