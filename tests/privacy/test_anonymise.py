"""The retention job: after it, nothing personal of an anonymised student is anywhere in the
database (every table and text column, the write audit's event tables included), every
coded fact is as it was (so the annual report's figures are too), and it is idempotent and
resumable."""

from datetime import date
from io import StringIO

import pgtrigger
import pytest
from django.core.management import call_command
from django.db import connection, models
from django.utils import timezone

from entree.core.anonymisation import REDACTED, holdings
from entree.privacy import selectors
from entree.privacy.models import Anonymisation, AnonymisationRun
from entree.privacy.services import anonymise, anonymise_due, event_models
from entree.privacy.tasks import anonymise_due_task
from students.models import Status, Student

pytestmark = pytest.mark.django_db

SEEDED = date(2026, 11, 22)
#: Far enough ahead that every closed demo record is due (closed "now" by the DB clock).
LATER = date(2031, 1, 1)
MARK = "zqx"
#: Replaced outright (what lists show), not wiped.
STUDENT_DISPLAY = ("first_name", "last_name_prefix", "last_name")


def _seed() -> None:
    call_command("seed_demo", students=30, today=SEEDED, stdout=StringIO(), stderr=StringIO())


def _closed() -> list[int]:
    # The demo closes few trajectories; the leavers' records hold every app's data.
    # The demo closes few trajectories: close the leavers and some with a plan as well, so
    # that the closed records hold every app's data.
    from plans.models import Plan  # noqa: PLC0415

    with_plan = list(Plan.objects.order_by("pk").values_list("student_id", flat=True)[:6])
    Student.objects.filter(models.Q(outflow__isnull=False) | models.Q(pk__in=with_plan)).update(
        status=Status.AFGESLOTEN
    )
    return list(Student.objects.filter(status=Status.AFGESLOTEN).values_list("pk", flat=True))


def _text_fields(model: type[models.Model], names: list[str]) -> list[str]:
    return [
        name
        for name in names
        if isinstance(model._meta.get_field(name), models.CharField | models.TextField)
        and name not in ("student_number",)
    ]


def _stamp(pks: list[int]) -> dict[str, int]:
    """Put a findable marker in every registered text field of these students' rows (and so,
    through the history triggers, in the event tables). Returns rows stamped per model."""
    stamped = {}
    uris = [
        f"{h.model._meta.label}:{t.name}"
        for h in holdings()
        for t in getattr(h.model._meta, "triggers", [])
        if isinstance(t, pgtrigger.Protect)
    ]
    with pgtrigger.ignore(*uris):
        for n, holding in enumerate(holdings()):
            names = _text_fields(holding.model, list(holding.fields))
            rows = holding.model._default_manager.filter(**{f"{holding.student}__in": pks})
            stamped[holding.model._meta.label] = (
                rows.update(**{name: f"{MARK}{n}{i}" for i, name in enumerate(names)})
                if names
                else rows.count()
            )
        Student.objects.filter(pk__in=pks).update(
            phone="0687654321", email="zqx.leerling@example.test"
        )
    return stamped


