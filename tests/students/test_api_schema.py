"""Issue 8.5: the OpenAPI schema describes the API as it answers.

Every endpoint and method of the served schema is called as the personas would (success,
refusal, missing, invalid input, no login), and every answer is validated against what the
schema documents for that operation and status code: a status the schema does not list,
a field it does not describe, a value outside its enum, format or nullability, a
paginated page where an array comes back — each fails here. Request bodies the tests send
as valid are checked against the schema as well, so "valid per the schema, refused by the
API" is caught too. A client generated from the schema must work.
"""

import copy
import re
from collections.abc import Iterator
from datetime import date, datetime
from zoneinfo import ZoneInfo

import jsonschema
import pytest
import time_machine
from rest_framework.test import APIClient

from students.models import LifeDomain, Status
from tests.factories import (
    IntakeFactory,
    LifeDomainAssessmentFactory,
    NetworkContactFactory,
    StudentFactory,
    StudyAdviceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LIST = "/api/v1/students/"
UNKNOWN = "00000000-0000-4000-8000-000000000000"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime(2026, 11, 22, 12, tzinfo=ZoneInfo("Europe/Amsterdam"))):
        yield


# --- OpenAPI 3.0 → JSON Schema ---------------------------------------------------------------


def _to_json_schema(node):
    """OpenAPI 3.0's schema dialect as JSON Schema (2020-12): ``nullable`` becomes a null
    type, and objects with described properties admit no others (an undocumented field in
    an answer is a lie of the schema too)."""
    if isinstance(node, list):
        return [_to_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _to_json_schema(value) for key, value in node.items()}
    if "properties" in node and "additionalProperties" not in node:
        node["additionalProperties"] = False
    if node.pop("nullable", False):
        if "type" in node and "enum" not in node:
            node["type"] = [node["type"], "null"]
        else:
            node = {"anyOf": [node, {"type": "null"}]}
    return node


def _date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    datetime.fromisoformat(value.replace("Z", "+00:00"))
    return True


FORMATS = jsonschema.FormatChecker()
FORMATS.checks("date-time", raises=ValueError)(_date_time)
FORMATS.checks("date", raises=ValueError)(
    lambda value: not isinstance(value, str) or bool(date.fromisoformat(value))
)


class Schema:
    """The served schema, with a validator per (path template, method, status)."""

    def __init__(self, document: dict):
        self.document = document
        self.components = _to_json_schema(document.get("components", {}))
        self.operations = {
            (path, method): operation
            for path, item in document["paths"].items()
            for method, operation in item.items()
            if method in ("get", "post", "put", "patch", "delete")
        }
        self.patterns = [
            (re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", path) + "$"), path)
            for path in document["paths"]
        ]
        self.called: set[tuple[str, str]] = set()

    def template(self, url: str) -> str:
        path = url.split("?", 1)[0]
        for pattern, template in self.patterns:
            if pattern.match(path):
                return template
        raise AssertionError(f"{path} is not in the schema")

    def _validate(self, instance, schema: dict, what: str) -> None:
        full = {**_to_json_schema(schema), "components": self.components}
        validator = jsonschema.Draft202012Validator(full, format_checker=FORMATS)
        errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.path))
        assert not errors, f"{what}: " + "; ".join(
            f"{list(e.path)}: {e.message[:200]}" for e in errors[:5]
        )

    def check_request(self, method: str, url: str, body) -> None:
        operation = self.operations[(self.template(url), method)]
        content = operation.get("requestBody", {}).get("content", {})
        schema = content.get("application/json", {}).get("schema")
        assert schema is not None, f"{method.upper()} {url} documents no JSON body"
        self._validate(body, schema, f"request {method.upper()} {url}")

    def check_response(self, method: str, url: str, response) -> None:
        template = self.template(url)
        self.called.add((template, method))
        operation = self.operations.get((template, method))
        assert operation is not None, f"{method.upper()} {template} is not documented"
        code = str(response.status_code)
        documented = operation["responses"]
        assert code in documented, (
            f"{method.upper()} {url} answered {code}, documented: {sorted(documented)}"
        )
        content = documented[code].get("content", {})
        if not response.content:
            assert not content, f"{method.upper()} {url} {code}: body documented, none sent"
            return
        assert "application/json" in content, f"{method.upper()} {url} {code}: no JSON body"
        self._validate(
            response.json(),
            content["application/json"]["schema"],
            f"response {method.upper()} {url} {code}",
        )


