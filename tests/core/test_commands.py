"""The newcomer's commands: the service check and the benchmark."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_service_check_reports_both_services_reachable():
    out = StringIO()
    call_command("check_services", stdout=out)
    assert "PostgreSQL" in out.getvalue()
    assert "Redis zijn bereikbaar" in out.getvalue()


def test_service_check_says_plainly_what_is_missing_and_how_to_get_it(settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    with pytest.raises(CommandError) as error:
        call_command("check_services", stdout=StringIO())
    message = str(error.value)
    assert "Redis is niet bereikbaar" in message
    assert "docker compose up -d db redis" in message


def test_service_check_says_when_the_application_role_cannot_log_in(settings):
    """Issue 8.3: the app logs in as its own role; a missing role or password is named."""
    settings.DATABASE_APP_USER = "entree_app_that_does_not_exist"
    with pytest.raises(CommandError) as error:
        call_command("check_services", stdout=StringIO())
    assert "entree_app_that_does_not_exist" in str(error.value)
    assert "DATABASE_APP_PASSWORD" in str(error.value)


def test_benchmark_prints_time_and_queries_for_every_page(settings):
    call_command("seed_demo", students=30, today=date(2026, 11, 22), stdout=StringIO())
    out = StringIO()
    call_command("benchmark", repeat=3, stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("30 studenten")
    # The first demo mentor: the largest team, the worst case.
    assert "mentor@demo.example.test ziet er" in lines[0]
    rows = [line for line in lines if line.startswith("/")]
    assert any(row.startswith("/studenten/ ") for row in rows)
    assert any(row.startswith("/kerncijfers/") for row in rows)
    assert all(row.split()[-1].isdigit() for row in rows)  # the query count column
    # The record tabs are told apart, not cut off at the student's UUID.
    assert any(row.startswith("/studenten/<uuid>/intake/ ") for row in rows)


def test_benchmark_refuses_where_demo_data_is_not_allowed(settings):
    settings.ENTREE_DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="nooit in productie"):
        call_command("benchmark", stdout=StringIO())