def _where_found(needle: str) -> list[str]:
    """Every table.column (text, varchar, json, jsonb) holding ``needle``, case-blind."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' "
            "AND data_type IN ('text', 'character varying', 'json', 'jsonb')"
        )
        columns = cursor.fetchall()
        found = []
        for table, column in columns:
            cursor.execute(
                f'SELECT 1 FROM "{table}" WHERE "{column}"::text ILIKE %s LIMIT 1',  # noqa: S608
                [f"%{needle}%"],
            )
            if cursor.fetchone():
                found.append(f"{table}.{column}")
    return found


def _coded_facts(upto: dict[str, int] | None = None) -> dict[str, list[dict]]:
    """Every row of every registered model (and its history up to ``upto``'s event ids:
    the job's own writes add events), without the fields the registry wipes: what the
    annual report can be built from."""
    facts = {}
    for holding in holdings():
        for model in [holding.model, *event_models(holding.model)]:
            if holding.delete and model is holding.model:
                continue
            names = [
                f.attname
                for f in model._meta.concrete_fields
                if f.name not in holding.fields and f.name not in ("pgh_context",)
            ]
            wiped = [
                name
                for name in _text_fields(holding.model, list(holding.fields))
                if name not in STUDENT_DISPLAY
            ]
            rows = model._default_manager.order_by("pk")
            if model is not holding.model and upto is not None:
                rows = rows.filter(pk__lte=upto.get(model._meta.label, 0))
            # A wiped text keeps whether it was filled in (the report counts that).
            facts[model._meta.label] = [
                {**row, **{name: bool(row[name]) for name in wiped}}
                for row in rows.values(*names, *wiped)
            ]
    return facts


def _ages_at_start() -> list[tuple]:
    return list(
        Student.objects.order_by("pk")
        .annotate(
            age=models.Func(
                models.F("start_date"),
                models.F("date_of_birth"),
                template="EXTRACT(YEAR FROM AGE(%(expressions)s))::int",
                output_field=models.IntegerField(),
            )
        )
        .values_list("pk", "age")
    )


def _report_figures() -> list | None:
    """Every block of the annual report (institution scope) of the seeded school years, when
    the reports app has it (issue 14); None before that lands."""
    try:
        from entree.reports.figures import report_build  # noqa: PLC0415
        from entree.reports.report import SchoolYear  # noqa: PLC0415
    except ImportError:
        return None
    from entree.accounts.models import Team  # noqa: PLC0415
    from entree.accounts.roles import Role  # noqa: PLC0415
    from tests.factories import UserFactory  # noqa: PLC0415

    manager = UserFactory(roles=[Role.MANAGEMENT], teams=list(Team.objects.all()))
    return [
        report_build(user=manager, school_year=SchoolYear(first), scope_key="instelling").blocks
        for first in (2024, 2025, 2026)
    ]


@pytest.fixture
def seeded():
    _seed()
    closed = _closed()
    assert len(closed) >= 3, "the demo should hold closed trajectories"
    return closed


def test_nothing_personal_remains_anywhere_and_the_facts_stay(seeded):
    stamped = _stamp(seeded)
    # Every kind of personal data the apps register is exercised by the closed students.
    for label in (
        "students.Student",
        "students.Intake",
        "students.NetworkContact",
        "students.Consent",
        "plans.PlanVersion",
        "plans.PlanStep",
        "plans.ProgressMeeting",
        "outflow.Outflow",
        "outflow.Handover",
        "outflow.FollowUpContact",
    ):
        assert stamped[label] > 0, label
    assert _where_found(MARK), "the markers are in the live rows and the history"
    assert set(_where_found("0687654321")) >= {
        "students_student.phone",
        "students_studentevent.phone",
    }
    last_event = {
        m._meta.label: m._default_manager.aggregate(n=models.Max("pk"))["n"] or 0
        for h in holdings()
        for m in event_models(h.model)
    }
    before = _coded_facts(last_event)
    ages = _ages_at_start()
    figures = _report_figures()

    run = anonymise_due(LATER, batch_size=7)

    assert run.due == run.anonymised == len(seeded)
    assert run.finished_at is not None and not run.dry_run
    assert _where_found(MARK) == []
    assert _where_found("0687654321") == []
    assert _where_found("zqx.leerling") == []
    assert _coded_facts(last_event) == before
    assert _ages_at_start() == ages
    if figures is not None:
        assert _report_figures() == figures
    # The others are untouched; the anonymised keep a non-identifying number.
    kept = Student.objects.exclude(pk__in=seeded)
    assert not kept.filter(first_name="Geanonimiseerd").exists()
    for student in Student.objects.filter(pk__in=seeded):
        assert student.student_number == f"X{student.pk}"
        assert student.last_name == ""
        assert student.email in ("", REDACTED)
        assert student.date_of_birth is not None


def test_due_only_after_the_retention(seeded):
    today = timezone.localdate()
    assert selectors.students_due(today).count() == 0
    assert anonymise_due(today).anonymised == 0
    # Two years after closing (the default), to the day.
    assert selectors.students_due(date(2029, 12, 31)).count() == len(seeded)


def test_dry_run_changes_nothing(seeded):
    names = list(Student.objects.order_by("pk").values_list("first_name", flat=True))
    out = StringIO()
    call_command("anonymise_due", "--dry-run", f"--today={LATER}", stdout=out)
    assert f"{len(seeded)} dossier(s) aan de beurt" in out.getvalue()
    assert list(Student.objects.order_by("pk").values_list("first_name", flat=True)) == names
    assert not Anonymisation.objects.exists()
    assert AnonymisationRun.objects.get().dry_run


def test_twice_gives_the_same_result(seeded):
    anonymise_due(LATER)
    first = _coded_facts(), list(Student.objects.order_by("pk").values())
    again = anonymise_due(LATER)
    assert again.due == again.anonymised == 0
    assert (_coded_facts(), list(Student.objects.order_by("pk").values())) == first


def test_interrupted_and_run_again(seeded, monkeypatch):
    """A failure in the middle of the second batch loses only that batch; the next run
    finishes the rest and the result is the same as one clean run."""
    _stamp(seeded)
    real = anonymise._scrub
    calls = {"n": 0}

    def failing(holding, pks, using, counts):
        calls["n"] += 1
        if calls["n"] == len(holdings()) + 3:  # inside the second batch
            raise RuntimeError("stroomstoring")
        return real(holding, pks, using, counts)

    monkeypatch.setattr(anonymise, "_scrub", failing)
    with pytest.raises(RuntimeError):
        anonymise_due(LATER, batch_size=2)
    assert Anonymisation.objects.count() == 2  # the first batch is done
    assert _where_found(MARK)  # the rest is not (the second batch rolled back)
    monkeypatch.setattr(anonymise, "_scrub", real)

    run = anonymise_due(LATER, batch_size=2)
    assert run.due == run.anonymised == len(seeded) - 2
    assert Anonymisation.objects.count() == len(seeded)
    assert _where_found(MARK) == []


def test_history_of_rows_whose_parent_is_gone(team):
    """A goal's history rows point at its placement; when goal and placement were deleted
    since, only the placement's own history links them to the student."""
    from placements.models import Placement, PlacementGoal  # noqa: PLC0415
    from tests.factories import PlacementFactory  # noqa: PLC0415

    placement = PlacementFactory(student__team=team, notes="zqx aantekening")
    PlacementGoal.objects.create(placement=placement, description="zqx leerdoel")
    student = placement.student
    PlacementGoal.objects.filter(placement=placement).delete()
    Placement.objects.filter(pk=placement.pk).delete()
    Student.objects.filter(pk=student.pk).update(status=Status.AFGESLOTEN)
    assert _where_found("zqx leerdoel") == ["placements_placementgoalevent.description"]

    assert anonymise_due(LATER).anonymised == 1
    assert _where_found("zqx") == []


def test_the_nightly_task_and_the_command(seeded, time_machine):
    time_machine.move_to(LATER)
    assert anonymise_due_task() == len(seeded)
    assert AnonymisationRun.objects.get().trigger == "beat"
    out = StringIO()
    call_command("anonymise_due", stdout=out)
    assert "0 van 0 dossier(s)" in out.getvalue()


def test_the_log_has_counts_never_names(seeded, caplog):
    names = list(Student.objects.filter(pk__in=seeded).values_list("last_name", flat=True))
    with caplog.at_level("INFO"):
        anonymise_due(LATER)
    assert "anonymised" in caplog.text
    assert not any(name and name in caplog.text for name in names)


def test_the_application_role_cannot_scrub_the_history(student, app_role):
    """Why the job connects as the owner: the web process's role may not change an event
    row, whatever triggers it switches off."""
    from django.db import ProgrammingError, transaction  # noqa: PLC0415

    event = event_models(Student)[0]
    with (
        pytest.raises(ProgrammingError),
        transaction.atomic(),
        pgtrigger.ignore("students.StudentEvent:append_only"),
    ):
        event.objects.filter(pgh_obj_id=student.pk).update(first_name="")


def test_every_text_field_is_wiped_or_kept_on_purpose():
    """A new text field on a registered model must be declared: wiped or kept."""
    for holding in holdings():
        for field in holding.model._meta.concrete_fields:
            if (
                isinstance(field, models.CharField | models.TextField | models.JSONField)
                and not field.choices
                and field.name not in ("uuid",)
            ):
                assert field.name in holding.fields or field.name in holding.keeps, (
                    f"{holding.model._meta.label}.{field.name}"
                )
