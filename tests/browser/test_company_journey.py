"""A mentor finds the network's companies, adds one (the KvK number already there is
pointed out), adds its praktijkopleider and sees the visits to make — in Chromium."""

import pytest
from playwright.sync_api import Page, expect

from entree.accounts.roles import Role
from tests.browser.helpers import log_in, screenshot
from tests.factories import CompanyFactory, TeamFactory, UserFactory


@pytest.fixture
def mentor(transactional_db):
    team = TeamFactory(name="Entree Logistiek")
    mentor = UserFactory(email="mentor@school.example.test", roles=[Role.MENTOR], teams=[team])
    CompanyFactory(
        institution=team.institution,
        name="Groothandel De Vaart",
        kvk_number="12345678",
        city="Testmond",
        created_by=mentor,
    )
    return mentor


def test_mentor_adds_a_company_and_its_praktijkopleider(page: Page, live_server, mentor):
    log_in(page, live_server, mentor)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Leerbedrijven"
    ).click()
    expect(page.get_by_role("heading", name="Leerbedrijven", level=1)).to_be_visible()
    page.get_by_label("Zoek een bedrijf").fill("testmond")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("link", name="Groothandel De Vaart")).to_be_visible()

    # The same KvK number again: the existing company is pointed out, nothing is saved.
    page.get_by_role("link", name="Leerbedrijf toevoegen").click()
    page.get_by_label("Naam van het bedrijf").fill("Bakkerij Het Korenaar")
    page.get_by_label("KvK-nummer").fill("1234 5678")
    page.get_by_label("Sector").select_option(label="Horeca en voeding")
    page.get_by_role("button", name="Leerbedrijf opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Dit KvK-nummer hoort al bij Groothandel De Vaart (Testmond)."
    )
    expect(page.get_by_role("link", name="Groothandel De Vaart bekijken")).to_be_visible()

    page.get_by_label("KvK-nummer").fill("87654321")
    page.get_by_label("Erkend leerbedrijf (SBB)").check()
    page.get_by_label("SBB-erkenningsnummer").fill("100200300")
    page.get_by_label("Plaats").fill("Testmond")
    page.get_by_role("button", name="Leerbedrijf opslaan").click()
    expect(page.get_by_role("heading", name="Bakkerij Het Korenaar", level=1)).to_be_visible()
    expect(page.get_by_text("kansrijk", exact=True)).to_be_visible()

    page.get_by_role("link", name="Praktijkopleider toevoegen").click()
    page.get_by_label("Naam").fill("Ruud Bakker")
    page.get_by_label("Functie").fill("Chef-bakker")
    page.get_by_label("Telefoonnummer").fill("0612345678")
    page.get_by_role("button", name="Praktijkopleider opslaan").click()
    expect(page.get_by_role("link", name="Wijzigen Ruud Bakker")).to_be_visible()
    screenshot(page, "company-journey.png")

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Bpv-bezoeken"
    ).click()
    expect(page.get_by_text("U hoeft nu niemand te bezoeken")).to_be_visible()
