"""The SIS import: file format, all-or-nothing, upsert, the command and the page."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import IntegrityError

from entree.accounts.roles import Role
from students.importer import Action, students_import
from students.models import (
    LearningPath,
    PriorEducation,
    PriorEducationLevel,
    Profile,
    Status,
    Student,
    StudentEvent,
)
from tests.factories import InstitutionFactory, StudentFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)
HEADER = [
    "studentnummer",
    "voornaam",
    "tussenvoegsel",
    "achternaam",
    "geboortedatum",
    "team",
    "leerweg",
    "startdatum",
]


@pytest.fixture(autouse=True)
def _today():
    # Ages and "in the future" are judged against today; fix it.
    with time_machine.travel(datetime(2026, 3, 2, 10, tzinfo=ZoneInfo("Europe/Amsterdam"))):
        yield


def _row(number, **values) -> dict:
    row = {
        "studentnummer": str(number),
        "voornaam": "Sanne",
        "tussenvoegsel": "van der",
        "achternaam": "Berg",
        "geboortedatum": "17-05-2008",
        "team": "Entree Zorg",
        "leerweg": "bol",
        "startdatum": "01-09-2025",
    }
    row.update(values)
    return row


def _csv(rows, *, header=None, delimiter=";", bom=False, encoding="utf-8") -> bytes:
    header = header or (list(rows[0]) if rows else HEADER)
    lines = [delimiter.join(header)]
    lines += [delimiter.join(row.get(name, "") for name in header) for row in rows]
    data = ("\r\n".join(lines) + "\r\n").encode(encoding)
    return b"\xef\xbb\xbf" + data if bom else data


def _import(institution, data, *, dry_run=False, by=None):
    return students_import(institution=institution, data=data, by=by, dry_run=dry_run)


def _snapshot():
    return list(Student.objects.order_by("pk").values())


@pytest.fixture
def institution(team, other_team):
    return team.institution


@pytest.fixture
def existing(team, alice):
    """A student already in the system, held by alice, with details the file lacks."""
    return StudentFactory(
        team=team,
        regiehouder=alice,
        student_number="9000001",
        first_name="Noor",
        last_name="Jansen",
        date_of_birth=date(2008, 1, 2),
        email="noor@voorbeeld.example",
        phone="0612345678",
        status=Status.ACTIEF,
        profile=Profile.ZORG,
    )


# --- Happy path ------------------------------------------------------------------------------


def test_new_students_are_created_as_aangemeld_without_regiehouder(institution, team, other_team):
    data = _csv([_row(9100001), _row(9100002, team="entree techniek", leerweg="BBL")])

    result = _import(institution, data)

    assert result.ok and result.written
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    first, second = Student.objects.order_by("student_number")
    assert first.status == Status.AANGEMELD
    assert first.regiehouder is None
    assert first.team == team
    assert first.institution == institution
    assert first.date_of_birth == date(2008, 5, 17)
    assert first.last_name_prefix == "van der"
    assert first.start_date == date(2025, 9, 1)
    assert first.cohort == "2025-2026"
    assert first.profile == Profile.NOG_NIET
    assert first.prior_education == PriorEducation.ONBEKEND
    assert second.team == other_team
    assert second.learning_path == LearningPath.BBL
    assert [r.action for r in result.rows] == [Action.NIEUW, Action.NIEUW]


def test_reimporting_the_same_file_changes_nothing(institution):
    data = _csv([_row(9100001), _row(9100002, voornaam="Daan")])
    _import(institution, data)
    before = _snapshot()

    again = _import(institution, data)

    assert again.ok
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert _snapshot() == before


def test_update_changes_only_the_columns_in_the_file(institution, existing, alice):
    header = ["studentnummer", "voornaam", "achternaam", "geboortedatum", "team", "leerweg"]
    header.append("woonplaats")
    # The same birth date as in the database, written in the other accepted format.
    row = _row(9000001, voornaam="Noor", achternaam="Jansen-Bakker", geboortedatum="2008-01-02")
    data = _csv([{**row, "woonplaats": "Testmond"}], header=header)

    result = _import(institution, data)

    assert result.ok
    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    assert result.rows[0].columns == ("achternaam", "woonplaats")
    existing.refresh_from_db()
    assert existing.last_name == "Jansen-Bakker"
    assert existing.city == "Testmond"
    # Not in the file, or not the SIS's business: unchanged.
    assert existing.email == "noor@voorbeeld.example"
    assert existing.phone == "0612345678"
    assert existing.profile == Profile.ZORG
    assert existing.status == Status.ACTIEF
    assert existing.regiehouder == alice


def test_empty_code_cell_keeps_the_value_and_empty_text_cell_clears_it(institution, existing):
    header = [*HEADER, "uitstroomprofiel", "email"]
    row = _row(9000001, voornaam="Noor", achternaam="Jansen", geboortedatum="02-01-2008")
    row.update(tussenvoegsel="", uitstroomprofiel="", email="")

    result = _import(institution, _csv([row], header=header))

    assert result.ok
    existing.refresh_from_db()
    assert existing.profile == Profile.ZORG
    assert existing.email == ""


def test_changing_prior_education_clears_the_sub_level(institution, team):
    StudentFactory(
        team=team,
        student_number="9000002",
        prior_education=PriorEducation.GEEN_DIPLOMA_VO,
        prior_education_level=PriorEducationLevel.HAVO,
    )
    header = [*HEADER, "vooropleiding"]

    result = _import(
        institution, _csv([_row(9000002, vooropleiding="praktijkonderwijs")], header=header)
    )

    assert result.ok
    student = Student.objects.get(student_number="9000002")
    assert student.prior_education == PriorEducation.PRAKTIJKONDERWIJS
    assert student.prior_education_level == ""


def test_a_closed_record_is_never_refilled(institution, team):
    StudentFactory(team=team, student_number="9000003", status=Status.AFGESLOTEN)
    before = _snapshot()

    result = _import(institution, _csv([_row(9000003)]))

    assert result.ok
    assert result.unchanged == 1
    assert "Regel 2" in str(result.warnings[0]) and "afgesloten" in str(result.warnings[0])
    assert _snapshot() == before


def test_dry_run_writes_nothing_and_reports_what_would_change(institution, existing):
    data = _csv([_row(9100001), _row(9000001, achternaam="Jansen-Bakker")])
    before = _snapshot()

    result = _import(institution, data, dry_run=True)

    assert result.ok and not result.written
    assert (result.created, result.updated, result.unchanged) == (1, 1, 0)
    assert [(r.line, r.student_number, r.action) for r in result.rows] == [
        (2, "9100001", "nieuw"),
        (3, "9000001", "bijwerken"),
    ]
    assert _snapshot() == before


def test_a_file_with_a_byte_order_mark_is_read(institution):
    result = _import(institution, _csv([_row(9100001)], bom=True))
    assert result.ok
    assert Student.objects.get().student_number == "9100001"


@pytest.mark.parametrize("delimiter", [";", ","])
def test_semicolon_and_comma_files_are_both_read(delimiter, institution):
    result = _import(institution, _csv([_row(9100001), _row(9100002)], delimiter=delimiter))
    assert result.ok
    assert Student.objects.count() == 2


def test_headers_ignore_case_spaces_and_unknown_columns_with_a_warning(institution):
    data = (
        b" StudentNummer ;Voornaam;ACHTERNAAM;Geboortedatum;Team;Leerweg;Niveau vooropleiding;"
        b"Vooropleiding;E-mail;Klas\n"
        b'9100001;Sanne;"Berg; de";2008-05-17;Entree Zorg;bol;VMBO-basis;geen_diploma_vo;'
        b"s@voorbeeld.example;1A\n"
        b"\n"
    )

    result = _import(institution, data)

    assert result.ok, result.errors
    student = Student.objects.get()
    assert student.last_name == "Berg; de"
    assert student.prior_education_level == PriorEducationLevel.VMBO_BASIS
    assert student.email == "s@voorbeeld.example"
    assert [str(w) for w in result.warnings] == [
        "Regel 1: de kolom 'Klas' is onbekend en wordt genegeerd."
    ]


def test_the_import_is_recorded_in_the_write_log_with_the_beheerder(institution, frank):
    _import(institution, _csv([_row(9100001)]), by=frank)

    event = StudentEvent.objects.get()
    assert event.pgh_label == "insert"
    assert event.pgh_context.metadata["source"] == "import"
    assert event.pgh_context.metadata["import_by"] == frank.pk
    assert event.pgh_context.metadata["user"] == frank.pk


def test_only_a_beheerder_may_run_the_service(institution, alice):
    with pytest.raises(PermissionDenied):
        _import(institution, _csv([_row(9100001)]), by=alice)
    assert not Student.objects.exists()


# --- Broken files: a clear message with the line number, and nothing changes --------------

LATIN1 = (";".join(HEADER) + "\n" + ";".join(_row(9100001).values()) + "\n").encode() + (
    ";".join(_row(9100002, voornaam="Ünal").values()) + "\n"
).encode("latin-1")

BROKEN = {
    "wrong encoding (latin-1)": (LATIN1, "Regel 3: het bestand is geen UTF-8", "CSV UTF-8"),
    "an Excel workbook": (b"PK\x03\x04rest-of-zip", "Excel-bestand", "CSV UTF-8"),
    "missing columns": (
        _csv([_row(9100001)], header=["studentnummer", "voornaam", "achternaam", "leerweg"]),
        "Regel 1: verplichte kolommen ontbreken",
        "geboortedatum, team",
    ),
    "another delimiter (tab)": (
        _csv([_row(9100001)], delimiter="\t"),
        "Regel 1: verplichte kolommen ontbreken",
        "Scheid de kolommen met een puntkomma of een komma",
    ),
    "duplicate student numbers": (
        _csv([_row(9100001), _row(9100002), _row(9100001, voornaam="Daan")]),
        "Regel 4: studentnummer 9100001 staat ook op regel 2",
        "maar één keer",
    ),
    "unknown learning path": (
        _csv([_row(9100001, leerweg="voltijd")]),
        "Regel 2: leerweg 'voltijd' is onbekend",
        "toegestaan: bol, bbl, examendeelnemer",
    ),
    "unknown profile": (
        _csv([_row(9100001, uitstroomprofiel="kapper")], header=[*HEADER, "uitstroomprofiel"]),
        "Regel 2: uitstroomprofiel 'kapper' is onbekend",
        "ass_logistiek",
    ),
    "unknown team": (
        _csv([_row(9100001, team="Entree Zrog")]),
        "Regel 2: team 'Entree Zrog' bestaat niet in ROC Testmond",
        "Entree Techniek, Entree Zorg",
    ),
    "impossible date": (
        _csv([_row(9100001, geboortedatum="31-02-2008")]),
        "Regel 2: geboortedatum: deze datum bestaat niet",
        "",
    ),
    "not a date": (
        _csv([_row(9100001, startdatum="1 september")]),
        "Regel 2: startdatum: dit is geen datum",
        "dd-mm-jjjj of jjjj-mm-dd",
    ),
    "birth date in the future": (
        _csv([_row(9100001, geboortedatum="01-01-2027")]),
        "Regel 2: geboortedatum: Deze datum ligt in de toekomst.",
        "",
    ),
    "too young": (
        _csv([_row(9100001, geboortedatum="2020-01-01")]),
        "Regel 2: geboortedatum: Dit geeft een leeftijd van 6 jaar",
        "12 tot en met 80",
    ),
    "too old": (
        _csv([_row(9100001, geboortedatum="01-01-1940")]),
        "Regel 2: geboortedatum: Dit geeft een leeftijd van 86 jaar",
        "",
    ),
    "start a thousand years ahead (issue 7.2)": (
        _csv([_row(9100001, startdatum="01-09-3026")]),
        "Regel 2: startdatum: Deze datum ligt meer dan 1 jaar in de toekomst",
        "dat kan niet kloppen",
    ),
    "start before entree existed (issue 7.2)": (
        _csv([_row(9100001, startdatum="01-09-1026")]),
        "Regel 2: startdatum: Deze datum ligt vóór 1 augustus 2014",
        "",
    ),
    "level without geen_diploma_vo": (
        _csv(
            [_row(9100001, vooropleiding="isk", niveau_vooropleiding="havo")],
            header=[*HEADER, "vooropleiding", "niveau_vooropleiding"],
        ),
        "Regel 2: niveau_vooropleiding: Een niveau hoort alleen bij",
        "voortgezet onderwijs zonder diploma",
    ),
    "required cell empty": (
        _csv([_row(9100001, achternaam=" ")]),
        "Regel 2: achternaam is leeg",
        "",
    ),
    "invalid e-mail (the model's own rule)": (
        _csv([_row(9100001, email="geen-adres")], header=[*HEADER, "email"]),
        "Regel 2: email: ",
        "e-mailadres",
    ),
    "too long for the model": (
        _csv([_row("9" * 21)]),
        "Regel 2: studentnummer: ",
        "20",
    ),
    "wrong number of cells": (
        _csv([_row(9100001)]) + b"9100002;Daan;Berg\n",
        "Regel 3: deze regel heeft 3 waarden, de kopregel 8 kolommen",
        "scheidingsteken",
    ),
    "broken quotes": (
        _csv([_row(9100001)]) + b'9100002;"Daan"x;;Berg;17-05-2008;Entree Zorg;bol;\n',
        "Regel 3: deze regel is geen geldige CSV",
        "",
    ),
    "empty file": (b"\xef\xbb\xbf \r\n", "Het bestand is leeg", ""),
    "header only": (";".join(HEADER).encode() + b"\n", "Regel 1: het bestand bevat alleen", ""),
}


@pytest.mark.parametrize(("data", "message", "also"), BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_file_gives_a_clear_message_and_changes_nothing(
    data, message, also, institution, existing
):
    before = _snapshot()

    result = _import(institution, data)

    problems = [str(p) for p in result.file_errors + result.errors]
    assert not result.ok and not result.written
    assert any(message in p and also in p for p in problems), problems
    assert Student.objects.count() == 1
    assert _snapshot() == before


def test_one_bad_row_among_good_ones_creates_nothing(institution, existing):
    rows = [_row(9100001 + i) for i in range(5)]
    rows.insert(3, _row(9100099, geboortedatum="30-02-2009"))
    rows.append(_row(9000001, achternaam="Jansen-Bakker"))  # a valid update, not written either
    before = _snapshot()

    result = _import(institution, _csv(rows))

    assert [str(p) for p in result.errors] == [
        "Regel 5: geboortedatum: deze datum bestaat niet (bijvoorbeeld 31 februari)."
    ]
    assert result.errors[0].student_number == "9100099"
    assert _snapshot() == before


def test_every_error_of_the_file_is_reported_at_once(institution):
    rows = [_row(9100001, leerweg="x"), _row(9100002), _row(9100003, team="?", geboortedatum="x")]

    result = _import(institution, _csv(rows))

    assert [(p.line, p.student_number) for p in result.errors] == [
        (2, "9100001"),
        (4, "9100003"),
        (4, "9100003"),
    ]


# --- Query count -------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [10, 50])
def test_import_uses_the_same_number_of_queries_for_10_and_50_rows(
    size, institution, team, django_assert_max_num_queries
):
    # Half of the rows update existing students, half create new ones.
    for i in range(size // 2):
        StudentFactory(team=team, student_number=str(9200000 + i))
    data = _csv([_row(9200000 + i) for i in range(size)])

    with django_assert_max_num_queries(8):
        result = _import(institution, data)

    assert (result.created, result.updated) == (size - size // 2, size // 2)
    assert Student.objects.count() == size


# --- The management command -----------------------------------------------------------------


@pytest.fixture
def csv_file(tmp_path):
    def _write(data: bytes):
        path = tmp_path / "studenten.csv"
        path.write_bytes(data)
        return path

    return _write


def test_command_imports_a_file_and_prints_the_summary(institution, csv_file, capsys):
    path = csv_file(_csv([_row(9100001), _row(9100002)]))

    call_command("import_students", str(path))

    out = capsys.readouterr().out
    assert "Geïmporteerd: 2 nieuw, 0 bijgewerkt, 0 ongewijzigd (ROC Testmond)." in out
    assert Student.objects.count() == 2
    event = StudentEvent.objects.first()
    assert event.pgh_context.metadata["command"] == "import_students"
    assert event.pgh_context.metadata["import_by"] is None


def test_command_dry_run_saves_nothing(institution, csv_file, capsys):
    call_command("import_students", str(csv_file(_csv([_row(9100001)]))), "--dry-run")

    assert "Proefimport, er is niets opgeslagen: 1 nieuw" in capsys.readouterr().out
    assert not Student.objects.exists()


def test_command_fails_loudly_with_the_errors_per_row(institution, csv_file, capsys):
    path = csv_file(_csv([_row(9100001), _row(9100002, leerweg="voltijd")]))

    with pytest.raises(CommandError, match="1 fout\\(en\\).*Er is niets veranderd"):
        call_command("import_students", str(path))

    assert "Regel 3: leerweg 'voltijd' is onbekend" in capsys.readouterr().err
    assert not Student.objects.exists()


def test_command_records_the_beheerder_given_with_by(institution, csv_file, frank):
    call_command("import_students", str(csv_file(_csv([_row(9100001)]))), "--by", frank.email)

    assert StudentEvent.objects.get().pgh_context.metadata["user"] == frank.pk


def test_command_refuses_a_by_who_is_not_a_beheerder(institution, csv_file, alice):
    with pytest.raises(CommandError, match="geen actief account van een functioneel beheerder"):
        call_command("import_students", str(csv_file(_csv([_row(9100001)]))), "--by", alice.email)
    assert not Student.objects.exists()


def test_command_needs_institution_when_there_are_several(institution, csv_file):
    other = InstitutionFactory(name="ROC Anderstad")
    TeamFactory(institution=other, name="Entree Zorg")
    path = csv_file(_csv([_row(9100001)]))

    with pytest.raises(CommandError, match="--institution"):
        call_command("import_students", str(path))
    call_command("import_students", str(path), "--institution", "roc anderstad")

    assert Student.objects.get().institution == other


def test_command_says_when_the_file_cannot_be_read(institution, tmp_path):
    with pytest.raises(CommandError, match="Kan .* niet lezen"):
        call_command("import_students", str(tmp_path / "bestaat-niet.csv"))


# --- The page ----------------------------------------------------------------------------------

URL = "/studenten/import/"


def _upload(data: bytes, name="studenten.csv"):
    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_beheerder_checks_a_file_then_imports_it_without_a_second_upload(
    institution, frank, client_for, app_role
):
    client = client_for(frank)
    page = client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert re.search(r'<input type="checkbox" name="dry_run"[^>]* checked>', html)
    assert "/studenten/import/formaat/" in html

    dry = client.post(URL, {"file": _upload(_csv([_row(9100001)])), "dry_run": "on"})

    assert dry.status_code == 200
    assert "Nu importeren" in dry.content.decode()
    assert not Student.objects.exists()
    token = dry.context["confirm_form"].initial["token"]

    done = client.post(URL, {"token": token}, follow=True)

    assert done.redirect_chain[-1][0] == URL
    assert "1 nieuw, 0 bijgewerkt, 0 ongewijzigd" in done.content.decode()
    assert Student.objects.get().student_number == "9100001"
    assert cache.get(f"students:import:{token}") is None


def test_the_token_works_once(institution, frank, client_for):
    client = client_for(frank)
    dry = client.post(URL, {"file": _upload(_csv([_row(9100001)])), "dry_run": "on"})
    token = dry.context["confirm_form"].initial["token"]
    client.post(URL, {"token": token})
    Student.objects.all().delete()

    again = client.post(URL, {"token": token}, follow=True)

    assert "De proefimport is verlopen" in again.content.decode()
    assert not Student.objects.exists()


def test_another_users_token_is_refused(institution, frank, client_for):
    dry = client_for(frank).post(URL, {"file": _upload(_csv([_row(9100001)])), "dry_run": "on"})
    token = dry.context["confirm_form"].initial["token"]
    other_admin = UserFactory(roles=[Role.FUNCTIONAL_ADMIN])

    response = client_for(other_admin).post(URL, {"token": token}, follow=True)

    assert "De proefimport is verlopen" in response.content.decode()
    assert not Student.objects.exists()


def test_unchecking_dry_run_imports_at_once(institution, frank, client_for):
    response = client_for(frank).post(URL, {"file": _upload(_csv([_row(9100001)]))})

    assert response.status_code == 302
    assert Student.objects.count() == 1


def test_page_shows_errors_per_row_without_other_student_content(institution, frank, client_for):
    data = _csv([_row(9100001, voornaam="Zoë"), _row(9100002, leerweg="voltijd")])

    response = client_for(frank).post(URL, {"file": _upload(data), "dry_run": "on"})

    html = response.content.decode()
    assert "Het bestand is niet geïmporteerd" in html
    assert "<td>3</td><td>9100002</td><td>leerweg &#x27;voltijd&#x27; is onbekend" in html
    assert "Zoë" not in html and "Berg" not in html
    assert "Nu importeren" not in html
    assert not Student.objects.exists()


def test_page_refuses_a_file_over_5_mb(institution, frank, client_for):
    big = _upload(_csv([_row(9100001)]) + b"x" * (5 * 1024 * 1024))

    response = client_for(frank).post(URL, {"file": big, "dry_run": "on"})

    assert "Het bestand is groter dan 5 MB" in response.content.decode()
    assert not Student.objects.exists()


def test_page_asks_for_the_institution_only_when_there_are_several(institution, frank, client_for):
    client = client_for(frank)
    assert 'name="institution"' not in client.get(URL).content.decode()
    other = InstitutionFactory(name="ROC Anderstad")
    TeamFactory(institution=other, name="Entree Zorg")
    assert 'name="institution"' in client.get(URL).content.decode()

    client.post(URL, {"file": _upload(_csv([_row(9100001)])), "institution": other.pk})

    assert Student.objects.get().institution == other


def test_beheerder_sees_the_import_in_the_menu_and_can_read_the_format(frank, client_for):
    client = client_for(frank)
    assert "Studenten importeren" in client.get("/beheer/audit/inzage/").content.decode()

    response = client.get("/studenten/import/formaat/")

    assert response.status_code == 200
    assert "studentnummer" in response.content.decode()


def test_the_import_format_is_a_page_of_the_site_not_raw_markdown(frank, client_for):
    """Issue 7.5: the format came as plain text with asterisks and pipe tables and no site
    navigation. It is now HTML in the site's layout: menu, headings, tables, bold text."""
    response = client_for(frank).get("/studenten/import/formaat/")

    assert response["Content-Type"] == "text/html; charset=utf-8"
    html = response.content.decode()
    assert 'aria-label="Hoofdmenu"' in html  # the site's navigation
    assert "<h1>Importformaat studenten (CSV uit het studentinformatiesysteem)</h1>" in html
    assert "<strong>Alles of niets.</strong>" in html
    assert "<table>" in html and "<th>" in html
    assert "**" not in html and "| ---" not in html and "|---" not in html


