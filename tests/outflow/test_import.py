"""The outflow import from the SIS: the outflow service's rules and Dutch messages per row,
all-or-nothing, the beheerder's page (dry run, then "Nu importeren") and the command."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from entree.accounts.roles import Role
from entree.audit.models import AccessLog
from outflow.importer import outflow_import
from outflow.models import FollowUpContact, Handover, Outflow, PartnerHandover, PartnerKind
from plans.models import PlanVersion
from students.models import RegieTransfer, Status, Student
from tests.factories import InstitutionFactory, StudentFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/studenten/uitstroom-import/"


def _row(student, **values):
    return {
        "studentnummer": student.student_number if hasattr(student, "student_number") else student,
        "datum_uitstroom": "26-06-2027",
        "diploma": "ja",
        "bestemming": "werk",
        "uitstroomcoordinator": "",
        "eindgesprek": "",
        "toelichting": "",
        **values,
    }


def _csv(rows, delimiter=";") -> bytes:
    header = list(rows[0])
    lines = [delimiter.join(header)]
    lines += [delimiter.join(row[name] for name in header) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode()


def _import(team, data, by, dry_run=False):
    return outflow_import(institution=team.institution, data=data, by=by, dry_run=dry_run)


def _written():
    return (
        Outflow.objects.count(),
        Handover.objects.count(),
        PartnerHandover.objects.count(),
        RegieTransfer.objects.count(),
        PlanVersion.objects.count(),
        FollowUpContact.objects.count(),
        Student.objects.filter(status=Status.UITGESTROOMD).count(),
    )


@pytest.fixture
def second(team, alice):
    """A second active student of the team, without a plan."""
    return StudentFactory(team=team, regiehouder=alice)


def test_a_valid_file_registers_every_outflow(planned, second, team, alice, dave, frank):
    versions = PlanVersion.objects.count()
    data = _csv(
        [
            _row(planned, eindgesprek="20-06-2027", toelichting="Logistiek, 24 uur"),
            _row(second, diploma="nee", bestemming="geen", datum_uitstroom="2027-05-01"),
        ]
    )

    result = _import(team, data, frank)

    assert result.ok and result.written, result.errors
    assert [(r.line, r.dropout) for r in result.registered] == [(2, False), (3, True)]
    for student in (planned, second):
        student.refresh_from_db()
        assert student.status == Status.UITGESTROOMD
        assert student.regiehouder == dave  # the team's only coordinator, none named
        transfer = RegieTransfer.objects.get(student=student)
        assert (transfer.from_user, transfer.to_user, transfer.by) == (alice, dave, frank)
        assert "Uitstroom" in transfer.reason
    first = Outflow.objects.get(student=planned)
    assert first.registered_by == frank and first.destination == "werk" and first.diploma
    assert first.destination_note == "Logistiek, 24 uur"
    assert first.exit_interview_on.isoformat() == "2027-06-20"
    # The SIS does not know the plan: no new version, the current one is linked.
    assert PlanVersion.objects.count() == versions
    assert first.plan_version == PlanVersion.objects.get(plan__student=planned)
    dropout = Outflow.objects.get(student=second)
    assert dropout.plan_version is None  # no plan, and no refusal for it
    assert [p.kind for p in dropout.handover.partners.all()] == [PartnerKind.DOORSTROOMPUNT]
    assert AccessLog.objects.filter(user=frank, part="import").count() == 2


def test_a_named_coordinator_takes_over_among_several(planned, team, dave, frank):
    other = UserFactory(email="olga@school.example.test", roles=[Role.COORDINATOR], teams=[team])

    result = _import(
        team, _csv([_row(planned, uitstroomcoordinator="OLGA@school.example.test")]), frank
    )

    assert result.written, result.errors
    assert Student.objects.get(pk=planned.pk).regiehouder == other


def test_a_dry_run_writes_nothing_and_says_what_would_happen(planned, second, team, dave, frank):
    before = _written()

    result = _import(team, _csv([_row(planned), _row(second, diploma="nee")]), frank, True)

    assert result.ok and not result.written
    assert [r.student_number for r in result.registered] == [
        planned.student_number,
        second.student_number,
    ]
    assert _written() == before
    assert AccessLog.objects.filter(user=frank, part="import (proef)").count() == 2


def _left(team, alice, dave):
    student = StudentFactory(team=team, regiehouder=alice)
    outflow_import(
        institution=team.institution,
        data=_csv([_row(student)]),
        by=UserFactory(roles=[Role.FUNCTIONAL_ADMIN]),
        dry_run=False,
    )
    assert Student.objects.get(pk=student.pk).status == Status.UITGESTROOMD
    return student


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("unknown", "studentnummer: dit studentnummer is onbekend in deze instelling."),
        ("left", "Alleen een actieve student kan uitstromen."),
        ("destination", "bestemming: Kies waar de student naartoe gaat."),
        ("future", "datum_uitstroom: Deze datum ligt in de toekomst."),
        ("no_date", "datum_uitstroom: Vul de datum van uitstroom in."),
        ("bad_date", "datum_uitstroom: deze datum bestaat niet (bijvoorbeeld 31 februari)."),
        (
            "no_coordinator",
            "uitstroomcoordinator: Team Entree Zorg heeft geen uitstroomcoördinator.",
        ),
        (
            "two_coordinators",
            "uitstroomcoordinator: Kies de uitstroomcoördinator die de regie overneemt.",
        ),
        (
            "other_team",
            "uitstroomcoordinator: Kies een uitstroomcoördinator van het team van de student.",
        ),
        ("diploma", "diploma: 'misschien' is geen ja of nee."),
        ("twice", "studentnummer: dit studentnummer staat al op regel 2."),
    ],
)
def test_one_bad_row_and_nothing_is_written(
    bad, message, planned, second, team, other_team, alice, dave, frank
):
    rows = [_row(planned), _row(second)]
    if bad == "unknown":
        rows[1] = _row("9999999")
    elif bad == "left":
        rows[1] = _row(_left(team, alice, dave))
    elif bad == "destination":
        rows[1]["bestemming"] = "vakantie"
    elif bad == "future":
        rows[1]["datum_uitstroom"] = "01-08-2027"
    elif bad == "no_date":
        rows[1]["datum_uitstroom"] = ""
    elif bad == "bad_date":
        rows[1]["datum_uitstroom"] = "31-02-2027"
    elif bad == "no_coordinator":
        dave.teams.clear()
    elif bad == "two_coordinators":
        UserFactory(roles=[Role.COORDINATOR], teams=[team])
    elif bad == "other_team":
        elsewhere = UserFactory(roles=[Role.COORDINATOR], teams=[other_team])
        rows[1]["uitstroomcoordinator"] = elsewhere.email
    elif bad == "diploma":
        rows[1]["diploma"] = "misschien"
    elif bad == "twice":
        rows[1] = _row(planned, bestemming="werk_bbl")
    before = _written()

    result = _import(team, _csv(rows), frank)

    assert not result.ok and not result.written
    assert any(message in problem.message for problem in result.errors), result.errors
    assert all(problem.line in (2, 3) for problem in result.errors)
    assert _written() == before  # not even the good row
    assert Student.objects.get(pk=planned.pk).regiehouder == alice
    for problem in result.errors:  # never a student's name
        assert planned.last_name not in problem.message
        assert second.first_name not in problem.message


def test_a_row_refused_late_leaves_nothing_half_saved(planned, team, dave, frank, monkeypatch):
    """The regie transfer is the last write of a row: refused there, the outflow, the
    checklist and the status move of that row are undone too."""
    from django.core.exceptions import ValidationError

    import outflow.services.register as register

    def refuse(**kwargs):
        raise ValidationError({"to_user": "geweigerd"})

    monkeypatch.setattr(register, "regie_transfer", refuse)
    before = _written()

    result = _import(team, _csv([_row(planned)]), frank, dry_run=False)

    assert [p.message for p in result.errors] == ["geweigerd"]
    assert _written() == before
    assert Student.objects.get(pk=planned.pk).status == Status.ACTIEF


def test_a_file_error_is_the_student_imports_message(team, frank):
    result = _import(team, b"studentnummer;diploma\r\n123;ja\r\n", frank)

    assert not result.ok
    assert "verplichte kolommen ontbreken in de kopregel: datum_uitstroom, bestemming" in str(
        result.file_errors[0]
    )


def test_aliases_and_a_comma_are_read(planned, team, dave, frank):
    data = (
        "Studentnummer,Uitstroomdatum,Entreediploma,Bestemmingscode\r\n"
        f"{planned.student_number},2027-06-26,j,werk\r\n"
    ).encode()

    assert _import(team, data, frank).written


def test_only_a_beheerder_may_import(planned, team, alice, dave):
    for who in (alice, dave):
        with pytest.raises(PermissionDenied):
            _import(team, _csv([_row(planned)]), who)
    assert not Outflow.objects.exists()


def test_the_service_refuses_an_import_by_a_mentor(planned, alice, dave):
    from outflow.services import OutflowData, outflow_register

    with pytest.raises(PermissionDenied):
        outflow_register(
            student=planned,
            by=alice,
            data=OutflowData(left_on=planned.start_date, diploma=True, destination="werk"),
            coordinator=dave,
            via_import=True,
        )


# --- The same message on page, API and import --------------------------------------------


def test_the_same_bad_date_gives_the_same_message_everywhere(
    planned, team, alice, dave, frank, client_for, api_for
):
    from tests.outflow.test_pages import _register_post

    expected = "Deze datum ligt in de toekomst."
    page = client_for(alice).post(
        f"/studenten/{planned.uuid}/uitstroom/registreren/",
        _register_post(dave, left_on="2027-08-01"),
    )
    assert expected in page.content.decode()
    api = api_for(alice).post(
        f"/api/v1/students/{planned.uuid}/outflow/",
        {
            "left_on": "2027-08-01",
            "diploma": True,
            "destination": "werk",
            "coordinator": dave.email,
        },
        format="json",
    )
    assert api.status_code == 400 and api.json()["errors"]["left_on"] == [expected]
    result = _import(team, _csv([_row(planned, datum_uitstroom="01-08-2027")]), frank)
    assert [p.message for p in result.errors] == [f"datum_uitstroom: {expected}"]
    assert not Outflow.objects.exists()


# --- The page ----------------------------------------------------------------------------


def _upload(data: bytes):
    return SimpleUploadedFile("uitstroom.csv", data, content_type="text/csv")


def test_beheerder_checks_a_file_then_imports_it(planned, second, frank, dave, client_for):
    client = client_for(frank)
    assert "Uitstroom importeren" in client.get("/studenten/import/").content.decode()
    data = _csv([_row(planned), _row(second, diploma="nee", bestemming="geen")])

    dry = client.post(URL, {"file": _upload(data), "dry_run": "on"})

    html = dry.content.decode()
    assert dry.status_code == 200 and "Resultaat van de proefimport" in html
    assert f"<td>3</td><td>{second.student_number}</td><td>geen</td>" in html
    assert planned.last_name not in html and second.first_name not in html
    assert not Outflow.objects.exists()
    token = dry.context["confirm_form"].initial["token"]

    done = client.post(URL, {"token": token}, follow=True)

    assert "De uitstroom is geïmporteerd: 2 student(en) uitgestroomd." in done.content.decode()
    assert Outflow.objects.count() == 2
    again = client.post(URL, {"token": token}, follow=True)
    assert "De proefimport is verlopen" in again.content.decode()
    assert Outflow.objects.count() == 2


def test_another_users_token_is_refused(planned, dave, frank, client_for):
    dry = client_for(frank).post(URL, {"file": _upload(_csv([_row(planned)])), "dry_run": "on"})
    token = dry.context["confirm_form"].initial["token"]
    other_admin = UserFactory(roles=[Role.FUNCTIONAL_ADMIN])

    response = client_for(other_admin).post(URL, {"token": token}, follow=True)

    assert "De proefimport is verlopen" in response.content.decode()
    assert not Outflow.objects.exists()


def test_a_student_import_token_does_not_import_outflow(planned, frank, client_for):
    from django.core.cache import cache

    cache.set("students:import:abc", {"data": b"", "institution": 1, "user": frank.pk}, 60)
    response = client_for(frank).post(URL, {"token": "abc"}, follow=True)
    assert "De proefimport is verlopen" in response.content.decode()


def test_page_shows_errors_per_row(planned, second, dave, frank, client_for):
    data = _csv([_row(planned), _row(second, bestemming="vakantie")])

    response = client_for(frank).post(URL, {"file": _upload(data), "dry_run": "on"})

    html = response.content.decode()
    assert "Het bestand is niet geïmporteerd" in html
    assert (
        f"<td>3</td><td>{second.student_number}</td><td>bestemming: Kies waar de student "
        "naartoe gaat.</td>"
    ) in html
    assert "Nu importeren" not in html
    assert not Outflow.objects.exists()


@pytest.mark.parametrize("name", ["alice", "bob", "carol", "dave", "erin"])
def test_nobody_but_the_beheerder_reaches_the_page(name, personas, planned, client_for):
    client = client_for(personas[name])

    assert client.get(URL).status_code == 404
    response = client.post(URL, {"file": _upload(_csv([_row(planned)]))})
    assert response.status_code == 404
    assert not Outflow.objects.exists()


# --- The command -------------------------------------------------------------------------


@pytest.fixture
def csv_file(tmp_path):
    def _write(data: bytes):
        path = tmp_path / "uitstroom.csv"
        path.write_bytes(data)
        return path

    return _write


def test_command_imports_and_dry_runs(planned, frank, dave, csv_file, capsys):
    path = csv_file(_csv([_row(planned)]))

    call_command("import_outflow", str(path), "--dry-run", "--by", frank.email)
    assert "Proefimport, er is niets opgeslagen: 1 student(en) uitgestroomd" in (
        capsys.readouterr().out
    )
    assert not Outflow.objects.exists()

    call_command("import_outflow", str(path), "--by", frank.email)
    assert "Geïmporteerd: 1 student(en) uitgestroomd" in capsys.readouterr().out
    assert RegieTransfer.objects.get(student=planned).by == frank


def test_command_fails_loudly_and_refuses_a_non_beheerder(
    planned, frank, alice, dave, csv_file, capsys
):
    path = csv_file(_csv([_row(planned, bestemming="vakantie")]))
    with pytest.raises(CommandError, match="1 fout\\(en\\).*Er is niets veranderd"):
        call_command("import_outflow", str(path), "--by", frank.email)
    assert "Regel 2: bestemming: Kies waar de student naartoe gaat." in capsys.readouterr().err
    with pytest.raises(CommandError, match="geen actief account van een functioneel beheerder"):
        call_command("import_outflow", str(path), "--by", alice.email)
    assert not Outflow.objects.exists()


def test_a_team_of_another_institution_is_not_found(planned, frank):
    elsewhere = TeamFactory(name="Elders", institution=InstitutionFactory(name="ROC Elders"))
    result = outflow_import(
        institution=elsewhere.institution, data=_csv([_row(planned)]), by=frank, dry_run=True
    )
    assert "onbekend in deze instelling" in result.errors[0].message
