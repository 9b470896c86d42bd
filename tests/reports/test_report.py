"""The report as a whole: who may build it for which scope, its shape, the previous year
and the national figures beside each table, the attacker on a real report of all scopes,
and a number of queries that does not grow with the institution."""

from dataclasses import asdict
from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from entree.accounts.roles import Role
from entree.reports.figures import report_build, report_scopes
from entree.reports.figures.core import BLOCKS
from entree.reports.report import SchoolYear
from students.models import Status
from tests.factories import OutflowFactory, StudentFactory, TeamFactory, UserFactory

from .attacker import TOTAL, attack
from .helpers import table

pytestmark = pytest.mark.django_db

YEAR = SchoolYear(2025)


def starter(team, **fields):
    fields.setdefault("start_date", date(2025, 9, 1))
    fields.setdefault("cohort", "2025-2026")
    fields.setdefault("status", Status.ACTIEF)
    return StudentFactory(team=team, **fields)


@pytest.mark.parametrize("name", ["alice", "bob", "carol", "dave", "frank"])
def test_only_a_manager_builds_a_report(name, personas):
    with pytest.raises(Http404):
        report_build(user=personas[name], school_year=YEAR, scope_key="instelling")
    with pytest.raises(Http404):
        report_scopes(personas[name])


def test_nobody_logged_in_gets_404(db):
    with pytest.raises(Http404):
        report_build(user=AnonymousUser(), school_year=YEAR, scope_key="instelling")


def test_a_manager_chooses_the_institution_or_one_of_their_teams(erin, team, other_team):
    scopes = report_scopes(erin)
    assert [scope.key for scope in scopes] == ["instelling", f"team-{team.pk}"]
    assert scopes[0].name == team.institution.name
    assert scopes[1].name == f"{team.institution.name} — {team.name}"
    report = report_build(user=erin, school_year=YEAR, scope_key=f"team-{team.pk}")
    assert report.scope == scopes[1]


def test_a_manager_cannot_pick_another_team_or_nonsense(erin, other_team):
    elsewhere = TeamFactory(institution__name="ROC Elders")
    for key in (f"team-{other_team.pk}", f"team-{elsewhere.pk}", "team-x", ""):
        with pytest.raises(Http404):
            report_build(user=erin, school_year=YEAR, scope_key=key)


def test_a_manager_of_another_institution_reports_on_their_own(team):
    elsewhere = TeamFactory(institution__name="ROC Elders")
    manager = UserFactory(roles=[Role.MANAGEMENT], teams=[elsewhere])
    starter(team)
    starter(elsewhere)
    starter(elsewhere)
    report = report_build(user=manager, school_year=YEAR, scope_key="instelling")
    assert report.scope.institution_id == elsewhere.institution_id
    assert table(report, "inflow_learning_path").total.cells[0].count in (None, 2)
    assert table(report, "inflow_learning_path").total.cells[0].display == "<5"


def test_every_block_and_table_is_there_with_previous_year_and_national_figures(erin, team):
    report = report_build(user=erin, school_year=YEAR, scope_key="instelling")
    assert [block.key for block in report.blocks] == [key for key, _, _ in BLOCKS]
    assert [block.key for block in report.blocks] == [
        "inflow",
        "results",
        "destinations",
        "bpv",
        "outflow",
        "follow_up",
        "quality",
    ]
    for block in report.blocks:
        for t in block.tables:
            assert t.definition and t.title
            assert t.previous is not None and t.previous.key == t.key
            assert t.previous.previous is None
    results = table(report, "results_learning_path")
    bol = {(f.row, f.column): f for f in results.national}
    assert bol[("bol", "diploma")].value == 66
    assert bol[("bol", "diploma")].cohort == "cohort 2016-2017"
    assert "5.1a" in bol[("bol", "diploma")].source
    assert bol[("totaal", "totaal")].value == 10775 and bol[("totaal", "totaal")].unit == "count"
    prior = {(f.row, f.column): f.value for f in table(report, "results_prior_education").national}
    assert prior[("vo_met_diploma", "diploma")] == 68  # the inspectorate's "vo (incl. vbo)"
    positions = table(report, "follow_up_position_2y_diploma").national
    assert {(f.row, f.column, f.value) for f in positions} >= {
        ("diploma", "werknemer", 56),
        ("geen_diploma", "onderwijs", 9),
    }
    assert report.as_dict()["scope"] == {"key": "instelling", "name": team.institution.name}


