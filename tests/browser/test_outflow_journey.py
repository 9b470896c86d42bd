"""The warm handover in Chromium: the mentor registers the outflow (the exit interview is
hers, DESIGN §2) and the regie goes to the coordinator, who works through the checklist,
records the student's consent, downloads the partner's handover document and sends the
confirmation link; the partner opens it in a browser of their own, without login, and
confirms — and the coordinator sees the handover done and closes it."""

import re
import shutil
import subprocess
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from entree.accounts.roles import Role
from plans.services import PlanData, plan_save
from students.models import Status
from tests.browser.helpers import log_in, screenshot
from tests.factories import NetworkContactFactory, StudentFactory, TeamFactory, UserFactory


@pytest.fixture
def people(transactional_db):
    team = TeamFactory(name="Entree Logistiek")
    mentor = UserFactory(email="mentor@school.example.test", roles=[Role.MENTOR], teams=[team])
    coordinator = UserFactory(
        email="coordinator@school.example.test",
        first_name="Fatima",
        last_name="Coördinator",
        roles=[Role.COORDINATOR],
        teams=[team],
    )
    student = StudentFactory(
        team=team,
        regiehouder=mentor,
        status=Status.ACTIEF,
        first_name="Sem",
        last_name="Veldhuis",
        start_date=timezone.localdate() - timedelta(days=300),
    )
    NetworkContactFactory(
        student=student, name="Dhr. Baas", kind="werkgever", email="baas@bedrijf.example.test"
    )
    plan_save(student=student, by=mentor, data=PlanData(route="arbeidsmarkt", goal="Magazijn."))
    return mentor, coordinator, student


def test_the_coordinator_closes_the_loop_with_the_partner(
    page: Page, browser: Browser, live_server, people
):
    mentor, coordinator, student = people
    today = timezone.localdate()
    record = f"{live_server.url}/studenten/{student.uuid}"

    # 1. The mentor registers the outflow; the regie goes to the coordinator.
    log_in(page, live_server, mentor)
    page.goto(f"{record}/")
    page.get_by_role("link", name="Uitstroom", exact=True).click()
    page.get_by_role("link", name="Uitstroom registreren").click()
    page.get_by_label("Ja, met diploma").check()
    page.get_by_label("Waar gaat de student naartoe?").select_option("werk")
    page.get_by_label("Toelichting (opleiding, werkgever, instantie)").fill("Magazijn De Vaart")
    page.get_by_label("Eindgesprek gehouden op").fill(today.isoformat())
    page.get_by_role("button", name="Uitstroom registreren").click()
    expect(page.get_by_text("De regie ligt nu bij Fatima Coördinator.")).to_be_visible()

    # 2. The coordinator answers the checklist's questions.
    office = browser.new_context().new_page()
    log_in(office, live_server, coordinator)
    office.goto(f"{record}/uitstroom/")
    expect(office.get_by_text("Checklist 0% compleet")).to_be_visible()
    office.get_by_role("link", name="Vragen beantwoorden").click()
    office.get_by_label("Welke doelen leert de student nog op de werkvloer?").fill(
        "Zelfstandig orders picken."
    )
    office.get_by_label("Welke regelzaken kunnen een struikelblok zijn?").fill("Geen.")
    office.get_by_label("Welke ondersteuning is nodig?").fill("Vaste collega als maatje.")
    office.get_by_label("Welke opties heeft de werkgever om te blijven leren?").fill(
        "Bbl niveau 2 na een jaar."
    )
    office.get_by_label("Wat zijn de alternatieven als de bpv-plek geen baan wordt?").fill(
        "Werkgeversservicepunt."
    )
    office.get_by_label(
        "Is een tussenstap nodig (sociale onderneming, beschut werk)?"
    ).select_option("geen")
    office.get_by_role("button", name="Antwoorden opslaan").click()

    # 3. The employer as receiving partner: no consent yet, so nothing to share.
    office.get_by_role("link", name="Partner toevoegen").click()
    office.get_by_label("Partner (verplicht)").select_option("werkgever")
    office.get_by_label(
        "Contactpersoon bij de partner (uit het netwerk van de student)"
    ).select_option(label="Dhr. Baas (Werkgever)")
    office.get_by_role("button", name="Partner toevoegen").click()
    expect(office.get_by_text("heeft (nog) geen toestemming gegeven")).to_be_visible()

    # 4. Record the consent, as the page offers.
    office.get_by_role("link", name="Toestemming vastleggen bij netwerk en toestemming").click()
    office.get_by_label("Contact (verplicht)").select_option(label="Dhr. Baas (Werkgever)")
    office.get_by_label("Waarvoor (verplicht)").select_option("gegevens_delen")
    office.get_by_label("Gegeven").check()
    office.get_by_label("Datum (verplicht)").fill(today.isoformat())
    office.get_by_role("button", name="Toestemming vastleggen").click()
    office.goto(f"{record}/uitstroom/")
    office.get_by_role("link", name="Werkgever").click()
    for step in ("contacted", "meeting", "shared"):
        office.get_by_label("Stap (verplicht)").select_option(step)
        office.get_by_role("button", name="Stap opslaan").click()
        expect(office.get_by_text("De stap is vastgelegd.")).to_be_visible()

    # 5. The handover document holds what the employer needs, not the regelzaken.
    with office.expect_download() as download:
        office.get_by_role("link", name="Overdrachtsdocument (pdf)").click()
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.fail("pdftotext is missing: apt-get install poppler-utils")
    text = subprocess.run(  # noqa: S603 - fixed command on a file we just downloaded
        [pdftotext, str(download.value.path()), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Sem Veldhuis" in text and "Zelfstandig orders picken." in text
    assert "struikelblok" not in text

    # 6. The confirmation link goes out by e-mail.
    office.get_by_role("button", name="Link versturen").click()
    expect(
        office.get_by_text("De bevestigingslink is verstuurd naar baas@bedrijf.example.test.")
    ).to_be_visible()
    path = re.search(r"/bevestigen/[^/\s]+/", mail.outbox[-1].body).group(0)

    # 7. The partner, in a browser of their own and without login, confirms.
    partner = browser.new_context().new_page()
    partner.goto(live_server.url + path)
    expect(partner.get_by_text("Sem V.")).to_be_visible()
    expect(partner.get_by_text("Veldhuis")).to_have_count(0)
    partner.get_by_label("Ja, wij hebben contact met de student").check()
    partner.get_by_label("Datum van het eerste contact").fill(today.isoformat())
    partner.get_by_label("Wie is nu de contactpersoon van de student bij u?").fill("Dhr. Baas")
    screenshot(partner, "outflow-partner-confirm.png")
    partner.get_by_role("button", name="Versturen").click()
    expect(partner.get_by_role("heading", name="Bedankt, uw antwoord is ontvangen")).to_be_visible()
    partner.goto(live_server.url + path)
    expect(partner.get_by_role("heading", name="Deze link werkt niet (meer)")).to_be_visible()

    # 8. The coordinator sees the handover done and closes it: aftercare begins.
    office.goto(f"{record}/uitstroom/")
    expect(office.get_by_text("In contact met de student")).to_be_visible()
    expect(office.get_by_text("Checklist 100% compleet")).to_be_visible()
    screenshot(office, "outflow-checklist-done.png")
    office.get_by_role("button", name="Warme overdracht afronden").click()
    expect(office.get_by_text("De warme overdracht is afgerond.")).to_be_visible()
    expect(office.locator(".page-head .badge")).to_have_text("Nazorg")