@pytest.fixture
def schema(alice) -> Schema:
    api = APIClient()
    api.force_login(alice)
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return Schema(response.json())


class Caller:
    """Calls the API as one user and validates every exchange against the schema."""

    def __init__(self, schema: Schema, user=None):
        self.schema = schema
        self.api = APIClient()
        if user is not None:
            self.api.force_login(user)

    def __call__(self, method: str, url: str, body=None, *, valid: bool = True):
        if body is not None and valid:
            self.schema.check_request(method, url, body)
        response = getattr(self.api, method)(url, body, format="json")
        self.schema.check_response(method, url, response)
        return response


def _complete_intake(student) -> None:
    intake = IntakeFactory(student=student)
    for domain in LifeDomain:
        LifeDomainAssessmentFactory(intake=intake, domain=domain)


@pytest.fixture
def students(team, alice) -> Iterator[dict]:
    """One student per state the answers differ in (blank and null fields included)."""
    active = StudentFactory(
        team=team, regiehouder=alice, status=Status.ACTIEF, study_advice_due_on=date(2027, 1, 1)
    )
    StudyAdviceFactory(student=active, decision="uitgesteld", postponed_until=date(2027, 3, 1))
    StudyAdviceFactory(student=active, decision="positief", postponed_until=None)
    NetworkContactFactory(student=active, phone="", email="")
    in_intake = StudentFactory(team=team, regiehouder=alice, status=Status.INTAKE)
    _complete_intake(in_intake)
    return {
        "active": active,
        "candidate": StudentFactory(
            team=team, regiehouder=alice, status=Status.AANGEMELD, start_date=None, cohort=""
        ),
        "unclaimed": StudentFactory(
            team=team, regiehouder=None, status=Status.AANGEMELD, start_date=None, cohort=""
        ),
        "in_intake": in_intake,
        "placed": StudentFactory(team=team, regiehouder=alice, status=Status.GEPLAATST),
    }


def _url(student, suffix: str = "") -> str:
    return f"{LIST}{student.uuid}/{suffix}"


