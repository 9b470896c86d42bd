"""``manage.py import_students FILE``: the SIS import from the command line.

The same service as the beheerder's page (``students.importer``): every row is checked
first, and one bad row means nothing changes. Exits with an error (non-zero) when the
file has errors, so a scheduled job notices.
"""

from pathlib import Path
from typing import Any

import pghistory
from django.core.management.base import BaseCommand, CommandError, CommandParser

from entree.accounts.models import Institution, User
from entree.accounts.roles import administers
from students.importer import students_import


def institution_named(name: str | None) -> Institution:
    """The institution ``--institution`` names, or the only one (also for import_outflow)."""
    if name:
        found = Institution.objects.filter(name__iexact=name.strip()).first()
        if found is None:
            known = ", ".join(Institution.objects.values_list("name", flat=True)) or "geen"
            raise CommandError(f"Instelling '{name}' bestaat niet. Instellingen: {known}.")
        return found
    institutions = list(Institution.objects.order_by("name")[:2])
    if not institutions:
        raise CommandError("Er is nog geen instelling; maak die eerst aan in /beheer/.")
    if len(institutions) > 1:
        raise CommandError("Er zijn meerdere instellingen: kies er een met --institution.")
    return institutions[0]


class Command(BaseCommand):
    help = (
        "Importeert studenten uit een CSV-bestand van het studentinformatiesysteem "
        "(formaat: docs/import-format.md). Alles of niets: bij één foute regel verandert er "
        "niets."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="Het CSV-bestand (UTF-8, ; of ,).")
        parser.add_argument(
            "--institution",
            help="Naam van de instelling; alleen nodig als er meer dan één is.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Alleen controleren en laten zien wat er zou veranderen; niets opslaan.",
        )
        parser.add_argument(
            "--by",
            metavar="EMAIL",
            help="E-mailadres van de functioneel beheerder namens wie wordt geïmporteerd "
            "(komt in het wijzigingslog).",
        )

    def handle(
        self,
        *args: Any,
        file: Path,
        institution: str | None,
        dry_run: bool,
        by: str | None,
        **options: Any,
    ) -> None:
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Kan {file} niet lezen: {error.strerror}.") from None
        target = institution_named(institution)
        user = self._user(by)

        with pghistory.context(command="import_students"):
            result = students_import(institution=target, data=data, by=user, dry_run=dry_run)

        for warning in result.warnings:
            self.stdout.write(self.style.WARNING(f"Let op — {warning}"))
        for problem in result.file_errors + result.errors:
            self.stderr.write(str(problem))
        if not result.ok:
            count = len(result.file_errors) + len(result.errors)
            raise CommandError(
                f"Import afgebroken: {count} fout(en) in {file.name}. Er is niets veranderd."
            )
        if options["verbosity"] >= 2:
            for row in result.changes:
                columns = f" ({', '.join(row.columns)})" if row.columns else ""
                self.stdout.write(
                    f"Regel {row.line}: {row.student_number} {row.action_label}{columns}"
                )
        summary = (
            f"{result.created} nieuw, {result.updated} bijgewerkt, "
            f"{result.unchanged} ongewijzigd ({target.name})."
        )
        if dry_run:
            self.stdout.write(f"Proefimport, er is niets opgeslagen: {summary}")
        else:
            self.stdout.write(self.style.SUCCESS(f"Geïmporteerd: {summary}"))

    def _user(self, email: str | None) -> User | None:
        if not email:
            return None
        user = User.objects.filter(email=email.strip().lower()).first()
        if user is None or not administers(user):
            raise CommandError(f"{email} is geen actief account van een functioneel beheerder.")
        return user
