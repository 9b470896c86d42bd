"""The student pages for every persona: the caseload, registering, and each tab of the
student record (DESIGN §2: who sees what; STYLE.md: every page tested for each persona)."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from entree.audit.models import AccessLog
from students.models import (
    Consent,
    Intake,
    LifeDomain,
    LifeDomainAssessment,
    NetworkContact,
    RegieTransfer,
    Status,
    Student,
    StudyAdvice,
)
from students.selectors import STUDENT_SIGNALS
from tests.factories import (
    ConsentFactory,
    IntakeFactory,
    LifeDomainAssessmentFactory,
    NetworkContactFactory,
    RegieTransferFactory,
    StudentFactory,
    StudyAdviceFactory,
)

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 11, 22, 12, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))

#: tab -> (address below /studenten/<uuid>/, part in the access log)
TABS = {
    "dossier": ("", "dossier"),
    "gegevens": ("gegevens/", "gegevens"),
    "intake": ("intake/", "intake"),
    "netwerk": ("netwerk/", "netwerk"),
    "studieadvies": ("studieadvies/", "studieadvies"),
    "regie": ("regie/", "regie"),
}

#: persona -> status code on any tab of an active student held by alice.
TAB_STATUS = {"alice": 200, "bob": 200, "carol": 404, "dave": 404, "erin": 404, "frank": 404}

PERSONAS = [*TAB_STATUS, "anonymous"]


def _url(student, tab: str) -> str:
    return f"/studenten/{student.uuid}/{TABS[tab][0]}"


def _main(response) -> str:
    """The page's own content, without the header (logout) and footer (language) forms."""
    html = response.content.decode()
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def _post_forms(response) -> int:
    return len(re.findall(r"<form[^>]*method=\"post\"", _main(response)))


def _signals(response) -> list[str]:
    """The students app's signal badges on the page (not the options of the signal filter;
    the apps that follow add badges of their own)."""
    own = {signal.code for signal in STUDENT_SIGNALS}
    badges = re.findall(r'<span class="signal signal-([a-z0-9_]+)">([^<]+)</span>', _main(response))
    return [label for code, label in badges if code in own]


def _user(personas, name):
    return None if name == "anonymous" else personas[name]


# --- Every tab, every persona -------------------------------------------------------------


@pytest.mark.parametrize("name", PERSONAS)
@pytest.mark.parametrize("tab", TABS)
def test_every_tab_of_the_record_follows_the_role_rules(tab, name, personas, student, client_for):
    response = client_for(_user(personas, name)).get(_url(student, tab))
    if name == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/account/inloggen/")
        return
    assert response.status_code == TAB_STATUS[name]
    if response.status_code == 200:
        assert "Noor Jansen" in response.content.decode()
    else:
        assert "Noor Jansen" not in response.content.decode()


@pytest.mark.parametrize("tab", TABS)
@pytest.mark.parametrize("status", [Status.UITGESTROOMD, Status.NAZORG])
def test_coordinator_opens_every_tab_of_a_student_in_outflow(
    status, tab, dave, student, client_for
):
    student.status = status
    student.save()
    assert client_for(dave).get(_url(student, tab)).status_code == 200


@pytest.mark.parametrize("tab", TABS)
def test_every_read_of_a_tab_is_logged_once_with_its_part(tab, bob, student, client_for):
    client_for(bob).get(_url(student, tab))
    entries = list(AccessLog.objects.filter(student_uuid=student.uuid))
    assert [(e.user_id, e.channel, e.part) for e in entries] == [(bob.pk, "web", TABS[tab][1])]


@pytest.mark.parametrize("tab", TABS)
def test_a_refused_tab_is_not_logged(tab, carol, student, client_for):
    client_for(carol).get(_url(student, tab))
    assert not AccessLog.objects.exists()


# --- Read-only for the team colleague -----------------------------------------------------

#: tab -> the student's status in which the regiehouder has a form on that tab.
EDITABLE_IN = {
    "dossier": Status.GEPLAATST,
    "gegevens": Status.ACTIEF,
    "intake": Status.INTAKE,
    "netwerk": Status.ACTIEF,
    "studieadvies": Status.ACTIEF,
    "regie": Status.ACTIEF,
}


@pytest.mark.parametrize("tab", TABS)
def test_regiehouder_gets_the_forms_and_team_colleague_only_reads(
    tab, alice, bob, student, client_for
):
    student.status = EDITABLE_IN[tab]
    student.save()
    NetworkContactFactory(student=student)  # so the consent form shows too
    IntakeFactory(student=student)
    as_alice = client_for(alice).get(_url(student, tab))
    assert as_alice.status_code == 200
    assert _post_forms(as_alice) >= 1

    as_bob = client_for(bob).get(_url(student, tab))
    assert as_bob.status_code == 200
    assert _post_forms(as_bob) == 0
    main = _main(as_bob)
    assert "u bent niet de regiehouder" in main
    for action in ("intake", "decision", "reopen", "contact", "consent"):
        assert f'name="action" value="{action}"' not in main
    assert f'href="/studenten/{student.uuid}/gegevens/"' not in main


