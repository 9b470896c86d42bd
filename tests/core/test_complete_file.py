"""The student's complete file (AVG art. 15, issue 15 part 4): the JSON and PDF export
hold every app's data through the record-section registry — from the intake to the last
follow-up contact, the access log and the change history — never a token's hash; only
who may change the record downloads it, every download is logged; and the export costs
the same number of queries however much the student's file holds."""

import json
import shutil
import subprocess
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pghistory
import pytest
import time_machine

from entree.accounts.roles import Role
from entree.audit.models import AccessLog
from entree.core import records
from outflow.models import CheckInLink, ConfirmationLink, Reminder
from outflow.services import (
    ContactData,
    HandoverData,
    OutflowData,
    PartnerAnswerData,
    checkin_link_make,
    contact_record,
    handover_save,
    link_send,
    outflow_correct,
    outflow_register,
    partner_add,
    partner_confirm,
    partner_step,
)
from placements.models import PlacementCertificate, PlacementGoal
from plans.services import (
    DomainData,
    MeetingData,
    ObstacleData,
    PlanData,
    ProvisionData,
    StepData,
    meeting_record,
    plan_save,
)
from students import services
from students.models import (
    AdviceDecision,
    ConsentPurpose,
    ContactKind,
    DomainState,
    DutchLevel,
    LifeDomain,
    NetworkContact,
    Placeability,
    ReferenceLevel,
    Route,
    Status,
)
from tests.factories import PlacementFactory, StudentFactory, UserFactory, VisitFactory

pytestmark = pytest.mark.django_db

