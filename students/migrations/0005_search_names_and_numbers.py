"""The caseload's search: unaccent, pg_trgm, the IMMUTABLE wrapper ``entree_unaccent`` and
a trigram index on exactly the expression the search filters on (entree.core.search)."""

from django.db import migrations
from django.db.models.sql import Query

from entree.core.search import CREATE_UNACCENT_FUNCTION, DROP_UNACCENT_FUNCTION

INDEX = "student_search"


def create_search_index(apps, schema_editor):
    from students.models.student import student_search_text

    student = apps.get_model("students", "Student")
    query = Query(student, alias_cols=False)
    compiler = query.get_compiler(connection=schema_editor.connection)
    sql, params = student_search_text().resolve_expression(query).as_sql(
        compiler, schema_editor.connection
    )
    table = schema_editor.quote_name(student._meta.db_table)
    schema_editor.execute(
        f"CREATE INDEX {INDEX} ON {table} USING gin (({sql}) gin_trgm_ops)", params
    )


def drop_search_index(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("students", "0004_plausible_dates"),
    ]

    operations = [
        migrations.RunSQL(CREATE_UNACCENT_FUNCTION, DROP_UNACCENT_FUNCTION),
        migrations.RunPython(create_search_index, drop_search_index),
    ]
