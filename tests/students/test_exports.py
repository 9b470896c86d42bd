"""Exports: the caseload as CSV, and one student's complete record as JSON and PDF (the
right of access, AVG art. 15) — complete, logged, and only for those who may."""

import csv
import io
import json
import re
import shutil
import subprocess
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pghistory
import pytest
import time_machine
from django.utils import timezone

from entree.accounts.roles import Role
from entree.audit.models import AccessLog
from entree.core import records
from students import services
from students.models import (
    AdviceDecision,
    ConsentPurpose,
    ContactKind,
    DomainState,
    DutchLevel,
    Intake,
    LifeDomain,
    Placeability,
    ReferenceLevel,
    Route,
    Status,
)
from tests.factories import StudentFactory, UserFactory

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 11, 22, 12, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))


@pytest.fixture(autouse=True)
def _today():
    # The record is built relative to today and the export's header carries today's date:
    # with a running clock a test that crosses midnight would compare two different days.
    with time_machine.travel(NOON, tick=False):
        yield


SECTIONS = [
    "student",
    "intake",
    "netwerk",
    "toestemmingen",
    "studieadviezen",
    "regie",
    # The plans app's sections, registered after the students app's.
    "integraal_plan",
    "voortgangsgesprekken",
    # The placements app's section, then the outflow app's (INSTALLED_APPS order).
    "bpv",
    "uitstroom",
    "nazorg",
    "taken",
    "inzagelog",
    "wijzigingen",
]


@pytest.fixture
def gert(team):
    return UserFactory(first_name="Gert", last_name="Visser", roles=[Role.MENTOR], teams=[team])


@pytest.fixture
def record_student(team, alice, gert):
    """A student taken through the whole programme so far, every write attributed to a
    user as the request middleware would: intake with the five life domains, a network
    contact with consent given and withdrawn, a start, a study advice, and regie handed
    to gert and back."""
    start = timezone.localdate() - timedelta(days=150)
    student = StudentFactory(
        team=team,
        regiehouder=alice,
        first_name="Noor",
        last_name="Jansen",
        status=Status.AANGEMELD,
        start_date=None,
        cohort="",
    )
    with pghistory.context(user=alice.pk):
        contact = services.network_contact_save(
            student=student,
            by=alice,
            kind=ContactKind.GEMEENTE,
            name="Sanne de Wit",
            organisation="Gemeente Testmond",
        )
        services.intake_save(
            student=student,
            by=alice,
            dutch_level=DutchLevel.MOEDERTAAL,
            maths_level=ReferenceLevel.F1,
            language_level=ReferenceLevel.F1,
            motivation="Wil in de zorg werken.",
            route_indication=Route.ARBEIDSMARKT,
            domains=[
                {
                    "domain": domain,
                    "state": DomainState.AANDACHT if domain == LifeDomain.WONEN else "op_orde",
                    "note": "Woont tijdelijk bij een tante." if domain == LifeDomain.WONEN else "",
                    "partner": contact if domain == LifeDomain.WONEN else None,
                }
                for domain in LifeDomain
            ],
        )
        services.consent_record(
            student=student,
            by=alice,
            contact=contact,
            purpose=ConsentPurpose.BETREKKEN,
            given=True,
            on=start - timedelta(days=20),
        )
        services.consent_record(
            student=student,
            by=alice,
            contact=contact,
            purpose=ConsentPurpose.BETREKKEN,
            given=False,
            on=start + timedelta(days=10),
            note="Wil het zelf regelen.",
        )
        services.intake_decide(
            student=student, by=alice, outcome=Placeability.GEPLAATST, start_date=start
        )
        services.student_activate(student=student, by=alice)
        services.study_advice_record(
            student=student,
            by=alice,
            decision=AdviceDecision.POSITIEF,
            given_on=start + timedelta(days=120),
            motivation="Komt afspraken na.",
        )
        services.regie_transfer(student=student, by=alice, to_user=gert, reason="Vakantie")
    with pghistory.context(user=gert.pk):
        services.regie_transfer(student=student, by=gert, to_user=alice, reason="Terug")
    student.refresh_from_db()
    return student


def _json(client, student):
    response = client.get(f"/studenten/{student.uuid}/inzage.json")
    assert response.status_code == 200
    return response, json.loads(response.content.decode("utf-8"))


# --- The complete record as JSON ----------------------------------------------------------