def _student_post(student, team, **changes):
    data = {
        "first_name": student.first_name,
        "last_name_prefix": "",
        "last_name": student.last_name,
        "date_of_birth": student.date_of_birth.isoformat(),
        "email": "",
        "phone": "",
        "address": "",
        "postcode": "",
        "city": "",
        "learning_path": student.learning_path,
        "profile": student.profile,
        "prior_education": student.prior_education,
        "prior_education_level": "",
        "referral_route": student.referral_route,
    }
    return {**data, **changes}


def _unchanged_snapshot(student) -> tuple:
    student = Student.objects.get(pk=student.pk)
    return (
        student.status,
        student.first_name,
        student.regiehouder_id,
        student.start_date,
        student.study_advice_due_on,
        Intake.objects.filter(student=student).count(),
        NetworkContact.objects.filter(student=student).count(),
        Consent.objects.filter(student=student).count(),
        StudyAdvice.objects.filter(student=student).count(),
        RegieTransfer.objects.filter(student=student).count(),
    )


def _fields(client, url: str, form_name: str, data: dict, **plain) -> dict:
    """``data`` named the way the page's form ``form_name`` expects it (with its prefix),
    plus ``plain`` fields such as the ``action`` that picks the form."""
    form = client.get(url).context[form_name]
    return {**{form.add_prefix(name): value for name, value in data.items()}, **plain}


def _domain_fields(client, url: str, **states) -> dict:
    """The five life-domain forms of the intake page: 'op_orde' unless told otherwise."""
    data = {}
    for form in client.get(url).context["domain_forms"]:
        state, note = states.get(form.domain.value, ("op_orde", ""))
        data.update(
            {
                form.add_prefix("state"): state,
                form.add_prefix("note"): note,
                form.add_prefix("partner"): "",
            }
        )
    return data


#: name -> (tab, status of the student, the page's form, data the regiehouder may post,
#:          plain fields)
BOB_POSTS = {
    "start": ("dossier", Status.GEPLAATST, "activate_form", {"start_date": "2026-09-01"}, {}),
    "details": ("gegevens", Status.ACTIEF, "form", {"first_name": "Gewijzigd"}, {}),
    "intake": (
        "intake",
        Status.AANGEMELD,
        "intake_form",
        {"dutch_level": "A2"},
        {"action": "intake"},
    ),
    "decision": (
        "intake",
        Status.INTAKE,
        "decision_form",
        {"outcome": "uitgesteld", "motivation": "Eerst wonen"},
        {"action": "decision"},
    ),
    "contact": (
        "netwerk",
        Status.ACTIEF,
        "contact_form",
        {"kind": "gemeente", "name": "Mw. Bakker"},
        {"action": "contact"},
    ),
    "consent": (
        "netwerk",
        Status.ACTIEF,
        "consent_form",
        {"purpose": "betrekken", "given": "ja", "on": "2026-09-01"},
        {"action": "consent"},
    ),
    "advice": (
        "studieadvies",
        Status.ACTIEF,
        "form",
        {"decision": "positief", "given_on": "2026-12-01", "motivation": "Goed bezig"},
        {},
    ),
    "transfer": ("regie", Status.ACTIEF, "form", {"reason": "Ik neem het over"}, {}),
}


@pytest.mark.parametrize("what", BOB_POSTS)
def test_team_colleague_cannot_change_anything_through_a_tab(
    what, alice, bob, team, student, client_for
):
    tab, status, form_name, data, plain = BOB_POSTS[what]
    student.status = status
    student.save()
    contact = NetworkContactFactory(student=student)
    if status == Status.INTAKE:
        IntakeFactory(student=student)
    if what == "details":
        data = _student_post(student, team, **data)
    if what == "consent":
        data = {**data, "contact": contact.pk}
    if what == "transfer":
        data = {**data, "to_user": bob.pk}
    # The regiehouder's page tells how the form names its fields.
    data = _fields(client_for(alice), _url(student, tab), form_name, data, **plain)
    before = _unchanged_snapshot(student)
    response = client_for(bob).post(_url(student, tab), data)
    assert response.status_code == 403
    assert _unchanged_snapshot(student) == before


def test_team_colleague_cannot_claim_a_student_that_has_a_regiehouder(
    alice, bob, student, client_for
):
    response = client_for(bob).post(f"/studenten/{student.uuid}/regie/oppakken/")
    assert response.status_code == 403
    assert Student.objects.get(pk=student.pk).regiehouder == alice


