"""The management dashboard (/kerncijfers/): the annual report of a chosen school year and
scope, and today's students per status and team."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from entree.accounts.roles import Role
from entree.reports import figures
from entree.reports.charts import chart_svg
from entree.reports.report import SchoolYear
from students.models import Status
from tests.factories import StudentFactory, TeamFactory, UserFactory
from tests.reports.school import demo_add, demo_seed

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 22)  # in the school year 2026-2027


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime(2026, 11, 22, 12, tzinfo=ZoneInfo("Europe/Amsterdam"))):
        yield


# --- Today's students per status (kept from before the annual report) ------------------------


def test_manager_sees_counts_per_status_with_small_cells_suppressed(erin, team, client_for):
    StudentFactory.create_batch(6, team=team, status=Status.ACTIEF)
    StudentFactory.create_batch(2, team=team, status=Status.NAZORG)
    response = client_for(erin).get("/kerncijfers/")
    assert response.status_code == 200
    cells = [cell.count for cell in response.context["rows"][0]["cells"]]
    shown = [str(cell) for cell in response.context["rows"][0]["cells"]]
    statuses = list(Status)
    assert cells[statuses.index(Status.ACTIEF)] == 6
    assert shown[statuses.index(Status.ACTIEF)] == "6"
    assert shown[statuses.index(Status.NAZORG)] == "<5"
    assert shown[statuses.index(Status.AFGESLOTEN)] == "0"
    html = response.content.decode()
    assert "&lt;5" in html
    # No student names, numbers or links to records on the management page.
    assert "/studenten/" not in html


def test_dashboard_only_counts_the_managers_teams(erin, other_team, client_for):
    StudentFactory.create_batch(7, team=other_team)
    rows = client_for(erin).get("/kerncijfers/").context["rows"]
    assert [row["team"].name for row in rows] == ["Entree Zorg"]
    assert rows[0]["total"].count == 0


def test_a_row_total_does_not_give_away_a_suppressed_cell(erin, team, client_for):
    StudentFactory.create_batch(31, team=team, status=Status.ACTIEF)
    StudentFactory.create_batch(2, team=team, status=Status.NAZORG)
    row = client_for(erin).get("/kerncijfers/").context["rows"][0]
    assert str(row["total"]) == "≈30"  # not 33: 33 - 31 would reveal the "<5" cell
    assert row["total"].count == 33


def test_a_row_without_suppressed_cells_shows_its_exact_total(erin, team, client_for):
    StudentFactory.create_batch(7, team=team, status=Status.ACTIEF)
    row = client_for(erin).get("/kerncijfers/").context["rows"][0]
    assert str(row["total"]) == "7"


def test_a_team_scope_shows_only_that_teams_students_today(team, other_team, client_for):
    manager = UserFactory(roles=[Role.MANAGEMENT], teams=[team, other_team])
    StudentFactory.create_batch(7, team=other_team)
    response = client_for(manager).get(f"/kerncijfers/?reikwijdte=team-{other_team.pk}")
    assert [row["team"].name for row in response.context["rows"]] == ["Entree Techniek"]


# --- The annual report ----------------------------------------------------------------------


def test_the_current_school_year_and_the_widest_scope_by_default(erin, client_for):
    response = client_for(erin).get("/kerncijfers/")
    assert response.status_code == 200
    report = response.context["report"]
    assert report.school_year == SchoolYear(2026)
    assert report.scope.key == figures.report_scopes(erin)[0].key
    html = response.content.decode()
    assert 'name="schooljaar"' in html and 'name="reikwijdte"' in html
    assert "2026-2027" in html and "2017-2018" in html  # the current year and nine before


def test_every_table_has_its_definition_on_focus_and_a_csv_link(client_for):
    manager = demo_seed(students=120, today=TODAY)
    response = client_for(manager).get("/kerncijfers/?schooljaar=2025-2026")
    html = response.content.decode()
    report = response.context["report"]
    tables = [table for block in report.blocks for table in block.tables]
    assert tables
    for table in tables:
        # A button that names the definition as its description: read on focus by a
        # screen reader, shown on hover and focus by the CSS.
        assert f'aria-describedby="definitie-{table.key}"' in html
        assert f'id="definitie-{table.key}"' in html
        assert f"/kerncijfers/2025-2026/{report.scope.key}/{table.key}.csv" in html
    # A chart for every table that has one with something to draw (not only "<5"s).
    charts = sum(1 for table in tables if chart_svg(table))
    assert charts
    assert html.count('src="data:image/svg+xml;base64,') == charts
    assert "2024-2025" in html  # compared with the year before


def test_a_national_figure_shows_its_source_and_cohort(client_for):
    manager = demo_seed(students=60, today=TODAY)
    response = client_for(manager).get("/kerncijfers/")
    html = response.content.decode()
    national = [
        figure
        for block in response.context["report"].blocks
        for table in block.tables
        for figure in table.national
    ]
    for figure in national:
        assert figure.source in html
        assert figure.cohort in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("schooljaar=2026", "Schrijf het schooljaar als 2025-2026"),
        ("schooljaar=2030-2031", "Kies een schooljaar van 2017-2018 tot en met 2026-2027"),
        ("reikwijdte=iedereen", "Kies als reikwijdte"),
    ],
)
def test_an_invalid_choice_shows_the_form_with_its_error(erin, client_for, query, message):
    response = client_for(erin).get(f"/kerncijfers/?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "report" not in response.context


def test_another_teams_scope_is_not_found(erin, other_team, client_for):
    assert client_for(erin).get(f"/kerncijfers/?reikwijdte=team-{other_team.pk}").status_code == 404


def test_a_team_of_another_institution_is_not_found(erin, client_for):
    elsewhere = TeamFactory(name="Entree Elders")
    UserFactory(roles=[Role.MANAGEMENT], teams=[elsewhere])
    response = client_for(erin).get(f"/kerncijfers/?reikwijdte=team-{elsewhere.pk}")
    assert response.status_code == 404


@pytest.mark.parametrize("name", ["alice", "bob", "carol", "dave", "frank"])
def test_only_management_opens_the_dashboard(name, personas, client_for):
    assert client_for(personas[name]).get("/kerncijfers/").status_code == 404


def test_without_login_the_dashboard_asks_to_log_in(client):
    response = client.get("/kerncijfers/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/inloggen/")


def test_a_manager_without_teams_is_told_to_ask_for_them(client_for):
    manager = UserFactory(roles=[Role.MANAGEMENT], teams=[])
    response = client_for(manager).get("/kerncijfers/")
    assert response.status_code == 200
    assert "aan geen team gekoppeld" in response.content.decode()


def test_the_dashboard_costs_the_same_queries_for_a_small_and_a_larger_school(
    client_for, django_assert_max_num_queries
):
    """A bounded number of queries, whatever the number of students: the figures are
    aggregated in PostgreSQL. Counted for the demo school of 40 students, then again after
    it grew by 120 more (every seeder: intakes, placements, outflows, follow-up)."""
    manager = demo_seed(students=40, today=TODAY)
    client = client_for(manager)
    client.get("/kerncijfers/")  # the session and the user's caches
    counts = []
    for grow in (False, True):
        if grow:
            demo_add(start=40, stop=160, today=TODAY)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/kerncijfers/?schooljaar=2025-2026").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    with django_assert_max_num_queries(40):
        client.get("/kerncijfers/")
