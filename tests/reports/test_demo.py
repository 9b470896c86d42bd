"""Issue 14: the demo school fills every table of the annual report (entree/reports/demo.py
adds what the apps' seeders leave out)."""

from datetime import date, timedelta

import pytest

from entree.reports.figures import report_build
from entree.reports.report import Report, SchoolYear
from outflow.models import Outflow
from students.models import HandedOverTo, Intake, Placeability, Status, Student
from tests.reports.school import demo_seed

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 22)
CURRENT = SchoolYear.containing(TODAY)  # 2026-2027
#: About two years after outflow (1 October of the second year after the school year of
#: outflow) lies in the future for the leavers of this school year and the one before:
#: those tables can only be filled from two years back.
LATER = {"follow_up_position_2y_learning_path", "follow_up_position_2y_diploma"}


def _empty_tables(report: Report) -> list[str]:
    """Tables whose every cell is a shown 0: nothing in them (a "<5" or "x" is something)."""
    return [
        table.key
        for block in report.blocks
        for table in block.tables
        if all(cell.display == "0" for row in table.rows for cell in row.cells)
    ]


def test_every_table_of_the_demo_report_has_figures():
    manager = demo_seed(students=600, today=TODAY)
    for year in (CURRENT, CURRENT.previous(), CURRENT.previous().previous()):
        report = report_build(user=manager, school_year=year, scope_key="instelling")
        empty = set(_empty_tables(report))
        if year.first >= CURRENT.first - 1:
            empty -= LATER
        # This school year has just begun: nobody of its cohort is a year past the start.
        if year == CURRENT:
            empty -= {"quality_cohort"}
        assert empty == set(), year.label


def test_closed_records_went_through_outflow_and_two_years_of_follow_up():
    demo_seed(students=600, today=TODAY)
    closed = list(Student.objects.filter(status=Status.AFGESLOTEN).select_related("outflow"))
    assert closed
    for student in closed:
        outflow = student.outflow
        assert student.start_date < outflow.left_on <= TODAY - timedelta(days=730)
        assert student.cohort.startswith(
            str(student.start_date.year - (student.start_date.month < 8))
        )
        contacts = list(outflow.contacts.all())
        assert len(contacts) == 6 and all(c.done_on and c.done_on <= TODAY for c in contacts)
        assert outflow.handover.closed_at is not None
    assert Outflow.objects.filter(student__status=Status.AFGESLOTEN).count() == len(closed)


def test_intake_decisions_of_every_kind_this_year_and_last():
    demo_seed(students=600, today=TODAY)
    for year in (CURRENT, CURRENT.previous()):
        outcomes = set(
            Intake.objects.filter(decided_on__range=(year.starts_on, year.ends_on)).values_list(
                "outcome", flat=True
            )
        )
        assert set(Placeability.values) <= outcomes, year.label
    handed = set(
        Intake.objects.filter(outcome=Placeability.NIET_GEPLAATST).values_list(
            "handed_over_to", flat=True
        )
    )
    assert {HandedOverTo.GEMEENTE, HandedOverTo.VORIGE_SCHOOL} <= handed