def test_team_mentor_claims_a_student_without_regiehouder(bob, team, client_for):
    orphan = StudentFactory(team=team, regiehouder=None)
    response = client_for(bob).post(f"/studenten/{orphan.uuid}/regie/oppakken/", follow=True)
    assert response.status_code == 200
    assert Student.objects.get(pk=orphan.pk).regiehouder == bob
    assert "U bent nu regiehouder van" in response.content.decode()


def test_regiehouder_hands_over_through_the_regie_tab(alice, bob, student, client_for):
    client = client_for(alice)
    url = _url(student, "regie")
    response = client.post(
        url, _fields(client, url, "form", {"to_user": bob.pk, "reason": "Verlof"})
    )
    assert response.status_code == 302
    assert Student.objects.get(pk=student.pk).regiehouder == bob
    transfer = RegieTransfer.objects.get(student=student)
    assert (transfer.from_user, transfer.to_user, transfer.reason) == (alice, bob, "Verlof")


def test_regiehouder_starts_the_programme_from_the_overview(alice, team, client_for):
    placed = StudentFactory(team=team, regiehouder=alice, status=Status.GEPLAATST)
    client = client_for(alice)
    url = _url(placed, "dossier")
    response = client.post(url, _fields(client, url, "activate_form", {"start_date": "2026-10-31"}))
    assert response.status_code == 302
    placed.refresh_from_db()
    assert placed.status == Status.ACTIEF
    assert placed.study_advice_due_on == date(2027, 2, 28)


def test_regiehouder_changes_details_through_the_gegevens_tab(alice, team, student, client_for):
    client = client_for(alice)
    url = _url(student, "gegevens")
    response = client.post(
        url, _fields(client, url, "form", _student_post(student, team, first_name="Noortje"))
    )
    assert response.status_code == 302
    assert Student.objects.get(pk=student.pk).first_name == "Noortje"


@time_machine.travel(NOON, tick=False)
def test_regiehouder_adds_a_contact_and_records_consent_on_the_network_tab(
    alice, student, client_for
):
    client = client_for(alice)
    url = _url(student, "netwerk")
    contact = {"kind": "doorstroompunt", "name": "Dhr. Smit"}
    response = client.post(url, _fields(client, url, "contact_form", contact, action="contact"))
    assert response.status_code == 302
    contact = NetworkContact.objects.get(student=student)
    consent = {
        "contact": contact.pk,
        "purpose": "gegevens_delen",
        "given": "nee",
        "on": "2026-11-23",
    }
    response = client.post(url, _fields(client, url, "consent_form", consent, action="consent"))
    assert response.status_code == 200
    assert "Deze datum ligt in de toekomst." in _main(response)
    assert not Consent.objects.exists()


def test_regiehouder_gives_a_study_advice_and_sees_errors_in_dutch(alice, team, client_for):
    active = StudentFactory(
        team=team, regiehouder=alice, status=Status.ACTIEF, study_advice_due_on=date(2027, 1, 1)
    )
    client = client_for(alice)
    url = _url(active, "studieadvies")
    advice = {"decision": "uitgesteld", "given_on": "2026-11-20", "motivation": "Ziek"}
    response = client.post(url, _fields(client, url, "form", advice))
    assert response.status_code == 200
    assert "Geef aan tot wanneer het advies is uitgesteld." in _main(response)
    assert not StudyAdvice.objects.exists()
    advice = {"decision": "positief", "given_on": "2026-11-20", "motivation": "Goed bezig"}
    response = client.post(url, _fields(client, url, "form", advice))
    assert response.status_code == 302
    active.refresh_from_db()
    assert active.study_advice_due_on is None


# --- Registering a candidate --------------------------------------------------------------

REGISTER_STATUS = {
    "alice": 200,
    "bob": 200,
    "carol": 200,
    "dave": 404,  # only mentors register: the one who registers becomes regiehouder
    "erin": 404,
    "frank": 404,
}


@pytest.mark.parametrize("name", PERSONAS)
def test_register_page_is_for_mentors(name, personas, client_for):
    response = client_for(_user(personas, name)).get("/studenten/nieuw/")
    if name == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/account/inloggen/")
    else:
        assert response.status_code == REGISTER_STATUS[name]


def _registration(team, **changes):
    data = {
        "student_number": "9100001",
        "team": team.pk,
        "first_name": "Sem",
        "last_name_prefix": "de",
        "last_name": "Vries",
        "date_of_birth": "2009-03-04",
        "email": "",
        "phone": "",
        "address": "",
        "postcode": "",
        "city": "",
        "learning_path": "bol",
        "profile": "entree_kwalificatiedossier",
        "prior_education": "geen_diploma_vo",
        "prior_education_level": "vmbo_basis",
        "referral_route": "leerplicht_rmc",
    }
    return {**data, **changes}


