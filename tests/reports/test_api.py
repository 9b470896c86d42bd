"""The annual report as JSON: /api/v1/reports/scopes/ and /api/v1/reports/annual/."""

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from entree.accounts.roles import Role
from entree.reports import figures
from entree.reports.report import SchoolYear
from tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

ANNUAL = "/api/v1/reports/annual/"
SCOPES = "/api/v1/reports/scopes/"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime(2026, 11, 22, 12, tzinfo=ZoneInfo("Europe/Amsterdam"))):
        yield


def test_the_scopes_of_the_manager(erin, team, api_for):
    answer = api_for(erin).get(SCOPES)
    assert answer.status_code == 200
    expected = [{"key": s.key, "name": s.name} for s in figures.report_scopes(erin)]
    assert answer.json() == expected
    assert f"team-{team.pk}" in [scope["key"] for scope in answer.json()]


def test_the_annual_report_is_the_report_as_dict(erin, api_for):
    answer = api_for(erin).get(f"{ANNUAL}?school_year=2025-2026&scope=instelling")
    assert answer.status_code == 200
    data = answer.json()
    report = figures.report_build(user=erin, school_year=SchoolYear(2025), scope_key="instelling")
    expected = json.loads(json.dumps(report.as_dict()))  # tuples become lists
    # Built twice, a moment apart: everything but the moment is the same.
    assert {**data, "generated_at": ""} == {**expected, "generated_at": ""}
    assert data["school_year"] == "2025-2026"
    assert data["scope"]["key"] == "instelling"


def test_suppressed_cells_have_no_count_in_the_json(erin, api_for):
    data = api_for(erin).get(f"{ANNUAL}?school_year=2025-2026").json()
    cells = [
        cell
        for block in data["blocks"]
        for table in block["tables"]
        for row in table["rows"] + ([table["total"]] if table["total"] else [])
        for cell in row["cells"] + ([row["total"]] if row["total"] else [])
    ]
    for cell in cells:
        if cell["suppressed"]:
            assert cell["count"] is None and cell["percent"] is None
            assert cell["display"] in ("<5", "x")


def test_without_parameters_the_current_year_and_the_first_scope(erin, api_for):
    data = api_for(erin).get(ANNUAL).json()
    assert data["school_year"] == "2026-2027"
    assert data["scope"]["key"] == figures.report_scopes(erin)[0].key


def test_a_teams_report(erin, team, api_for):
    answer = api_for(erin).get(f"{ANNUAL}?scope=team-{team.pk}")
    assert answer.status_code == 200
    assert answer.json()["scope"]["key"] == f"team-{team.pk}"


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("school_year=2025", "school_year", "Schrijf het schooljaar als 2025-2026"),
        ("school_year=2025-2027", "school_year", "Schrijf het schooljaar als 2025-2026"),
        ("school_year=2027-2028", "school_year", "Kies een schooljaar van 2017-2018"),
        ("school_year=2016-2017", "school_year", "Kies een schooljaar van 2017-2018"),
        ("scope=alles", "scope", "Kies als reikwijdte"),
        ("scope=team-x", "scope", "Kies als reikwijdte"),
    ],
)
def test_an_invalid_year_or_scope_is_a_dutch_400(erin, api_for, query, field, message):
    answer = api_for(erin).get(f"{ANNUAL}?{query}")
    assert answer.status_code == 400
    body = answer.json()
    assert body["detail"] == "De invoer is niet geldig."
    assert message in body["errors"][field][0]


def test_another_teams_or_institutions_scope_is_not_found(erin, other_team, api_for):
    api = api_for(erin)
    assert api.get(f"{ANNUAL}?scope=team-{other_team.pk}").status_code == 404
    elsewhere = TeamFactory(name="Entree Elders")
    answer = api.get(f"{ANNUAL}?scope=team-{elsewhere.pk}")
    assert answer.status_code == 404
    assert answer.json() == {"detail": "Niet gevonden.", "errors": {}}


def test_a_manager_of_another_institution_sees_only_their_own(team, api_for):
    manager = UserFactory(roles=[Role.MANAGEMENT], teams=[TeamFactory(name="Entree Elders")])
    api = api_for(manager)
    assert team.name not in str(api.get(SCOPES).json())
    assert api.get(f"{ANNUAL}?scope=team-{team.pk}").status_code == 404


@pytest.mark.parametrize("name", ["alice", "bob", "carol", "dave", "frank"])
def test_only_management_gets_the_figures(name, personas, api_for):
    api = api_for(personas[name])
    assert api.get(SCOPES).status_code == 404
    assert api.get(ANNUAL).status_code == 404


def test_without_login_401(api_for):
    assert api_for(None).get(SCOPES).status_code == 401
    assert api_for(None).get(ANNUAL).status_code == 401