def test_every_answer_of_every_endpoint_is_what_the_schema_documents(
    schema, students, alice, bob, carol, erin, team, app_role
):
    """Success, refusal and error answers of every operation, validated against the
    schema; at the end every operation of the schema has been called. With the database
    rights of the application, so these are the answers it gives in production."""
    mentor, colleague, stranger = Caller(schema, alice), Caller(schema, bob), Caller(schema, carol)
    manager, anonymous = Caller(schema, erin), Caller(schema)
    active, candidate = students["active"], students["candidate"]
    in_intake, placed = students["in_intake"], students["placed"]

    # The list: a page, filters, ordering; a bad filter, a page past the end, no login.
    assert mentor("get", LIST).status_code == 200
    assert mentor("get", f"{LIST}?page_size=1&ordering=-start_date").json()["next"]
    assert mentor("get", f"{LIST}?signal=geen_regiehouder&mine=ja").status_code == 200
    assert mentor("get", f"{LIST}?status=bestaat_niet").status_code == 400
    assert mentor("get", f"{LIST}?page=99").status_code == 404
    assert anonymous("get", LIST).status_code == 401

    # Registering: as the schema describes it, without a team, as a manager, no login.
    new = {
        "student_number": "9300001",
        "team": team.name,
        "first_name": "Yara",
        "last_name": "Koster",
        "date_of_birth": "2009-06-01",
        "learning_path": "bbl",
    }
    assert mentor("post", LIST, new).status_code == 201
    without_team = {key: value for key, value in new.items() if key != "team"}
    assert mentor("post", LIST, without_team, valid=False).status_code == 400
    assert mentor("post", LIST, {**new, "learning_path": "x"}, valid=False).status_code == 400
    assert manager("post", LIST, {**new, "student_number": "9300002"}).status_code == 403
    assert anonymous("post", LIST, new).status_code == 401

    # One record: read, change, refused to a colleague, unknown, hidden from a stranger.
    for student in students.values():
        assert mentor("get", _url(student)).status_code == 200
    assert mentor("patch", _url(active), {"city": "Utrecht", "phone": ""}).status_code == 200
    details = {"first_name": "Ilse", "last_name": "Aalbers", "date_of_birth": "2008-05-17"}
    assert mentor("put", _url(active), {**details, "learning_path": "bol"}).status_code == 200
    assert mentor("patch", _url(active), {"email": "geen"}, valid=False).status_code == 400
    assert colleague("patch", _url(active), {"city": "Zwolle"}).status_code == 403
    assert mentor("get", f"{LIST}{UNKNOWN}/").status_code == 404
    assert stranger("get", _url(active)).status_code == 404
    assert anonymous("get", _url(active)).status_code == 401

    # Intake: none yet, saved with a domain, read back (blank outcome), invalid.
    assert mentor("get", _url(candidate, "intake/")).status_code == 404
    intake = {"dutch_level": "A2", "domains": [{"domain": "werk", "state": "op_orde"}]}
    assert mentor("put", _url(candidate, "intake/"), intake).status_code == 200
    assert mentor("get", _url(candidate, "intake/")).status_code == 200
    bad_intake = {"dutch_level": "B9"}
    assert mentor("put", _url(candidate, "intake/"), bad_intake, valid=False).status_code == 400
    assert stranger("get", _url(candidate, "intake/")).status_code == 404

    # Placement decision and start.
    no_outcome: dict = {}
    decide = _url(in_intake, "placement-decision/")
    assert mentor("post", decide, no_outcome, valid=False).status_code == 400
    assert mentor("post", decide, {"outcome": "geplaatst"}).status_code == 400
    placing = {"outcome": "geplaatst", "start_date": "2026-12-01"}
    assert colleague("post", decide, placing).status_code == 403
    assert mentor("post", decide, placing).status_code == 200
    assert mentor("post", _url(candidate, "activate/"), {}).status_code == 400
    assert (
        mentor("post", _url(placed, "activate/"), {"start_date": "2026-12-01"}).status_code == 200
    )
    assert stranger("post", _url(placed, "activate/"), {}).status_code == 404

    # The nested lists: plain arrays, and the 201 of adding one.
    contacts = _url(active, "contacts/")
    assert isinstance(colleague("get", contacts).json(), list)
    contact = mentor("post", contacts, {"kind": "werkgever", "name": "Dhr. Baas"}).json()
    assert mentor("post", contacts, {"kind": "buurman"}, valid=False).status_code == 400
    consents = _url(active, "consents/")
    consent = {"contact": contact["id"], "purpose": "betrekken", "given": True, "on": "2026-09-01"}
    assert mentor("post", consents, consent).status_code == 201
    assert mentor("post", consents, {**consent, "on": "2999-01-01"}).status_code == 400
    assert isinstance(colleague("get", consents).json(), list)
    advices = _url(active, "study-advices/")
    advice = {"decision": "positief", "given_on": "2026-11-20", "motivation": "Goed bezig."}
    assert mentor("post", advices, advice).status_code == 201
    blank = {**advice, "motivation": ""}
    assert mentor("post", advices, blank, valid=False).status_code == 400
    assert isinstance(colleague("get", advices).json(), list)
    for nested in (contacts, consents, advices):
        assert stranger("get", nested).status_code == 404
        assert anonymous("get", nested).status_code == 401

    # The integral plan (plans app): none yet, a version, unchanged, invalid, refused to a
    # colleague, the versions, a meeting that revises it, the comparison.
    plan = _url(active, "plan/")
    assert mentor("get", plan).status_code == 404
    step = {"description": "Cv maken", "owner": "student", "due_on": "2026-12-15"}
    first = {"route": "arbeidsmarkt", "goal": "Werken", "steps": [step]}
    assert mentor("post", plan, first).status_code == 201
    assert mentor("post", plan, first).status_code == 400  # nothing changed
    assert mentor("post", plan, {"route": "x"}, valid=False).status_code == 400
    assert colleague("post", plan, {**first, "goal": "Anders"}).status_code == 403
    assert colleague("get", plan).status_code == 200
    assert mentor("get", _url(active, "plan/versions/")).status_code == 200
    assert mentor("get", _url(active, "plan/versions/1/")).status_code == 200
    assert mentor("get", _url(active, "plan/versions/9/")).status_code == 404
    meetings = _url(active, "plan/meetings/")
    domains = [{"domain": d.value, "state": "op_orde"} for d in LifeDomain]
    meeting = {"held_on": "2026-11-20", "domains": domains, "plan": {**first, "goal": "Zorg"}}
    assert mentor("post", meetings, meeting).status_code == 201
    assert mentor("post", meetings, {**meeting, "held_on": "2999-01-01"}).status_code == 400
    assert isinstance(colleague("get", meetings).json(), list)
    assert mentor("get", _url(active, "plan/compare/?from=1&to=2")).status_code == 200
    assert mentor("get", _url(active, "plan/compare/?from=x&to=2")).status_code == 400
    for path in ("plan/", "plan/versions/", "plan/meetings/"):
        assert stranger("get", _url(active, path)).status_code == 404
        assert anonymous("get", _url(active, path)).status_code == 401

    _placements_walkthrough(schema, active, alice, bob, carol, erin)
    _erasure_walkthrough(schema, team, alice, erin)

    # Regie.
    transfer = _url(active, "transfer/")
    unknown = {"to_user": "niemand@school.example.test", "reason": "x"}
    assert mentor("post", transfer, unknown).status_code == 400
    assert mentor("post", transfer, {"to_user": bob.email, "reason": "Verlof"}).status_code == 201
    assert stranger("post", transfer, {"to_user": bob.email, "reason": "Verlof"}).status_code == 404

    # Outflow and the warm handover (outflow app): registering hands the regie to the
    # coordinator, who then corrects, answers, adds partners and records their steps.
    coordinator = UserFactory(roles=["uitstroomcoordinator"], teams=[team])
    leaving = StudentFactory(team=team, regiehouder=alice, status=Status.ACTIEF)
    out = _url(leaving, "outflow/")
    assert mentor("get", out).status_code == 404
    leave = {"left_on": "2026-11-13", "diploma": False, "destination": "geen"}
    register = {**leave, "coordinator": coordinator.email, "plan": first}
    assert mentor("post", out, {**register, "destination": "x"}, valid=False).status_code == 400
    assert colleague("post", out, register).status_code == 403
    assert mentor("post", out, register).status_code == 201
    coord = Caller(schema, coordinator)
    assert coord("get", out).status_code == 200
    correction = {**leave, "diploma": True, "reason": "Diploma toch gehaald."}
    assert coord("post", f"{out}correction/", correction).status_code == 200
    assert coord("post", f"{out}correction/", {**correction, "reason": ""}).status_code == 400
    assert coord("put", f"{out}handover/", {"goals_to_learn": "Orders picken."}).status_code == 200
    employer = coord("post", f"{out}partners/", {"kind": "werkgever"}).json()
    assert coord("post", f"{out}partners/", {"kind": "werkgever"}).status_code == 400
    row = f"{out}partners/{employer['id']}/"
    assert (
        coord("post", f"{row}steps/", {"step": "contacted", "on": "2026-11-14"}).status_code == 200
    )
    assert coord("post", f"{row}steps/", {"step": "shared", "on": "2026-11-14"}).status_code == 400
    assert coord("post", f"{row}link/").status_code == 400  # no contact, no consent
    answer = {"answer": "in_contact", "first_contact_on": "2026-11-15", "channel": "telefoon"}
    assert coord("post", f"{row}answer/", answer).status_code == 200
    assert coord("post", f"{out}close/").status_code == 400  # questions open, RMC unconfirmed
    other = coord("post", f"{out}partners/", {"kind": "gemeente"}).json()
    assert coord("delete", f"{out}partners/{other['id']}/").status_code == 204
    moments = coord("get", f"{out}contacts/").json()
    moment = f"{out}contacts/{moments[0]['id']}/"
    reached = {
        "done_on": "2026-11-20",
        "reached": True,
        "channel": "telefoon",
        "position": "werknemer",
    }
    assert coord("put", moment, reached).status_code == 200
    assert coord("put", moment, {**reached, "done_on": "2026-11-01"}).status_code == 400
    # The coordinator's lists: contacts in a state, the leaver's request for help as a
    # task, and the notifications.
    assert coord("put", moment, {**reached, "needs_support": True}).status_code == 200
    done = coord("get", "/api/v1/follow-up/contacts/?state=gedaan").json()
    assert [row["id"] for row in done["results"]] == [moments[0]["id"]]
    assert coord("get", "/api/v1/follow-up/contacts/?state=x", valid=False).status_code == 400
    tasks = coord("get", "/api/v1/follow-up/tasks/").json()["results"]
    assert [task["is_mine"] for task in tasks] == [True]
    assert coord("post", f"/api/v1/follow-up/tasks/{tasks[0]['id']}/done/").status_code == 200
    assert coord("post", f"/api/v1/follow-up/tasks/{tasks[0]['id']}/done/").status_code == 404
    assert isinstance(coord("get", "/api/v1/notifications/").json()["results"], list)
    assert coord("post", "/api/v1/notifications/read/").json() == {"marked": 0}
    assert colleague("post", f"{out}close/").status_code == 403
    assert stranger("get", out).status_code == 404
    assert anonymous("get", out).status_code == 401

    _reports_walkthrough(schema, alice, erin, carol)

    assert schema.called == set(schema.operations), (
        f"not called: {sorted(set(schema.operations) - schema.called)}"
    )


