"""Issue 6: the one status table, the one way to open a student, the registries, and
rules that give the same answer at every entry point."""

import ast
import pathlib
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404

from entree.audit.models import AccessLog, Channel
from students import registries, selectors, services
from students.models import STATUS_TRANSITIONS, RecordPart, Status, Student
from tests.factories import StudentFactory

pytestmark = pytest.mark.django_db

ROOT = pathlib.Path(__file__).resolve().parents[2]

ALLOWED = sorted((start, end) for start, ends in STATUS_TRANSITIONS.items() for end in ends)
REFUSED = sorted(
    (start, end)
    for start in Status.values
    for end in Status.values
    if end not in STATUS_TRANSITIONS[start]
)


# --- The status table ---------------------------------------------------------------------


def test_the_table_names_every_status_and_only_known_ones():
    assert set(STATUS_TRANSITIONS) == set(Status.values)
    for ends in STATUS_TRANSITIONS.values():
        assert ends <= set(Status.values)


def test_every_status_can_be_reached_from_registration():
    reached, todo = {Status.AANGEMELD.value}, [Status.AANGEMELD.value]
    while todo:
        for end in STATUS_TRANSITIONS[todo.pop()]:
            if end not in reached:
                reached.add(end)
                todo.append(end)
    assert reached == set(Status.values)


@pytest.mark.parametrize(("start", "end"), REFUSED)
def test_a_move_outside_the_table_is_refused_and_nothing_changes(start, end, team, alice):
    student = StudentFactory(team=team, regiehouder=alice, status=start)
    with pytest.raises(ValidationError) as refused:
        services.student_set_status(student=student, status=end)
    assert "kan niet naar status" in refused.value.messages[0]
    assert Student.objects.get(pk=student.pk).status == start


@pytest.mark.parametrize(("start", "end"), ALLOWED)
def test_a_move_in_the_table_is_saved(start, end, team, alice):
    student = StudentFactory(team=team, regiehouder=alice, status=start)
    services.student_set_status(student=student, status=end)
    assert Student.objects.get(pk=student.pk).status == end


def test_the_status_is_checked_against_the_database_not_a_stale_object(team, alice):
    # Two pages open on the same candidate: the second move starts from what is stored.
    student = StudentFactory(team=team, regiehouder=alice, status=Status.GEPLAATST)
    stale = Student.objects.get(pk=student.pk)
    services.student_set_status(student=student, status=Status.ACTIEF)
    with pytest.raises(ValidationError):
        services.student_set_status(student=stale, status=Status.AFGESLOTEN)
    assert Student.objects.get(pk=student.pk).status == Status.ACTIEF


def test_the_outflow_statuses_are_declared_for_the_outflow_app():
    assert {Status.UITGESTROOMD, Status.NAZORG, Status.AFGESLOTEN} <= set(Status)
    assert Status.UITGESTROOMD in STATUS_TRANSITIONS[Status.ACTIEF]
    assert Status.NAZORG in STATUS_TRANSITIONS[Status.UITGESTROOMD]


def test_no_service_assigns_the_status_except_the_lifecycle_service():
    for path in (ROOT / "students").rglob("*.py"):
        if "migrations" in path.parts or path.name in {"lifecycle.py", "demo.py"}:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    assert not (isinstance(target, ast.Attribute) and target.attr == "status"), (
                        f"{path.relative_to(ROOT)}:{node.lineno} sets a status directly"
                    )


# --- One way to open a student ------------------------------------------------------------


def test_student_access_gives_the_row_its_signals_and_the_edit_right(student, alice, bob):
    access = selectors.student_access(alice, student.uuid, part="dossier", channel=Channel.WEB)
    assert access.student == student and access.can_edit
    assert hasattr(access.student, "signal_geen_regiehouder")
    assert all(isinstance(s, registries.ShownSignal) for s in access.signals)
    assert not selectors.student_access(
        bob, student.uuid, part="dossier", channel=Channel.WEB
    ).can_edit


def test_student_access_logs_the_read_with_its_part_and_channel(student, bob):
    selectors.student_access(bob, student.uuid, part=RecordPart.INTAKE, channel=Channel.API)
    entry = AccessLog.objects.get(student_uuid=student.uuid)
    assert (entry.user_id, entry.part, entry.channel) == (bob.pk, "intake", "api")


def test_student_access_is_one_query_plus_the_log_line(student, alice, django_assert_num_queries):
    selectors.student_access(alice, student.uuid, part="dossier", channel=Channel.WEB)  # warm
    alice = type(alice).objects.get(pk=alice.pk)
    # teams of the user (cached afterwards), the student with its signals, the log line
    with django_assert_num_queries(3):
        selectors.student_access(alice, student.uuid, part="dossier", channel=Channel.WEB)


def test_a_refused_edit_is_not_logged_as_a_read(student, bob):
    with pytest.raises(PermissionDenied):
        selectors.student_access(
            bob, student.uuid, part="dossier", channel=Channel.WEB, require_edit=True
        )
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("who", ["carol", "erin", "frank"])
def test_student_access_gives_the_same_404_for_hidden_and_missing(who, personas, student):
    with pytest.raises(Http404):
        selectors.student_access(personas[who], student.uuid, part="dossier", channel=Channel.WEB)
    with pytest.raises(Http404):
        selectors.student_access(
            personas[who], "00000000-0000-0000-0000-000000000000", part="x", channel=Channel.WEB
        )
    with pytest.raises(Http404):
        selectors.student_access(personas[who], "not-a-uuid", part="x", channel=Channel.WEB)
    assert not AccessLog.objects.exists()