def test_record_json_holds_every_section_with_a_header(alice, record_student, client_for):
    response, document = _json(client_for(alice), record_student)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="dossier-{record_student.student_number}.json"'
    )
    assert "no-store" in response["Cache-Control"]
    assert list(document["sections"]) == SECTIONS
    assert all(document["sections"][key]["title"] for key in SECTIONS)
    header = document["export"]
    assert header["generated_by"] == alice.get_full_name()
    assert header["purpose"] == "Inzage (AVG art. 15)"
    assert header["student"] == str(record_student.uuid)
    assert header["generated_at"].startswith(timezone.localdate().isoformat())


def test_record_json_gives_codes_with_labels_iso_dates_and_names(alice, record_student, client_for):
    _, document = _json(client_for(alice), record_student)
    person = document["sections"]["student"]["data"]
    assert person["first_name"] == "Noor"
    assert person["status"] == {"code": "actief", "label": "Actief"}
    assert person["learning_path"] == {"code": "bol", "label": "bol (schoolgebonden)"}
    assert person["date_of_birth"] == "2008-05-17"
    assert person["regiehouder"] == alice.get_full_name()
    assert person["study_advice_due_on"] is None  # resolved by the positive advice
    intake = document["sections"]["intake"]["data"]
    assert intake["outcome"] == {"code": "geplaatst", "label": "Geplaatst"}
    housing = next(d for d in intake["domains"] if d["domain"]["code"] == "wonen")
    assert housing == {
        "domain": {"code": "wonen", "label": "Wonen"},
        "state": {"code": "aandacht", "label": "Aandacht"},
        "note": "Woont tijdelijk bij een tante.",
        "partner": "Sanne de Wit",
    }
    assert len(intake["domains"]) == len(LifeDomain)


def test_record_json_keeps_the_whole_consent_history(alice, record_student, client_for):
    _, document = _json(client_for(alice), record_student)
    consents = document["sections"]["toestemmingen"]["data"]
    assert [(c["contact"], c["given"]) for c in consents] == [
        ("Sanne de Wit", True),
        ("Sanne de Wit", False),
    ]
    assert consents[1]["note"] == "Wil het zelf regelen."
    assert consents[1]["purpose"]["code"] == "betrekken"
    assert consents[1]["recorded_by"] == alice.get_full_name()


def test_record_json_holds_network_advice_and_regie_transfers(
    alice, gert, record_student, client_for
):
    _, document = _json(client_for(alice), record_student)
    sections = document["sections"]
    assert [c["name"] for c in sections["netwerk"]["data"]] == ["Sanne de Wit"]
    assert sections["studieadviezen"]["data"][0]["decision"]["code"] == "positief"
    transfers = sections["regie"]["data"]
    assert [(t["from_user"], t["to_user"], t["reason"]) for t in transfers] == [
        (alice.get_full_name(), gert.get_full_name(), "Vakantie"),
        (gert.get_full_name(), alice.get_full_name(), "Terug"),
    ]


def test_record_json_lists_this_export_in_the_access_log(
    alice, bob, record_student, client_for, client
):
    from django.test import Client

    reader = Client()
    reader.force_login(bob)
    assert reader.get(f"/studenten/{record_student.uuid}/").status_code == 200
    _, document = _json(client_for(alice), record_student)
    log = document["sections"]["inzagelog"]["data"]
    assert [(row["user"], row["channel"]["code"]) for row in log] == [
        (bob.get_full_name(), "web"),
        (alice.get_full_name(), "export"),
    ]
    assert log[-1]["part"] == {
        "code": "volledig dossier (export)",
        "label": "Volledig dossier (inzageverzoek)",
    }
    assert log[-1]["channel"]["label"] == "Export"


def test_record_json_says_who_changed_which_fields_without_values(
    alice, gert, record_student, client_for
):
    _, document = _json(client_for(alice), record_student)
    history = document["sections"]["wijzigingen"]["data"]
    records_touched = {row["record"] for row in history}
    assert {"student", "intake", "netwerkcontact", "beoordeling leefgebied"} <= records_touched
    assert "studieadvies" in records_touched
    status_changes = [
        row
        for row in history
        if row["record"] == "student" and "status" in row["fields"] and row["by"]
    ]
    assert status_changes
    assert {row["by"] for row in status_changes} == {alice.get_full_name()}
    assert status_changes[0]["action"] == {"code": "update", "label": "gewijzigd"}
    regie = [row for row in history if "regiehouder" in row["fields"]]
    assert [row["by"] for row in regie] == [alice.get_full_name(), gert.get_full_name()]
    assert "updated_at" not in {f for row in history for f in row["fields"]}
    assert "Woont tijdelijk" not in json.dumps(history)  # names of fields, never values


