"""``make bench``'s own parts that run without a load generator: the floor page, the
settings, the demo school it seeds and the table. (The measurements themselves are not a
test: docs/performance.md.)"""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from bench import run
from entree.accounts.models import Team, User
from entree.core.demo import demo_teams, demo_users, team_weights
from students.models import Student
from tests.factories import StudentFactory

pytestmark = pytest.mark.django_db


@override_settings(ROOT_URLCONF="bench.urls")
def test_the_floor_is_fifty_rows_from_one_query(alice, team, django_assert_num_queries):
    StudentFactory.create_batch(55, team=team)
    client = Client()
    client.force_login(alice)
    client.get("/bench/floor/")
    # The session and the user are read as on every page; the rows are one query.
    with django_assert_num_queries(2):
        response = client.get("/bench/floor/")
    assert response.status_code == 200
    assert response.content.decode().count("<tr>") == 51


def test_the_realistic_distribution_has_no_team_with_most_students():
    """Protects the demo from one team holding 64% of the students."""
    for count in (3, 50):
        weights = team_weights(count)
        assert max(weights) / sum(weights) < 0.4
    weights = team_weights(50, huge=True)
    assert weights[-1] / sum(weights) == pytest.approx(0.2)
    assert len(demo_teams(50, huge=True)) == 51


def test_the_demo_spreads_students_over_its_teams():
    call_command("seed_demo", students=300, today=date(2026, 11, 22), stdout=StringIO())
    sizes = [Student.objects.filter(team=team).count() for team in Team.objects.all()]
    assert max(sizes) / 300 < 0.5
    assert min(sizes) > 0.2 * 300


def test_a_national_school_gets_mentors_per_team_and_a_coordinator_per_five_teams():
    users = demo_users(50, huge=True, students=100_000)
    assert 380 <= len(users) <= 450
    call_command(
        "seed_demo",
        students=400,
        teams=12,
        huge_team=True,
        today=date(2026, 11, 22),
        stdout=StringIO(),
    )
    assert Team.objects.count() == 13
    huge = Team.objects.get(name__contains="Extreem")
    assert 0.12 < Student.objects.filter(team=huge).count() / 400 < 0.3
    # Outflow students are held by a coordinator of their own team.
    held = Student.objects.filter(regiehouder__roles__contains=["uitstroomcoordinator"])
    assert held.exists()
    for student in held.select_related("regiehouder"):
        assert student.regiehouder.teams.filter(pk=student.team_id).exists()
    assert User.objects.get(email="manager.all@demo.example.test").teams.count() == 13


def test_the_table_and_its_json_hold_ratio_and_spread(capsys):
    row = run.Row(
        name="caseload",
        students=100_000,
        median_ms=80,
        p95_ms=150,
        spread_ms=20,
        first_byte_ms=79,
        queries=6,
        requests=144,
        failed=0,
        floor_p95_ms=50,
        ratio=3.0,
    )
    run.print_table([row])
    line = capsys.readouterr().out.splitlines()[-1]
    assert line.split()[-1] == "3.0"
    assert "150ms" in line
    assert json.loads(json.dumps(run.asdict(row)))["ratio"] == 3.0
