"""Automated WCAG 2.2 A/AA checks (axe-core) on every kind of page, as each role sees it.

axe-core cannot find every barrier (that needs people), but what it finds is a real
failure: missing labels, contrast, landmarks, duplicate ids, ARIA misuse.
"""

import json
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser

from entree.accounts.roles import Role
from entree.core.demo import DEMO_PASSWORD
from entree.reports.models import GeneratedReport
from entree.reports.report import SchoolYear
from outflow.models import CheckInLink, ConfirmationLink
from outflow.services import ContactData, OutflowData, contact_record, outflow_register, token_hash
from plans.services import (
    DomainData,
    MeetingData,
    ObstacleData,
    PlanData,
    StepData,
    meeting_record,
    plan_save,
)
from students.models import CaseloadExport, LifeDomain, Status
from tests.browser.helpers import log_in
from tests.factories import (
    ConsentFactory,
    IntakeFactory,
    NetworkContactFactory,
    PlacementFactory,
    StudentFactory,
    TeamFactory,
    UserFactory,
    VisitFactory,
)
from tests.reports.school import demo_seed

#: The token of the partner's live confirmation link in ``world``.
PARTNER_TOKEN = "toegankelijkheid-test-token-0123456789abcdef"
#: The token of the leaver's live check-in link in ``world``.
CHECKIN_TOKEN = "toegankelijkheid-check-in-0123456789abcdef"
AXE = Path(__file__).resolve().parents[2] / ".venv/node/node_modules/axe-core/axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail(f"axe-core is missing at {AXE}: run `make test` (it installs it with npm).")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def world(transactional_db):
    team = TeamFactory(name="Entree Zorg")
    people = {
        "mentor": UserFactory(email="m@school.example.test", roles=[Role.MENTOR], teams=[team]),
        "manager": UserFactory(
            email="t@school.example.test", roles=[Role.MANAGEMENT], teams=[team]
        ),
        "beheer": UserFactory(
            email="b@school.example.test", roles=[Role.FUNCTIONAL_ADMIN], is_staff=True
        ),
    }
    student = StudentFactory(team=team, regiehouder=people["mentor"], status=Status.INTAKE)
    IntakeFactory(student=student)
    contact = NetworkContactFactory(student=student)
    ConsentFactory(student=student, contact=contact, recorded_by=people["mentor"])
    StudentFactory(team=team, regiehouder=None, status=Status.ACTIEF)
    # An active student with a plan of two versions and a progress meeting.
    active = StudentFactory(team=team, regiehouder=people["mentor"], status=Status.ACTIEF)
    helper = NetworkContactFactory(student=active)
    first = PlanData(
        route="arbeidsmarkt",
        goal="Werken in een magazijn.",
        supporters=(helper,),
        steps=(StepData(description="Cv maken", owner="student", due_on=active.start_date),),
        obstacles=(ObstacleData(domain="wonen", description="Kamer zoeken", partner=helper),),
    )
    plan_save(student=active, by=people["mentor"], data=first)
    meeting_record(
        student=active,
        by=people["mentor"],
        meeting=MeetingData(
            held_on=active.start_date,
            domains=tuple(DomainData(domain=d.value, state="op_orde") for d in LifeDomain),
        ),
        plan=replace(first, goal="Werken in een distributiecentrum."),
    )
    student.plan_student = active  # type: ignore[attr-defined]
    # A running placement of the plan student, with a visit (the bpv tab).
    placement = PlacementFactory(student=active, supervisor=people["mentor"])
    VisitFactory(placement=placement, recorded_by=people["mentor"], visited_on=active.start_date)
    student.placement = placement  # type: ignore[attr-defined]
    # A leaver whose regie went to the coordinator, with the Doorstroompunt on the
    # checklist and a live confirmation link for the partner.
    people["coordinator"] = UserFactory(
        email="c@school.example.test", roles=[Role.COORDINATOR], teams=[team]
    )
    leaver = StudentFactory(team=team, regiehouder=people["mentor"], status=Status.ACTIEF)
    plan_save(student=leaver, by=people["mentor"], data=PlanData(route="arbeidsmarkt"))
    outflow = outflow_register(
        student=leaver,
        by=people["mentor"],
        data=OutflowData(left_on=timezone.localdate(), diploma=False, destination="geen"),
        coordinator=people["coordinator"],
    )
    student.outflow = outflow  # type: ignore[attr-defined]
    student.partner = outflow.handover.partners.get()  # type: ignore[attr-defined]
    ConfirmationLink.objects.create(
        partner=student.partner,  # type: ignore[attr-defined]
        token_hash=token_hash(PARTNER_TOKEN),
        sent_to="rmc@partner.example.test",
        sent_by=people["coordinator"],
        expires_at=timezone.now() + timedelta(days=14),
    )
    # A live check-in link for the leaver's first follow-up contact.
    CheckInLink.objects.create(
        contact=outflow.contacts.order_by("month").first(),
        token_hash=token_hash(CHECKIN_TOKEN),
        sent_by=people["coordinator"],
        expires_at=timezone.now() + timedelta(days=14),
    )
    # A later contact at which the leaver asked for help: a task for the coordinator.
    contact_record(
        contact=outflow.contacts.get(month=3),
        by=people["coordinator"],
        data=ContactData(
            done_on=timezone.localdate(),
            reached=True,
            channel="telefoon",
            position="uitkering",
            needs_support=True,
        ),
    )
    # A large caseload export that a worker is still making.
    student.export_job = CaseloadExport.objects.create(user=people["mentor"])  # type: ignore[attr-defined]
    # Annual reports of the manager's team: one being made, one ready, one failed.
    student.reports = {  # type: ignore[attr-defined]
        status: GeneratedReport.objects.create(
            requested_by=people["manager"],
            school_year="2025-2026",
            institution=team.institution,
            team=team,
            scope_key=f"team-{team.pk}",
            scope_name=f"{team.institution.name} — {team.name}",
            status=status,
            progress={"bezig": 40, "klaar": 100}.get(status, 0),
            file_name="jaarverslagen/bestaat-niet.pdf" if status == "klaar" else "",
            page_count=19 if status == "klaar" else None,
            error="Het jaarverslag kon niet worden gemaakt." if status == "mislukt" else "",
        )
        for status in ("bezig", "klaar", "mislukt")
    }
    return people, student


