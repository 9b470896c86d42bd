"""A leaver answers the follow-up themselves: the coordinator sees the due contact, makes
the check-in link to copy into the leaver's chat app, the leaver answers the four
questions on a small phone (no login) and asks for help, and the coordinator sees the
contact recorded and the help task — in Chromium."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from entree.accounts.roles import Role
from outflow.models import FollowUpContact
from outflow.services import OutflowData, outflow_register
from plans.services import PlanData, plan_save
from students.models import Status
from tests.browser.helpers import log_in, screenshot
from tests.factories import StudentFactory, TeamFactory, UserFactory


@pytest.fixture
def leaver(transactional_db):
    team = TeamFactory(name="Entree Logistiek")
    mentor = UserFactory(email="mentor@school.example.test", roles=[Role.MENTOR], teams=[team])
    coordinator = UserFactory(
        email="coordinator@school.example.test", roles=[Role.COORDINATOR], teams=[team]
    )
    today = timezone.localdate()
    student = StudentFactory(
        team=team,
        regiehouder=mentor,
        status=Status.ACTIEF,
        first_name="Sem",
        start_date=today - timedelta(days=400),
    )
    plan_save(student=student, by=mentor, data=PlanData(route="arbeidsmarkt"))
    outflow_register(
        student=student,
        by=mentor,
        data=OutflowData(left_on=today - timedelta(days=32), diploma=True, destination="werk"),
        coordinator=coordinator,
    )
    return coordinator, student


def test_the_leaver_checks_in_on_a_phone_and_asks_for_help(
    page: Page, browser: Browser, live_server, leaver
):
    coordinator, student = leaver
    log_in(page, live_server, coordinator)
    page.goto(f"{live_server.url}/studenten/{student.uuid}/uitstroom/")
    row = page.get_by_role("row", name="Na 1 maand")
    expect(row).to_contain_text("te laat")
    row.get_by_role("link", name="Vastleggen").click()
    page.get_by_role("button", name="Link maken om te kopiëren").click()
    link = page.get_by_label("Link voor de oud-student").input_value()
    path = link[link.index("/nazorg/") :]

    phone = browser.new_context(viewport={"width": 360, "height": 640}, locale="nl-NL").new_page()
    phone.goto(live_server.url + path)
    expect(phone.get_by_role("heading", name="Hoi Sem, hoe gaat het met je?")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    phone.get_by_label("Ik werk").check()
    phone.get_by_label("Hoeveel uur per week werk of leer je?").fill("24")
    phone.get_by_label("Nee", exact=True).check()
    phone.get_by_label("Ja, neem contact met mij op").check()
    screenshot(phone, "checkin-phone.png")
    phone.get_by_role("button", name="Versturen").click()
    expect(phone.get_by_role("heading", name="Bedankt voor je antwoord!")).to_be_visible()

    page.goto(f"{live_server.url}/studenten/{student.uuid}/uitstroom/")
    expect(page.get_by_role("heading", name="Open taken")).to_be_visible()
    expect(page.get_by_text("Oud-student wil hulp (contactmoment na 1 maand)")).to_be_visible()
    expect(page.get_by_role("row", name="Na 1 maand")).to_contain_text("Zelf ingevuld")
    contact = FollowUpContact.objects.get(outflow__student=student, month=1)
    assert contact.channel == "zelf" and contact.needs_support and contact.hours_per_week == 24
