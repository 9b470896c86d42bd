"""A mentor writes a first integral plan, revises it in a progress meeting, sees what
changed and downloads the student's own plan document — in Chromium, as a person would."""

import shutil
import subprocess
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from entree.accounts.roles import Role
from students.models import Status
from tests.browser.helpers import log_in, screenshot
from tests.factories import NetworkContactFactory, StudentFactory, TeamFactory, UserFactory

DOMAINS = ["hulpverlening_zorg", "wonen", "financien", "school", "werk"]


@pytest.fixture
def mentor_and_student(transactional_db):
    team = TeamFactory(name="Entree Logistiek")
    mentor = UserFactory(email="mentor@school.example.test", roles=[Role.MENTOR], teams=[team])
    student = StudentFactory(
        team=team,
        regiehouder=mentor,
        status=Status.ACTIEF,
        first_name="Sem",
        start_date=timezone.localdate() - timedelta(days=60),
    )
    NetworkContactFactory(student=student, name="Mw. Jobcoach", kind="jobcoach")
    return mentor, student


def test_mentor_writes_revises_compares_and_downloads_the_plan(
    page: Page, live_server, mentor_and_student
):
    mentor, student = mentor_and_student
    log_in(page, live_server, mentor)
    page.goto(f"{live_server.url}/studenten/{student.uuid}/")
    page.get_by_role("link", name="Integraal plan").click()
    expect(page.get_by_text("Er is nog geen integraal plan.")).to_be_visible()

    # 1. The first plan.
    page.get_by_role("link", name="Plan maken").click()
    page.get_by_label("Arbeidsmarktroute: naar werk").check()
    page.get_by_label("Doel van de student: waar wil je werken?").fill(
        "Ik wil in een magazijn werken."
    )
    page.get_by_label("Mw. Jobcoach").check()
    page.locator("#id_stap-0-description").fill("Heftruckcertificaat halen")
    page.locator("#id_stap-0-owner").select_option("student")
    page.locator("#id_stap-0-due_on").fill((timezone.localdate() + timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Plan opslaan").click()
    expect(page.get_by_role("heading", name="Integraal plan, versie 1")).to_be_visible()
    expect(page.get_by_role("cell", name="Heftruckcertificaat halen", exact=True)).to_be_visible()

    # 2. A progress meeting revises it.
    page.get_by_role("link", name="Voortgangsgesprek vastleggen").click()
    page.get_by_label("De werkgever of praktijkopleider was erbij").check()
    for domain in DOMAINS:
        page.locator(f'input[name="leefgebied-{domain}-state"][value="op_orde"]').check()
    page.get_by_label("Doel van de student: waar wil je werken?").fill(
        "Ik wil bij het leerbedrijf blijven, in het magazijn."
    )
    page.get_by_role("button", name="Gesprek en plan opslaan").click()
    expect(page.get_by_role("heading", name="Integraal plan, versie 2")).to_be_visible()
    expect(page.get_by_text("Plan bijgesteld: versie 2")).to_be_visible()

    # 3. What changed between the two versions.
    page.get_by_role("button", name="Vergelijken").click()
    expect(
        page.get_by_role("heading", name="Wat is er veranderd van versie 1 naar versie 2")
    ).to_be_visible()
    expect(page.get_by_text("Ik wil in een magazijn werken.")).to_be_visible()
    expect(page.get_by_text("Ik wil bij het leerbedrijf blijven, in het magazijn.")).to_be_visible()
    screenshot(page, "plan-compare.png")

    # 4. The student's own plan document.
    page.get_by_role("link", name="Terug naar het huidige plan").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Plan voor de student (pdf)").click()
    path = download.value.path()
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.fail("pdftotext is missing: apt-get install poppler-utils")
    text = subprocess.run(  # noqa: S603 - fixed command on a file we just downloaded
        [pdftotext, "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Het plan van Sem" in text
    assert "Je gaat na entree aan het werk." in text
    assert "Ik wil bij het leerbedrijf blijven" in text
    assert "Heftruckcertificaat halen" in text
    assert "Mw. Jobcoach" in text