def test_registering_through_the_page_creates_the_student_and_goes_to_the_intake(
    alice, team, client_for
):
    response = client_for(alice).post("/studenten/nieuw/", _registration(team))
    student = Student.objects.get(student_number="9100001")
    assert response.status_code == 302
    assert response["Location"] == f"/studenten/{student.uuid}/intake/"
    assert (student.status, student.regiehouder, student.team) == (Status.AANGEMELD, alice, team)
    assert student.prior_education_level == "vmbo_basis"


def test_whoever_registers_a_candidate_can_open_the_record_they_are_sent_to(dave, team, client_for):
    # The coordinator may open the register page; a registration must then either be
    # refused or lead to a record the coordinator can see - not to a 404 and a
    # candidate without regiehouder that nobody is responsible for.
    client = client_for(dave)
    response = client.post("/studenten/nieuw/", _registration(team))
    created = Student.objects.first()
    if created is not None:
        assert response.status_code == 302
        assert client.get(response["Location"]).status_code == 200


def test_registration_page_only_offers_the_users_own_teams(alice, team, other_team, client_for):
    response = client_for(alice).post("/studenten/nieuw/", _registration(other_team))
    assert response.status_code == 200
    assert "team" in response.context["form"].errors
    assert not Student.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"student_number": "7777777"},
            "student_number",
            "Studentnummer 7777777 bestaat al in deze instelling.",
        ),
        (
            {"prior_education": "praktijkonderwijs", "prior_education_level": "vmbo_kader"},
            "prior_education_level",
            "Een niveau hoort alleen bij",
        ),
        ({"last_name": ""}, "last_name", "Dit veld is vereist."),
        ({"date_of_birth": ""}, "date_of_birth", "Dit veld is vereist."),
        ({"learning_path": ""}, "learning_path", "Dit veld is vereist."),
        ({"date_of_birth": "4 maart"}, "date_of_birth", "Voer een geldige datum in."),
    ],
)
def test_invalid_registration_shows_dutch_errors_and_saves_nothing(
    changes, field, message, alice, team, client_for
):
    StudentFactory(team=team, student_number="7777777")
    response = client_for(alice).post("/studenten/nieuw/", _registration(team, **changes))
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert message in _main(response)
    assert Student.objects.count() == 1


# --- The intake flow on the page ----------------------------------------------------------

INTAKE_DATA = {
    "referrer": "Leerplicht",
    "handover_file": "ontvangen",
    "dutch_level": "A2",
    "maths_level": "1F",
    "language_level": "1F",
    "motivation": "Wil koken.",
    "route_indication": "arbeidsmarkt",
}


def test_intake_page_flow_from_intake_to_not_placed(alice, team, client_for):
    candidate = StudentFactory(
        team=team, regiehouder=alice, status=Status.AANGEMELD, start_date=None, cohort=""
    )
    client = client_for(alice)
    url = _url(candidate, "intake")
    intake = _fields(client, url, "intake_form", INTAKE_DATA, action="intake")

    # 1. 'zorg' without a note is refused on that field; nothing is saved.
    response = client.post(url, {**intake, **_domain_fields(client, url, wonen=("zorg", ""))})
    assert response.status_code == 200
    assert "Licht toe wat er speelt als een leefgebied zorg vraagt." in _main(response)
    wonen = next(f for f in response.context["domain_forms"] if f.domain == "wonen")
    assert "note" in wonen.errors
    assert not Intake.objects.exists()

    # 2. With the note the intake and all five domains are saved.
    domains = _domain_fields(client, url, wonen=("zorg", "Woont in opvang"))
    response = client.post(url, {**intake, **domains})
    assert response.status_code == 302
    assert Student.objects.get(pk=candidate.pk).status == Status.INTAKE
    assert LifeDomainAssessment.objects.filter(intake__student=candidate).count() == 5
    assert LifeDomainAssessment.objects.get(domain="wonen").note == "Woont in opvang"

    # 3. Not placed without a motivation: the error is shown, nothing decided.
    decision = {"outcome": "niet_geplaatst", "handed_over_to": "gemeente"}
    response = client.post(url, _fields(client, url, "decision_form", decision, action="decision"))
    assert response.status_code == 200
    assert "Schrijf op waarom: dit besluit vraagt een motivatie." in _main(response)
    assert Student.objects.get(pk=candidate.pk).status == Status.INTAKE

    # 4. With motivation and warm handover the decision is recorded.
    decision = {
        **decision,
        "motivation": "Kiest voor werk met begeleiding van de gemeente.",
        "handed_over_contact": "Mw. Bakker",
    }
    response = client.post(
        url, _fields(client, url, "decision_form", decision, action="decision"), follow=True
    )
    assert response.status_code == 200
    assert Student.objects.get(pk=candidate.pk).status == Status.NIET_GEPLAATST
    assert "Het besluit is vastgelegd: Niet geplaatst." in _main(response)
    assert 'name="action" value="intake"' not in _main(response)


