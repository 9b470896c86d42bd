"""The site's icon (issue 7.12): every page names it, and ``/favicon.ico`` leads to it."""

import pytest

pytestmark = pytest.mark.django_db


def test_every_page_names_the_favicon_and_it_is_served(client):
    html = client.get("/account/inloggen/").content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    icon = client.get("/static/favicon.svg")
    assert icon.status_code == 200
    assert b"<svg" in b"".join(icon.streaming_content)


def test_favicon_ico_leads_to_the_icon_instead_of_a_404(client):
    response = client.get("/favicon.ico", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [("/static/favicon.svg", 301)]
