import pytest

pytestmark = pytest.mark.django_db


def test_every_page_sends_a_strict_content_security_policy(client):
    response = client.get("/account/inloggen/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy


def test_pages_cannot_be_framed_and_do_not_sniff(client):
    response = client.get("/account/inloggen/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_api_docs_page_works_under_the_same_policy(alice, client_for):
    client = client_for(alice)
    page = client.get("/api/docs/")
    assert page.status_code == 200
    assert "unsafe-inline" not in page["Content-Security-Policy"]
    # The split view serves its script as a separate same-origin request (CSP-friendly).
    assert "?script" in page.content.decode()
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