@pytest.mark.parametrize("name", ["alice", "bob", "carol", "dave", "erin"])
def test_nobody_but_the_beheerder_reaches_the_import(name, personas, institution, client_for):
    client = client_for(personas[name])

    assert client.get(URL).status_code == 404
    assert client.get("/studenten/import/formaat/").status_code == 404
    response = client.post(URL, {"file": _upload(_csv([_row(9100001)]))})
    assert response.status_code == 404
    assert not Student.objects.exists()


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/inloggen/")


def test_a_clash_with_a_simultaneous_registration_changes_nothing(institution, monkeypatch):
    def clash(*args, **kwargs):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(Student.objects, "bulk_create", clash)

    result = _import(institution, _csv([_row(9100001)]))

    assert not result.ok and not result.written
    assert "importeer het bestand opnieuw" in str(result.file_errors[0])
    assert not Student.objects.exists()


def test_import_messages_never_repeat_a_birth_date(db):
    from entree.accounts.models import Institution

    institution = Institution.objects.create(name="ROC Privacy")
    header = "studentnummer;voornaam;achternaam;geboortedatum;team;leerweg\n"
    data = (header + "9200001;Sem;Vries;31-02-2008;Onbekend;bol\n").encode()
    result = students_import(institution=institution, data=data, by=None, dry_run=True)
    messages = " ".join(str(error) for error in [*result.errors, *result.file_errors])
    assert "31-02-2008" not in messages
    assert "bestaat niet" in messages