def test_nothing_outside_selectors_fetches_a_student_by_uuid():
    # "Nothing else opens a student": pages, API and exports go through student_access.
    for folder in ("students", "plans", "placements", "outflow", "entree"):
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" in path.parts or "selectors" in path.parts:
                continue  # the selectors (a package) are where a student is opened
            text = path.read_text()
            assert ".get(uuid=" not in text, path.relative_to(ROOT)
            assert "student_get_for_user" not in text, path.relative_to(ROOT)


# --- Registries ---------------------------------------------------------------------------


def test_a_registered_signal_is_counted_filtered_and_shown(monkeypatch, team, alice, client_for):
    signal = registries.Signal(
        "test_vroeg_geboren",
        "Vroeg geboren",
        lambda today: Q(date_of_birth__lt=date(2000, 1, 1)),
    )
    monkeypatch.setitem(registries._signals, signal.code, signal)
    early = StudentFactory(team=team, regiehouder=alice, date_of_birth=date(1999, 5, 1))
    StudentFactory(team=team, regiehouder=alice, date_of_birth=date(2008, 5, 1))
    page = client_for(alice).get("/studenten/", {"signal": signal.code})
    assert [s.pk for s in page.context["page"].object_list] == [early.pk]
    counts = {s.code: n for s, n in page.context["signal_counts"]}
    assert counts[signal.code] == 1
    assert "Vroeg geboren" in page.content.decode()


def test_a_registered_tab_appears_on_the_student_page(monkeypatch, student, alice, client_for):
    # An app that follows adds its tab from ready(); here an existing view stands in for it.
    tab = registries.Tab("students:edit", "Extra tabblad", "gegevens")
    monkeypatch.setitem(registries._tabs, tab.url_name, tab)
    page = client_for(alice).get(f"/studenten/{student.uuid}/")
    assert [t["label"] for t in page.context["tabs"]][-1] == "Extra tabblad"
    assert f'href="/studenten/{student.uuid}/gegevens/"' in page.content.decode()


def test_the_students_app_registers_its_own_parts_through_the_registries():
    assert [t.url_name for t in registries.tabs()][:5] == [
        "students:detail",
        "students:intake",
        "students:network",
        "students:advice",
        "students:regie",
    ]
    assert [s.code for s in registries.signals()][:4] == [
        "intake_onvolledig",
        "studieadvies",
        "wordt_18",
        "geen_regiehouder",
    ]
    from entree.core.demo import demo_seeders

    assert [s.key for s in demo_seeders()][0] == "students"


def test_registering_a_different_signal_under_a_known_code_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        registries.register_signal(registries.Signal("geen_regiehouder", "x", lambda t: Q()))


# --- Imports between the parts --------------------------------------------------------------


def _imports(path: pathlib.Path) -> list[tuple[str, list[str]]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.module, [alias.name for alias in node.names]))
        elif isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
    return found


def test_no_module_outside_students_imports_a_private_name_from_it():
    for folder in ("entree", "plans", "placements", "outflow", "tests"):
        for path in (ROOT / folder).rglob("*.py"):
            for module, names in _imports(path):
                if module.split(".")[0] == "students":
                    private = [n for n in names if n.startswith("_")]
                    assert not private, f"{path.relative_to(ROOT)} imports {private}"


def test_entree_core_imports_no_app():
    apps = {"students", "plans", "placements", "outflow"}
    for path in (ROOT / "entree" / "core").rglob("*.py"):
        for module, _names in _imports(path):
            assert module.split(".")[0] not in apps, f"{path.relative_to(ROOT)} imports {module}"


def test_every_function_in_the_packages_is_annotated():
    missing = []
    for folder in ("entree", "students", "plans", "placements", "outflow"):
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                arguments = node.args
                params = [
                    *arguments.posonlyargs,
                    *arguments.args,
                    *arguments.kwonlyargs,
                    *filter(None, [arguments.vararg, arguments.kwarg]),
                ]
                bare = [
                    a.arg for a in params if a.annotation is None and a.arg not in ("self", "cls")
                ]
                if bare or node.returns is None:
                    missing.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert missing == []


# --- One rule at every entry point: the prior-education sub-level -------------------------

LEVEL_REFUSED = "Een niveau hoort alleen bij"


def test_the_page_refuses_a_sub_level_with_another_prior_education(alice, team, client_for):
    response = client_for(alice).post(
        "/studenten/nieuw/",
        {
            "student_number": "8100001",
            "team": team.pk,
            "first_name": "Sem",
            "last_name": "Vries",
            "date_of_birth": "2009-03-04",
            "learning_path": "bol",
            "profile": "entree_kwalificatiedossier",
            "prior_education": "isk",
            "prior_education_level": "havo",
            "referral_route": "eigen_initiatief",
        },
    )
    assert response.status_code == 200
    assert LEVEL_REFUSED in str(response.context["form"].errors["prior_education_level"])
    assert not Student.objects.exists()


def test_the_api_refuses_a_sub_level_with_another_prior_education(alice, team, api_for):
    response = api_for(alice).post(
        "/api/v1/students/",
        {
            "student_number": "8100002",
            "team": team.name,
            "first_name": "Sem",
            "last_name": "Vries",
            "date_of_birth": "2009-03-04",
            "learning_path": "bol",
            "prior_education": "isk",
            "prior_education_level": "havo",
        },
        format="json",
    )
    assert response.status_code == 400, response.content
    assert LEVEL_REFUSED in str(response.json()["errors"]["prior_education_level"])
    assert not Student.objects.exists()


def test_the_api_passes_the_services_reason_for_a_refusal(dave, team, api_for):
    response = api_for(dave).post(
        "/api/v1/students/",
        {"student_number": "8100003", "team": team.name},
        format="json",
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "Alleen mentoren melden kandidaten aan."
