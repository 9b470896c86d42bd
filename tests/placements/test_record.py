"""The placements in the student's complete record (AVG art. 15): every placement with
its goals, certificates and visits, in the JSON and the PDF, in a fixed number of
queries."""

import json
import shutil
import subprocess
from datetime import date

import pytest

from entree.core import records
from placements.models import PlacementCertificate, PlacementGoal
from placements.record import placements_section
from plans import selectors as plan_selectors
from plans import services as plan_services
from plans.services import PlanData, StepData
from tests.factories import CompanyFactory, PlacementFactory, VisitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded(student, alice, bob, placement):
    plan_services.plan_save(
        student=student,
        by=alice,
        data=PlanData(
            route="arbeidsmarkt",
            steps=(
                StepData(description="Heftruckcursus", owner="student", due_on=date(2027, 1, 15)),
            ),
        ),
    )
    step = plan_selectors.current_version(student).steps.get()
    PlacementGoal.objects.create(placement=placement, description="Orders picken zonder fouten")
    PlacementGoal.objects.create(
        placement=placement, description="Heftruck rijden", plan_step_key=step.key
    )
    PlacementCertificate.objects.create(placement=placement, kind="heftruck")
    VisitFactory(
        placement=placement,
        recorded_by=bob,
        notes="Werkt zelfstandig in het magazijn.",
        employer_view="Wil haar graag houden.",
        rating="goed",
    )
    return placement


def _json(client, student) -> dict:
    response = client.get(f"/studenten/{student.uuid}/inzage.json")
    assert response.status_code == 200
    return json.loads(response.content.decode("utf-8"))["sections"]["bpv"]


def test_the_section_follows_the_plans_sections():
    keys = [section.key for section in records.sections()]
    assert keys.index("bpv") == keys.index("voortgangsgesprekken") + 1


def test_the_record_holds_every_placement_with_goals_certificates_and_visits(
    alice, bob, student, recorded, client_for
):
    section = _json(client_for(alice), student)
    assert section["title"] == "Beroepspraktijkvorming (bpv-plekken en bezoeken)"
    [placement] = section["data"]
    assert placement["company"] == "Groothandel De Vaart"
    assert placement["kvk_number"] == "12345678"
    assert placement["trainer"] == "Sanne Vermeer"
    assert placement["supervisor"] == bob.get_full_name()
    assert (placement["start_date"], placement["end_date"]) == ("2026-10-01", "2027-01-31")
    assert placement["signed_company_on"] == "2026-09-22"
    assert placement["status"] == {"code": "lopend", "label": "Lopend"}
    assert placement["goals"] == [
        {"description": "Orders picken zonder fouten", "plan_step": None, "achieved": False},
        {"description": "Heftruck rijden", "plan_step": "Heftruckcursus", "achieved": False},
    ]
    assert placement["certificates"][0]["kind"]["code"] == "heftruck"
    [visit] = placement["visits"]
    assert visit["notes"] == "Werkt zelfstandig in het magazijn."
    assert visit["employer_view"] == "Wil haar graag houden."
    assert visit["recorded_by"] == bob.get_full_name()


def test_a_stopped_placement_shows_why_and_a_search_has_no_company(alice, student, client_for):
    PlacementFactory(
        student=student,
        status="afgebroken",
        ended_on=date(2026, 10, 20),
        stop_reason="anders",
        stop_note="Verhuisd naar een andere stad.",
    )
    PlacementFactory(student=student, status="zoekend", company=None, trainer=None, start_date=None)
    stopped, search = _json(client_for(alice), student)["data"]
    assert stopped["stop_reason"] == {"code": "anders", "label": "Anders"}
    assert stopped["stop_note"] == "Verhuisd naar een andere stad."
    assert (search["placement"], search["company"]) == ("Bpv-plek (nog zoekend)", None)


def test_the_record_pdf_shows_the_placement(alice, student, recorded, client_for):
    response = client_for(alice).get(f"/studenten/{student.uuid}/inzage.pdf")
    assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is needed to read the PDF"
    text = subprocess.run(  # noqa: S603 - fixed command line
        ["pdftotext", "-layout", "-", "-"],  # noqa: S607 - found on PATH above
        input=response.content,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    for words in ("Groothandel De Vaart", "Orders picken zonder fouten", "zelfstandig in het"):
        assert words in text


def test_the_section_costs_the_same_however_many_placements(
    alice, bob, student, company, recorded, django_assert_num_queries
):
    with django_assert_num_queries(5) as few:
        placements_section(student)
    baseline = len(few.captured_queries)
    for number in range(3):
        other = PlacementFactory(
            student=student,
            company=CompanyFactory(institution=company.institution),
            status="afgerond",
            start_date=date(2025, 1 + number, 1),
            end_date=date(2025, 3 + number, 1),
            ended_on=date(2025, 3 + number, 1),
        )
        PlacementGoal.objects.create(placement=other, description=f"Doel {number}")
        VisitFactory(placement=other, recorded_by=bob, visited_on=date(2025, 2 + number, 1))
    with django_assert_num_queries(baseline):
        assert len(placements_section(student)) == 4


def _ended(student, company, bob, number: int) -> None:
    other = PlacementFactory(
        student=student,
        company=company,
        status="afgerond",
        start_date=date(2025, 1 + number, 1),
        end_date=date(2025, 3 + number, 1),
        ended_on=date(2025, 3 + number, 1),
    )
    PlacementCertificate.objects.create(placement=other, kind="vca")
    PlacementGoal.objects.create(placement=other, description=f"Doel {number}")
    VisitFactory(placement=other, recorded_by=bob, visited_on=date(2025, 2 + number, 1))


def test_the_whole_export_costs_the_same_however_many_placements(
    alice, bob, student, company, recorded, client_for, django_assert_max_num_queries
):
    client = client_for(alice)
    client.get(f"/studenten/{student.uuid}/inzage.json")  # warm up
    # (In a test everything is one transaction: after the first request every write is
    # logged with alice as its author, and the history section then looks up her name.)
    _ended(student, company, bob, 0)
    with django_assert_max_num_queries(40) as small:
        client.get(f"/studenten/{student.uuid}/inzage.json")
    baseline = len(small.captured_queries)
    for number in range(1, 5):
        _ended(student, company, bob, number)
    with django_assert_max_num_queries(baseline):
        response = client.get(f"/studenten/{student.uuid}/inzage.json")
    assert len(json.loads(response.content)["sections"]["bpv"]["data"]) == 6
