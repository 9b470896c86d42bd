import pytest

from students.models import Status
from tests.factories import StudentFactory

pytestmark = pytest.mark.django_db


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


@pytest.mark.parametrize("name", ["alice", "dave", "frank"])
def test_only_management_opens_the_dashboard(name, personas, client_for):
    assert client_for(personas[name]).get("/kerncijfers/").status_code == 404


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