def test_import_leaves_the_start_date_of_a_started_student_alone(db):
    from datetime import date

    from entree.accounts.models import Institution
    from tests.factories import StudentFactory, TeamFactory

    institution = Institution.objects.create(name="ROC Startdatum")
    team = TeamFactory(institution=institution, name="Entree A")
    started = StudentFactory(
        team=team,
        student_number="9300001",
        status=Status.ACTIEF,
        start_date=date(2026, 9, 1),
        cohort="2026-2027",
        study_advice_due_on=date(2027, 1, 1),
    )
    header = "studentnummer;voornaam;achternaam;geboortedatum;team;leerweg;startdatum\n"
    row = f"9300001;{started.first_name};{started.last_name};17-05-2008;Entree A;bol;01-02-2027\n"
    result = students_import(
        institution=institution, data=(header + row).encode(), by=None, dry_run=False
    )
    assert result.ok
    started.refresh_from_db()
    assert (started.start_date, started.cohort) == (date(2026, 9, 1), "2026-2027")
    assert started.study_advice_due_on == date(2027, 1, 1)
    assert any("startdatum" in str(w) for w in result.warnings)


def test_a_trial_import_leaves_a_trace_for_every_matched_student(db, frank):
    from entree.accounts.models import Institution
    from entree.audit.models import AccessLog
    from tests.factories import StudentFactory, TeamFactory

    institution = Institution.objects.create(name="ROC Proef")
    team = TeamFactory(institution=institution, name="Entree A")
    known = StudentFactory(team=team, student_number="9400001")
    header = "studentnummer;voornaam;achternaam;geboortedatum;team;leerweg\n"
    rows = (
        "9400001;Iemand;Anders;17-05-2008;Entree A;bol\n"
        "9400002;Nieuw;Mens;01-01-2009;Entree A;bol\n"
    )
    students_import(institution=institution, data=(header + rows).encode(), by=frank, dry_run=True)
    logged = list(AccessLog.objects.values_list("user_id", "student_uuid", "channel", "part"))
    assert logged == [(frank.pk, known.uuid, "import", "import (proef)")]


