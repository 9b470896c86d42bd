"""A mentor registers a candidate, completes the intake, places (or does not place) them,
and sees the student in the caseload with the right signals."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from entree.accounts.roles import Role
from students.models import Intake, Status, Student
from tests.browser.helpers import screenshot
from tests.factories import TeamFactory, UserFactory


@pytest.fixture
def mentor(transactional_db):
    team = TeamFactory(name="Entree Zorg")
    return UserFactory(
        email="mentor@school.example.test",
        first_name="Sanne",
        last_name="de Wit",
        roles=[Role.MENTOR],
        teams=[team],
    )


def _birth_date_turning_18_in(days: int) -> date:
    birthday = timezone.localdate() + timedelta(days=days)
    # 18 years before a leap year is never one: a birthday on 29 February (the suite run
    # on 30 January 2028) becomes the 28th, one day earlier and still inside the window.
    day = 28 if (birthday.month, birthday.day) == (2, 29) else birthday.day
    return birthday.replace(year=birthday.year - 18, day=day)


def _register(page: Page, base: str, *, number: str, first: str, last: str, born: date) -> None:
    page.goto(base + "/studenten/")
    page.get_by_role("link", name="Nieuwe kandidaat aanmelden").click()
    page.get_by_label("Studentnummer").fill(number)
    page.get_by_label("Voornaam").fill(first)
    page.get_by_label("Achternaam").fill(last)
    page.get_by_label("Geboortedatum").fill(born.isoformat())
    page.get_by_label("Leerweg").select_option("bol")
    page.get_by_label(re.compile(r"^Vooropleiding")).select_option("praktijkonderwijs")
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("heading", name=f"{first} {last}", level=1)).to_be_visible()


def _fill_intake(page: Page) -> None:
    page.get_by_label("Niveau Nederlands (ERK)").select_option("moedertaal")
    page.get_by_label("Rekenen").select_option("1F")
    page.get_by_label("Taal", exact=True).select_option("1F")
    page.get_by_label("Motivatie en doel van de student").fill("Wil in de zorg werken.")
    page.get_by_label("Vroege route-indicatie").select_option("arbeidsmarkt")
    for domain in ["Hulpverlening en zorg", "Wonen", "Financiën", "School", "Werk"]:
        group = page.get_by_role("group", name=domain)
        group.get_by_label("Op orde").check()
    page.get_by_label("Aandacht").first.check()  # Hulpverlening en zorg: needs attention
    page.get_by_role("button", name="Intake opslaan").click()
    expect(page.get_by_text("De intake is opgeslagen.")).to_be_visible()
    expect(page.get_by_text("De intake is compleet.")).to_be_visible()


def test_mentor_registers_completes_intake_and_places_a_candidate(
    page: Page, live_server, mentor, log_in
):
    log_in(page, live_server, mentor)
    _register(
        page,
        live_server.url,
        number="9000001",
        first="Noor",
        last="Jansen",
        born=_birth_date_turning_18_in(30),
    )
    # Straight after registering the caseload warns that the intake is not finished.
    page.goto(live_server.url + "/studenten/")
    row = page.get_by_role("row", name="Jansen, Noor")
    expect(row.get_by_text("Intake niet afgerond")).to_be_visible()
    expect(row.get_by_text("Wordt binnenkort 18")).to_be_visible()

    row.get_by_role("link", name="Jansen, Noor").click()
    # Wait for the record: on the caseload "Intake" also names the signal shortcut
    # "Intake niet afgerond".
    expect(page.get_by_role("heading", name="Noor Jansen", level=1)).to_be_visible()
    page.get_by_role("link", name="Intake").click()
    _fill_intake(page)

    # Placing without a start date is refused with a clear message.
    page.get_by_label("Geplaatst", exact=True).check()
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.get_by_role("alert")).to_contain_text("Geef de startdatum op.")
    page.get_by_label("Geplaatst", exact=True).check()
    page.get_by_label("Startdatum").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.get_by_text("Het besluit is vastgelegd: Geplaatst.")).to_be_visible()

    page.goto(live_server.url + "/studenten/")
    row = page.get_by_role("row", name="Jansen, Noor")
    expect(row.get_by_text("Geplaatst")).to_be_visible()
    expect(row.get_by_text("Intake niet afgerond")).to_have_count(0)
    expect(row.get_by_text("Wordt binnenkort 18")).to_be_visible()
    screenshot(page, "caseload-after-placement.png")

    student = Student.objects.get(student_number="9000001")
    assert student.status == Status.GEPLAATST
    assert student.regiehouder == mentor
    assert student.intake.domains.count() == 5


def test_mentor_does_not_place_a_candidate_without_a_written_motivation(
    page: Page, live_server, mentor, log_in
):
    log_in(page, live_server, mentor)
    _register(
        page,
        live_server.url,
        number="9000002",
        first="Daan",
        last="Bakker",
        born=date(2005, 3, 14),
    )
    page.get_by_role("link", name="Intake").click()
    page.get_by_label("Niet geplaatst").check()
    page.get_by_role("button", name="Besluit vastleggen").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Schrijf op waarom")
    expect(alert).to_contain_text("warm wordt overgedragen")
    screenshot(page, "not-placed-errors.png")
    assert Student.objects.get(student_number="9000002").status == Status.INTAKE or not (
        Intake.objects.filter(student__student_number="9000002").exists()
    )

    page.get_by_label("Niet geplaatst").check()
    page.get_by_label("Motivatie", exact=True).fill("Eerst schulden en huisvesting regelen.")
    page.get_by_label("Warm overgedragen aan").select_option("gemeente")
    page.get_by_label("Contactpersoon bij de overdracht").fill("Consulent jongerenloket")
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.get_by_text("Het besluit is vastgelegd: Niet geplaatst.")).to_be_visible()
    assert Student.objects.get(student_number="9000002").status == Status.NIET_GEPLAATST
