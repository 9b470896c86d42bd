"""The plan pages for every persona: who sees, who edits, what is logged, and the cost."""

from dataclasses import replace
from datetime import date

import pytest
import time_machine

from entree.audit.models import AccessLog
from plans import selectors, services
from plans.models import PlanVersion, ProgressMeeting
from plans.services import PlanData, StepData
from tests.factories import NetworkContactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(date(2026, 11, 16), tick=False):
        yield


def _url(student, page=""):
    return f"/studenten/{student.uuid}/plan/{page}"


def _with_plan(student, alice, steps=2):
    return services.plan_save(
        student=student,
        by=alice,
        data=PlanData(
            route="kwalificerend",
            goal="Doorstromen naar de opleiding logistiek niveau 2.",
            steps=tuple(
                StepData(description=f"Stap nummer {i}", owner="student", due_on=date(2027, 1, i))
                for i in range(1, steps + 1)
            ),
        ),
    )


def _formset(prefix, rows, extra=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows) + extra),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{k}": v for k, v in row.items()})
    return data


def _plan_post(**main):
    return {
        "route": "arbeidsmarkt",
        "goal": "Ik wil bij een supermarkt werken.",
        "reason": "",
        **_formset(
            "stap",
            [
                {
                    "description": "Sollicitatiegesprek oefenen",
                    "owner": "mentor",
                    "due_on": "2026-12-10",
                    "status": "open",
                }
            ],
        ),
        **_formset("voorziening", []),
        **_formset(
            "regelzaak",
            [{"domain": "financien", "description": "Zorgtoeslag aanvragen", "status": "open"}],
        ),
        **main,
    }


@pytest.mark.parametrize("who", ["carol", "erin", "frank"])
@pytest.mark.parametrize("page", ["", "bewerken/", "gesprek/", "vergelijken/", "versie/1/"])
def test_people_who_may_not_see_the_student_get_404(who, page, personas, student, client_for):
    _with_plan(student, personas["alice"])
    assert client_for(personas[who]).get(_url(student, page)).status_code == 404


def test_anonymous_is_sent_to_the_login(student, client):
    response = client.get(_url(student))
    assert response.status_code == 302 and "/account/inloggen/" in response["Location"]


def test_the_regiehouder_sees_the_plan_and_may_change_it(student, alice, client_for):
    _with_plan(student, alice)
    page = client_for(alice).get(_url(student))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Integraal plan, versie 1" in body and "Plan bijwerken" in body
    assert "Stap nummer 2" in body
    assert "Integraal plan" in [t["label"] for t in page.context["tabs"]]


def test_a_team_colleague_reads_the_plan_but_cannot_change_it(student, alice, bob, client_for):
    version = _with_plan(student, alice)
    client = client_for(bob)
    body = client.get(_url(student)).content.decode()
    assert "Stap nummer 1" in body and "Plan bijwerken" not in body
    assert client.get(_url(student, "bewerken/")).status_code == 403
    assert client.post(_url(student, "bewerken/"), _plan_post()).status_code == 403
    key = version.steps.first().key
    assert client.post(_url(student, "stap/"), {"key": key, "status": "klaar"}).status_code == 403
    assert PlanVersion.objects.count() == 1


def test_every_read_of_the_plan_is_logged(student, alice, bob, client_for):
    _with_plan(student, alice)
    client_for(bob).get(_url(student))
    client_for(bob).get(_url(student, "versie/1/"))
    entries = AccessLog.objects.filter(student_uuid=student.uuid, user=bob)
    assert [e.part for e in entries] == ["plan", "plan"]


def test_writing_a_first_plan_through_the_page(student, alice, client_for):
    response = client_for(alice).post(_url(student, "bewerken/"), _plan_post())
    assert response.status_code == 302, response.content.decode()[:2000]
    version = selectors.current_version(student)
    assert version.number == 1 and version.route == "arbeidsmarkt"
    assert [s.description for s in version.steps.all()] == ["Sollicitatiegesprek oefenen"]
    assert [o.description for o in version.obstacles.all()] == ["Zorgtoeslag aanvragen"]


def test_bad_input_on_the_page_names_the_item_and_saves_nothing(student, alice, client_for):
    post = _plan_post()
    post["stap-0-description"] = ""
    response = client_for(alice).post(_url(student, "bewerken/"), post)
    assert response.status_code == 200
    assert "Stap 1: beschrijf de stap." in response.content.decode()
    assert not PlanVersion.objects.exists()


def test_an_untouched_empty_row_is_skipped(student, alice, client_for):
    post = _plan_post()
    post["stap-TOTAL_FORMS"] = "3"
    for row in (1, 2):  # what the browser posts for an untouched extra row
        post[f"stap-{row}-owner"] = "student"
        post[f"stap-{row}-status"] = "open"
    response = client_for(alice).post(_url(student, "bewerken/"), post)
    assert response.status_code == 302
    assert selectors.current_version(student).steps.count() == 1


