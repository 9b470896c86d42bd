"""A mentor finds a company, registers a placement with a learning goal from the plan, is
stopped at the start without the agreement, registers the agreement, starts the
placement, logs two visits and records that it became a paid job — in Chromium."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from entree.accounts.roles import Role
from placements.models import Placement
from plans.services import PlanData, StepData, plan_save
from students.models import Status
from tests.browser.helpers import log_in, screenshot
from tests.factories import (
    CompanyContactFactory,
    CompanyFactory,
    StudentFactory,
    TeamFactory,
    UserFactory,
)


@pytest.fixture
def mentor_and_student(transactional_db):
    team = TeamFactory(name="Entree Logistiek")
    mentor = UserFactory(
        email="mentor@school.example.test",
        first_name="Sanne",
        last_name="de Wit",
        roles=[Role.MENTOR],
        teams=[team],
    )
    student = StudentFactory(
        team=team,
        regiehouder=mentor,
        status=Status.ACTIEF,
        first_name="Sem",
        start_date=timezone.localdate() - timedelta(days=90),
    )
    plan_save(
        student=student,
        by=mentor,
        data=PlanData(
            route="arbeidsmarkt",
            steps=(
                StepData(
                    description="Zelfstandig orders picken",
                    owner="werkgever",
                    due_on=timezone.localdate() + timedelta(days=60),
                ),
            ),
        ),
    )
    company = CompanyFactory(
        institution=team.institution, name="Groothandel De Vaart", kvk_number="12345678"
    )
    CompanyContactFactory(company=company, name="Ruud Vermeer")
    return mentor, student


def test_mentor_starts_a_placement_that_becomes_a_paid_job(
    page: Page, live_server, mentor_and_student
):
    mentor, student = mentor_and_student
    today = timezone.localdate()
    log_in(page, live_server, mentor)
    page.goto(f"{live_server.url}/studenten/{student.uuid}/")
    page.get_by_role("link", name="Bpv", exact=True).click()
    expect(page.locator(".signal-geen_bpv")).to_have_text("Nog geen bpv-plek")  # the signal

    # 1. Find the company by its KvK number and register the placement.
    page.get_by_role("link", name="Bpv-plek toevoegen").click()
    page.get_by_label("Zoek leerbedrijf").fill("1234 5678")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("button", name="Kies Groothandel De Vaart").click()
    page.get_by_label("Praktijkopleider").select_option(label="Ruud Vermeer")
    page.get_by_label("Bpv-begeleider van school").select_option(label="Sanne de Wit")
    page.get_by_label("Startdatum").fill((today - timedelta(days=40)).isoformat())
    page.get_by_label("Einddatum").fill((today + timedelta(days=50)).isoformat())
    page.get_by_label("Dagen per week").fill("3")
    page.get_by_label("Uren per week").fill("24")
    page.locator("#id_leerdoel-0-description").fill("Orders picken zonder fouten")
    page.locator("#id_leerdoel-0-plan_step_key").select_option(label="Zelfstandig orders picken")
    page.get_by_role("button", name="Bpv-plek opslaan").click()
    expect(
        page.get_by_text("De bpv-plek bij Groothandel De Vaart is geregistreerd.")
    ).to_be_visible()

    # 2. Without the agreement the placement does not start, and says why.
    page.get_by_role("button", name="Bpv-plek starten").click()
    expect(page.get_by_text("De bpv-plek is niet gestart. Wat nog nodig is:")).to_be_visible()
    expect(page.get_by_text("praktijkovereenkomst getekend is")).to_be_visible()
    assert Placement.objects.get().status == "zoekend"

    # 3. The three-party agreement, then the start.
    page.get_by_role("link", name="Praktijkovereenkomst").click()
    signed = (today - timedelta(days=45)).isoformat()
    page.get_by_label("Getekend door de school op").fill(signed)
    page.get_by_label("Getekend door de student op").fill(signed)
    page.get_by_label("Getekend door het leerbedrijf op").fill(signed)
    page.get_by_role("button", name="Handtekeningen opslaan").click()
    expect(page.get_by_text("De handtekeningen zijn opgeslagen.")).to_be_visible()
    page.get_by_role("button", name="Bpv-plek starten").click()
    expect(page.get_by_text("De bpv-plek is gestart.")).to_be_visible()

    # 4. Two visits, the second by phone.
    for days_ago, kind in ((30, "Op de werkplek"), (5, "Telefonisch")):
        page.get_by_role("link", name="Bezoek vastleggen").click()
        page.get_by_label("Datum bezoek").fill((today - timedelta(days=days_ago)).isoformat())
        page.get_by_label(kind).check()
        page.get_by_label("Gaat goed").check()
        page.get_by_label("Wat zegt de werkgever of praktijkopleider?").fill(
            "Werkt netjes, wil hem graag houden."
        )
        page.get_by_role("button", name="Bezoek opslaan").click()
        expect(page.get_by_text("Het bezoek is opgeslagen.")).to_be_visible()
    expect(page.get_by_text("2 van 2 bezoeken gedaan.")).to_be_visible()

    # 5. It became a paid job.
    page.get_by_role("link", name="Resultaat vastleggen").click()
    page.get_by_label("Betaalde baan").check()
    page.get_by_label("Resultaat per").fill(today.isoformat())
    page.get_by_role("button", name="Resultaat opslaan").click()
    expect(page.get_by_text("Betaalde baan").first).to_be_visible()
    screenshot(page, "bpv-journey.png")
    placement = Placement.objects.get()
    assert placement.status == "lopend" and placement.converted
    assert placement.visits.count() == 2
    assert placement.goals.get().plan_step_key is not None
