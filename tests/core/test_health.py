import pytest

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_redis_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "ok"}


def test_healthz_reports_503_when_redis_is_unreachable(client, settings):
    # Nothing listens on port 1: a real refused connection, not a mock.
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["redis"] == "fout"
    assert response.json()["database"] == "ok"