def test_placing_an_incomplete_intake_on_the_page_lists_what_is_missing(alice, team, client_for):
    candidate = StudentFactory(team=team, regiehouder=alice, status=Status.INTAKE)
    IntakeFactory(student=candidate)
    client = client_for(alice)
    url = _url(candidate, "intake")
    decision = {"outcome": "geplaatst", "start_date": "2026-09-01"}
    response = client.post(url, _fields(client, url, "decision_form", decision, action="decision"))
    assert response.status_code == 200
    assert "De intake is nog niet compleet" in _main(response)
    assert "leefgebied Financiën" in _main(response)
    assert Student.objects.get(pk=candidate.pk).status == Status.INTAKE


# --- The caseload -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("alice", 200),
        ("bob", 200),
        ("carol", 200),
        ("dave", 200),
        ("erin", 404),
        ("frank", 404),
    ],
)
def test_caseload_is_only_for_people_who_work_with_students(
    name, status, personas, student, client_for
):
    response = client_for(personas[name]).get("/studenten/")
    assert response.status_code == status
    if status == 200:
        names = _names(response)
        assert ("Jansen, Noor" in names) is (name in ("alice", "bob"))


def test_anonymous_visitor_is_sent_to_login_from_the_caseload(client):
    response = client.get("/studenten/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/inloggen/")


def _names(response) -> list[str]:
    return [s.sort_name for s in response.context["page"].object_list]


@pytest.fixture
def caseload(team, alice, bob):
    """Students of alice's team with different attributes (names are the last names)."""
    return {
        "Akker": StudentFactory(
            team=team,
            regiehouder=bob,
            last_name="Akker",
            first_name="Anna",
            student_number="5000001",
            status=Status.AANGEMELD,
            profile="ass_logistiek",
            cohort="",
            start_date=None,
        ),
        "Bos": StudentFactory(
            team=team,
            regiehouder=alice,
            last_name="Bos",
            first_name="Bram",
            student_number="5000002",
            learning_path="bbl",
            profile="ass_horeca_voeding",
            cohort="2025-2026",
        ),
        "Claes": StudentFactory(
            team=team,
            regiehouder=None,
            last_name="Claes",
            first_name="Cas",
            student_number="5000003",
            status=Status.NAZORG,
            cohort="2024-2025",
        ),
        "Dekker": StudentFactory(
            team=team,
            regiehouder=alice,
            last_name="Dekker",
            first_name="Dirk",
            student_number="5000004",
            study_advice_due_on=date(2026, 10, 1),
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Bos, Bram", "Dekker, Dirk", "Akker, Anna", "Claes, Cas"]),
        ("q=bram", ["Bos, Bram"]),
        ("q=Akker", ["Akker, Anna"]),
        ("q=5000003", ["Claes, Cas"]),
        ("q=00003", ["Claes, Cas"]),  # part of a student number (issue 7.4)
        ("q=Claes%2C+Cas", ["Claes, Cas"]),  # as the list shows the name (issue 7.4)
        ("q=akker%2C+anna", ["Akker, Anna"]),
        ("q=Claes%2C+Anna", []),  # every word must match
        ("status=aangemeld", ["Akker, Anna"]),
        ("status=nazorg", ["Claes, Cas"]),
        ("profile=ass_horeca_voeding", ["Bos, Bram"]),
        ("learning_path=bbl", ["Bos, Bram"]),
        ("cohort=2024-2025", ["Claes, Cas"]),
        ("signal=geen_regiehouder", ["Claes, Cas"]),
        ("signal=intake_onvolledig", ["Akker, Anna"]),
        ("signal=studieadvies", ["Dekker, Dirk"]),
        ("mine=ja", ["Bos, Bram", "Dekker, Dirk"]),
        ("status=actief&learning_path=bol", ["Dekker, Dirk"]),
    ],
)
@time_machine.travel(NOON, tick=False)
def test_caseload_search_and_filters(query, expected, alice, caseload, client_for):
    response = client_for(alice).get(f"/studenten/?{query}")
    assert response.status_code == 200
    assert _names(response) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Brese", ["Bresé, Zoë"]),  # without the accent
        ("bresé zoe", ["Bresé, Zoë"]),
        ("Bresé, Zoë", ["Bresé, Zoë"]),
        ("ÇELIK", ["Çelik, Emre"]),
        ("celik", ["Çelik, Emre"]),
        ("Berg, Sanne, van der", ["Berg, Sanne, van der"]),  # the list's own form
        ("van der berg", ["Berg, Sanne, van der"]),
        ("12345", ["Bresé, Zoë", "Çelik, Emre"]),
    ],
)
def test_mentors_find_names_without_accents_in_the_list_form_and_numbers_in_part(
    query, expected, alice, team, client_for
):
    """Issue 7.4: "Brese" did not find Bresé, "Achternaam, Voornaam" (how the list shows
    names) and part of a student number found nothing."""
    StudentFactory(team=team, first_name="Zoë", last_name="Bresé", student_number="1234501")
    StudentFactory(team=team, first_name="Emre", last_name="Çelik", student_number="1234502")
    StudentFactory(
        team=team,
        first_name="Sanne",
        last_name_prefix="van der",
        last_name="Berg",
        student_number="7700001",
    )
    response = client_for(alice).get("/studenten/", {"q": query})
    assert sorted(_names(response)) == sorted(expected)


