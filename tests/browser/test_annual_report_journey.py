"""The annual report in Chromium: a manager of the demo institution asks for the PDF,
watches its page while it waits for and then follows the Celery worker, downloads it, and
its text (pdftotext) is the report's — without a single student's name."""

import shutil
import subprocess
from datetime import date

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.management import call_command
from playwright.sync_api import Page, expect

from entree.accounts.models import User
from entree.celery import app
from entree.core.demo import DEMO_PASSWORD
from entree.reports.models import GeneratedReport
from entree.reports.report import SchoolYear
from students.models import Student
from tests.browser.helpers import log_in, screenshot

pytestmark = pytest.mark.celery


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", students=300, seed=14, today=date(2026, 10, 15), verbosity=0)
    return User.objects.get(email="manager@demo.example.test")


def test_a_manager_generates_watches_and_downloads_the_annual_report(page: Page, live_server, demo):
    app.control.purge()
    seeded = list(GeneratedReport.objects.values_list("pk", flat=True))  # the demo's own
    log_in(page, live_server, demo, password=DEMO_PASSWORD)
    page.get_by_role("link", name="Jaarverslagen").click()
    expect(page.get_by_role("heading", name="Jaarverslagen", level=1)).to_be_visible()
    year = SchoolYear(2024).label
    page.get_by_label("Schooljaar").select_option(year)
    page.get_by_label("Voor").select_option("instelling")
    page.get_by_role("button", name="Jaarverslag maken").click()

    # 1. No worker yet: the page says the report waits, and keeps asking.
    expect(page.get_by_role("heading", name="Jaarverslag wordt gemaakt")).to_be_visible()
    expect(page.get_by_text("0% klaar — in de wachtrij")).to_be_visible()
    screenshot(page, "annual-report-waiting.png")

    # 2. The worker takes it; the page turns into the download without a reload.
    with start_worker(
        app, pool="solo", concurrency=1, perform_ping_check=False, shutdown_timeout=10
    ):
        expect(page.get_by_role("heading", name="Jaarverslag klaar")).to_be_visible(timeout=90_000)
    report = GeneratedReport.objects.exclude(pk__in=seeded).get()
    assert report.requested_by == demo and report.page_count and report.page_count > 5
    screenshot(page, "annual-report-ready.png")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download het jaarverslag (pdf)").click()
    assert download.value.suggested_filename.startswith(f"jaarverslag-entree-{year}-")
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.fail("pdftotext is missing: apt-get install poppler-utils")
    text = subprocess.run(  # noqa: S603 - fixed command on a file we just downloaded
        [pdftotext, "-layout", str(download.value.path()), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Jaarverslag entree" in text and f"Schooljaar {year}" in text
    assert "ROC De Nieuwe Koers (demo)" in text and "Inhoud" in text
    assert "Instroom en intake" in text and "Tabel 1. Instroom naar vooropleiding" in text
    assert f"Pagina 3 van {report.page_count}" in text
    flat = " ".join(text.split())
    names = Student.objects.values_list("first_name", "last_name")
    assert not [f"{first} {last}" for first, last in names if f"{first} {last}" in flat]

    # 3. The report stays in the list, with who made it, to be downloaded again.
    page.get_by_role("link", name="Terug naar de jaarverslagen").click()
    row = page.get_by_role("row").filter(has_text=year)
    expect(row).to_contain_text(demo.get_full_name())
    expect(row.get_by_role("link", name=f"Download jaarverslag {year} (pdf)")).to_be_visible()
