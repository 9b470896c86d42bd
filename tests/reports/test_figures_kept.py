"""The figures of a school year are counted once and kept for REPORT_FIGURES_SECONDS:
every scope and request in that time shares them (the cache is the real Redis)."""

from datetime import date

import pytest

from entree.reports.figures import report_build
from entree.reports.report import SchoolYear
from students.models import Status
from tests.factories import StudentFactory

from .helpers import table

pytestmark = pytest.mark.django_db

YEAR = SchoolYear(2025)


def _cohort_total(report):
    return table(report, "inflow_learning_path").total.cells[0].count


def _starters(team, n):
    StudentFactory.create_batch(
        n, team=team, start_date=date(2025, 9, 1), cohort="2025-2026", status=Status.ACTIEF
    )


def test_kept_figures_are_shared_by_every_scope_and_request(
    erin, team, settings, django_assert_max_num_queries
):
    settings.REPORT_FIGURES_SECONDS = 600
    _starters(team, 7)
    first = report_build(user=erin, school_year=YEAR, scope_key="instelling")
    assert _cohort_total(first) == 7
    _starters(team, 5)  # counted at the next refresh, not now
    # Another scope of the same institution and year: no table is counted again (the
    # user and the scopes only).
    with django_assert_max_num_queries(4):
        again = report_build(user=erin, school_year=YEAR, scope_key=f"team-{team.pk}")
    assert _cohort_total(again) == 7


def test_with_zero_seconds_every_request_counts_afresh(erin, team, settings):
    settings.REPORT_FIGURES_SECONDS = 0
    _starters(team, 7)
    assert _cohort_total(report_build(user=erin, school_year=YEAR, scope_key="instelling")) == 7
    _starters(team, 5)
    assert _cohort_total(report_build(user=erin, school_year=YEAR, scope_key="instelling")) == 12