def test_search_uses_the_trigram_index_at_scale():
    """The search filters on exactly the expression of the student_search index, so
    PostgreSQL can use it instead of reading every student."""
    from django.db import connection

    from students.selectors import StudentFilter

    found = StudentFilter({"q": "brese 501"}, queryset=Student.objects.all()).qs
    sql, params = found.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "student_search" in plan


@time_machine.travel(NOON, tick=False)
def test_caseload_filter_on_turning_18(alice, team, client_for):
    # Today is 22 November 2026: 18 on 22 December 2026 (in 30 days) and on 20 February
    # 2027 (in 90 days, outside the 60-day window).
    StudentFactory(team=team, last_name="Binnenkort", date_of_birth=date(2008, 12, 22))
    StudentFactory(team=team, last_name="Later", date_of_birth=date(2009, 2, 20))
    StudentFactory(team=team, last_name="Volwassen", date_of_birth=date(2008, 11, 1))
    response = client_for(alice).get("/studenten/?signal=wordt_18")
    assert [s.last_name for s in response.context["page"].object_list] == ["Binnenkort"]


def test_an_invalid_cohort_shows_a_dutch_error_instead_of_a_crash(alice, caseload, client_for):
    response = client_for(alice).get("/studenten/?cohort=2026")
    assert response.status_code == 200
    assert "Schrijf het cohort als 2025-2026." in _main(response)
    assert _names(response) == []


def test_an_unknown_status_filter_shows_an_error_instead_of_a_crash(alice, caseload, client_for):
    response = client_for(alice).get("/studenten/?status=weg")
    assert response.status_code == 200
    assert "error-summary" in _main(response)
    assert _names(response) == []


def test_caseload_shows_the_users_own_students_first(alice, bob, team, client_for):
    StudentFactory(team=team, regiehouder=bob, last_name="Aalders")
    StudentFactory(team=team, regiehouder=None, last_name="Berends")
    StudentFactory(team=team, regiehouder=alice, last_name="Zwaan")
    StudentFactory(team=team, regiehouder=alice, last_name="Mulder")
    names = [s.last_name for s in client_for(alice).get("/studenten/").context["page"]]
    assert names == ["Mulder", "Zwaan", "Aalders", "Berends"]
    names = [s.last_name for s in client_for(bob).get("/studenten/").context["page"]]
    assert names == ["Aalders", "Berends", "Mulder", "Zwaan"]


def test_caseload_shows_only_students_in_outflow_to_the_coordinator(dave, team, client_for):
    StudentFactory(team=team, last_name="Actief", status=Status.ACTIEF)
    StudentFactory(team=team, last_name="Uit", status=Status.UITGESTROOMD)
    StudentFactory(team=team, last_name="Nazorg", status=Status.NAZORG)
    names = [s.last_name for s in client_for(dave).get("/studenten/").context["page"]]
    assert names == ["Nazorg", "Uit"]


def test_caseload_pagination_keeps_the_filters(alice, team, client_for):
    StudentFactory.create_batch(55, team=team, regiehouder=alice, learning_path="bbl")
    StudentFactory.create_batch(3, team=team, regiehouder=alice, learning_path="bol")
    client = client_for(alice)
    first = client.get("/studenten/?learning_path=bbl")
    assert len(first.context["page"].object_list) == 50
    assert "learning_path=bbl&amp;pagina=2" in _main(first)
    second = client.get("/studenten/?learning_path=bbl&pagina=2")
    rows = list(second.context["page"].object_list)
    assert len(rows) == 5
    assert {s.learning_path for s in rows} == {"bbl"}
    assert "learning_path=bbl&amp;pagina=1" in _main(second)


