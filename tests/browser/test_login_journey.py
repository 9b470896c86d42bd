"""The first minutes of a mentor's day, in a real browser: log in, see the caseload,
open a student, log out. Plus a wrong password, and the keyboard-only route to content."""

import re

from playwright.sync_api import Page, expect

from entree.accounts.roles import Role
from tests.browser.helpers import LOGIN_PATH, fill_login_form, log_in, screenshot
from tests.factories import PASSWORD, StudentFactory, TeamFactory, UserFactory

LOGIN_URL = re.compile(re.escape(LOGIN_PATH) + r"(\?.*)?$")


def _mentor_with_student():
    team = TeamFactory(name="Entree Zorg")
    mentor = UserFactory(
        email="alice@school.example.test",
        first_name="Alice",
        last_name="de Vries",
        roles=[Role.MENTOR],
        teams=[team],
    )
    student = StudentFactory(team=team, regiehouder=mentor, first_name="Noor", last_name="Jansen")
    return mentor, student


def test_mentor_logs_in_and_sees_the_caseload_shell(page: Page, live_server):
    mentor, student = _mentor_with_student()

    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile(re.escape(LOGIN_PATH) + r"\?next=/$"))
    expect(page.get_by_role("heading", name="Inloggen", level=1)).to_be_visible()

    fill_login_form(page, mentor.email, PASSWORD)

    expect(page).to_have_url(live_server.url + "/studenten/")
    expect(page.get_by_role("heading", name="Mijn studenten", level=1)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("table")).to_contain_text(student.sort_name)
    menu_item = page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Mijn studenten"
    )
    expect(menu_item).to_have_attribute("aria-current", "page")
    skip_link = page.get_by_role("link", name="Naar de inhoud")
    expect(skip_link).to_have_count(1)
    expect(skip_link).to_have_attribute("href", "#inhoud")
    screenshot(page, "caseload.png")

    page.get_by_role("link", name=student.sort_name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(student.full_name)

    page.get_by_role("button", name="Uitloggen").click()
    expect(page).to_have_url(LOGIN_URL)
    expect(page.get_by_role("heading", name="Inloggen", level=1)).to_be_visible()
    expect(page.get_by_role("button", name="Uitloggen")).to_have_count(0)


def test_failed_login_shows_a_clear_dutch_message(page: Page, live_server):
    mentor, _student = _mentor_with_student()

    page.goto(live_server.url + LOGIN_PATH)
    fill_login_form(page, mentor.email, "niet-het-goede-wachtwoord")

    alert = page.get_by_role("alert")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("Deze combinatie van e-mailadres en wachtwoord is niet bekend")
    expect(page).to_have_url(LOGIN_URL)
    expect(page.get_by_role("button", name="Uitloggen")).to_have_count(0)
    screenshot(page, "login-failed.png")

    # Not logged in: the caseload still sends the visitor to the login page.
    page.goto(live_server.url + "/studenten/")
    expect(page).to_have_url(LOGIN_URL)
    expect(page.get_by_role("heading", name="Mijn studenten")).to_have_count(0)


def test_keyboard_user_can_reach_the_content_with_the_skip_link(page: Page, live_server):
    mentor, _student = _mentor_with_student()
    log_in(page, live_server, mentor)
    expect(page.get_by_role("heading", name="Mijn studenten", level=1)).to_be_visible()

    skip_link = page.get_by_role("link", name="Naar de inhoud")
    expect(skip_link).not_to_be_in_viewport()  # out of sight until it has focus

    page.keyboard.press("Tab")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()
    expect(skip_link).to_be_in_viewport()

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#inhoud$"))
    expect(page.locator("main#inhoud")).to_be_focused()


def test_an_english_browser_sees_dutch_until_english_is_chosen_and_kept(browser, live_server):
    """Issue 7.10: on an English browser the pages were English before login. Now Dutch
    unless the user picks English in the footer; the choice survives closing the tab."""
    context = browser.new_context(locale="en-US")
    try:
        page = context.new_page()
        page.goto(live_server.url + LOGIN_PATH)
        expect(page.locator("html")).to_have_attribute("lang", "nl")
        expect(page.get_by_role("heading", name="Inloggen", level=1)).to_be_visible()

        page.get_by_label("Taal van de website").select_option("en")
        page.get_by_role("button", name="Wijzig taal").click()
        expect(page.get_by_role("heading", name="Log in", level=1)).to_be_visible()

        page.close()
        again = context.new_page()
        again.goto(live_server.url + LOGIN_PATH)
        expect(again.locator("html")).to_have_attribute("lang", "en")
    finally:
        context.close()
