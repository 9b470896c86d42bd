"""The CSV of each table of the annual report (/kerncijfers/<jaar>/<reikwijdte>/<tabel>.csv)."""

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from entree.accounts.roles import Role
from entree.reports import figures
from entree.reports.presenters import table_csv
from entree.reports.report import SchoolYear
from tests.factories import TeamFactory, UserFactory
from tests.reports.conftest import inflow_table, results_table


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime(2026, 11, 22, 12, tzinfo=ZoneInfo("Europe/Amsterdam"))):
        yield


def _rows(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")  # Excel reads the file as UTF-8
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_a_table_with_row_totals_and_percentages_per_row():
    rows = _rows(table_csv(results_table()))
    assert rows[0] == [
        "Leerroute",
        "Diploma",
        "Diploma (%)",
        "Geen diploma",
        "Geen diploma (%)",
        "Nog ingeschreven",
        "Nog ingeschreven (%)",
        "Totaal",
        "Totaal (%)",
    ]
    assert rows[1] == ["Route A", "20", "50,0", "12", "30,0", "8", "20,0", "40", "100,0"]
    # Suppressed cells read as everywhere, and have no percentage that could give them away.
    assert rows[2] == ["Route B", "<5", "", "x", "", "30", "60,0", "50", "100,0"]
    assert len(rows) == 3


def test_a_table_with_column_totals_ends_with_them():
    rows = _rows(table_csv(inflow_table()))
    assert rows[0] == ["Vooropleiding", "Studenten", "Studenten (%)"]
    assert rows[2] == ["Praktijkonderwijs", "<5", ""]
    assert rows[4] == ["Geen of onbekend", "x", ""]
    assert rows[-1] == ["Totaal", "75", "100,0"]


@pytest.mark.django_db
def test_the_manager_downloads_every_table_of_the_dashboard(erin, client_for):
    client = client_for(erin)
    report = client.get("/kerncijfers/?schooljaar=2025-2026").context["report"]
    for block in report.blocks:
        for table in block.tables:
            url = f"/kerncijfers/2025-2026/{report.scope.key}/{table.key}.csv"
            response = client.get(url)
            assert response.status_code == 200, url
            assert response["Content-Type"] == "text/csv; charset=utf-8"
            name = f"kerncijfers-2025-2026-{report.scope.key}-{table.key}.csv"
            assert response["Content-Disposition"] == f'attachment; filename="{name}"'
            assert _rows(response.content.decode())[0][0] == table.row_header


@pytest.mark.django_db
def test_a_team_scope_has_its_own_csv(erin, team, client_for):
    key = f"team-{team.pk}"
    assert key in [scope.key for scope in figures.report_scopes(erin)]
    report = figures.report_build(user=erin, school_year=SchoolYear(2026), scope_key=key)
    table = report.blocks[0].tables[0]
    response = client_for(erin).get(f"/kerncijfers/2026-2027/{key}/{table.key}.csv")
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("year", "message"),
    [("2026", "Schrijf het schooljaar als"), ("2031-2032", "Kies een schooljaar van")],
)
def test_an_invalid_year_is_a_dutch_400(erin, client_for, year, message):
    response = client_for(erin).get(f"/kerncijfers/{year}/instelling/inflow.csv")
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_table_is_not_found(erin, client_for):
    assert client_for(erin).get("/kerncijfers/2025-2026/instelling/niets.csv").status_code == 404


def _first_table_key(user) -> str:
    scope = figures.report_scopes(user)[0].key
    report = figures.report_build(user=user, school_year=SchoolYear(2025), scope_key=scope)
    return report.blocks[0].tables[0].key


@pytest.mark.django_db
def test_another_teams_or_institutions_scope_is_not_found(erin, other_team, client_for):
    key = _first_table_key(erin)
    client = client_for(erin)
    assert client.get(f"/kerncijfers/2025-2026/team-{other_team.pk}/{key}.csv").status_code == 404
    elsewhere = TeamFactory(name="Entree Elders")
    assert client.get(f"/kerncijfers/2025-2026/team-{elsewhere.pk}/{key}.csv").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["alice", "bob", "carol", "dave", "frank"])
def test_only_management_downloads_a_table(name, personas, client_for):
    key = _first_table_key(personas["erin"])
    url = f"/kerncijfers/2025-2026/instelling/{key}.csv"
    assert client_for(personas[name]).get(url).status_code == 404


@pytest.mark.django_db
def test_without_login_the_csv_asks_to_log_in(erin, client):
    key = _first_table_key(erin)
    response = client.get(f"/kerncijfers/2025-2026/instelling/{key}.csv")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/inloggen/")


@pytest.mark.django_db
def test_a_manager_of_another_institution_gets_nothing_of_this_one(team, client_for):
    manager = UserFactory(roles=[Role.MANAGEMENT], teams=[TeamFactory(name="Entree Elders")])
    key = _first_table_key(manager)
    url = f"/kerncijfers/2025-2026/team-{team.pk}/{key}.csv"
    assert client_for(manager).get(url).status_code == 404
