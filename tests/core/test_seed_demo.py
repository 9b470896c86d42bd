import dataclasses
from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from entree.accounts.models import Institution, User
from entree.core import bulk
from entree.core import demo as core_demo
from entree.core.demo import (
    DEMO_INSTITUTION,
    DEMO_INSTITUTION_INCOMPLETE,
    DEMO_PASSWORD,
    DEMO_USERS,
    DemoBatch,
)
from students.models import (
    Consent,
    Intake,
    LifeDomainAssessment,
    NetworkContact,
    PriorEducation,
    Student,
    StudyAdvice,
)

pytestmark = pytest.mark.django_db


def _seed(**kwargs) -> str:
    out = StringIO()
    kwargs.setdefault("today", date(2026, 11, 22))
    call_command("seed_demo", stdout=out, stderr=out, **kwargs)
    return out.getvalue()


def _everything() -> dict:
    """What the students app seeded, without ids, UUIDs and timestamps."""
    number = "student__student_number"
    return {
        "students": list(
            Student.objects.order_by("student_number").values_list(
                "student_number",
                "first_name",
                "last_name_prefix",
                "last_name",
                "date_of_birth",
                "status",
                "start_date",
                "cohort",
                "profile",
                "prior_education",
                "team__name",
                "regiehouder__email",
                "study_advice_due_on",
            )
        ),
        "intakes": list(
            Intake.objects.order_by(number).values_list(
                number, "referrer", "motivation", "outcome", "decided_on", "decided_by__email"
            )
        ),
        "contacts": list(
            # A leaver can have two contacts of one kind (the intake's and the handover's).
            NetworkContact.objects.order_by(number, "kind", "name").values_list(
                number, "kind", "name", "phone"
            )
        ),
        "domains": list(
            LifeDomainAssessment.objects.order_by(f"intake__{number}", "domain").values_list(
                f"intake__{number}", "domain", "state", "note"
            )
        ),
        "consents": list(
            Consent.objects.order_by(
                number, "contact__kind", "contact__name", "purpose"
            ).values_list(number, "contact__kind", "given", "on", "recorded_by__email")
        ),
        "advices": list(
            StudyAdvice.objects.order_by(number).values_list(
                number, "given_on", "recorded_by__email"
            )
        ),
    }


def _undone(run) -> dict:
    """What ``run()`` seeds, undone again by a savepoint rollback (consent is append-only)."""
    savepoint = transaction.savepoint()
    run()
    seeded = _everything()
    transaction.savepoint_rollback(savepoint)
    assert not Student.objects.exists()
    return seeded


def _interrupt_at(monkeypatch, index: int, error: type[BaseException] = KeyboardInterrupt) -> None:
    """Make the batch that starts at student ``index`` fail (by default as a Ctrl+C)."""
    real = core_demo._seeders["students"]

    def seed(batch: DemoBatch) -> None:
        if batch.start == index:
            raise error
        real.seed(batch)

    monkeypatch.setitem(core_demo._seeders, "students", dataclasses.replace(real, seed=seed))