# --- Broken files: the trial run and the import agree (issue 8.4) ------------------------------

HUGE = "x" * 200_000  # over the csv module's 128 KiB field limit


def _broken_files() -> dict[str, tuple[bytes, str]]:
    """Bad file → (bytes, what its message must say: the line and the column)."""
    return {
        "nul in a name": (_csv([_row(9100001), _row(9100002, voornaam="Sa\x00nne")]), "voornaam"),
        "nul in the number": (_csv([_row("91000\x0003")]), "studentnummer"),
        "nul in an address": (
            _csv([_row(9100001, adres="Dorpsstraat\x001")], header=[*HEADER, "adres"]),
            "adres",
        ),
        "one huge field": (_csv([_row(9100001), _row(9100002, achternaam=HUGE)]), "achternaam"),
        "one huge code": (_csv([_row(9100001, leerweg=HUGE)]), "leerweg"),
        "one huge team": (_csv([_row(9100001, team=HUGE)]), "team"),
        "only delimiters": (b";;;;\r\n;;;\r\n\r\n", "kopregel"),
    }


@pytest.mark.parametrize("case", list(_broken_files()))
def test_a_broken_file_gets_the_same_clear_message_in_the_trial_run_and_the_import(
    case, institution
):
    data, about = _broken_files()[case]
    before = _snapshot()

    trial = _import(institution, data, dry_run=True)
    real = _import(institution, data)

    assert not trial.ok and not real.ok and not real.written
    trial_messages = [str(p) for p in trial.errors + trial.file_errors]
    assert trial_messages == [str(p) for p in real.errors + real.file_errors]
    message = trial_messages[-1]
    assert re.match(r"Regel [1-9]\d*: ", message), message
    assert about in message
    assert "geen geldige CSV" not in message  # a long value is not a quoting problem
    assert len(message) < 400  # and the value itself is not repeated
    assert _snapshot() == before


def test_a_nul_byte_is_refused_on_the_page_without_a_server_error(
    institution, frank, client_for, app_role
):
    client = client_for(frank)
    data = _csv([_row(9100001, voornaam="Sa\x00nne")])
    for dry_run in ({"dry_run": "on"}, {}):
        response = client.post(URL, {"file": _upload(data), **dry_run})
        assert response.status_code == 200
        assert "Regel 2: kolom voornaam bevat een onzichtbaar nulteken" in response.content.decode()
        assert "confirm_form" not in response.context
    assert not Student.objects.exists()


def test_a_trial_run_writes_nothing_although_it_tries_the_writes(institution, existing, app_role):
    data = _csv([_row(9100001), _row(existing.student_number, voornaam="Anders")])
    before = _snapshot()
    events = StudentEvent.objects.count()

    result = _import(institution, data, dry_run=True)

    assert result.ok and not result.written
    assert (result.created, result.updated) == (1, 1)
    assert _snapshot() == before
    assert StudentEvent.objects.count() == events