def _erasure_walkthrough(schema, team, alice, erin) -> None:
    """Erasure on request (issue 15): the coordinator asks for a closed record, a second
    beheerder decides; refusals, four eyes, no login."""
    coordinator = UserFactory(roles=["uitstroomcoordinator"], teams=[team])
    first = UserFactory(roles=["functioneel_beheerder"], is_staff=True)
    second = UserFactory(roles=["functioneel_beheerder"], is_staff=True)
    coord, mentor, manager = (
        Caller(schema, coordinator),
        Caller(schema, alice),
        Caller(schema, erin),
    )
    beheer, other_beheer, anonymous = Caller(schema, first), Caller(schema, second), Caller(schema)
    closed = StudentFactory(team=team, regiehouder=coordinator, status="afgesloten")
    running = StudentFactory(team=team, regiehouder=coordinator, status="nazorg")
    ask = {"reason": "Verzoek van de student per e-mail."}

    assert coord("post", _url(running, "erasure-request/"), ask).status_code == 400
    assert coord("post", _url(closed, "erasure-request/"), {}, valid=False).status_code == 400
    # The team's mentor reads the record but does not ask; the manager does not see it.
    assert mentor("post", _url(closed, "erasure-request/"), ask).status_code == 403
    assert manager("post", _url(closed, "erasure-request/"), ask).status_code == 404
    assert anonymous("post", _url(closed, "erasure-request/"), ask).status_code == 401
    made = coord("post", _url(closed, "erasure-request/"), ask)
    assert made.status_code == 201
    assert coord("post", _url(closed, "erasure-request/"), ask).status_code == 400  # open
    listed = beheer("get", "/api/v1/erasure-requests/").json()["results"]
    assert [row["id"] for row in listed] == [made.json()["id"]]
    assert manager("get", "/api/v1/erasure-requests/").json()["results"] == []
    assert anonymous("get", "/api/v1/erasure-requests/").status_code == 401
    decision = f"/api/v1/erasure-requests/{made.json()['id']}/decision/"
    assert coord("post", decision, {"approve": True}).status_code == 404
    assert beheer("post", decision, {"approve": "x"}, valid=False).status_code == 400
    assert anonymous("post", decision, {"approve": True}).status_code == 401
    # The beheerder's own request is decided by the other one.
    own = StudentFactory(team=team, status="afgesloten")
    from entree.privacy.services import erasure_request  # noqa: PLC0415

    theirs = erasure_request(student=own, by=first, reason="Verzoek per brief.")
    own_decision = f"/api/v1/erasure-requests/{theirs.uuid}/decision/"
    assert beheer("post", own_decision, {"approve": True}).status_code == 400
    decided = beheer("post", decision, {"approve": False, "note": "Nog in bezwaar."})
    assert decided.status_code == 200 and decided.json()["status"] == "refused"
    assert other_beheer("post", decision, {"approve": True}).status_code == 404  # decided
    assert other_beheer("post", own_decision, {"approve": True}).status_code == 200