def _violations(page, axe_source: str) -> list[dict]:
    page.evaluate(axe_source)  # evaluate() is not subject to the page's CSP
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    assert result["passes"], "axe-core checked nothing: the page did not load?"
    return [
        {
            "id": v["id"],
            "help": v["help"],
            "targets": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]


PAGES = {
    "mentor": [
        "/studenten/",
        "/studenten/?status=onzin&cohort=2026",
        "/studenten/nieuw/",
        "/studenten/{uuid}/",
        "/studenten/{uuid}/gegevens/",
        "/studenten/{uuid}/intake/",
        "/studenten/{uuid}/netwerk/",
        "/studenten/{uuid}/studieadvies/",
        "/studenten/{uuid}/regie/",
        "/studenten/{uuid}/privacy/",
        "/account/tweestapsverificatie/",
        "/studenten/{plan}/plan/",
        "/studenten/{plan}/plan/bewerken/",
        "/studenten/{plan}/plan/gesprek/",
        "/studenten/{plan}/plan/vergelijken/",
        "/studenten/{plan}/plan/versie/1/",
        "/studenten/export/{export}/",
        "/studenten/{plan}/bpv/",
        "/studenten/{plan}/bpv/nieuw/",
        "/studenten/{plan}/bpv/nieuw/?bedrijf={company}",
        "/studenten/{plan}/bpv/{placement}/bezoek/",
        "/studenten/{plan}/uitstroom/",
        "/studenten/{plan}/uitstroom/registreren/",
        "/bpv/leerbedrijven/",
        "/bpv/leerbedrijven/nieuw/",
        "/bpv/leerbedrijven/{company}/",
        "/bpv/te-bezoeken/",
    ],
    "coordinator": [
        "/studenten/{out}/uitstroom/",
        "/studenten/{out}/uitstroom/corrigeren/",
        "/studenten/{out}/uitstroom/checklist/",
        "/studenten/{out}/uitstroom/partner/",
        "/studenten/{out}/uitstroom/partner/{partner}/",
        "/studenten/{out}/uitstroom/nazorg/{contact}/",
        "/meldingen/",
        "/uitstroom/",
        "/uitstroom/verwacht/",
        "/uitstroom/nazorg/?stand=binnenkort",
        "/uitstroom/nazorg/?stand=gedaan",
        "/uitstroom/taken/",
        "/studenten/{out}/privacy/",
    ],
    "manager": [
        "/kerncijfers/",
        "/kerncijfers/?schooljaar=2030-2031",
        "/kerncijfers/jaarverslagen/",
        "/kerncijfers/jaarverslagen/{report_running}/",
        "/kerncijfers/jaarverslagen/{report_ready}/",
        "/kerncijfers/jaarverslagen/{report_failed}/",
    ],
    "beheer": [
        "/beheer/audit/wijzigingen/",
        "/beheer/audit/inzage/",
        "/studenten/import/",
        "/studenten/uitstroom-import/",
        "/beheer/privacy/",
    ],
}


@pytest.mark.parametrize("role", PAGES)
def test_pages_have_no_wcag_violations(role, browser: Browser, live_server, world, axe_source):
    people, student = world
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    page.goto(live_server.url + "/account/inloggen/")
    found = {}
    login_violations = _violations(page, axe_source)
    if login_violations:
        found["/account/inloggen/"] = login_violations
    log_in(page, live_server, people[role])
    for path in PAGES[role]:
        url = path.format(
            uuid=student.uuid,
            plan=student.plan_student.uuid,
            export=student.export_job.uuid,
            placement=student.placement.uuid,
            company=student.placement.company.uuid,
            out=student.outflow.student.uuid,
            partner=student.partner.uuid,
            contact=student.outflow.contacts.order_by("month").first().uuid,
            report_running=student.reports["bezig"].pk,
            report_ready=student.reports["klaar"].pk,
            report_failed=student.reports["mislukt"].pk,
        )
        page.goto(live_server.url + url)
        violations = _violations(page, axe_source)
        if violations:
            found[path] = violations
    context.close()
    assert found == {}, json.dumps(found, indent=2, ensure_ascii=False)


def test_the_pages_without_login_pass_on_a_phone(browser: Browser, live_server, world, axe_source):
    """The partner's confirmation page and the leaver's check-in (and the neutral page for
    a wrong link), as they open them on a small phone screen: no login, no horizontal
    scrolling."""
    context = browser.new_context(locale="nl-NL", viewport={"width": 360, "height": 640})
    page = context.new_page()
    found = {}
    for path in (
        f"/bevestigen/{PARTNER_TOKEN}/",
        "/bevestigen/een-verkeerde-link/",
        f"/nazorg/{CHECKIN_TOKEN}/",
        "/nazorg/een-verkeerde-link/",
    ):
        page.goto(live_server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        if violations := _violations(page, axe_source):
            found[path] = violations
    context.close()
    assert found == {}, json.dumps(found, indent=2, ensure_ascii=False)


def test_the_management_dashboard_with_demo_data(
    browser: Browser, live_server, transactional_db, axe_source
):
    """The dashboard as the demo's manager sees it — tables with "<5" and "x", charts,
    national figures — for this school year and the one before, the whole institution and
    one team. A definition shows on keyboard focus, and Escape hides it again (WCAG 1.4.13)."""
    manager = demo_seed(students=120, today=timezone.localdate())
    team = manager.teams.order_by("pk").first()
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    log_in(page, live_server, manager, password=DEMO_PASSWORD)
    current = SchoolYear.containing(timezone.localdate())
    found = {}
    for query in (
        "",
        f"?schooljaar={current.previous().label}",
        f"?schooljaar={current.previous().label}&reikwijdte=team-{team.pk}",
    ):
        page.goto(f"{live_server.url}/kerncijfers/{query}")
        assert page.locator("table.report").count() > 0
        if violations := _violations(page, axe_source):
            found[query] = violations
    button = page.locator(".definition-button").first
    definition = page.locator(".definition-text").first
    assert not definition.is_visible()
    button.focus()
    assert definition.is_visible()
    page.keyboard.press("Escape")
    assert not definition.is_visible()
    page.locator("h1").hover()
    button.hover()
    assert definition.is_visible()
    context.close()
    assert found == {}, json.dumps(found, indent=2, ensure_ascii=False)
