"""The placements' caseload signals (placements/signals.py): a visit due past the midpoint,
a placement ending with too few visits, and a labour-market student still without a
placement — evaluated by PostgreSQL for the caseload and its filter."""

from datetime import date

import pytest
import time_machine

from plans import services as plan_services
from plans.services import PlanData
from students import selectors
from students.models import Status, Student
from tests.factories import PlacementFactory, StudentFactory, VisitFactory

pytestmark = pytest.mark.django_db

# The factory's placement runs from 1 October 2026 to 31 January 2027: 122 days, so its
# midpoint is 1 December 2026 and the last two weeks start on 17 January 2027.
MIDPOINT = date(2026, 12, 1)


def _signal(student: Student, code: str, today: date) -> bool:
    row = selectors.with_signals(Student.objects.filter(pk=student.pk), today).get()
    return getattr(row, f"signal_{code}")


def _filtered(client, code: str, today: date) -> list[str]:
    with time_machine.travel(today, tick=False):
        response = client.get(f"/studenten/?signal={code}")
    assert response.status_code == 200
    return [s.last_name for s in response.context["page"].object_list]


# --- bpv_bezoek_nodig ---------------------------------------------------------------------


def test_a_visit_is_due_from_the_midpoint_on(placement, student):
    assert placement.midpoint == MIDPOINT
    assert not _signal(student, "bpv_bezoek_nodig", date(2026, 11, 30))
    assert _signal(student, "bpv_bezoek_nodig", MIDPOINT)
    assert _signal(student, "bpv_bezoek_nodig", date(2027, 1, 10))


def test_a_visit_before_the_midpoint_settles_it(placement, student):
    VisitFactory(placement=placement, visited_on=date(2026, 11, 2))
    assert not _signal(student, "bpv_bezoek_nodig", date(2026, 12, 15))


def test_only_running_placements_want_a_visit(placement, student):
    placement.status = "afgerond"
    placement.ended_on = date(2026, 12, 10)
    placement.save()
    assert not _signal(student, "bpv_bezoek_nodig", date(2026, 12, 15))


def test_the_caseload_filter_shows_who_needs_a_visit(alice, student, team, client_for):
    late = PlacementFactory(student=student)
    visited = PlacementFactory(student=StudentFactory(team=team, last_name="Bezocht"))
    VisitFactory(placement=visited)
    StudentFactory(team=team, last_name="Zonder")  # no placement at all
    client = client_for(alice)
    assert _filtered(client, "bpv_bezoek_nodig", MIDPOINT) == ["Jansen"]
    assert _filtered(client, "bpv_bezoek_nodig", date(2026, 11, 30)) == []
    assert late.student == student


# --- bpv_te_weinig_bezoeken ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "signalled"),
    [
        (date(2027, 1, 16), False),  # 15 days before the end
        (date(2027, 1, 17), True),  # 14 days
        (date(2027, 1, 31), True),  # the last day
        # Past the end but still running: the visits are still missing, so still signalled.
        (date(2027, 2, 1), True),
    ],
)
def test_a_placement_ending_within_two_weeks_wants_two_visits(today, signalled, placement, student):
    VisitFactory(placement=placement, visited_on=date(2026, 12, 1))
    assert _signal(student, "bpv_te_weinig_bezoeken", today) is signalled


@pytest.mark.parametrize(("visits", "signalled"), [(0, True), (1, True), (2, False), (3, False)])
def test_two_visits_are_enough(visits, signalled, placement, student):
    for day in range(visits):
        VisitFactory(placement=placement, visited_on=date(2026, 11, 2 + day))
    assert _signal(student, "bpv_te_weinig_bezoeken", date(2027, 1, 20)) is signalled


@pytest.mark.parametrize("status", ["afgerond", "afgebroken"])
def test_an_ended_placement_wants_no_more_visits(status, placement, student):
    placement.status = status
    placement.stop_reason = "match" if status == "afgebroken" else ""
    placement.ended_on = date(2027, 1, 15)
    placement.save()
    assert not _signal(student, "bpv_te_weinig_bezoeken", date(2027, 1, 20))


def test_the_caseload_filter_shows_placements_ending_with_too_few_visits(
    alice, student, team, placement, client_for
):
    done = PlacementFactory(student=StudentFactory(team=team, last_name="Tweemaal"))
    VisitFactory(placement=done, visited_on=date(2026, 11, 2))
    VisitFactory(placement=done, visited_on=date(2026, 11, 12))
    client = client_for(alice)
    assert _filtered(client, "bpv_te_weinig_bezoeken", date(2027, 1, 20)) == ["Jansen"]
    assert _filtered(client, "bpv_te_weinig_bezoeken", date(2027, 1, 10)) == []


# --- geen_bpv -----------------------------------------------------------------------------


def _route(student: Student, alice, route: str) -> None:
    plan_services.plan_save(
        student=student, by=alice, data=PlanData(route=route, goal="Werken in een magazijn.")
    )


def test_a_labour_market_student_without_a_placement_is_signalled_after_a_month(student, alice):
    # The student started on 1 September 2026.
    _route(student, alice, "arbeidsmarkt")
    assert not _signal(student, "geen_bpv", date(2026, 9, 30))
    assert _signal(student, "geen_bpv", date(2026, 10, 1))
    assert _signal(student, "geen_bpv", date(2026, 11, 16))


def test_the_qualifying_route_and_an_undecided_one_are_not_signalled(student, alice, team):
    _route(student, alice, "kwalificerend")
    undecided = StudentFactory(team=team, regiehouder=alice)
    _route(undecided, alice, "")
    assert not _signal(student, "geen_bpv", date(2026, 11, 16))
    assert not _signal(undecided, "geen_bpv", date(2026, 11, 16))


def test_a_search_alone_is_no_placement(student, alice):
    _route(student, alice, "arbeidsmarkt")
    PlacementFactory(student=student, status="zoekend")
    assert _signal(student, "geen_bpv", date(2026, 11, 16))


@pytest.mark.parametrize("status", ["lopend", "afgerond"])
def test_a_placement_that_started_settles_it(status, student, alice):
    _route(student, alice, "arbeidsmarkt")
    PlacementFactory(student=student, status=status)
    assert not _signal(student, "geen_bpv", date(2026, 11, 16))


def test_a_student_who_is_no_longer_active_is_not_signalled(student, alice):
    _route(student, alice, "arbeidsmarkt")
    Student.objects.filter(pk=student.pk).update(status=Status.UITGESTROOMD)
    assert not _signal(student, "geen_bpv", date(2026, 11, 16))


def test_the_caseload_filter_shows_labour_market_students_without_a_placement(
    alice, student, team, client_for
):
    _route(student, alice, "arbeidsmarkt")
    placed = StudentFactory(team=team, regiehouder=alice, last_name="Geplaatst")
    _route(placed, alice, "arbeidsmarkt")
    PlacementFactory(student=placed)
    qualifying = StudentFactory(team=team, regiehouder=alice, last_name="Niveau")
    _route(qualifying, alice, "kwalificerend")
    assert _filtered(client_for(alice), "geen_bpv", date(2026, 11, 16)) == ["Jansen"]


def test_the_signals_appear_with_their_labels_in_the_caseload(
    alice, student, placement, client_for
):
    with time_machine.travel(MIDPOINT, tick=False):
        page = client_for(alice).get("/studenten/").content.decode()
    assert "Bpv-bezoek nodig" in page
