"""``manage.py migrate`` as the database owner.

Every other command and process connects as the application role, which owns nothing
(``entree.core.database_roles``). Migrations create and alter tables, so this one command
connects as the owner named in ``DATABASE_URL``; after it, ``post_migrate`` gives the
application role its rights.
"""

from typing import Any

from django.conf import settings
from django.core.management.commands import migrate
from django.db import connections


class Command(migrate.Command):
    help = migrate.Command.help + " Verbindt als de eigenaar van de database (DATABASE_URL)."

    def handle(self, *args: Any, **options: Any) -> None:
        connection = connections[options["database"]]
        owner = settings.DATABASE_OWNER
        saved = {key: connection.settings_dict[key] for key in owner}
        if saved == owner:  # the test runner connects as the owner already
            super().handle(*args, **options)
            return
        connection.close()
        connection.settings_dict.update(owner)
        try:
            super().handle(*args, **options)
        finally:
            connection.close()
            connection.settings_dict.update(saved)
