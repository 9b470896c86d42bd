"""Helpers for the browser tests (also available as the ``log_in`` fixture)."""

from pathlib import Path

from playwright.sync_api import Page

from tests.factories import PASSWORD

#: Screenshots land here; the folder is git-ignored.
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

LOGIN_PATH = "/account/inloggen/"


def fill_login_form(page: Page, email: str, password: str) -> None:
    """Fill in the login form by its visible labels and submit it; wait for the answer."""
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen").click()


def log_in(page: Page, live_server, user, password: str = PASSWORD) -> None:
    """Log ``user`` in through the real login page (opened first if needed)."""
    if LOGIN_PATH not in page.url:
        page.goto(live_server.url + LOGIN_PATH)
    fill_login_form(page, user.email, password)
    assert LOGIN_PATH not in page.url, f"login as {user.email} failed: still on {page.url}"


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / name
    page.screenshot(path=str(target), full_page=True)
    return target
