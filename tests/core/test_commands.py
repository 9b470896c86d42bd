"""The newcomer's commands: the service check."""

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
