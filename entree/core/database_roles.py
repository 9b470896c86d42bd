"""Two database roles, so the application cannot rewrite its own audit trail.

- The **owner** (the user in ``DATABASE_URL``) creates and owns every table, trigger and
  function; only ``migrate`` (and the test runner) connect as it.
- The **application role** (``DATABASE_APP_USER``) is what web, worker, beat and every other
  command connect as. It owns nothing, so it cannot drop or disable a trigger, and it has
  no TRUNCATE anywhere. On the audit tables it may only read and add rows.

The append-only triggers alone were not enough: TRUNCATE fires no row trigger, the trigger
library skips a trigger when the session sets ``pgtrigger.ignore``, and pghistory's context
table (who made each change) had no trigger at all. Privileges are checked before any
trigger runs, whatever the session sets.

The rights are (re)applied after every ``migrate`` (``post_migrate``), so a table a later
migration adds gets them too. See docs/decisions.md, "Database roles".
"""

from typing import Any

import pghistory.models
import pgtrigger
from django.apps import apps
from django.conf import settings
from django.db import connections, models
from psycopg2 import sql

#: pghistory's function that records the context (who, which URL) of a tracked write.
CONTEXT_FUNCTION = "_pgh_attach_context"


def audit_tables() -> list[str]:
    """Tables whose rows are never changed or deleted: every pghistory event table, every
    model with an append-only trigger (access log, consent, regie transfers), and the
    pghistory context table."""
    tables = {pghistory.models.Context._meta.db_table}
    for model in apps.get_models():
        if not model._meta.managed or model._meta.proxy:
            continue
        if issubclass(model, pghistory.models.Event) or _has_append_only_trigger(model):
            tables.add(model._meta.db_table)
    return sorted(tables)


def _has_append_only_trigger(model: type[models.Model]) -> bool:
    triggers = getattr(model._meta, "triggers", [])
    return any(
        isinstance(trigger, pgtrigger.Protect)
        and {"UPDATE", "DELETE"} <= set(str(trigger.operation).split(" OR "))
        for trigger in triggers
    )


def app_role_create_sql() -> list[tuple[sql.Composable, list[Any]]]:
    """Statements that create the application role if it is missing and set its password.

    Run by the owner, who needs the CREATEROLE right (PostgreSQL's ``postgres`` user and
    the ``POSTGRES_USER`` of the Docker image have it)."""
    role = sql.Identifier(settings.DATABASE_APP_USER)
    statements: list[tuple[sql.Composable, list[Any]]] = [
        (
            # Two migrations at once (CI beside a developer) may both try to create it.
            sql.SQL(
                "DO $$ BEGIN CREATE ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE; "
                "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
            ).format(role),
            [],
        )
    ]
    password = settings.DATABASE_APP_PASSWORD
    if password:
        statements.append((sql.SQL("ALTER ROLE {} PASSWORD %s").format(role), [password]))
    return statements


def app_role_apply(using: str = "default") -> None:
    """Create the application role if needed and give it exactly its rights in the
    database of ``using`` (connected as the owner)."""
    connection = connections[using]
    role = sql.Identifier(settings.DATABASE_APP_USER)
    context_table = sql.Identifier(pghistory.models.Context._meta.db_table)
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg2's cursor: it composes sql.Identifier itself
        for statement, params in app_role_create_sql():
            raw.execute(statement, params or None)
        # 1. Reading and writing the application's data; no TRUNCATE, REFERENCES or TRIGGER.
        for template in (
            "GRANT CONNECT ON DATABASE {database} TO {role}",
            "GRANT USAGE ON SCHEMA public TO {role}",
            "REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}",
            "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
            "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
        ):
            raw.execute(
                sql.SQL(template).format(
                    database=sql.Identifier(connection.settings_dict["NAME"]), role=role
                )
            )
        # 2. The audit tables: read and add, never change or remove.
        for table in audit_tables():
            raw.execute(
                sql.SQL("REVOKE UPDATE, DELETE ON {} FROM {}").format(sql.Identifier(table), role)
            )
        # 3. The context table only through pghistory's function, which runs with the
        #    owner's rights and may add keys to a context but never change or remove one.
        raw.execute(sql.SQL("REVOKE INSERT ON {} FROM {}").format(context_table, role))
        raw.execute(_context_function_sql(pghistory.models.Context._meta.db_table))


def _context_function_sql(table: str) -> sql.Composable:
    """pghistory's ``_pgh_attach_context`` (installed again by pghistory after every
    migrate, so this runs after it), as SECURITY DEFINER with one extra condition.

    pghistory upserts the context row on each tracked write and widens its metadata when
    a nested ``pghistory.context(...)`` adds keys. A session that set
    ``pghistory.context_id`` to an old context could otherwise rewrite who made that
    change: an update must keep every key and value already recorded.
    """
    return sql.SQL(
        """
        CREATE OR REPLACE FUNCTION {function}() RETURNS {table}.id%TYPE AS $$
            DECLARE
                _pgh_context_id UUID;
                _pgh_context_metadata JSONB;
            BEGIN
                BEGIN
                    SELECT INTO _pgh_context_id CURRENT_SETTING('pghistory.context_id');
                    SELECT INTO _pgh_context_metadata
                        CURRENT_SETTING('pghistory.context_metadata');
                    EXCEPTION WHEN OTHERS THEN
                END;
                IF _pgh_context_id IS NOT NULL AND _pgh_context_metadata IS NOT NULL THEN
                    INSERT INTO {table} (id, metadata, created_at, updated_at)
                        VALUES (_pgh_context_id, _pgh_context_metadata, NOW(), NOW())
                        ON CONFLICT (id) DO UPDATE
                            SET metadata = EXCLUDED.metadata,
                                updated_at = EXCLUDED.updated_at
                            WHERE {table}.metadata != EXCLUDED.metadata
                              AND EXCLUDED.metadata @> {table}.metadata;
                    RETURN _pgh_context_id;
                ELSE
                    RETURN NULL;
                END IF;
            END;
        $$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp;
        """
    ).format(function=sql.Identifier(CONTEXT_FUNCTION), table=sql.Identifier(table))


def apply_after_migrate(using: str = "default", **kwargs: Any) -> None:
    """``post_migrate`` receiver (sent once per migrate for the core app)."""
    app_role_apply(using)
