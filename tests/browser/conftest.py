"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Run them with ``.venv/bin/pytest tests/browser`` (or ``-m browser``); leave them out with
``-m "not browser"``. Playwright cannot download its own browsers here, so every launch
uses ``/usr/bin/chromium`` (``apt-get install chromium``).
"""

import os
from pathlib import Path

import pytest

from tests.browser import helpers

# Playwright's sync API keeps an asyncio event loop "running" in the main thread for the
# rest of the session. Django then refuses ORM calls from test code (factories, asserts on
# the database) with SynchronousOnlyOperation. The tests are synchronous; allow it.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
HERE = Path(__file__).resolve().parent


def _in_this_folder(item: pytest.Item) -> bool:
    return Path(item.path).resolve().is_relative_to(HERE)


def pytest_collection_modifyitems(config, items):
    # Conftest hooks see the whole session's items: mark only the ones in this folder.
    for item in items:
        if _in_this_folder(item):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's launch options, pointed at Debian's Chromium."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"The browser tests need Debian's Chromium at {CHROMIUM}, and it is missing. "
            "Install it with: apt-get install chromium "
            '(or leave these tests out with -m "not browser").',
            pytrace=False,
        )
    headless = browser_type_launch_args.get("headless", True)
    args = (["--headless"] if headless else []) + CHROMIUM_ARGS
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [*browser_type_launch_args.get("args", []), *args],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A Dutch browser, like the mentors' (the pages are Dutch whatever the browser asks
    for; see test_login_journey for an English browser)."""
    return {"locale": "nl-NL", "timezone_id": "Europe/Amsterdam", **browser_context_args}


@pytest.fixture(scope="session")
def base_url(pytestconfig):
    """Same as pytest-playwright's fallback ``base_url``, which pytest 9 warns about
    (a fixture defined as a method of a plugin object). The tests use live_server.url."""
    return pytestconfig.getoption("--base-url") or pytestconfig.getini("base_url") or None


@pytest.fixture
def log_in():
    """``log_in(page, live_server, user)``: log in through the real login form."""
    return helpers.log_in


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """On a failing browser test, keep a screenshot under test-artifacts/failures/."""
    report = yield
    if report.when == "call" and report.failed and _in_this_folder(item):
        page = getattr(item, "funcargs", {}).get("page")
        if page is not None and not page.is_closed():
            name = "".join(c if c.isalnum() or c in "-_." else "-" for c in item.nodeid)
            target = helpers.ARTIFACTS / "failures" / f"{name[-150:]}.png"
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                page.screenshot(path=str(target), full_page=True)
            except Exception as error:  # a failed screenshot must not hide the real failure
                report.sections.append(("screenshot", f"could not save screenshot: {error}"))
            else:
                report.sections.append(("screenshot", str(target)))
    return report
