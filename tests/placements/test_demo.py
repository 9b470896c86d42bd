"""The demo placements (placements/demo): what ``seed_demo`` adds follows the services'
rules, shows every placement signal, is the same whatever the batch size, and is not
added twice."""

import dataclasses
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from entree.accounts.models import User
from entree.core import demo as core_demo
from entree.core.demo import DemoBatch
from outflow.models import Outflow
from placements.models import (
    Company,
    CompanyContact,
    Placement,
    PlacementCertificate,
    PlacementGoal,
    Sector,
    Visit,
)
from placements.selectors import to_visit
from placements.services import (
    CertificateData,
    GoalData,
    PlacementData,
    agreement_of,
    details_problems,
    guardian_needed,
    start_problems,
)
from students.models import Student
from students.selectors.signals import signal_counts

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 16)  # the clock of tests/placements/conftest.py
CODES = ("bpv_bezoek_nodig", "bpv_te_weinig_bezoeken", "geen_bpv")


def _seed(**kwargs: object) -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, stderr=out, today=TODAY, **kwargs)
    return out.getvalue()


def _counts() -> list[int]:
    return [
        model.objects.count()
        for model in (
            Company,
            CompanyContact,
            Placement,
            PlacementGoal,
            PlacementCertificate,
            Visit,
        )
    ]


def _placements() -> dict:
    """The seeded placements without ids, UUIDs and timestamps."""
    number = "student__student_number"
    return {
        "companies": list(
            Company.objects.order_by("kvk_number").values_list(
                "kvk_number", "name", "sector", "city", "sbb_number"
            )
        ),
        "placements": list(
            Placement.objects.order_by(number, "start_date", "status").values_list(
                number,
                "company__kvk_number",
                "trainer__name",
                "supervisor__email",
                "start_date",
                "end_date",
                "status",
                "ended_on",
                "stop_reason",
                "outcome",
                "signed_school_on",
                "signed_guardian_on",
            )
        ),
        "visits": list(
            Visit.objects.order_by(f"placement__{number}", "visited_on", "notes").values_list(
                f"placement__{number}", "visited_on", "rating", "notes"
            )
        ),
        "goals": list(
            PlacementGoal.objects.order_by(f"placement__{number}", "description").values_list(
                f"placement__{number}", "description", "plan_step_key"
            )
        ),
    }


def test_seeding_twice_adds_no_placements_twice():
    _seed(students=80)
    seeded = _counts()
    assert all(seeded), seeded
    assert "niets veranderd" in _seed(students=80)
    assert _counts() == seeded


def test_the_demo_placements_are_the_same_whatever_the_batch_size():
    savepoint = transaction.savepoint()
    _seed(students=150, seed=11)
    in_one_go = _placements()
    transaction.savepoint_rollback(savepoint)
    assert not Placement.objects.exists()
    _seed(students=150, seed=11, batch=40)
    assert _placements() == in_one_go
    assert in_one_go["placements"] and in_one_go["visits"] and in_one_go["goals"]


def test_the_placements_seeder_runs_a_fixed_number_of_queries_per_batch(monkeypatch):
    real = core_demo._seeders["placements"]
    counts: list[int] = []

    def seed(batch: DemoBatch) -> None:
        with CaptureQueriesContext(connection) as captured:
            real.seed(batch)
        counts.append(len(captured.captured_queries))

    monkeypatch.setitem(core_demo._seeders, "placements", dataclasses.replace(real, seed=seed))
    _seed(students=300, batch=30)
    assert len(counts) == 10
    assert max(counts) <= 12, counts
    assert Placement.objects.count() > 100


def test_the_demo_data_follow_the_services_rules():
    _seed(students=600)
    placements = list(
        Placement.objects.select_related("student", "company", "trainer", "supervisor")
        .prefetch_related("goals", "certificates", "visits")
        .order_by("id")
    )
    for placement in placements:
        student = placement.student
        placement.full_clean()
        data = PlacementData(
            company=placement.company,
            trainer=placement.trainer,
            supervisor=placement.supervisor,
            start_date=placement.start_date,
            end_date=placement.end_date,
            days_per_week=placement.days_per_week,
            hours_per_week=placement.hours_per_week,
            part_time=placement.part_time,
            goals=tuple(
                GoalData(description=g.description, plan_step_key=g.plan_step_key)
                for g in placement.goals.all()
            ),
            certificates=tuple(
                CertificateData(kind=c.kind, other=c.other) for c in placement.certificates.all()
            ),
        )
        assert details_problems(student=student, data=data) == {}, placement.pk
        for certificate in placement.certificates.all():
            certificate.full_clean()
        if placement.status == "zoekend":
            assert not placement.visits.all()
            continue
        # Started: signed before the start, by a parent or guardian too for a minor.
        assert placement.agreement_signed
        for day in (
            placement.signed_school_on,
            placement.signed_student_on,
            placement.signed_company_on,
            placement.signed_guardian_on,
        ):
            assert day is None or day < placement.start_date
        if guardian_needed(student, placement.start_date):
            assert placement.signed_guardian_on is not None
        last = placement.ended_on or TODAY
        for visit in placement.visits.all():
            visit.full_clean()
            assert placement.start_date <= visit.visited_on <= last
        if placement.status == "lopend":
            # Nothing would stop it from starting now: no overlap with another one.
            problems = start_problems(
                student=student, placement=placement, agreement=agreement_of(placement)
            )
            assert problems == {}, (placement.pk, problems)
        else:
            assert placement.start_date <= placement.ended_on <= TODAY
    for company in Company.objects.all():
        company.full_clean()
    assert any(p.signed_guardian_on for p in placements)


def test_the_demo_shows_every_placement_signal_and_gives_the_mentor_visits_to_make():
    _seed(students=600)
    counts = {s.code: n for s, n in signal_counts(Student.objects.all(), TODAY)}
    assert all(counts[code] > 0 for code in CODES), counts
    mentor = User.objects.get(email="mentor@demo.example.test")
    assert to_visit(mentor).count() >= 5
    assert set(Company.objects.values_list("sector", flat=True)) == set(Sector.values)
    assert Placement.objects.filter(outcome__in=["baan", "bbl_baan", "banenafspraak"]).exists()
    assert Placement.objects.filter(status="afgebroken").exclude(stop_reason="").exists()
    assert PlacementGoal.objects.exclude(plan_step_key=None).exists()
    # Every supervisor is a mentor of the student's team.
    for placement in Placement.objects.exclude(supervisor=None).select_related("supervisor"):
        assert "mentor" in placement.supervisor.roles
        assert placement.supervisor.teams.filter(pk=placement.student.team_id).exists()


def test_the_demo_mentor_opens_the_bpv_tab_of_the_demo_students(client_for):
    _seed(students=80)
    mentor = User.objects.get(email="mentor@demo.example.test")
    shown = (
        Placement.objects.filter(student__regiehouder=mentor)
        .exclude(company=None)
        .select_related("student", "company")
        .order_by("id")[:3]
    )
    assert shown
    client = client_for(mentor)
    for placement in shown:
        response = client.get(f"/studenten/{placement.student.uuid}/bpv/")
        assert response.status_code == 200
        assert escape(placement.company.name) in response.content.decode()


def test_a_demo_leavers_placements_are_over_when_they_leave():
    _seed(students=600)
    left = dict(Outflow.objects.values_list("student_id", "left_on"))
    ended = Placement.objects.filter(student_id__in=left).values_list(
        "student_id", "ended_on", "status"
    )
    assert ended
    for student_id, ended_on, status in ended:
        assert status in ("afgerond", "afgebroken")
        assert ended_on <= left[student_id]
