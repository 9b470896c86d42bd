"""Issue 14: a manager never sees a student's name — not on the dashboard, not in the JSON,
not in any CSV. Searched for every demo student's name in every answer a manager can get
for the demo school (every scope, this school year and the one before)."""

import html
import json
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from entree.accounts.models import User
from entree.reports.report import SchoolYear
from tests.reports.school import demo_names, demo_seed

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 22)

#: A last name shorter than this is not searched on its own: "Bos", "Kok" or "Vos" occur
#: inside ordinary words ("Bosch", "kokkin", "Vostok") and "Smit" in the manager's own
#: name, so alone they would prove nothing. They are still searched as part of the full
#: name ("Fleur Bos"), which cannot occur by accident.
MIN_LAST_NAME = 5


def _needles(names: list[tuple[str, str]]) -> set[str]:
    found = set()
    for first, last in names:
        found.add(f"{first} {last}")
        core = last.split()[-1]  # "de Vries" → "Vries": the prefix is an ordinary word
        if len(core) >= MIN_LAST_NAME:
            found.add(core)
    return found


def _text(response) -> str:
    content = response.content.decode()
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return html.unescape(content)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime(2026, 11, 22, 12, tzinfo=ZoneInfo("Europe/Amsterdam"))):
        yield


def test_no_demo_students_name_in_anything_a_manager_gets(client_for):
    manager = demo_seed(students=120, today=TODAY)
    client = client_for(manager)
    answers = {}
    scopes = client.get("/api/v1/reports/scopes/")
    answers["/api/v1/reports/scopes/"] = scopes
    current = SchoolYear.containing(TODAY)
    for year in (current, current.previous()):
        for scope in scopes.json():
            query = f"schooljaar={year.label}&reikwijdte={scope['key']}"
            page = client.get(f"/kerncijfers/?{query}")
            answers[f"/kerncijfers/?{query}"] = page
            api = f"/api/v1/reports/annual/?school_year={year.label}&scope={scope['key']}"
            answers[api] = client.get(api)
            for url in set(re.findall(r'href="(/kerncijfers/[^"]+\.csv)"', page.content.decode())):
                answers[url] = client.get(url)
    assert all(response.status_code == 200 for response in answers.values()), {
        url: r.status_code for url, r in answers.items() if r.status_code != 200
    }
    assert sum(url.endswith(".csv") for url in answers) >= 2 * len(scopes.json())

    needles = _needles(demo_names())
    assert len(needles) > 100  # the demo's names, not an empty search
    found = {
        url: sorted(needle for needle in needles if needle in _text(response))
        for url, response in answers.items()
    }
    assert {url: names for url, names in found.items() if names} == {}

    # The search finds names where they are: the demo mentor's caseload shows them.
    mentor = User.objects.get(email="mentor@demo.example.test")
    caseload = _text(client_for(mentor).get("/studenten/"))
    assert any(needle in caseload for needle in needles)
