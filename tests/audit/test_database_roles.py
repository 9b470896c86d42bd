"""Issue 8.3: the application's database role cannot change the audit trail.

The tests run as the owner (the test runner creates and empties the database); each
attempt here switches to the application role with SET ROLE inside a savepoint, exactly
the rights web, worker and beat connect with.
"""

import json
from collections.abc import Iterator
from contextlib import contextmanager

import pghistory
import pgtrigger
import pytest
from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from pghistory.models import Context, Event
from psycopg2 import sql

from entree.audit.models import AccessLog, Channel
from entree.core.database_roles import CONTEXT_FUNCTION, audit_tables
from students.models import Consent, StudentEvent
from tests.factories import ConsentFactory, StudentFactory

pytestmark = pytest.mark.django_db

INSUFFICIENT_PRIVILEGE = "42501"


@contextmanager
def as_app_role() -> Iterator[None]:
    """Run the block as the application role; a refusal rolls the savepoint back."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("SET ROLE {}")
            .format(sql.Identifier(settings.DATABASE_APP_USER))
            .as_string(cursor.cursor)
        )
        yield
        cursor.execute("RESET ROLE")


def _refusal(statement: str, params: list | None = None, *, ignore_triggers: bool = False) -> str:
    """The SQLSTATE with which the application role's attempt fails ("" if it succeeds)."""
    try:
        with as_app_role(), connection.cursor() as cursor:
            if ignore_triggers:
                # What pgtrigger.ignore() sets: every trigger of the project skipped.
                ids = {trigger.get_pgid(model) for model, trigger in pgtrigger.registered()}
                cursor.execute(
                    "SELECT set_config('pgtrigger.ignore', %s, true)",
                    ["{" + ",".join(sorted(ids)) + "}"],
                )
            cursor.execute(statement, params)
    except DatabaseError as error:
        return getattr(error.__cause__, "pgcode", "") or "?"
    return ""


@pytest.fixture
def audit_rows(alice):
    """At least one row in every kind of audit table, with a context saying who."""
    with pghistory.context(user=alice.pk, url="/studenten/nieuw/"):
        student = StudentFactory()
        ConsentFactory(contact__student=student, recorded_by=alice)
    AccessLog.objects.create(
        user=alice, student_uuid=student.uuid, part="overzicht", channel=Channel.WEB
    )
    return student


def test_the_audit_tables_are_found():
    tables = audit_tables()
    assert {
        "pghistory_context",
        "audit_accesslog",
        "students_consent",
        "students_regietransfer",
        "students_studentevent",
        "accounts_userevent",
    } <= set(tables)
    assert "students_student" not in tables


@pytest.mark.parametrize("table", audit_tables())
def test_the_app_role_cannot_truncate_an_audit_table(table, audit_rows):
    assert _refusal(f'TRUNCATE "{table}" CASCADE') == INSUFFICIENT_PRIVILEGE


@pytest.mark.parametrize("table", audit_tables())
def test_the_app_role_cannot_update_or_delete_audit_rows_even_when_ignoring_triggers(
    table, audit_rows
):
    events = {m._meta.db_table for m in apps.get_models() if issubclass(m, Event)}
    # Every append-only record (access log, consent, plan versions…) has an id.
    column = "pgh_label" if table in events else "id"
    if table == "pghistory_context":
        column = "metadata"
    # Table and column names come from the models, not from input.
    update = f'UPDATE "{table}" SET "{column}" = "{column}"'  # noqa: S608
    delete = f'DELETE FROM "{table}"'  # noqa: S608
    assert _refusal(update, ignore_triggers=True) == INSUFFICIENT_PRIVILEGE
    assert _refusal(delete, ignore_triggers=True) == INSUFFICIENT_PRIVILEGE


def test_the_app_role_writes_no_context_row_itself():
    insert = "INSERT INTO pghistory_context (id, metadata, created_at, updated_at) "
    insert += "VALUES (gen_random_uuid(), '{}', now(), now())"
    assert _refusal(insert) == INSUFFICIENT_PRIVILEGE


def test_the_app_role_cannot_truncate_any_table_or_touch_triggers(audit_rows):
    assert _refusal("TRUNCATE students_student CASCADE") == INSUFFICIENT_PRIVILEGE
    assert _refusal("ALTER TABLE students_consent DISABLE TRIGGER ALL") == INSUFFICIENT_PRIVILEGE
    assert _refusal("DROP TABLE audit_accesslog") == INSUFFICIENT_PRIVILEGE


def test_the_app_role_owns_nothing():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner "
            "WHERE r.rolname = %s",
            [settings.DATABASE_APP_USER],
        )
        assert cursor.fetchone() == (0,)
        cursor.execute(
            "SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = %s",
            [settings.DATABASE_APP_USER],
        )
        assert cursor.fetchone() == (False, False, False)


def test_the_app_role_cannot_rewrite_who_made_a_change_through_the_context_function(
    audit_rows, alice, bob
):
    context = Context.objects.get(metadata__url="/studenten/nieuw/")
    forged = {**context.metadata, "user": bob.pk}
    statement = (
        "SELECT set_config('pghistory.context_id', %s, true), "
        "set_config('pghistory.context_metadata', %s, true), " + CONTEXT_FUNCTION + "()"
    )
    assert _refusal(statement, [str(context.pk), json.dumps(forged)]) == ""
    context.refresh_from_db()
    assert context.metadata["user"] == alice.pk


def test_the_app_role_does_its_everyday_work_and_the_trail_records_who(alice):
    """The limits do not get in the way: tracked writes, a nested context that adds a key,
    consent and access-log rows all work as the application role."""
    with as_app_role():
        with pghistory.context(user=alice.pk, url="/studenten/nieuw/"):
            student = StudentFactory()
            with pghistory.context(source="import"):
                student.first_name = "Anders"
                student.save()
            ConsentFactory(contact__student=student, recorded_by=alice)
        AccessLog.objects.create(
            user=alice, student_uuid=student.uuid, part="overzicht", channel=Channel.WEB
        )
    events = StudentEvent.objects.filter(pgh_obj_id=student.pk).order_by("pgh_id")
    assert [e.pgh_label for e in events] == ["insert", "update"]
    metadata = events.last().pgh_context.metadata
    assert metadata["user"] == alice.pk and metadata["source"] == "import"
    assert Consent.objects.filter(student=student).count() == 1
    assert AccessLog.objects.filter(student_uuid=student.uuid).count() == 1
