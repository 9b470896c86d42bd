"""``manage.py anonymise_due [--dry-run] [--today YYYY-MM-DD]``: the retention job by hand."""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from entree.privacy.models import Trigger
from entree.privacy.services import BATCH_SIZE, anonymise_due


class Command(BaseCommand):
    help = "Anonimiseer elk dossier waarvan de bewaartermijn is verstreken."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Alleen tellen wat aan de beurt is."
        )
        parser.add_argument("--today", type=date.fromisoformat, default=None)
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)

    def handle(self, *args: Any, **options: Any) -> None:
        run = anonymise_due(
            options["today"] or timezone.localdate(),
            dry_run=options["dry_run"],
            batch_size=options["batch_size"],
            trigger=Trigger.COMMAND,
        )
        # Counts only: never a name.
        if run.dry_run:
            self.stdout.write(f"Proefdraai: {run.due} dossier(s) aan de beurt.")
        else:
            self.stdout.write(
                f"{run.anonymised} van {run.due} dossier(s) geanonimiseerd "
                f"({run.rows} rijen, {run.history_rows} in de historie, "
                f"{run.deleted} verwijderd)."
            )