def test_seed_creates_every_demo_role_with_a_working_login(client):
    output = _seed(students=60)
    assert User.objects.count() == len(DEMO_USERS)
    for email, *_ in DEMO_USERS:
        assert email in output
        response = client.post("/account/inloggen/", {"username": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, email
        client.post("/account/uitloggen/")
    assert Student.objects.count() == 60


def test_seed_is_deterministic_for_a_given_seed():
    first = _undone(lambda: _seed(students=40, seed=7))
    assert first["intakes"] and first["contacts"] and first["consents"] and first["advices"]
    _seed(students=40, seed=7)
    assert _everything() == first


def test_another_seed_gives_other_students():
    first = _undone(lambda: _seed(students=20, seed=7))
    _seed(students=20, seed=8)
    assert _everything()["students"] != first["students"]


def test_the_batch_size_does_not_change_the_data():
    in_one_go = _undone(lambda: _seed(students=45, seed=3))
    output = _seed(students=45, seed=3, batch=10)
    assert _everything() == in_one_go
    # One transaction and one progress line per batch.
    assert [line.split()[0] for line in output.splitlines() if "/45 studenten" in line] == [
        "10/45",
        "20/45",
        "30/45",
        "40/45",
        "45/45",
    ]


def test_fewer_students_are_the_first_of_more():
    more = _undone(lambda: _seed(students=30, seed=5))
    _seed(students=12, seed=5)
    fewer = _everything()
    assert fewer["students"] == more["students"][:12]
    assert fewer["intakes"] == [row for row in more["intakes"] if row[0] <= "5000012"]


def test_an_interrupted_seed_is_marked_and_a_rerun_finishes_it(monkeypatch):
    complete = _undone(lambda: _seed(students=30, seed=4, batch=10))

    _interrupt_at(monkeypatch, 20)
    with pytest.raises(CommandError, match="Afgebroken na 20 van 30 studenten"):
        _seed(students=30, seed=4, batch=10)
    # Two batches are in; the institution says the demo is incomplete, and with what.
    institution = Institution.objects.get()
    assert institution.name.startswith(DEMO_INSTITUTION_INCOMPLETE)
    assert "--seed 4 --students 30 --today 2026-11-22" in institution.name
    assert Student.objects.count() == 20

    monkeypatch.undo()
    output = _seed(batch=7)  # the settings come from the institution, not the defaults
    assert "afgebroken na 20 van 30 studenten" in output
    assert "30/30 studenten" in output
    assert Institution.objects.get().name == DEMO_INSTITUTION
    assert _everything() == complete
    assert "niets veranderd" in _seed()


def test_an_interrupted_seed_is_not_continued_with_other_settings(monkeypatch):
    _interrupt_at(monkeypatch, 5)
    with pytest.raises(CommandError, match="Afgebroken"):
        _seed(students=15, batch=5)
    monkeypatch.undo()
    with pytest.raises(CommandError, match="--seed 2026 --students 15 --today 2026-11-22"):
        _seed(students=16)
    with pytest.raises(CommandError, match="afgebroken"):
        _seed(today=date(2026, 11, 23))
    assert Student.objects.count() == 5
    _seed(students=15, seed=2026)  # the same values are fine
    assert Student.objects.count() == 15


def test_a_failure_before_the_first_batch_leaves_nothing_half_made(monkeypatch):
    _interrupt_at(monkeypatch, 0, error=RuntimeError)
    out = StringIO()
    with pytest.raises(RuntimeError):
        call_command("seed_demo", students=5, today=date(2026, 11, 22), stdout=out, stderr=out)
    assert "Afgebroken na 0 van 5 studenten" in out.getvalue()
    # The school (institution, teams, users) is committed on its own; no student yet.
    assert Institution.objects.get().name.startswith(DEMO_INSTITUTION_INCOMPLETE)
    assert User.objects.count() == len(DEMO_USERS)
    monkeypatch.undo()
    _seed()
    assert Student.objects.count() == 5
    assert User.objects.count() == len(DEMO_USERS)


def test_running_the_seed_twice_changes_nothing():
    _seed(students=30)
    output = _seed(students=30)
    assert "niets veranderd" in output
    assert Student.objects.count() == 30


def test_seed_follows_the_national_mix_of_prior_education():
    _seed(students=600)
    shares = Counter(Student.objects.values_list("prior_education", flat=True))
    # Table 2.2a: 25% without vo diploma, 19% pro, 19% isk, 15% vso (± sampling noise).
    assert 0.19 < shares[PriorEducation.GEEN_DIPLOMA_VO] / 600 < 0.31
    assert 0.13 < shares[PriorEducation.ISK] / 600 < 0.25
    assert shares[PriorEducation.VO_MET_DIPLOMA] < 20


def test_seed_leaves_a_few_students_without_regiehouder_to_signal():
    _seed(students=300)
    assert Student.objects.filter(status="actief", regiehouder__isnull=True).exists()


def test_seed_is_refused_where_demo_data_is_not_allowed(settings):
    settings.ENTREE_DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="ENTREE_DEMO_DATA_ALLOWED"):
        _seed(students=5)
    assert not User.objects.exists()


def test_an_interrupted_seed_is_not_continued_where_demo_data_is_not_allowed(settings, monkeypatch):
    _interrupt_at(monkeypatch, 5)
    with pytest.raises(CommandError, match="Afgebroken"):
        _seed(students=10, batch=5)
    monkeypatch.undo()
    settings.ENTREE_DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="ENTREE_DEMO_DATA_ALLOWED"):
        _seed()
    assert Student.objects.count() == 5


def test_demo_intake_decisions_are_made_by_a_mentor_of_the_students_team():
    """Issue 7.11: a coordinator appeared as the person who made an intake decision
    (the regiehouder after outflow); only mentors take intake decisions."""
    _seed(students=300)
    decided = Intake.objects.exclude(decided_by=None).select_related("decided_by", "student")
    assert decided.filter(student__status__in=["uitgestroomd", "nazorg"]).exists()
    for intake in decided:
        assert "mentor" in intake.decided_by.roles
        assert intake.decided_by.teams.filter(pk=intake.student.team_id).exists()
    for advice in StudyAdvice.objects.select_related("recorded_by", "student"):
        assert "mentor" in advice.recorded_by.roles


def test_demo_motivations_fit_the_students_profile():
    """Issue 7.11: a student of the care-and-retail team had a motivation about
    technology. Every motivation is one for the student's own profile (or a general one)."""
    from students.demo import GENERAL_MOTIVATIONS, MOTIVATIONS

    _seed(students=300)
    intakes = Intake.objects.exclude(motivation="").select_related("student")
    assert intakes.count() > 100
    for intake in intakes:
        fitting = MOTIVATIONS[intake.student.profile] + GENERAL_MOTIVATIONS
        assert intake.motivation in fitting, (intake.student.profile, intake.motivation)
    care = intakes.filter(student__profile="ass_dienstverlening_zorg")
    assert not care.filter(motivation__icontains="techniek").exists()


def test_every_seeded_row_has_one_insert_event_with_its_final_values():
    """The batches write their history in bulk (``history_in_bulk``): still one ``insert``
    event per row of every tracked table, with the values the row ended with (the plans
    seeder moves study advice dates the students seeder wrote), by ``seed_demo``."""
    _seed(students=80)
    tracked = bulk._tracked()
    assert len(tracked) > 20
    for t in tracked:
        events = t.event_model._default_manager.filter(pgh_label=t.label)
        assert events.count() == t.model._default_manager.count(), t.model
        assert not t.event_model._default_manager.exclude(pgh_label=t.label).exists(), t.model
    student_events = {
        e.pgh_obj_id: e
        for e in next(t for t in tracked if t.model is Student).event_model.objects.all()
    }
    for student in Student.objects.all():
        event = student_events[student.pk]
        assert (event.status, event.study_advice_due_on, event.start_date) == (
            student.status,
            student.study_advice_due_on,
            student.start_date,
        )
        assert event.pgh_context.metadata["command"] == "seed_demo"