# --- Signals ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "label"),
    [
        ({"date_of_birth": date(2008, 12, 22)}, "Wordt binnenkort 18"),
        (
            {"status": Status.ACTIEF, "study_advice_due_on": date(2026, 11, 21)},
            "Studieadvies nodig – te laat",
        ),
        ({"status": Status.ACTIEF, "study_advice_due_on": date(2026, 12, 1)}, "Studieadvies nodig"),
        ({"status": Status.AANGEMELD}, "Intake niet afgerond"),
        ({"status": Status.INTAKE}, "Intake niet afgerond"),
        ({"regiehouder": None}, "Geen regiehouder"),
    ],
)
@time_machine.travel(NOON, tick=False)
def test_signal_is_shown_on_the_caseload_and_the_record(fields, label, alice, team, client_for):
    signalled = StudentFactory(
        **{"team": team, "regiehouder": alice, "date_of_birth": date(2000, 1, 1), **fields}
    )
    client = client_for(alice)
    assert _signals(client.get("/studenten/")) == [label]
    assert _signals(client.get(_url(signalled, "dossier"))) == [label]


@time_machine.travel(NOON, tick=False)
def test_every_row_a_signal_filter_finds_says_what_the_filter_says(alice, team, client_for):
    """Issue 7.8: the filter said "Studieadvies nodig" where the row said "Studieadvies te
    laat". Each row found by a signal's chip carries that chip's words."""
    StudentFactory(team=team, regiehouder=alice, status=Status.AANGEMELD, study_advice_due_on=None)
    StudentFactory(team=team, regiehouder=None, study_advice_due_on=date(2026, 11, 21))  # late
    StudentFactory(team=team, regiehouder=alice, study_advice_due_on=date(2026, 12, 1))  # soon
    StudentFactory(team=team, regiehouder=alice, date_of_birth=date(2008, 12, 22))
    client = client_for(alice)
    for language in ("nl", "en"):
        client.post("/i18n/setlang/", {"language": language, "next": "/"})
        with translation.override(language):
            for signal in STUDENT_SIGNALS:  # the plans app tests its own signals
                response = client.get("/studenten/", {"signal": signal.code})
                chip = (
                    re.search(
                        rf'class="signal-chip signal-{signal.code}"[^>]*>([^<]+)<', _main(response)
                    )
                    .group(1)
                    .strip()
                )
                assert chip == str(signal.label)
                rows = _main(response).split("<tbody>", 1)[1].split("<tr")[1:]
                assert rows, signal.code
                for row in rows:
                    shown = re.findall(r'<span class="signal signal-[a-z0-9_]+">([^<]+)<', row)
                    assert any(label.startswith(chip) for label in shown), (chip, shown)


def test_a_signal_whose_urgent_label_uses_other_words_is_refused():
    from django.core.exceptions import ImproperlyConfigured
    from django.db.models import Q

    from students.registries import Signal, register_signal

    with pytest.raises(ImproperlyConfigured):
        register_signal(
            Signal(
                "proef",
                "Studieadvies nodig",
                lambda today: Q(),
                urgent=lambda today: Q(),
                urgent_label="Studieadvies te laat",
            )
        )


@pytest.mark.parametrize(
    "fields",
    [
        {"date_of_birth": date(2009, 2, 20)},  # 18 in 90 days
        {"date_of_birth": date(2008, 11, 22)},  # 18 today: no longer 'soon'
        {"status": Status.ACTIEF, "study_advice_due_on": date(2027, 1, 15)},
        {"status": Status.GEPLAATST, "study_advice_due_on": None},
    ],
)
@time_machine.travel(NOON, tick=False)
def test_no_signal_for_a_student_who_needs_no_attention(fields, alice, team, client_for):
    StudentFactory(
        **{"team": team, "regiehouder": alice, "date_of_birth": date(2000, 1, 1), **fields}
    )
    assert _signals(client_for(alice).get("/studenten/")) == []


# --- Query counts -------------------------------------------------------------------------


def test_caseload_page_queries_do_not_grow_with_the_students(
    alice, bob, team, other_team, client_for, django_assert_max_num_queries
):
    def add(n):
        StudentFactory.create_batch(n, team=team, regiehouder=alice)
        StudentFactory.create_batch(n, team=team, regiehouder=bob, cohort="2025-2026")
        StudentFactory.create_batch(n, team=team, regiehouder=None, status=Status.AANGEMELD)

    client = client_for(alice)
    add(1)
    with django_assert_max_num_queries(15) as few:
        client.get("/studenten/?signal=")
    baseline = len(few.captured_queries)  # read now: the next request resets the log
    add(10)
    with django_assert_max_num_queries(baseline):
        response = client.get("/studenten/?signal=")
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 33