def test_the_previous_year_is_what_that_years_own_report_shows(erin, team):
    for _ in range(6):
        starter(team, start_date=date(2024, 9, 1), cohort="2024-2025")
    starter(team, start_date=date(2024, 9, 1), cohort="2024-2025", learning_path="bbl")
    this_year = report_build(user=erin, school_year=YEAR, scope_key="instelling")
    last_year = report_build(user=erin, school_year=YEAR.previous(), scope_key="instelling")
    for block, earlier in zip(this_year.blocks, last_year.blocks, strict=True):
        for t, own in zip(block.tables, earlier.tables, strict=True):
            assert asdict(t.previous) | {"national": []} == asdict(own) | {
                "previous": None,
                "national": [],
            }


def _cohort(teams, per_team):
    """A cohort with small and large cells in every team, some leavers."""
    for index, team in enumerate(teams):
        for n, (path, prior) in enumerate(per_team):
            for _ in range(n % 3 + index % 2 + 1):
                starter(team, learning_path=path, prior_education=prior)
        student = starter(team, status=Status.UITGESTROOMD)
        OutflowFactory(student=student, left_on=date(2026, 3, 1))


MIX = [
    ("bol", "isk"),
    ("bol", "vso"),
    ("bbl", "isk"),
    ("bol", "praktijkonderwijs"),
    ("examendeelnemer", "vso"),
    ("bol", "isk"),
    ("bol", "isk"),
]


def test_the_attacker_pins_nothing_in_a_real_report_of_all_scopes(team, other_team):
    third = TeamFactory(institution=team.institution, name="Entree Noord")
    teams = [team, other_team, third]
    manager = UserFactory(roles=[Role.MANAGEMENT], teams=teams)
    _cohort(teams, MIX)
    scopes = report_scopes(manager)
    shown = {}
    for scope in scopes:
        report = report_build(user=manager, school_year=YEAR, scope_key=scope.key)
        shown[scope.key] = {
            t["key"]: t for block in report.as_dict()["blocks"] for t in block["tables"]
        }
    links = []
    for dim_table, others in [
        ("inflow_learning_path", ["results_learning_path", "destinations_learning_path"]),
        ("inflow_prior_education", ["results_prior_education", "destinations_prior_education"]),
    ]:
        for row in shown["instelling"][dim_table]["rows"]:
            for other in others:
                links.append(((dim_table, row["code"], "aantal"), (other, row["code"], TOTAL)))
    # The whole cohort is the total of every cohort table.
    for key in shown["instelling"]:
        if key.startswith(("inflow_", "results_", "destinations_")):
            grand = (key, TOTAL, "aantal" if key.startswith("inflow_") else TOTAL)
            links.append((("inflow_learning_path", TOTAL, "aantal"), grand))
    for a, b in [
        ("results_learning_path", "results_prior_education"),
        ("destinations_learning_path", "destinations_prior_education"),
    ]:
        for code, _ in shown["instelling"][a]["columns"]:
            links.append(((a, TOTAL, code), (b, TOTAL, code)))
    hidden = [
        cell
        for tables in shown.values()
        for t in tables.values()
        for row in t["rows"]
        for cell in row["cells"]
        if cell["count"] is None
    ]
    assert hidden  # the test has something to attack
    assert attack(shown, links) == []


def _size(teams_count, per_team):
    institution_team = TeamFactory(name="Entree A", institution__name=f"ROC {teams_count}")
    teams = [institution_team] + [
        TeamFactory(institution=institution_team.institution, name=f"Entree {i}")
        for i in range(teams_count - 1)
    ]
    manager = UserFactory(roles=[Role.MANAGEMENT], teams=teams)
    _cohort(teams, MIX[:per_team])
    return manager


def test_the_number_of_queries_does_not_grow_with_students_or_teams(django_assert_max_num_queries):
    small = _size(1, 2)
    with django_assert_max_num_queries(40) as few:
        report_build(user=small, school_year=YEAR, scope_key="instelling")
    large = _size(4, 7)
    with django_assert_max_num_queries(40) as many:
        report_build(user=large, school_year=YEAR, scope_key="instelling")
    assert len(few.captured_queries) == len(many.captured_queries)
