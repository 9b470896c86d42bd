"""``manage.py import_outflow FILE --by EMAIL``: the outflow import from the command line.

The same service as the beheerder's page (``outflow.importer``): every row is registered
with the outflow page's rules, and one refused row means nothing changes. ``--by`` is
required: the regie log records who transferred the regie. Exits with an error
(non-zero) when the file has errors, so a scheduled job notices.
"""

from pathlib import Path
from typing import Any

import pghistory
from django.core.management.base import BaseCommand, CommandError, CommandParser

from entree.accounts.models import User
from entree.accounts.roles import administers
from outflow.importer import outflow_import
from students.management.commands.import_students import institution_named


class Command(BaseCommand):
    help = (
        "Registreert uitstroom uit een CSV-bestand van het studentinformatiesysteem "
        "(formaat: docs/import-format.md, 'Uitstroom importeren'). Alles of niets: bij één "
        "foute regel verandert er niets."
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
            help="Alleen controleren en laten zien wat er zou gebeuren; niets opslaan.",
        )
        parser.add_argument(
            "--by",
            metavar="EMAIL",
            required=True,
            help="E-mailadres van de functioneel beheerder namens wie wordt geïmporteerd "
            "(komt in het regielog en het wijzigingslog).",
        )

    def handle(
        self,
        *args: Any,
        file: Path,
        institution: str | None,
        dry_run: bool,
        by: str,
        **options: Any,
    ) -> None:
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Kan {file} niet lezen: {error.strerror}.") from None
        # The student import's choice of institution: the same names, the same messages.
        target = institution_named(institution)
        user = self._user(by)

        with pghistory.context(command="import_outflow"):
            result = outflow_import(institution=target, data=data, by=user, dry_run=dry_run)

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
            for row in result.registered:
                self.stdout.write(f"Regel {row.line}: {row.student_number} → {row.destination}")
        summary = f"{len(result.registered)} student(en) uitgestroomd ({target.name})."
        if dry_run:
            self.stdout.write(f"Proefimport, er is niets opgeslagen: {summary}")
        else:
            self.stdout.write(self.style.SUCCESS(f"Geïmporteerd: {summary}"))

    def _user(self, email: str) -> User:
        user = User.objects.filter(email=email.strip().lower()).first()
        if user is None or not administers(user):
            raise CommandError(f"{email} is geen actief account van een functioneel beheerder.")
        return user