def _fill_record(student, alice, bob, n):
    contacts = NetworkContactFactory.create_batch(n, student=student)
    for contact in contacts:
        ConsentFactory(contact=contact, recorded_by=alice)
        ConsentFactory(contact=contact, recorded_by=bob, purpose="gegevens_delen", given=False)
    StudyAdviceFactory.create_batch(
        n,
        student=student,
        decision="uitgesteld",
        postponed_until=date(2027, 3, 1),
        recorded_by=alice,
    )
    RegieTransferFactory.create_batch(n, student=student, from_user=bob, to_user=alice)
    return contacts


@pytest.mark.parametrize("tab", TABS)
@pytest.mark.parametrize("status", [Status.INTAKE, Status.ACTIEF])
def test_each_tab_uses_a_fixed_number_of_queries(
    tab, status, alice, bob, student, client_for, django_assert_max_num_queries
):
    student.status = status
    student.save()
    intake = IntakeFactory(student=student)
    contacts = _fill_record(student, alice, bob, 3)
    for domain, contact in zip(list(LifeDomain)[:3], contacts, strict=True):
        LifeDomainAssessmentFactory(intake=intake, domain=domain, partner=contact)
    client = client_for(alice)
    with django_assert_max_num_queries(40) as few:
        assert client.get(_url(student, tab)).status_code == 200
    baseline = len(few.captured_queries)
    contacts = _fill_record(student, alice, bob, 27)
    for domain, contact in zip(list(LifeDomain)[3:], contacts, strict=False):
        LifeDomainAssessmentFactory(intake=intake, domain=domain, partner=contact)
    with django_assert_max_num_queries(baseline):
        assert client.get(_url(student, tab)).status_code == 200


def test_caseload_shortcuts_count_each_signal_among_the_visible_students(
    alice, team, other_team, client_for
):
    with time_machine.travel(date(2026, 11, 22)):
        StudentFactory.create_batch(2, team=team, regiehouder=None, status=Status.ACTIEF)
        StudentFactory(team=team, regiehouder=alice, status=Status.AANGEMELD)
        StudentFactory(team=other_team, regiehouder=None)  # not visible to alice
        response = client_for(alice).get("/studenten/")
    counts = {signal.code: count for signal, count in response.context["signal_counts"]}
    assert counts["geen_regiehouder"] == 2
    assert counts["intake_onvolledig"] == 1
    assert counts["wordt_18"] == 0
    assert 'href="?signal=geen_regiehouder"' in response.content.decode()


# --- Life domains: named in errors, one order everywhere (issue 7.7) ----------------------


def test_an_intake_error_names_its_life_domain_in_the_summary(alice, team, client_for):
    """ "Toelichting: licht toe…" did not say which of the five life domains it is about."""
    candidate = StudentFactory(team=team, regiehouder=alice, status=Status.AANGEMELD)
    client = client_for(alice)
    url = _url(candidate, "intake")
    intake = _fields(client, url, "intake_form", INTAKE_DATA, action="intake")
    response = client.post(url, {**intake, **_domain_fields(client, url, financien=("zorg", ""))})
    summary = _main(response).split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert "Financiën – Toelichting: Licht toe wat er speelt" in summary


def test_life_domains_appear_in_one_order_on_the_page_and_in_the_api(
    alice, team, client_for, api_for
):
    """Assessments saved in another order (werk first) were listed in that order."""
    from students.models import LifeDomain
    from tests.factories import IntakeFactory, LifeDomainAssessmentFactory

    student = StudentFactory(team=team, regiehouder=alice, status=Status.ACTIEF)
    intake = IntakeFactory(student=student, outcome="geplaatst")
    for domain in reversed(LifeDomain):
        LifeDomainAssessmentFactory(intake=intake, domain=domain, state="op_orde")
    labels = [str(domain.label) for domain in LifeDomain]

    html = _main(client_for(alice).get(_url(student, "intake")))
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td><span class="state', html)
    assert rows == labels

    api = api_for(alice).get(f"/api/v1/students/{student.uuid}/intake/").json()
    assert [d["domain"] for d in api["domains"]] == [d.value for d in LifeDomain]


def test_searching_costs_no_extra_queries(alice, team, client_for, django_assert_max_num_queries):
    """The search is part of the caseload's one student query (issue 7.4)."""
    StudentFactory.create_batch(5, team=team, regiehouder=alice)
    StudentFactory(team=team, regiehouder=alice, first_name="Zoë", last_name="Bresé")
    client = client_for(alice)
    client.get("/studenten/")
    with django_assert_max_num_queries(50) as plain:
        client.get("/studenten/")
    with django_assert_max_num_queries(len(plain.captured_queries)):
        response = client.get("/studenten/", {"q": "Bresé, Zoe 7"})
    assert _names(response) == ["Bresé, Zoë"]
