"""Long text wraps instead of breaking the layout (issue 7.3).

A name of the maximum length (no spaces: the worst case) once widened the record page and
pushed the caseload's columns out of view for the whole team.
"""

import pytest
from playwright.sync_api import Page, expect

from entree.accounts.roles import Role
from students.models import Intake, Student, StudyAdvice
from tests.factories import (
    IntakeFactory,
    StudentFactory,
    StudyAdviceFactory,
    TeamFactory,
    UserFactory,
)

WINDOW = {"width": 1280, "height": 800}


def _longest(field: str, letter: str) -> str:
    return letter * Student._meta.get_field(field).max_length


@pytest.fixture
def mentor(transactional_db):
    team = TeamFactory(name="Entree Zorg")
    return UserFactory(
        email="mentor@school.example.test", roles=[Role.MENTOR], teams=[team], last_name="Bos"
    )


@pytest.fixture
def long_named(mentor):
    team = mentor.teams.get()
    StudentFactory(team=team, regiehouder=mentor, first_name="Noor", last_name="Jansen")
    student = StudentFactory(
        team=team,
        regiehouder=mentor,
        first_name=_longest("first_name", "V"),
        last_name_prefix=_longest("last_name_prefix", "t"),
        last_name=_longest("last_name", "A"),
        status="intake",
    )
    long_motivation = "M" * Intake._meta.get_field("motivation").max_length
    IntakeFactory(student=student, motivation=long_motivation)
    advice = "A" * StudyAdvice._meta.get_field("motivation").max_length
    StudyAdviceFactory(student=student, motivation=advice, recorded_by=mentor)
    return student


def _assert_within_window(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= WINDOW["width"]


def test_caseload_with_a_maximum_length_name_keeps_every_column_in_view(
    page: Page, live_server, log_in, mentor, long_named
):
    page.set_viewport_size(WINDOW)
    log_in(page, live_server, mentor)
    page.goto(live_server.url + "/studenten/")
    expect(page.get_by_role("columnheader", name="Signalen")).to_be_visible()
    for header in page.get_by_role("columnheader").all():
        box = header.bounding_box()
        assert box is not None
        assert box["x"] + box["width"] <= WINDOW["width"], header.inner_text()
    _assert_within_window(page)


def test_record_page_with_a_maximum_length_name_and_motivation_stays_in_the_window(
    page: Page, live_server, log_in, mentor, long_named
):
    page.set_viewport_size(WINDOW)
    log_in(page, live_server, mentor)
    page.goto(f"{live_server.url}/studenten/{long_named.uuid}/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    _assert_within_window(page)
    for tab in ("intake", "studieadvies"):
        page.goto(f"{live_server.url}/studenten/{long_named.uuid}/{tab}/")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        _assert_within_window(page)