#: Everything happens on this day: the leaver's one-month contact (25 July) is due.
NOW = datetime(2027, 7, 30, 12, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
TODAY = NOW.date()

#: A distinctive value per part of the file; each must be in the JSON and in the PDF.
MARKERS = {
    "student": "Zxvoornaam",
    "intake": "Zxmotivatie",
    "life domain": "Zxleefgebied",
    "network": "Zxnetwerkcontact",
    "consent": "Zxtoestemming",
    "study advice": "Zxstudieadvies",
    "regie": "Zxregiereden",
    "plan version 1": "Zxdoelversie1",
    "plan version 2": "Zxdoelversie2",
    "plan step": "Zxstap",
    "plan provision": "Zxvoorziening",
    "plan obstacle": "Zxregelzaak",
    "meeting": "Zxgesprek",
    "meeting domain": "Zxgesprekdomein",
    "placement": "Zxbpvnotitie",
    "placement goal": "Zxleerdoel",
    "certificate": "Zxcertificaat",
    "visit": "Zxbezoekverslag",
    "outflow": "Zxeindgesprek",
    "correction": "Zxcorrectie",
    "checklist": "Zxondersteuning",
    "partner": "Zxcontactpersoonnu",
    "follow-up contact": "Zxnazorgnotitie",
}
#: The partner's e-mail address: where its confirmation link and the signal went.
PARTNER_EMAIL = "zxwijkteam@gemeente.example.test"
LEAVER_EMAIL = "zxoudstudent@mail.example.test"


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def gert(team):
    return UserFactory(first_name="Gert", last_name="Visser", roles=[Role.MENTOR], teams=[team])


def _domains(note: str, partner=None) -> list[dict]:
    return [
        {
            "domain": domain,
            "state": DomainState.AANDACHT if domain == LifeDomain.WONEN else DomainState.OP_ORDE,
            "note": note if domain == LifeDomain.WONEN else "",
            "partner": partner if domain == LifeDomain.WONEN else None,
        }
        for domain in LifeDomain
    ]


def _plan(goal: str, contact, step: str = MARKERS["plan step"]) -> PlanData:
    return PlanData(
        route="arbeidsmarkt",
        goal=goal,
        supporters=(contact,),
        steps=(StepData(description=step, owner="student", due_on=date(2027, 3, 1)),),
        provisions=(
            ProvisionData(
                kind="jobcoaching", starts_on=date(2027, 1, 1), note=MARKERS["plan provision"]
            ),
        ),
        obstacles=(
            ObstacleData(domain="financien", description=MARKERS["plan obstacle"], partner=contact),
        ),
    )


def _meeting(notes: str, held_on: date) -> MeetingData:
    return MeetingData(
        held_on=held_on,
        notes=notes,
        domains=tuple(
            DomainData(
                domain=domain,
                state=DomainState.ZORG if domain == LifeDomain.WONEN else DomainState.OP_ORDE,
                note=MARKERS["meeting domain"] if domain == LifeDomain.WONEN else "",
            )
            for domain in LifeDomain
        ),
    )


def _placement(student, bob, number: int):
    placement = PlacementFactory(
        student=student,
        supervisor=bob,
        status="afgerond",
        start_date=date(2026, 10, 1 + number),
        end_date=date(2027, 1, 31),
        ended_on=date(2027, 1, 31),
        outcome="baan",
        outcome_on=date(2027, 2, 1),
        notes=MARKERS["placement"],
    )
    PlacementGoal.objects.create(placement=placement, description=MARKERS["placement goal"])
    PlacementCertificate.objects.create(
        placement=placement,
        kind="anders",
        other=MARKERS["certificate"],
        obtained_on=date(2027, 1, 5),
    )
    VisitFactory(
        placement=placement, recorded_by=bob, notes=MARKERS["visit"], visited_on=date(2026, 11, 2)
    )
    VisitFactory(placement=placement, recorded_by=bob, visited_on=date(2027, 1, 15))
    return placement


@pytest.fixture
def leaver(team, alice, bob, dave, gert):
    """A student with data in every app: intake with the five life domains, a network
    contact with consent, a study advice, regie handed over and back, a plan with two
    versions and a progress meeting, a placement with goal, certificate and visits, the
    outflow with a correction, the checklist and a gemeente partner that confirmed, the
    one-month follow-up contact with a check-in link, a request for help (a task and a
    signal to the gemeente), and a reminder to the coordinator. Every write is attributed
    as the request middleware would."""
    student = StudentFactory(
        team=team,
        regiehouder=alice,
        first_name=MARKERS["student"],
        last_name="Jansen",
        email=LEAVER_EMAIL,
        status=Status.AANGEMELD,
        start_date=None,
        cohort="",
    )
    with pghistory.context(user=alice.pk):
        contact = services.network_contact_save(
            student=student,
            by=alice,
            kind=ContactKind.GEMEENTE,
            name=MARKERS["network"],
            organisation="Gemeente Testmond",
            email=PARTNER_EMAIL,
        )
        services.intake_save(
            student=student,
            by=alice,
            dutch_level=DutchLevel.MOEDERTAAL,
            maths_level=ReferenceLevel.F1,
            language_level=ReferenceLevel.F1,
            motivation=MARKERS["intake"],
            route_indication=Route.ARBEIDSMARKT,
            domains=_domains(MARKERS["life domain"], contact),
        )
        for purpose in (ConsentPurpose.BETREKKEN, ConsentPurpose.GEGEVENS_DELEN):
            services.consent_record(
                student=student,
                by=alice,
                contact=contact,
                purpose=purpose,
                given=True,
                on=date(2026, 8, 20),
                note=MARKERS["consent"],
            )
        services.intake_decide(
            student=student, by=alice, outcome=Placeability.GEPLAATST, start_date=date(2026, 9, 1)
        )
        services.student_activate(student=student, by=alice)
        services.study_advice_record(
            student=student,
            by=alice,
            decision=AdviceDecision.POSITIEF,
            given_on=date(2027, 1, 4),
            motivation=MARKERS["study advice"],
        )
        services.regie_transfer(student=student, by=alice, to_user=gert, reason=MARKERS["regie"])
    with pghistory.context(user=gert.pk):
        services.regie_transfer(student=student, by=gert, to_user=alice, reason="Terug")
    student.refresh_from_db()
    with pghistory.context(user=alice.pk):
        plan_save(student=student, by=alice, data=_plan(MARKERS["plan version 1"], contact))
        plan_save(student=student, by=alice, data=_plan(MARKERS["plan version 2"], contact))
        meeting_record(
            student=student,
            by=alice,
            meeting=_meeting(MARKERS["meeting"], date(2027, 2, 10)),
            plan=_plan(MARKERS["plan version 2"], contact),
        )
    with pghistory.context(user=bob.pk):
        _placement(student, bob, 0)
    with pghistory.context(user=alice.pk):
        outflow = outflow_register(
            student=student,
            by=alice,
            data=OutflowData(
                left_on=date(2027, 6, 25),
                diploma=True,
                destination="werk",
                exit_interview_on=date(2027, 6, 24),
                exit_interview_notes=MARKERS["outflow"],
            ),
            coordinator=dave,
        )
    with pghistory.context(user=dave.pk):
        outflow_correct(
            outflow=outflow,
            by=dave,
            data=OutflowData(
                left_on=date(2027, 6, 26),
                diploma=True,
                destination="werk",
                exit_interview_on=date(2027, 6, 24),
                exit_interview_notes=MARKERS["outflow"],
            ),
            reason=MARKERS["correction"],
        )
        handover_save(
            handover=outflow.handover,
            by=dave,
            data=HandoverData(support_needed=MARKERS["checklist"], intermediate_step="geen"),
        )
        partner = partner_add(handover=outflow.handover, by=dave, kind="gemeente", contact=contact)
        partner_step(partner=partner, by=dave, step="contacted", on=date(2027, 6, 27))
        partner_step(partner=partner, by=dave, step="shared", on=date(2027, 6, 28))
        link_send(partner=partner, by=dave)
        partner_confirm(
            partner=partner,
            by=dave,
            data=PartnerAnswerData(
                answer="in_contact",
                first_contact_on=date(2027, 6, 29),
                contact_person_now=MARKERS["partner"],
            ),
            channel="telefoon",
        )
        moment = outflow.contacts.get(month=1)
        checkin_link_make(contact=moment, by=dave, by_email=True)
        contact_record(
            contact=moment,
            by=dave,
            data=ContactData(
                done_on=date(2027, 7, 29),
                reached=True,
                channel="telefoon",
                position="uitkering",
                same_place=False,
                hours_per_week=12,
                needs_support=True,
                note=MARKERS["follow-up contact"],
            ),
        )
    Reminder.objects.create(
        key=f"contact:{moment.pk}",
        user=dave,
        kind="contact_due",
        student=student,
        due_on=date(2027, 7, 26),
        text="Nazorgcontact gepland",
        status="sent",
        sent_at=NOW - timedelta(days=4),
    )
    student.refresh_from_db()
    return student


def _export(client, student, query: str = "") -> dict:
    response = client.get(f"/studenten/{student.uuid}/inzage.json{query}")
    assert response.status_code == 200
    return json.loads(response.content.decode("utf-8"))


def _pdf_text(pdf: bytes) -> str:
    """The PDF's text in reading order, all white space removed: a long word may wrap
    anywhere in a narrow table cell, which puts a line break inside it."""
    assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is needed to read the PDF"
    raw = subprocess.run(  # noqa: S603 - fixed command line
        ["pdftotext", "-raw", "-", "-"],  # noqa: S607 - poppler-utils on PATH
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    return "".join(raw.split())


# --- Every app's data is in the file ------------------------------------------------------


def _wonen(domains: list[dict]) -> dict:
    return next(d for d in domains if d["domain"]["code"] == LifeDomain.WONEN)


#: Where each marker lives in the JSON: a section and a path into its data.
PLACES = {
    "student": ("student", lambda d: d["first_name"]),
    "intake": ("intake", lambda d: d["motivation"]),
    "life domain": ("intake", lambda d: _wonen(d["domains"])["note"]),
    "network": ("netwerk", lambda d: d[0]["name"]),
    "consent": ("toestemmingen", lambda d: d[1]["note"]),
    "study advice": ("studieadviezen", lambda d: d[0]["motivation"]),
    "regie": ("regie", lambda d: d[0]["reason"]),
    "plan version 1": ("integraal_plan", lambda d: d[0]["goal"]),
    "plan version 2": ("integraal_plan", lambda d: d[1]["goal"]),
    "plan step": ("integraal_plan", lambda d: d[0]["steps"][0]["description"]),
    "plan provision": ("integraal_plan", lambda d: d[1]["provisions"][0]["note"]),
    "plan obstacle": ("integraal_plan", lambda d: d[0]["obstacles"][0]["description"]),
    "meeting": ("voortgangsgesprekken", lambda d: d[0]["notes"]),
    "meeting domain": ("voortgangsgesprekken", lambda d: _wonen(d[0]["domains"])["note"]),
    "placement": ("bpv", lambda d: d[0]["notes"]),
    "placement goal": ("bpv", lambda d: d[0]["goals"][0]["description"]),
    "certificate": ("bpv", lambda d: d[0]["certificates"][0]["other"]),
    "visit": ("bpv", lambda d: d[0]["visits"][0]["notes"]),
    "outflow": ("uitstroom", lambda d: d["exit_interview_notes"]),
    "correction": ("uitstroom", lambda d: d["corrections"][0]["reason"]),
    "checklist": ("uitstroom", lambda d: d["handover"]["support_needed"]),
    "partner": ("uitstroom", lambda d: d["handover"]["partners"][0]["contact_person_now"]),
    "follow-up contact": ("nazorg", lambda d: d["contacts"][0]["note"]),
}


def test_every_registered_section_is_in_the_file(dave, leaver, client_for):
    sections = _export(client_for(dave), leaver)["sections"]
    assert list(sections) == [section.key for section in records.sections()]
    assert {"uitstroom", "nazorg", "taken", "inzagelog", "wijzigingen"} <= set(sections)
    empty = [key for key, section in sections.items() if section["data"] in (None, [], {})]
    assert empty == []


def test_the_json_holds_a_value_of_every_part(dave, leaver, client_for):
    sections = _export(client_for(dave), leaver)["sections"]
    found = {part: path(sections[key]["data"]) for part, (key, path) in PLACES.items()}
    assert found == MARKERS


def test_the_plan_keeps_every_version_with_its_content(dave, leaver, client_for):
    versions = _export(client_for(dave), leaver)["sections"]["integraal_plan"]["data"]
    # Two saves, the meeting's version and the outflow's last version.
    assert [v["number"] for v in versions] == [1, 2, 3, 4]
    first = versions[0]
    assert first["route"]["code"] == "arbeidsmarkt" and first["supporters"] == [MARKERS["network"]]
    assert first["steps"][0]["status"]["code"] == "open"
    assert first["obstacles"][0]["partner"] == MARKERS["network"]
    assert all(v["reason"] for v in versions[1:])  # every later version says why
    [meeting] = _export(client_for(dave), leaver)["sections"]["voortgangsgesprekken"]["data"]
    assert meeting["plan_version"] == 3 and len(meeting["domains"]) == len(LifeDomain)


def test_the_outflow_holds_who_did_each_step_and_the_confirmation(alice, dave, leaver, client_for):
    data = _export(client_for(dave), leaver)["sections"]["uitstroom"]["data"]
    assert data["registered_by"] == alice.get_full_name()
    assert data["corrections"][0]["changes"] == [
        {
            "field": {"code": "left_on", "label": "Datum uitstroom"},
            "old": "2027-06-25",
            "new": "2027-06-26",
        }
    ]
    assert data["handover"]["intermediate_step"]["code"] == "geen"
    [partner] = data["handover"]["partners"]
    assert partner["kind"]["code"] == "gemeente" and partner["contact"] == MARKERS["network"]
    assert (partner["contacted_on"], partner["contacted_by"]) == (
        "2027-06-27",
        dave.get_full_name(),
    )
    assert partner["shared_by"] == dave.get_full_name()
    assert partner["answer"]["code"] == "in_contact"
    assert partner["answer_channel"]["code"] == "telefoon"
    assert partner["first_contact_on"] == "2027-06-29"
    assert partner["answer_recorded_by"] == dave.get_full_name()
    # The link went out and was withdrawn when the answer came by phone.
    [link] = partner["links_sent"]
    assert link["sent_to"] == PARTNER_EMAIL and link["sent_by"] == dave.get_full_name()
    assert link["used_at"] is None and link["state"]["code"] == "verlopen"


def test_the_follow_up_holds_contacts_links_and_signals(dave, leaver, client_for):
    data = _export(client_for(dave), leaver)["sections"]["nazorg"]["data"]
    [done] = data["contacts"]
    assert done["month"] == 1 and done["contact"] == "Contactmoment na 1 maand"
    # The correction (25 → 26 June) moved the contact before it was held.
    assert done["due_on"] == "2027-07-26" and done["done_on"] == "2027-07-29"
    assert done["reached"] is True and done["channel"]["code"] == "telefoon"
    assert done["position"]["code"] == "uitkering" and done["same_place"] is False
    assert done["hours_per_week"] == 12 and done["needs_support"] is True
    assert done["recorded_by"] == dave.get_full_name()
    [link] = done["checkin_links"]
    assert link["sent_to"] == LEAVER_EMAIL and link["sent_by"] == dave.get_full_name()
    assert link["state"]["code"] == "vervallen"  # the contact was recorded by phone
    [signal] = done["support_signals"]
    assert signal["partner"]["code"] == "gemeente" and signal["sent_to"] == PARTNER_EMAIL
    assert signal["sent_at"] is None  # the Celery task had not run: "nog niet verstuurd"
    planned = data["planned_contacts"]
    assert [(c["month"], c["checkin_links"]) for c in planned] == [
        (3, []),
        (6, []),
        (12, []),
        (18, []),
        (24, []),
    ]


def test_the_tasks_and_reminders_about_the_student(dave, leaver, client_for):
    data = _export(client_for(dave), leaver)["sections"]["taken"]["data"]
    [task] = data["tasks"]
    assert "wil hulp" in task["description"] and task["assigned_to"] == dave.get_full_name()
    assert task["contact_moment"] == "Contactmoment na 1 maand" and task["done_on"] is None
    [reminder] = data["reminders"]
    assert reminder["kind"]["code"] == "contact_due" and reminder["user"] == dave.get_full_name()
    assert reminder["status"]["code"] == "sent"


def test_no_token_hash_ever_leaves(dave, leaver, client_for):
    hashes = [
        *ConfirmationLink.objects.values_list("token_hash", flat=True),
        *CheckInLink.objects.values_list("token_hash", flat=True),
    ]
    assert len(hashes) == 2
    client = client_for(dave)
    body = client.get(f"/studenten/{leaver.uuid}/inzage.json?inzagelog=volledig").content.decode()
    pdf = _pdf_text(client.get(f"/studenten/{leaver.uuid}/inzage.pdf").content)
    for hashed in hashes:
        assert hashed not in body and hashed[:16] not in pdf
    assert "token" not in body


#: The tracked records of every app that a student's file holds: each must reach the
#: change history, directly or through a registered parent.
TRACKED = [
    "student",
    "intake",
    "beoordeling leefgebied",
    "netwerkcontact",
    "studieadvies",
    "integraal plan",
    "planversie",
    "ondersteuner",
    "stap",
    "voorziening",
    "regelzaak",
    "voortgangsgesprek",
    "leefgebied in gesprek",
    "bpv-plek",
    "leerdoel op de werkvloer",
    "certificaat",
    "bpv-bezoek",
    "uitstroom",
    "warme overdracht",
    "overdracht aan partner",
    "contactmoment nazorg",
    "taak nazorg",
    "signaal aan partner",
]


def test_the_change_history_reaches_the_records_of_every_app(alice, bob, dave, leaver, client_for):
    from django.apps import apps

    # The list above names every tracked model of the student's apps (but the companies,
    # which are the institution's): a new tracked model must be added, and reach it.
    tracked = {
        str(model._meta.verbose_name)
        for model in apps.get_models()
        if model._meta.app_label in {"students", "plans", "placements", "outflow"}
        and any(m.pgh_tracked_model is model for m in _event_models())
    } - {"leerbedrijf", "praktijkopleider"}
    assert tracked == set(TRACKED)
    history = _export(client_for(dave), leaver)["sections"]["wijzigingen"]["data"]
    assert set(TRACKED) <= {row["record"] for row in history}
    signal = next(row for row in history if row["record"] == "signaal aan partner")
    assert signal["by"] == dave.get_full_name() and signal["action"]["code"] == "insert"
    visits = [row for row in history if row["record"] == "bpv-bezoek"]
    assert {row["by"] for row in visits} == {bob.get_full_name()}


def _event_models() -> list:
    from django.apps import apps
    from pghistory.models import Event

    return [m for m in apps.get_models() if issubclass(m, Event) and m.pgh_tracked_model]


def test_the_access_log_is_summarised_and_in_full_on_request(dave, leaver, client_for):
    client = client_for(dave)
    client.get(f"/studenten/{leaver.uuid}/")
    client.get(f"/studenten/{leaver.uuid}/uitstroom/")
    document = _export(client, leaver, "?inzagelog=volledig")
    log = document["sections"]["inzagelog"]
    parts = {row["part"]["code"] for row in log["data"]}
    assert {"dossier", "uitstroom", "volledig dossier (export)"} <= parts
    assert len(log["entries"]) == AccessLog.objects.filter(student_uuid=leaver.uuid).count()
    assert "entries" not in _export(client, leaver)["sections"]["inzagelog"]


def test_the_pdf_holds_a_value_of_every_section(dave, leaver, client_for):
    response = client_for(dave).get(f"/studenten/{leaver.uuid}/inzage.pdf")
    assert response.status_code == 200
    text = _pdf_text(response.content)
    for section in records.sections():
        assert "".join(str(section.title).split()) in text
    missing = [part for part, marker in MARKERS.items() if marker not in text]
    assert missing == []
    for words in (
        PARTNER_EMAIL,  # the confirmation link and the signal to the gemeente
        LEAVER_EMAIL,  # the check-in link
        "Contactmomentna1maand",  # the follow-up contact and its task
        "Nazorgcontactgepland",  # the reminder
        "signaalaanpartner",  # the change history reaches the signals
        "Volledigdossier(inzageverzoek)",  # the access-log summary
    ):
        assert words.lower() in text.lower(), words


# --- Who may download the complete file ---------------------------------------------------

#: After outflow the coordinator holds the regie and the full record; the mentors of the
#: team read (403: a reader does not take the whole file home); everybody else gets 404.
RULES = {"alice": 403, "bob": 403, "carol": 404, "dave": 200, "erin": 404, "frank": 404}


@pytest.mark.parametrize("fmt", ["json", "pdf"])
@pytest.mark.parametrize(("name", "expected"), RULES.items())
def test_only_who_may_change_the_record_downloads_it(
    name, expected, fmt, personas, leaver, client_for
):
    before = AccessLog.objects.filter(student_uuid=leaver.uuid).count()
    response = client_for(personas[name]).get(f"/studenten/{leaver.uuid}/inzage.{fmt}")
    assert response.status_code == expected
    logged = AccessLog.objects.filter(student_uuid=leaver.uuid).order_by("-id")
    if expected == 200:
        line = logged.first()
        assert (line.user, line.part, line.channel) == (
            personas[name],
            "volledig dossier (export)",
            "export",
        )
        assert line.path == f"/studenten/{leaver.uuid}/inzage.{fmt}"
    assert logged.count() == before + (1 if expected == 200 else 0)


def test_every_download_is_a_line_in_the_access_log(dave, leaver, client_for):
    client = client_for(dave)
    for fmt in ("json", "pdf", "json"):
        client.get(f"/studenten/{leaver.uuid}/inzage.{fmt}")
    lines = AccessLog.objects.filter(student_uuid=leaver.uuid, part="volledig dossier (export)")
    assert lines.count() == 3


def test_the_beheerder_downloads_only_with_a_student_role(team, leaver, client_for):
    beheerder = UserFactory(roles=[Role.FUNCTIONAL_ADMIN], teams=[team], is_staff=True)
    assert client_for(beheerder).get(f"/studenten/{leaver.uuid}/inzage.json").status_code == 404
    beheerder.roles = [Role.FUNCTIONAL_ADMIN, Role.COORDINATOR]
    beheerder.save()
    assert client_for(beheerder).get(f"/studenten/{leaver.uuid}/inzage.json").status_code == 200


# --- The cost does not grow with the file -------------------------------------------------


def _grow(student, bob, dave) -> None:
    """More of everything that is a list in the file: plan versions, placements with
    visits, partners with links, follow-up contacts recorded, check-in links, tasks,
    signals and reminders."""
    contact = NetworkContact.objects.get(student=student)
    with pghistory.context(user=dave.pk):
        for number in range(3):
            plan_save(
                student=student,
                by=dave,
                data=_plan(f"Doel {number}", contact, step=f"Stap {number}"),
            )
    with pghistory.context(user=bob.pk):
        for number in range(1, 4):
            _placement(student, bob, number)
    outflow = student.outflow
    with pghistory.context(user=dave.pk):
        for kind in ("werkgever", "doorstroompunt"):
            partner = partner_add(handover=outflow.handover, by=dave, kind=kind, contact=contact)
            link_send(partner=partner, by=dave)
            link_send(partner=partner, by=dave)
        moment = outflow.contacts.get(month=3)  # due 25 September 2027
        with time_machine.travel(NOW + timedelta(days=61), tick=False):
            checkin_link_make(contact=moment, by=dave, by_email=False)
            checkin_link_make(contact=moment, by=dave, by_email=True)
            contact_record(
                contact=moment,
                by=dave,
                data=ContactData(
                    done_on=date(2027, 9, 29),
                    reached=True,
                    channel="bericht",
                    position="werknemer",
                    needs_support=True,
                ),
            )
    for number in range(3):
        Reminder.objects.create(
            key=f"extra:{number}",
            user=dave,
            kind="handover_unconfirmed",
            student=student,
            due_on=TODAY,
            text="Overdracht niet bevestigd",
        )


def test_the_export_costs_the_same_however_much_the_file_holds(
    bob, dave, leaver, client_for, django_assert_max_num_queries
):
    client = client_for(dave)
    url = f"/studenten/{leaver.uuid}/inzage"
    client.get(f"{url}.json")  # warm up (see tests/placements/test_record.py)
    # (Counts are read at once: every later request resets Django's query log.)
    with django_assert_max_num_queries(60) as small:
        client.get(f"{url}.json")
    baseline = len(small.captured_queries)
    with django_assert_max_num_queries(60) as small_pdf:
        client.get(f"{url}.pdf")
    pdf_baseline = len(small_pdf.captured_queries)
    _grow(leaver, bob, dave)
    with django_assert_max_num_queries(pdf_baseline):
        client.get(f"{url}.pdf")
    with django_assert_max_num_queries(baseline):
        document = _export(client, leaver)
    sections = document["sections"]
    assert len(sections["integraal_plan"]["data"]) == 7
    assert sum(len(p["visits"]) for p in sections["bpv"]["data"]) == 8
    assert len(sections["uitstroom"]["data"]["handover"]["partners"]) == 3
    follow_up = sections["nazorg"]["data"]
    assert sum(len(c["checkin_links"]) for c in follow_up["contacts"]) == 3
    assert len(sections["taken"]["data"]["tasks"]) == 2
    assert len(sections["taken"]["data"]["reminders"]) == 4


# --- The PDF's tables ---------------------------------------------------------------------


def test_short_words_break_between_words_and_long_ones_anywhere():
    items = [
        {"at": NOW, "by": "Ilse Aalbers", "action": "aangemaakt", "fields": "x" * 40},
        {"at": NOW, "by": "Jurre Boerma", "action": "gewijzigd", "fields": "huidige versie"},
    ]
    block = records._table(items, ["at", "by", "action", "fields"], {})
    assert [css for _, css in block.rows[0]] == ["nowrap", "words", "words", ""]
    # A date column's header may wrap between its words.
    assert [css for _, css in block.columns] == ["words", "words", "words", ""]


def test_unbreakable_columns_never_need_more_than_the_page():
    # Dates first, then the narrowest columns, as long as the page's width allows.
    keys = ["wide", "narrow", "day", *(f"k{n}" for n in range(4))]
    item = dict.fromkeys(keys, "Vijftientekens!")  # fifteen characters each
    item |= {"wide": "Twintig-tekens-lang!", "narrow": "kort", "day": NOW}
    block = records._table([item], keys, {})
    classes = [css for _, css in block.rows[0]]
    assert classes == ["", "words", "nowrap", "words", "words", "words", "words"]