def _placements_walkthrough(schema, active, alice, bob, carol, erin) -> None:
    """The placements app's endpoints (issue 11): companies, a placement from search to a
    job, its visits, and the bpv-begeleider's list."""
    mentor, colleague, stranger = Caller(schema, alice), Caller(schema, bob), Caller(schema, carol)
    manager, anonymous = Caller(schema, erin), Caller(schema)
    companies = "/api/v1/companies/"

    # Companies: the list, its filters, adding (twice), refused to management.
    company = {"name": "Groothandel De Vaart", "kvk_number": "12345678", "sector": "logistiek"}
    created = mentor("post", companies, company)
    assert created.status_code == 201
    assert mentor("post", companies, company).status_code == 400  # the same KvK number
    assert mentor("post", companies, {**company, "kvk_number": "12"}).status_code == 400
    assert mentor("post", companies, {"name": "X"}, valid=False).status_code == 400
    assert manager("post", companies, {**company, "kvk_number": "87654321"}).status_code == 403
    assert anonymous("post", companies, company).status_code == 401
    assert mentor("get", companies).json()["count"] == 1
    assert mentor("get", f"{companies}?q=vaart&sector=logistiek&kvk=12345678").status_code == 200
    assert mentor("get", f"{companies}?sector=ruimtevaart").status_code == 400
    assert mentor("get", f"{companies}?page=9").status_code == 404
    assert manager("get", companies).json()["count"] == 0
    assert anonymous("get", companies).status_code == 401

    one = f"{companies}{created.json()['id']}/"
    assert stranger("get", one).status_code == 200  # the institution's network
    assert manager("get", one).status_code == 404
    assert mentor("get", f"{companies}{UNKNOWN}/").status_code == 404
    whole = {**company, "sbb_recognised": True, "sbb_number": "1234", "sbb_checked_on": None}
    assert mentor("put", one, whole).status_code == 200
    assert mentor("put", one, {**whole, "sbb_number": ""}).status_code == 400

    contacts = f"{one}contacts/"
    trainer = mentor("post", contacts, {"name": "Sanne Vermeer", "phone": ""}).json()
    assert mentor("post", contacts, {"name": ""}).status_code == 400
    assert isinstance(colleague("get", contacts).json(), list)
    contact = f"{contacts}{trainer['id']}/"
    assert mentor("put", contact, {"name": "Sanne Vermeer", "email": ""}).status_code == 200
    assert mentor("put", contact, {"name": "S", "email": "geen"}).status_code == 400
    assert mentor("put", f"{contacts}{UNKNOWN}/", {"name": "X"}).status_code == 404

    # A placement: registered, refused, changed, signed, started, visited, ended, a job.
    placements = _url(active, "placements/")
    details = {
        "company": created.json()["id"],
        "trainer": trainer["id"],
        "supervisor": bob.email,
        "start_date": "2026-11-02",
        "end_date": "2027-02-26",
        "days_per_week": 3,
        "hours_per_week": 24,
        "goals": [{"description": "Orders verzamelen"}],
        "certificates": [{"kind": "heftruck"}],
    }
    new = mentor("post", placements, details)
    assert new.status_code == 201
    backwards = {**details, "end_date": "2026-10-01"}
    assert mentor("post", placements, backwards).status_code == 400
    assert colleague("post", placements, details).status_code == 403
    assert stranger("post", placements, details).status_code == 404
    assert isinstance(colleague("get", placements).json(), list)
    assert stranger("get", placements).status_code == 404
    assert anonymous("get", placements).status_code == 401

    placement = f"{placements}{new.json()['id']}/"
    assert colleague("get", placement).status_code == 200
    assert mentor("get", f"{placements}{UNKNOWN}/").status_code == 404
    assert mentor("put", placement, {**details, "notes": "Via de gemeente."}).status_code == 200
    assert mentor("put", placement, backwards).status_code == 400
    assert mentor("post", f"{placement}start/").status_code == 400  # not signed yet
    signed = {
        "signed_school_on": "2026-10-20",
        "signed_student_on": "2026-10-20",
        "signed_company_on": "2026-10-21",
    }
    assert (
        mentor("put", f"{placement}agreement/", {"signed_school_on": "2999-01-01"}).status_code
        == 400
    )
    assert mentor("put", f"{placement}agreement/", signed).status_code == 200
    assert stranger("post", f"{placement}start/").status_code == 404
    assert mentor("post", f"{placement}start/").status_code == 200

    visits = f"{placement}visits/"
    visit = {"visited_on": "2026-11-09", "kind": "op_locatie", "rating": "goed"}
    logged = colleague("post", visits, visit)  # bob: the placement's bpv-begeleider
    assert logged.status_code == 201
    assert colleague("post", visits, {**visit, "visited_on": "2026-10-01"}).status_code == 400
    assert isinstance(mentor("get", visits).json(), list)
    corrected = {**visit, "rating": "aandacht", "employer_view": "Vaker op tijd."}
    assert colleague("put", f"{visits}{logged.json()['id']}/", corrected).status_code == 200
    assert colleague("put", f"{visits}{UNKNOWN}/", corrected).status_code == 404
    assert stranger("get", visits).status_code == 404

    to_visit = "/api/v1/placements/to-visit/"
    assert colleague("get", to_visit).json()["count"] == 1
    assert colleague("get", f"{to_visit}?page=9").status_code == 404
    assert anonymous("get", to_visit).status_code == 401

    outcome = {"outcome": "baan", "outcome_on": None}
    assert mentor("put", f"{placement}outcome/", outcome).status_code == 400
    assert mentor("post", f"{placement}finish/", {"ended_on": "2999-01-01"}).status_code == 400
    assert mentor("post", f"{placement}finish/", {}).status_code == 200
    assert mentor("post", f"{placement}finish/", {}).status_code == 400  # already ended
    done = {"outcome": "baan", "outcome_on": "2026-11-20"}
    assert mentor("put", f"{placement}outcome/", done).status_code == 200

    # A second placement, earlier in the autumn, is broken off.
    autumn = {**details, "start_date": "2026-09-15", "end_date": "2026-10-31"}
    second = f"{placements}{mentor('post', placements, autumn).json()['id']}/"
    september = dict.fromkeys(signed, "2026-09-10")
    assert mentor("put", f"{second}agreement/", september).status_code == 200
    assert mentor("post", f"{second}start/").status_code == 200
    stop = f"{second}stop/"
    assert mentor("post", stop, {"stop_reason": "anders"}).status_code == 400
    assert mentor("post", stop, {"stop_reason": "x"}, valid=False).status_code == 400
    assert mentor("post", stop, {"stop_reason": "match", "stop_note": ""}).status_code == 200

    # The company's history: the student named for the team, not for another team.
    history = f"{one}placements/"
    assert mentor("get", history).json()["results"][0]["student"] == str(active.uuid)
    assert stranger("get", history).json()["results"][0]["student"] is None
    assert mentor("get", f"{history}?page=9").status_code == 404
    assert manager("get", history).status_code == 404