def test_record_json_of_a_new_candidate_has_empty_sections(alice, student, client_for):
    _, document = _json(client_for(alice), student)
    sections = document["sections"]
    assert sections["intake"]["data"] is None
    assert sections["netwerk"]["data"] == []
    assert sections["toestemmingen"]["data"] == []
    assert len(sections["inzagelog"]["data"]) == 1


def test_section_of_a_later_app_lands_before_the_audit_trails(
    alice, student, client_for, monkeypatch
):
    monkeypatch.setattr(records, "_sections", dict(records._sections))
    records.register_section(
        "plannen", "Integraal plan", lambda s: [{"versie": 1, "doel": f"Werk ({s.cohort})"}]
    )
    _, document = _json(client_for(alice), student)
    assert list(document["sections"]) == [*SECTIONS[:-2], "plannen", *SECTIONS[-2:]]
    assert document["sections"]["plannen"]["data"] == [{"versie": 1, "doel": "Werk (2026-2027)"}]


def test_registering_a_second_builder_under_a_taken_key_fails(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setattr(records, "_sections", dict(records._sections))
    with pytest.raises(ImproperlyConfigured):
        records.register_section("netwerk", "Netwerk", lambda s: [])


# --- The complete record as PDF -----------------------------------------------------------


def test_record_pdf_is_a_real_pdf_with_the_students_name(alice, record_student, client_for):
    response = client_for(alice).get(f"/studenten/{record_student.uuid}/inzage.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="dossier-{record_student.student_number}.pdf"'
    )
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    # poppler-utils is installed by .ci/run; without it this test must fail, not pass silently.
    assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is needed to read the PDF"
    assert _pdf_pages(pdf) >= 1
    text = subprocess.run(  # noqa: S603 - fixed command line
        ["pdftotext", "-layout", "-", "-"],  # noqa: S607 - found on PATH above
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    assert "Dossier van Noor Jansen" in text
    assert "AVG artikel 15" in text
    for section in records.sections():
        assert str(section.title) in text
    assert "Woont tijdelijk bij een tante." in text
    # A table cell wraps as the (random) user's name is long or short: read this one in
    # the PDF's own order, where a cell's lines follow each other.
    raw = subprocess.run(  # noqa: S603 - fixed command line
        ["pdftotext", "-raw", "-", "-"],  # noqa: S607 - found on PATH above
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    assert "Volledig dossier (inzageverzoek)" in " ".join(raw.split())
    assert "Pagina 1 /" in text


def _pdf_pages(pdf: bytes) -> int:
    info = subprocess.run(  # noqa: S603 - fixed command line
        ["pdfinfo", "-"],  # noqa: S607 - poppler-utils on PATH
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])


# --- Who may export a complete record -----------------------------------------------------

# persona -> status code for an active student held by alice: only edit rights export;
# a colleague who may read gets 403, everybody else the 404 of a missing record.
EXPORT_RULES = {"alice": 200, "bob": 403, "carol": 404, "dave": 404, "erin": 404, "frank": 404}


@pytest.mark.parametrize("fmt", ["json", "pdf"])
@pytest.mark.parametrize(("name", "expected"), EXPORT_RULES.items())
def test_record_export_follows_the_role_rules(name, expected, fmt, personas, student, client_for):
    response = client_for(personas[name]).get(f"/studenten/{student.uuid}/inzage.{fmt}")
    assert response.status_code == expected
    logged = AccessLog.objects.filter(student_uuid=student.uuid, channel="export").count()
    assert logged == (1 if expected == 200 else 0)


def test_refused_export_leaves_no_read_in_the_access_log(bob, student, client_for):
    assert client_for(bob).get(f"/studenten/{student.uuid}/inzage.json").status_code == 403
    assert not AccessLog.objects.filter(student_uuid=student.uuid).exists()


def test_unknown_student_gives_404_like_a_forbidden_one(alice, client_for):
    import uuid

    response = client_for(alice).get(f"/studenten/{uuid.uuid4()}/inzage.json")
    assert response.status_code == 404


@pytest.mark.parametrize("fmt", ["json", "pdf"])
def test_coordinator_exports_once_the_student_is_in_aftercare(fmt, dave, student, client_for):
    assert client_for(dave).get(f"/studenten/{student.uuid}/inzage.{fmt}").status_code == 404
    student.status = Status.NAZORG
    student.save()
    assert client_for(dave).get(f"/studenten/{student.uuid}/inzage.{fmt}").status_code == 200


def test_anonymous_visitor_is_sent_to_login_for_every_export(student, client):
    for url in (
        f"/studenten/{student.uuid}/inzage.json",
        f"/studenten/{student.uuid}/inzage.pdf",
        "/studenten/export.csv",
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/account/inloggen/")
    assert not AccessLog.objects.exists()


def test_record_export_runs_a_fixed_number_of_queries(
    alice, record_student, client_for, django_assert_max_num_queries
):
    client = client_for(alice)
    url = f"/studenten/{record_student.uuid}/inzage"
    # (Counts are read at once: every later request resets Django's query log.)
    with django_assert_max_num_queries(25) as small:
        client.get(f"{url}.json")
    json_baseline = len(small.captured_queries)
    with django_assert_max_num_queries(25) as small_pdf:
        client.get(f"{url}.pdf")
    pdf_baseline = len(small_pdf.captured_queries)

    contacts = [
        services.network_contact_save(
            student=record_student, by=alice, kind=ContactKind.OUDER, name=f"Ouder {n}"
        )
        for n in range(6)
    ]
    for contact in contacts:
        services.consent_record(
            student=record_student,
            by=alice,
            contact=contact,
            purpose=ConsentPurpose.GEGEVENS_DELEN,
            given=True,
            on=timezone.localdate(),
        )
    for _ in range(5):
        client.get(f"/studenten/{record_student.uuid}/")
    with django_assert_max_num_queries(json_baseline):
        client.get(f"{url}.json")
    with django_assert_max_num_queries(pdf_baseline):
        client.get(f"{url}.pdf")


# --- The caseload as CSV ------------------------------------------------------------------


def _csv(client, query=""):
    response = client.get(f"/studenten/export.csv{query}")
    assert response.status_code == 200, response.content[:300]
    body = b"".join(response.streaming_content).decode("utf-8")
    return response, body


def _rows(body: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff")), delimiter=";"))


@time_machine.travel(datetime(2026, 10, 15, 12, 0, tzinfo=ZoneInfo("Europe/Amsterdam")), tick=False)
def test_caseload_csv_has_a_bom_a_dutch_header_and_one_row_per_student(alice, student, client_for):
    # Pinned six weeks after the fixture's start: no signal (a progress meeting is due at
    # ten weeks) for the empty last column.
    response, body = _csv(client_for(alice))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="studenten-')
    assert body.startswith("\ufeff")
    header, *rows = _rows(body)
    assert header == [
        "studentnummer",
        "achternaam",
        "tussenvoegsel",
        "voornaam",
        "status",
        "team",
        "regiehouder",
        "cohort",
        "leerweg",
        "uitstroomprofiel",
        "signalen",
    ]
    assert rows == [
        [
            student.student_number,
            "Jansen",
            "",
            "Noor",
            "Actief",
            "Entree Zorg",
            alice.get_full_name(),
            "2026-2027",
            "bol (schoolgebonden)",
            "Entree-kwalificatiedossier (nog niet gekozen)",
            "",
        ]
    ]


def test_caseload_csv_shows_signals_as_labels(alice, team, client_for):
    StudentFactory(team=team, regiehouder=None, status=Status.INTAKE, last_name="Zonder")
    _, body = _csv(client_for(alice))
    (row,) = [r for r in _rows(body)[1:] if r[1] == "Zonder"]
    assert row[-1] == "Intake niet afgerond, Geen regiehouder"


def test_caseload_csv_holds_only_visible_students(
    alice, carol, bob, student, other_team, client_for
):
    StudentFactory(team=other_team, last_name="Anderteam")
    _, body = _csv(client_for(bob))
    assert [row[1] for row in _rows(body)[1:]] == ["Jansen"]
    _, body = _csv(client_for(carol))
    assert [row[1] for row in _rows(body)[1:]] == ["Anderteam"]


def test_caseload_csv_applies_the_caseload_filters(alice, team, student, client_for):
    StudentFactory(team=team, status=Status.INTAKE, last_name="Intaker", cohort="2025-2026")
    client = client_for(alice)
    _, body = _csv(client, "?status=intake")
    assert [row[1] for row in _rows(body)[1:]] == ["Intaker"]
    _, body = _csv(client, "?mine=ja")
    assert [row[1] for row in _rows(body)[1:]] == ["Jansen"]
    _, body = _csv(client, "?cohort=2025-2026")
    assert [row[1] for row in _rows(body)[1:]] == ["Intaker"]
    _, body = _csv(client, "?q=noor")
    assert [row[1] for row in _rows(body)[1:]] == ["Jansen"]


def test_caseload_csv_refuses_an_invalid_filter_instead_of_exporting_everyone(
    alice, student, client_for
):
    response = client_for(alice).get("/studenten/export.csv?cohort=2025")
    assert response.status_code == 400
    assert "2025-2026" in response.content.decode()
    assert not AccessLog.objects.exists()


def test_caseload_csv_neutralises_spreadsheet_formulas(alice, team, client_for):
    StudentFactory(
        team=team,
        regiehouder=alice,
        first_name="+31612345678",
        last_name='=HYPERLINK("http://example.test","klik")',
        last_name_prefix="@SUM(A1)",
        student_number="-7",
    )
    _, body = _csv(client_for(alice))
    (row,) = _rows(body)[1:]
    assert row[:4] == [
        "'-7",
        '\'=HYPERLINK("http://example.test","klik")',
        "'@SUM(A1)",
        "'+31612345678",
    ]


@pytest.mark.parametrize("name", ["erin", "frank"])
def test_caseload_csv_is_404_for_roles_without_students(name, personas, student, client_for):
    assert client_for(personas[name]).get("/studenten/export.csv").status_code == 404
    assert not AccessLog.objects.exists()


def test_caseload_csv_logs_one_access_line_per_exported_student(alice, team, student, client_for):
    others = StudentFactory.create_batch(2, team=team)
    _csv(client_for(alice), "?status=actief")
    logged = AccessLog.objects.filter(user=alice, part="caseload-export", channel="export")
    assert sorted(logged.values_list("student_uuid", flat=True)) == sorted(
        [student.uuid, *(s.uuid for s in others)]
    )
    # The address without the query: a search term could be a student's name.
    assert {line.path for line in logged} == {"/studenten/export.csv"}


def test_caseload_csv_runs_the_same_queries_for_3_or_30_students(
    alice, gert, team, client_for, django_assert_max_num_queries
):
    StudentFactory.create_batch(3, team=team, regiehouder=alice)
    client = client_for(alice)
    with django_assert_max_num_queries(12) as few:
        _, body = _csv(client)
    baseline = len(few.captured_queries)
    assert len(_rows(body)) == 1 + 3
    StudentFactory.create_batch(14, team=team, regiehouder=alice)
    StudentFactory.create_batch(13, team=team, regiehouder=gert)
    with django_assert_max_num_queries(baseline):
        _, body = _csv(client)
    assert len(_rows(body)) == 1 + 30


def _pdf_info(pdf: bytes, *options: str) -> str:
    return subprocess.run(  # noqa: S603 - fixed command line
        ["pdfinfo", *options, "-"],  # noqa: S607 - poppler-utils on PATH
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode()


def test_record_pdf_is_tagged_for_screen_readers(alice, record_student, client_for):
    """Issue 7.12: the record PDF is PDF/UA (tagged, with its language and title), so a
    screen reader reads headings, tables and their order instead of loose text."""
    pdf = client_for(alice).get(f"/studenten/{record_student.uuid}/inzage.pdf").content
    info = _pdf_info(pdf)
    assert "Tagged:          yes" in info
    assert "Title:           Dossier van Noor Jansen" in info
    assert "pdfuaid:part" in _pdf_info(pdf, "-meta")  # PDF/UA identification (XMP)
    structure = _pdf_info(pdf, "-struct")
    assert "H1" in structure and "Table" in structure


def test_record_pdf_wraps_a_long_word_inside_the_page(alice, record_student, client_for):
    """Issue 7.3: a long motivation without spaces (a pasted link, a run of characters)
    widened its table past the right edge of the page, where the text was cut off. Every
    word now ends inside the right margin and nothing is lost."""
    long_word = "Bijzonderheden" + "x" * 240 + "Einde"
    Intake.objects.filter(student=record_student).update(motivation=long_word)
    record_student.intake.domains.filter(domain=LifeDomain.WONEN).update(
        note="Zie " + "y" * 200 + " graag"
    )
    pdf = client_for(alice).get(f"/studenten/{record_student.uuid}/inzage.pdf").content
    bbox = subprocess.run(  # noqa: S603 - fixed command line
        ["pdftotext", "-bbox", "-", "-"],  # noqa: S607 - poppler-utils on PATH
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode()
    page_width = float(re.search(r'<page width="([\d.]+)"', bbox).group(1))
    right_margin = 18 / 25.4 * 72  # 18 mm, the @page margin
    word_box = r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"'
    right_edges = [float(x) for x in re.findall(word_box, bbox)]
    assert max(right_edges) <= page_width - right_margin + 1
    words = re.findall(r">([^<]*)</word>", bbox)
    text = "".join(words)
    assert text.count("x") >= 240 and "Einde" in text
    assert text.count("y") >= 200