def test_a_progress_meeting_through_the_page_revises_the_plan(student, alice, client_for):
    _with_plan(student, alice)
    data = services.plan_data_of(selectors.current_version(student))
    post = {
        "held_on": "2026-11-12",
        "with_student": "on",
        "notes": "Goed gesprek.",
        **{
            f"leefgebied-{d}-state": "op_orde"
            for d in ("hulpverlening_zorg", "wonen", "financien", "school", "werk")
        },
        "route": "kwalificerend",
        "goal": "Toch eerst niveau 2.",
        **_formset(
            "stap",
            [
                {
                    "key": s.key,
                    "description": s.description,
                    "owner": s.owner,
                    "due_on": s.due_on.isoformat(),
                    "status": s.status,
                }
                for s in data.steps
            ],
        ),
        **_formset("voorziening", []),
        **_formset("regelzaak", []),
    }
    response = client_for(alice).post(_url(student, "gesprek/"), post)
    assert response.status_code == 302, response.content.decode()[:3000]
    meeting = ProgressMeeting.objects.get()
    assert meeting.version.number == 2
    compare = client_for(alice).get(_url(student, "vergelijken/"), {"van": 1, "naar": 2})
    body = compare.content.decode()
    assert "Toch eerst niveau 2." in body and "Doorstromen naar de opleiding" in body


def test_a_step_is_ticked_off_in_place_with_htmx(student, alice, client_for):
    version = _with_plan(student, alice)
    key = version.steps.first().key
    response = client_for(alice).post(
        _url(student, "stap/"), {"key": key, "status": "klaar"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "<html" not in response.content.decode()  # a fragment, not the page
    current = selectors.current_version(student)
    assert current.number == 2
    assert current.steps.get(key=key).status == "klaar"
    assert current.reason == "Stap 'Stap nummer 1': Klaar"


def test_a_step_is_ticked_off_without_javascript_too(student, alice, client_for):
    version = _with_plan(student, alice)
    key = version.steps.first().key
    response = client_for(alice).post(_url(student, "stap/"), {"key": key, "status": "bezig"})
    assert response.status_code == 302
    assert selectors.current_version(student).steps.get(key=key).status == "bezig"


def test_the_plan_page_costs_the_same_for_a_long_plan(
    student, alice, client_for, django_assert_max_num_queries
):
    _with_plan(student, alice, steps=1)
    client = client_for(alice)
    client.get(_url(student))
    with django_assert_max_num_queries(40) as short:
        client.get(_url(student))
    count = len(short)  # read now: the next request resets Django's query log
    assert count > 5
    data = services.plan_data_of(selectors.current_version(student))
    contact = NetworkContactFactory(student=student)
    for i in range(5):
        data = replace(
            data,
            goal=f"Doel {i}",
            supporters=(contact,),
            steps=(
                *data.steps,
                StepData(description=f"Extra {i}", owner="student", due_on=date(2027, 2, 1)),
            ),
        )
        services.plan_save(student=student, by=alice, data=data)
    with django_assert_max_num_queries(count):
        client.get(_url(student))


def test_a_regelzaak_is_shared_with_its_partner_only_with_consent(student, alice, client_for):
    from plans.services import ObstacleData
    from tests.factories import ConsentFactory

    partner = NetworkContactFactory(student=student, name="Mw. Schuldhulp")
    services.plan_save(
        student=student,
        by=alice,
        data=PlanData(
            obstacles=(ObstacleData(domain="financien", description="Schulden", partner=partner),)
        ),
    )
    page = client_for(alice).get(_url(student)).content.decode()
    assert "Toestemming om gegevens te delen ontbreekt" in page
    assert f"/studenten/{student.uuid}/netwerk/#toestemming-kop" in page
    ConsentFactory(student=student, contact=partner, purpose="gegevens_delen", recorded_by=alice)
    page = client_for(alice).get(_url(student)).content.decode()
    assert "Toestemming om te delen: ja" in page
    assert "ontbreekt" not in page


def test_a_regelzaak_is_marked_arranged_in_place_with_htmx(student, alice, bob, client_for):
    from plans.services import ObstacleData

    version = services.plan_save(
        student=student,
        by=alice,
        data=PlanData(obstacles=(ObstacleData(domain="wonen", description="Kamer zoeken"),)),
    )
    key = version.obstacles.get().key
    assert (
        client_for(bob).post(_url(student, "regelzaak/"), {"key": key, "status": "geregeld"})
    ).status_code == 403
    response = client_for(alice).post(
        _url(student, "regelzaak/"), {"key": key, "status": "geregeld"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body and "Kamer zoeken" in body
    current = selectors.current_version(student)
    assert current.obstacles.get(key=key).status == "geregeld"
    assert current.reason == "Regelzaak 'Kamer zoeken': Geregeld"


def test_an_unknown_item_or_status_changes_nothing(student, alice, client_for):
    version = _with_plan(student, alice)
    key = version.steps.first().key
    client = client_for(alice)
    client.post(_url(student, "stap/"), {"key": key, "status": "onzin"})
    client.post(
        _url(student, "stap/"), {"key": "00000000-0000-0000-0000-000000000000", "status": "klaar"}
    )
    assert PlanVersion.objects.count() == 1


def test_a_postponed_advice_asks_for_a_revision_until_one_is_written(student, alice, client_for):
    from tests.factories import StudyAdviceFactory

    _with_plan(student, alice)
    StudyAdviceFactory(
        student=student, decision="uitgesteld", postponed_until=date(2027, 1, 15), recorded_by=alice
    )
    page = client_for(alice).get(_url(student)).content.decode()
    assert "Stel het plan bij naar aanleiding van dit advies." in page
    data = services.plan_data_of(selectors.current_version(student))
    with time_machine.travel(date(2026, 11, 17), tick=False):  # revised the next day
        services.plan_save(student=student, by=alice, data=replace(data, goal="Bijgesteld"))
    page = client_for(alice).get(_url(student)).content.decode()
    assert "Studieadvies van" in page
    assert "Stel het plan bij naar aanleiding van dit advies." not in page