def _reports_walkthrough(schema, alice, erin, carol) -> None:
    """The management figures (issue 14): the scopes, the annual report (suppressed cells
    with a null count), invalid input, another team, no manager, no login."""
    mentor, manager, anonymous = Caller(schema, alice), Caller(schema, erin), Caller(schema)
    scopes = "/api/v1/reports/scopes/"
    annual = "/api/v1/reports/annual/"
    assert manager("get", scopes).status_code == 200
    assert mentor("get", scopes).status_code == 404
    assert anonymous("get", scopes).status_code == 401
    assert manager("get", annual).status_code == 200
    assert manager("get", f"{annual}?school_year=2025-2026&scope=instelling").status_code == 200
    assert manager("get", f"{annual}?school_year=2025").status_code == 400
    other = carol.teams.get()
    assert manager("get", f"{annual}?scope=team-{other.pk}").status_code == 404
    assert mentor("get", annual).status_code == 404
    assert anonymous("get", annual).status_code == 401


def test_the_schema_requires_a_team_when_registering(schema):
    request = schema.operations[(LIST, "post")]["requestBody"]["content"]["application/json"]
    ref = request["schema"]["$ref"].rsplit("/", 1)[-1]
    assert "team" in schema.document["components"]["schemas"][ref]["required"]


def test_the_converter_makes_nullable_values_and_extra_fields_checkable():
    converted = _to_json_schema(
        copy.deepcopy({"type": "object", "properties": {"a": {"type": "string", "nullable": True}}})
    )
    jsonschema.validate({"a": None}, converted)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"a": None, "b": 1}, converted)
