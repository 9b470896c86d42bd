"""``manage.py send_due_reminders [--as-of DATE] [--dry-run]``: the reminder run by hand —
the same service as the beat's task."""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from outflow.services.reminders import digest_send, reminders_create, reminders_find


class Command(BaseCommand):
    help = (
        "Schrijf de herinneringen die tot en met vandaag verschenen zijn en verstuur per "
        "persoon één overzicht."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--as-of",
            type=date.fromisoformat,
            default=None,
            help="De dag (JJJJ-MM-DD); standaard vandaag.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Alleen tellen wat verschuldigd is; niets schrijven of versturen.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["as_of"] or timezone.localdate()
        if options["dry_run"]:
            found = reminders_find(today)
            people = len({r.user_id for r in found})
            self.stdout.write(
                f"{len(found)} herinneringen verschuldigd voor {people} personen "
                "(proef: niets geschreven)."
            )
            return
        run = reminders_create(today)
        sent = failed = 0
        for user_id in run.users:
            try:
                sent += 1 if digest_send(user_id) else 0
            except Exception as error:  # reported per person; the rest still goes out
                failed += 1
                self.stderr.write(f"Versturen aan gebruiker {user_id} mislukt: {error}")
        self.stdout.write(
            f"{run.created} nieuwe herinneringen; {sent} overzichten verstuurd, {failed} mislukt."
        )
