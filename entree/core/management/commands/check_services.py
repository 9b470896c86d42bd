"""``manage.py check_services``: are PostgreSQL and Redis there? Creates the database.

Used by ``make run`` and ``make test`` so that a newcomer gets one plain sentence about
what is missing and how to get it, instead of a stack trace.
"""

from typing import Any

import psycopg2
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from psycopg2 import sql
from redis import Redis
from redis.exceptions import RedisError

from entree.core.database_roles import app_role_create_sql

HOW_TO = (
    "Start ze bijvoorbeeld met `docker compose up -d db redis`, of installeer ze met "
    "`apt-get install postgresql redis-server`. Andere adressen geeft u op met "
    "DATABASE_URL en REDIS_URL (zie .env.example)."
)


class Command(BaseCommand):
    help = "Controleert of PostgreSQL en Redis bereikbaar zijn en maakt de database aan."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--create-db", action="store_true", help="Maak de database aan als die ontbreekt."
        )

    def handle(self, *args: Any, create_db: bool, **options: Any) -> None:
        db = settings.DATABASES["default"]
        # Creating the database and the application role is the owner's work.
        params: dict[str, Any] = {
            "host": db.get("HOST") or None,
            "port": db.get("PORT") or None,
            "user": settings.DATABASE_OWNER["USER"] or None,
            "password": settings.DATABASE_OWNER["PASSWORD"] or None,
            "connect_timeout": 3,
        }
        where = f"{db.get('HOST') or 'socket'}:{db.get('PORT') or 5432}"
        try:
            conn = psycopg2.connect(dbname="postgres", **params)
        except psycopg2.OperationalError as error:
            raise CommandError(
                f"PostgreSQL is niet bereikbaar op {where}: {error}".strip() + "\n" + HOW_TO
            ) from None
        try:
            conn.autocommit = True
            with conn.cursor() as cursor:
                cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]])
                if cursor.fetchone() is None:
                    if not create_db:
                        raise CommandError(f"De database {db['NAME']!r} bestaat niet.")
                    cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db["NAME"])))
                    self.stdout.write(f"Database {db['NAME']!r} aangemaakt.")
                if create_db:  # so the app can connect before its first migrate
                    for statement, statement_params in app_role_create_sql():
                        cursor.execute(statement, statement_params or None)
        finally:
            conn.close()
        self._check_app_login(params, db["NAME"])

        try:
            Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=3).ping()
        except RedisError as error:
            raise CommandError(
                f"Redis is niet bereikbaar ({settings.CELERY_BROKER_URL}): {error}\n{HOW_TO}"
            ) from None
        self.stdout.write(self.style.SUCCESS(f"PostgreSQL ({where}) en Redis zijn bereikbaar."))

    def _check_app_login(self, owner_params: dict[str, Any], name: str) -> None:
        """The application logs in as its own role; say plainly when it cannot."""
        user, password = settings.DATABASE_APP_USER, settings.DATABASE_APP_PASSWORD
        try:
            psycopg2.connect(
                **{**owner_params, "user": user, "password": password or None}, dbname=name
            ).close()
        except psycopg2.OperationalError as error:
            raise CommandError(
                f"De applicatie kan niet inloggen als databasegebruiker {user!r}: {error}".strip()
                + "\nZet DATABASE_APP_PASSWORD in .env (zie .env.example) als PostgreSQL "
                "een wachtwoord vraagt."
            ) from None
