"""Guards for what the caseload, the figures and the exports cost (issue 9). No timings —
those are in ``make bench`` (docs/performance.md) — but the two things that keep a page's
cost to what it shows: a constant number of queries whatever the data's size, and a plan
that reads an index range for the page of 50 instead of every visible student."""

import itertools
from datetime import date

import pytest
from django.db import connection

from entree.audit.models import AccessLog
from students import selectors
from students.models import Status, Student
from students.services import caseload_export
from tests.factories import StudentFactory, TeamFactory

pytestmark = pytest.mark.django_db

_numbers = itertools.count(8_000_000)


def _bulk(team, count: int, **fields) -> None:
    """``count`` students in one INSERT (factories would take minutes for thousands)."""
    fields.setdefault("status", Status.ACTIEF)
    Student.objects.bulk_create(
        [
            Student(
                institution=team.institution,
                team=team,
                student_number=str(next(_numbers)),
                first_name=f"Voornaam{i % 97}",
                last_name=f"Achternaam{i % 1013:04d}",
                date_of_birth=date(2008, 5, 17),
                learning_path="bol",
                **fields,
            )
            for i in range(count)
        ]
    )


#: The management dashboard is no list: it renders the annual report, one GROUP BY per
#: table (23 now) plus today's counts per status — constant, but above a list's 30.
_DASHBOARD_QUERIES = 40


def _queries(client, path: str, django_assert_max_num_queries) -> int:
    limit = _DASHBOARD_QUERIES if path.startswith("/kerncijfers/") else 30
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(path)
        assert response.status_code == 200
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    return len(captured.captured_queries)


def _steady_queries(client, path: str, django_assert_max_num_queries) -> int:
    """The fewer of two requests: once a minute a request also refreshes the session's
    idle clock, which is not the list's cost."""
    return min(_queries(client, path, django_assert_max_num_queries) for _ in range(2))


@pytest.mark.parametrize(
    ("user", "path"),
    [
        ("alice", "/studenten/"),
        ("alice", "/studenten/?pagina=2"),
        ("alice", "/studenten/?signal=geen_regiehouder"),
        ("alice", "/api/v1/students/"),
        ("dave", "/studenten/"),
        ("erin", "/kerncijfers/"),
        ("alice", "/studenten/export.csv"),
    ],
)
def test_lists_run_the_same_queries_at_two_data_sizes(
    user, path, request, team, other_team, client_for, django_assert_max_num_queries
):
    """Protects the constant query count of every list at 150 and 2,500 students (pages
    of mine and of others, outflow for the coordinator, figures, the CSV in two chunks)."""
    person = request.getfixturevalue(user)
    client = client_for(person)
    mentor = request.getfixturevalue("alice")
    # The streamed CSV at both sizes (above the threshold a Celery worker makes the file).
    request.getfixturevalue("settings").CASELOAD_EXPORT_ASYNC_THRESHOLD = 10_000
    # Pages 1 and 2 hold only the user's own students at both sizes: a page that straddles
    # "mine" and "the others" reads both sections, one query more (selectors.MineFirst).
    _bulk(team, 120, regiehouder=mentor)
    _bulk(team, 25, status=Status.NAZORG)
    _bulk(other_team, 5)
    small = _steady_queries(client, path, django_assert_max_num_queries)
    _bulk(team, 1200, regiehouder=mentor)
    _bulk(team, 1000, status=Status.UITGESTROOMD)
    _bulk(other_team, 140)
    # The CSV writes its access log per chunk of 2,000 rows: one INSERT more here.
    extra = 1 if path.endswith(".csv") else 0
    assert _steady_queries(client, path, django_assert_max_num_queries) == small + extra


def test_the_caseload_page_reads_an_index_range_not_every_visible_student(alice, team):
    """Protects the page of 50 from sorting the whole team: with 6,000 students and fresh
    statistics, the rows of "mine" and of "the others" each come from an index in name
    order, and no plan scans the students table. The old order ("mine first" as a
    computed column) had to sort every visible student — shown here too, so the test
    proves it runs at a size where that difference exists."""
    other = TeamFactory(institution=team.institution, name="Entree Elders")
    _bulk(team, 2000, regiehouder=alice)
    _bulk(team, 2000)
    _bulk(other, 2000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE students_student")
    rows = selectors.caseload_for_user(alice)
    page = selectors.MineFirst(rows, alice)
    for part, index in ((page.mine, "student_regie_name"), (page.others, "student_team_name")):
        plan = part[:50].explain()
        assert index in plan, plan
        assert "Seq Scan on students_student" not in plan, plan
        assert "Sort" not in plan.split("Limit", 1)[1].split("->", 2)[1], plan
    old = rows.order_by("-is_mine", *selectors.CASELOAD_ORDER)[:50].explain()
    assert "Sort Key: (CASE WHEN" in old, old


def test_caseload_counts_mine_and_others_without_counting_a_student_twice(alice, bob, team):
    """Protects the page's total when the user's own students are counted apart."""
    _bulk(team, 3, regiehouder=alice)
    _bulk(team, 4, regiehouder=bob)
    _bulk(team, 2)
    _bulk(TeamFactory(institution=team.institution), 5)  # invisible to alice
    page = selectors.MineFirst(selectors.caseload_for_user(alice), alice)
    assert (page.mine_count(), page.count()) == (3, 9)
    rows = page[2:5]
    assert [s.regiehouder_id == alice.pk for s in rows] == [True, False, False]


def test_caseload_cohorts_come_from_the_calendar_not_from_the_students(alice, team):
    """Protects the filter's options from a DISTINCT over every visible student."""
    assert selectors.cohort_choices(date(2026, 11, 22))[:3] == [
        "2027-2028",
        "2026-2027",
        "2025-2026",
    ]
    assert len(selectors.cohort_choices(date(2026, 11, 22))) == selectors.COHORT_YEARS + 1


def test_caseload_csv_sends_its_header_at_once_and_logs_each_chunk_just_before_it_leaves(
    alice, team, client_for, monkeypatch
):
    """Protects the first byte from waiting for a team-wide access-log INSERT, and the log
    from ever missing a student whose row left."""
    monkeypatch.setattr(caseload_export, "CSV_CHUNK_SIZE", 2)
    StudentFactory.create_batch(5, team=team, regiehouder=alice)
    response = client_for(alice).get("/studenten/export.csv")
    chunks = iter(response.streaming_content)
    next(chunks)  # the header
    assert AccessLog.objects.count() == 0
    first = next(chunks).decode("utf-8")
    assert first.count("\n") == 2
    assert AccessLog.objects.count() == 2
    rest = b"".join(chunks).decode("utf-8")
    assert rest.count("\n") == 3
    assert AccessLog.objects.filter(part="caseload-export").count() == 5


@pytest.mark.django_db(transaction=True)  # VACUUM cannot run inside the test's transaction
def test_management_figures_are_counted_from_the_index_alone(team, other_team):
    """Protects the figures from reading every student row: COUNT(*) per (team, status)
    is answered by an index-only scan of the (team, status) index."""
    from entree.reports.selectors import status_counts_query

    _bulk(team, 3000)
    _bulk(other_team, 3000, status=Status.NAZORG)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE students_student")
    plan = status_counts_query([team, other_team]).explain()
    assert "Index Only Scan using student_team_status" in plan, plan


def test_the_application_connects_with_postgresqls_jit_compiler_off():
    """The caseload's signal counts cost more than jit_above_cost at a few hundred
    students: with JIT on, PostgreSQL spent ~300 ms compiling a ~40 ms query on every
    caseload view (docs/performance.md). The setting comes with every connection."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
