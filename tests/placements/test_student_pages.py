"""The bpv tab of the student page for every persona: who sees, who changes what, what is
logged, the Dutch refusals through the page, and the cost of the tab."""

from datetime import date

import pytest

from entree.audit.models import AccessLog
from placements.models import Placement, PlacementCertificate, PlacementGoal, Visit
from plans.selectors import current_version
from plans.services import PlanData, StepData, plan_save
from students.models import Status
from tests.factories import (
    CompanyContactFactory,
    CompanyFactory,
    InstitutionFactory,
    PlacementFactory,
    StudentFactory,
    VisitFactory,
)

pytestmark = pytest.mark.django_db


def _url(student, page=""):
    return f"/studenten/{student.uuid}/bpv/{page}"


def _pages(placement, visit):
    p = placement.uuid
    return [
        "",
        "nieuw/",
        f"{p}/bewerken/",
        f"{p}/overeenkomst/",
        f"{p}/afronden/",
        f"{p}/afbreken/",
        f"{p}/resultaat/",
        f"{p}/bezoek/",
        f"{p}/bezoek/{visit.uuid}/",
    ]


#: The pages that change one placement (a GET shows the form).
PLACEMENT_PAGES = [
    "bewerken/",
    "overeenkomst/",
    "afronden/",
    "afbreken/",
    "resultaat/",
    "bezoek/",
]


def _formset(prefix, rows):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{k}": v for k, v in row.items()})
    return data


def _details(trainer=None, supervisor=None, goals=(), certificates=(), **fields):
    return {
        "trainer": trainer.pk if trainer else "",
        "supervisor": supervisor.pk if supervisor else "",
        "start_date": "2026-12-01",
        "end_date": "2027-03-31",
        "days_per_week": "3",
        "hours_per_week": "24",
        "notes": "",
        **_formset("leerdoel", list(goals)),
        **_formset("certificaat", list(certificates)),
        **fields,
    }


@pytest.fixture
def visit(placement, bob):
    return VisitFactory(placement=placement, recorded_by=bob)


@pytest.fixture
def unsupervised(student, company, trainer):
    """A placement still looking, without bob: bob may read it, not change it."""
    return PlacementFactory(
        student=student,
        company=company,
        trainer=trainer,
        status="zoekend",
        start_date=date(2027, 2, 1),
        end_date=date(2027, 5, 31),
        signed_school_on=None,
        signed_student_on=None,
        signed_company_on=None,
    )


# --- Who sees what ------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["carol", "erin", "frank"])
def test_people_who_may_not_see_the_student_get_404(
    who, personas, student, placement, visit, client_for
):
    client = client_for(personas[who])
    for page in _pages(placement, visit):
        assert client.get(_url(student, page)).status_code == 404, page
    assert client.post(_url(student, f"{placement.uuid}/starten/")).status_code == 404
    assert not AccessLog.objects.filter(user=personas[who]).exists()


def test_anonymous_is_sent_to_the_login(student, placement, visit, client):
    for page in _pages(placement, visit):
        response = client.get(_url(student, page))
        assert response.status_code == 302 and "/account/inloggen/" in response["Location"]


def test_the_regiehouder_sees_every_page(student, placement, visit, alice, client_for):
    client = client_for(alice)
    for page in _pages(placement, visit):
        assert client.get(_url(student, page)).status_code == 200, page
    tab = client.get(_url(student))
    body = tab.content.decode()
    assert "Bpv" in [t["label"] for t in tab.context["tabs"]]
    assert "Bpv-plek bij Groothandel De Vaart" in body and "Status: Lopend" in body
    assert "Sanne Vermeer" in body and "1 van 2 bezoeken gedaan." in body
    assert f"/bpv/leerbedrijven/{placement.company.uuid}/" in body
    for action in ("Gegevens wijzigen", "Bezoek vastleggen", "Afronden", "Afbreken"):
        assert action in body
    assert "Bpv-plek starten" not in body  # only while looking


def test_a_colleague_reads_the_tab_but_changes_only_the_placement_he_supervises(
    student, placement, unsupervised, visit, bob, client_for
):
    client = client_for(bob)
    body = client.get(_url(student)).content.decode()
    assert "Bpv-plek bij Groothandel De Vaart" in body and "Bpv-plek toevoegen" not in body
    assert "U bent bpv-begeleider van deze student" in body
    assert body.count("Gegevens wijzigen") == 1  # his placement, not the other one
    assert client.get(_url(student, "nieuw/")).status_code == 403
    for page in PLACEMENT_PAGES:
        assert client.get(_url(student, f"{placement.uuid}/{page}")).status_code == 200, page
        assert client.get(_url(student, f"{unsupervised.uuid}/{page}")).status_code == 403, page
        assert client.post(_url(student, f"{unsupervised.uuid}/{page}"), {}).status_code == 403
    assert client.post(_url(student, f"{unsupervised.uuid}/starten/")).status_code == 403
    # As bpv-begeleider he logs his visit.
    response = client.post(
        _url(student, f"{placement.uuid}/bezoek/"),
        {"visited_on": "2026-11-16", "kind": "telefoon", "rating": "aandacht", "notes": "Belde."},
    )
    assert response.status_code == 302
    assert placement.visits.count() == 2
    unsupervised.refresh_from_db()
    assert unsupervised.status == "zoekend"


def test_a_colleague_without_a_placement_of_his_own_changes_nothing(
    student, unsupervised, bob, client_for
):
    client = client_for(bob)
    body = client.get(_url(student)).content.decode()
    assert "Gegevens wijzigen" not in body and "Bpv-plek starten" not in body
    assert "U bent bpv-begeleider" not in body


def test_the_coordinator_sees_only_students_in_outflow(team, alice, dave, client_for):
    active = StudentFactory(team=team, regiehouder=alice, status=Status.ACTIEF)
    gone = StudentFactory(team=team, regiehouder=alice, status=Status.UITGESTROOMD)
    done = PlacementFactory(student=gone, status="afgerond", ended_on=date(2026, 10, 30))
    client = client_for(dave)
    assert client.get(_url(active)).status_code == 404
    body = client.get(_url(gone)).content.decode()
    assert "Status: Afgerond" in body
    # In outflow the coordinator keeps the record: he records the outcome.
    response = client.post(
        _url(gone, f"{done.uuid}/resultaat/"), {"outcome": "baan", "outcome_on": "2026-11-10"}
    )
    assert response.status_code == 302
    done.refresh_from_db()
    assert done.outcome == "baan"


def test_every_read_is_logged_as_bpv(student, placement, visit, bob, client_for):
    client = client_for(bob)
    pages = ["", *[f"{placement.uuid}/{p}" for p in PLACEMENT_PAGES]]
    for page in pages:
        client.get(_url(student, page))
    entries = AccessLog.objects.filter(student_uuid=student.uuid, user=bob)
    assert [e.part for e in entries] == ["bpv"] * len(pages)


# --- Registering a placement --------------------------------------------------------------


def test_choosing_a_company_searches_name_city_and_kvk(student, company, alice, client_for):
    CompanyFactory(institution=company.institution, name="Bakkerij Het Korenschoofje")
    client = client_for(alice)
    body = client.get(_url(student, "nieuw/"), {"zoek": "vaart"}).content.decode()
    assert "Groothandel De Vaart" in body and "Korenschoofje" not in body
    body = client.get(_url(student, "nieuw/"), {"zoek": "1234 5678"}).content.decode()
    assert "Groothandel De Vaart" in body
    assert f'value="{company.uuid}"' in body
    assert "Nieuw leerbedrijf toevoegen" in body
    assert "/bpv/leerbedrijven/nieuw/?terug=" in body
    assert "Registreren als zoekend" in body


def test_the_chooser_shows_at_most_twenty(student, company, alice, client_for):
    for i in range(25):
        CompanyFactory(institution=company.institution, name=f"Bedrijf {i:02}")
    page = client_for(alice).get(_url(student, "nieuw/"), {"zoek": "bedrijf"})
    assert len(page.context["companies"]) == 20


def test_a_company_of_another_institution_cannot_be_chosen(student, alice, client_for):
    elsewhere = CompanyFactory(institution=InstitutionFactory(name="ROC Elders", brin="11BB"))
    response = client_for(alice).get(_url(student, "nieuw/"), {"bedrijf": elsewhere.uuid})
    assert response.status_code == 404


def test_registering_a_placement_with_goals_and_certificates(
    student, company, trainer, alice, bob, client_for
):
    version = plan_save(
        student=student,
        by=alice,
        data=PlanData(
            route="arbeidsmarkt",
            steps=(
                StepData(
                    description="Heftruck leren rijden", owner="student", due_on=date(2027, 1, 15)
                ),
            ),
        ),
    )
    step = version.steps.get()
    client = client_for(alice)
    form = client.get(_url(student, "nieuw/"), {"bedrijf": company.uuid}).content.decode()
    assert "Heftruck leren rijden" in form and "Sanne Vermeer" in form
    post = _details(
        trainer=trainer,
        supervisor=bob,
        goals=[{"description": "Veilig werken in het magazijn", "plan_step_key": step.key}],
        certificates=[{"kind": "heftruck"}],
    )
    response = client.post(f"{_url(student, 'nieuw/')}?bedrijf={company.uuid}", post)
    assert response.status_code == 302, response.content.decode()[:3000]
    placement = Placement.objects.get()
    assert placement.status == "zoekend" and placement.company == company
    assert placement.supervisor == bob and placement.trainer == trainer
    goal = PlacementGoal.objects.get()
    assert goal.plan_step_key == step.key
    assert PlacementCertificate.objects.get().kind == "heftruck"
    body = client.get(_url(student)).content.decode()
    assert "Stap in het plan: Heftruck leren rijden (Nog te doen)" in body
    assert "Bpv-plek starten" in body and "Nog niet getekend door" in body


def test_a_goal_whose_step_left_the_plan_says_so(student, placement, alice, client_for):
    version = plan_save(
        student=student,
        by=alice,
        data=PlanData(
            steps=(StepData(description="Oud", owner="student", due_on=date(2027, 1, 15)),)
        ),
    )
    PlacementGoal.objects.create(
        placement=placement, description="Op tijd komen", plan_step_key=version.steps.get().key
    )
    plan_save(student=student, by=alice, data=PlanData(route="arbeidsmarkt"))
    assert not current_version(student).steps.exists()
    body = client_for(alice).get(_url(student)).content.decode()
    assert "De gekoppelde stap staat niet meer in het huidige plan." in body
    assert client_for(alice).get(_url(student, f"{placement.uuid}/bewerken/")).status_code == 200


def test_registering_a_placement_that_is_still_looking(student, alice, client_for):
    client = client_for(alice)
    form = client.get(_url(student, "nieuw/"), {"bedrijf": "geen"}).content.decode()
    assert "nog zoekend" in form and 'name="trainer"' not in form
    post = _details(start_date="", end_date="", days_per_week="", hours_per_week="")
    response = client.post(f"{_url(student, 'nieuw/')}?bedrijf=geen", post)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Placement.objects.get().company is None
    assert "Bpv-plek (nog zoekend)" in client.get(_url(student)).content.decode()


def test_end_before_start_is_refused_in_dutch_and_nothing_saved(
    student, company, alice, client_for
):
    post = _details(start_date="2027-03-01", end_date="2027-02-01")
    response = client_for(alice).post(f"{_url(student, 'nieuw/')}?bedrijf={company.uuid}", post)
    assert response.status_code == 200
    assert "De einddatum ligt vóór of op de startdatum." in response.content.decode()
    assert not Placement.objects.exists()


def test_a_bad_certificate_row_names_the_row(student, company, alice, client_for):
    post = _details(certificates=[{"kind": "anders", "other": ""}])
    response = client_for(alice).post(f"{_url(student, 'nieuw/')}?bedrijf={company.uuid}", post)
    assert "Certificaat 1: schrijf de naam van het certificaat." in response.content.decode()
    assert not Placement.objects.exists()


# --- Its course ---------------------------------------------------------------------------


def test_starting_without_a_signed_agreement_lists_every_reason(
    student, unsupervised, alice, client_for
):
    client = client_for(alice)
    response = client.post(_url(student, f"{unsupervised.uuid}/starten/"), follow=True)
    body = response.content.decode()
    assert "De bpv-plek is niet gestart" in body
    assert "Een bpv-plek begint pas als de praktijkovereenkomst getekend is." in body
    assert "Kies de bpv-begeleider van school." in body
    unsupervised.refresh_from_db()
    assert unsupervised.status == "zoekend"


def test_signing_and_starting_through_the_pages(student, unsupervised, alice, bob, client_for):
    client = client_for(alice)
    page = client.get(_url(student, f"{unsupervised.uuid}/overeenkomst/")).content.decode()
    assert "Een bpv-plek begint pas als de school, de student en het leerbedrijf" in page
    signed = {
        "signed_school_on": "2026-11-10",
        "signed_student_on": "2026-11-10",
        "signed_company_on": "2026-11-12",
    }
    assert (
        client.post(_url(student, f"{unsupervised.uuid}/overeenkomst/"), signed).status_code == 302
    )
    Placement.objects.filter(pk=unsupervised.pk).update(supervisor=bob)
    response = client.post(_url(student, f"{unsupervised.uuid}/starten/"), follow=True)
    assert "De bpv-plek is gestart." in response.content.decode()
    unsupervised.refresh_from_db()
    assert unsupervised.status == "lopend"


def test_a_minor_needs_a_guardian_signature(team, alice, bob, company, trainer, client_for):
    minor = StudentFactory(team=team, regiehouder=alice, date_of_birth=date(2010, 3, 1))
    placement = PlacementFactory(
        student=minor, company=company, trainer=trainer, supervisor=bob, status="zoekend"
    )
    client = client_for(alice)
    body = client.get(_url(minor)).content.decode()
    assert "nodig: de student is jonger dan 18" in body
    assert (
        "De student is jonger dan 18"
        in client.get(_url(minor, f"{placement.uuid}/overeenkomst/")).content.decode()
    )
    response = client.post(_url(minor, f"{placement.uuid}/starten/"), follow=True)
    assert "een ouder of voogd (de student is jonger dan 18)" in response.content.decode()
    placement.refresh_from_db()
    assert placement.status == "zoekend"


def test_a_full_time_placement_cannot_start_beside_a_running_one(
    student, placement, company, trainer, bob, alice, client_for
):
    second = PlacementFactory(
        student=student, company=company, trainer=trainer, supervisor=bob, status="zoekend"
    )
    response = client_for(alice).post(_url(student, f"{second.uuid}/starten/"), follow=True)
    assert "De student heeft in die periode al een lopende bpv-plek" in response.content.decode()
    second.refresh_from_db()
    assert second.status == "zoekend"


def test_a_running_placement_cannot_be_moved_onto_another_running_one(
    student, placement, company, trainer, bob, alice, client_for
):
    later = PlacementFactory(
        student=student,
        company=company,
        trainer=trainer,
        supervisor=bob,
        start_date=date(2027, 2, 1),
        end_date=date(2027, 4, 30),
    )
    post = _details(trainer=trainer, supervisor=bob, start_date="2026-12-01", end_date="2027-03-31")
    response = client_for(alice).post(_url(student, f"{later.uuid}/bewerken/"), post)
    assert response.status_code == 200
    assert "De student heeft in die periode al een lopende bpv-plek" in response.content.decode()
    later.refresh_from_db()
    assert later.start_date == date(2027, 2, 1)


def test_finish_stop_and_outcome_through_the_pages(
    student, placement, unsupervised, alice, client_for
):
    client = client_for(alice)
    future = client.post(_url(student, f"{placement.uuid}/afronden/"), {"ended_on": "2026-12-01"})
    assert "Deze datum ligt in de toekomst." in future.content.decode()
    done = client.post(_url(student, f"{placement.uuid}/afronden/"), {"ended_on": "2026-11-16"})
    assert done.status_code == 302
    missing = client.post(
        _url(student, f"{unsupervised.uuid}/afbreken/"),
        {"ended_on": "2026-11-16", "stop_reason": "anders", "stop_note": ""},
    )
    assert "Licht toe waarom de bpv-plek stopt." in missing.content.decode()
    stopped = client.post(
        _url(student, f"{unsupervised.uuid}/afbreken/"),
        {"ended_on": "2026-11-16", "stop_reason": "match", "stop_note": ""},
    )
    assert stopped.status_code == 302
    result = client.post(
        _url(student, f"{placement.uuid}/resultaat/"),
        {"outcome": "bbl_baan", "outcome_on": "2026-11-16"},
    )
    assert result.status_code == 302
    placement.refresh_from_db()
    unsupervised.refresh_from_db()
    assert (placement.status, placement.outcome) == ("afgerond", "bbl_baan")
    assert (unsupervised.status, unsupervised.stop_reason) == ("afgebroken", "match")
    body = client.get(_url(student)).content.decode()
    assert "Baan met bbl (werkend leren)" in body and "Geen goede match" in body


def test_a_visit_outside_the_placement_is_refused(student, placement, visit, alice, client_for):
    client = client_for(alice)
    response = client.post(
        _url(student, f"{placement.uuid}/bezoek/{visit.uuid}/"),
        {"visited_on": "2026-09-01", "kind": "op_locatie", "rating": "goed"},
    )
    assert "Het bezoek ligt vóór de start van de bpv-plek." in response.content.decode()
    visit.refresh_from_db()
    assert visit.visited_on == date(2026, 11, 2)
    other = VisitFactory(placement=PlacementFactory(student=student, supervisor=None))
    assert client.get(_url(student, f"{placement.uuid}/bezoek/{other.uuid}/")).status_code == 404


def test_the_next_visit_is_marked_overdue(student, placement, alice, client_for):
    # No visit yet and past the midpoint (2 December is not yet; 16 November is not past).
    Placement.objects.filter(pk=placement.pk).update(
        start_date=date(2026, 9, 1), end_date=date(2026, 12, 31)
    )
    body = client_for(alice).get(_url(student)).content.decode()
    assert "0 van 2 bezoeken gedaan." in body
    assert "Het volgende bezoek is te laat" in body
    assert "Bpv-bezoek nodig" in body  # the caseload signal, on the tab too


# --- The cost -----------------------------------------------------------------------------


def test_the_tab_costs_the_same_however_many_placements(
    student, placement, company, trainer, bob, alice, client_for, django_assert_max_num_queries
):
    plan_save(
        student=student,
        by=alice,
        data=PlanData(
            steps=(StepData(description="Stap", owner="student", due_on=date(2027, 1, 15)),)
        ),
    )
    key = current_version(student).steps.get().key
    PlacementGoal.objects.create(placement=placement, description="Doel", plan_step_key=key)
    VisitFactory(placement=placement, recorded_by=bob)
    client = client_for(bob)
    client.get(_url(student))
    with django_assert_max_num_queries(40) as short:
        client.get(_url(student))
    count = len(short)
    assert count > 5
    for i in range(4):
        more = PlacementFactory(
            student=student,
            company=CompanyFactory(institution=company.institution),
            supervisor=bob,
            status="afgerond" if i % 2 else "zoekend",
            trainer=CompanyContactFactory(company=company),
        )
        PlacementGoal.objects.create(placement=more, description=f"Doel {i}", plan_step_key=key)
        PlacementCertificate.objects.create(placement=more, kind="vca")
        VisitFactory(placement=more, recorded_by=alice)
        VisitFactory(placement=placement, recorded_by=alice)
    assert Visit.objects.count() == 9
    with django_assert_max_num_queries(count):
        assert client.get(_url(student)).status_code == 200


def test_a_search_gets_its_company_later(
    student, unsupervised, company, trainer, alice, client_for
):
    Placement.objects.filter(pk=unsupervised.pk).update(company=None, trainer=None)
    client = client_for(alice)
    edit = _url(student, f"{unsupervised.uuid}/bewerken/")
    chooser = client.get(edit, {"kiezen": "1", "zoek": "vaart"}).content.decode()
    assert "Ander leerbedrijf kiezen" in chooser and "Groothandel De Vaart" in chooser
    assert "Registreren als zoekend" not in chooser
    response = client.post(f"{edit}?kiezen=1&bedrijf={company.uuid}", _details(trainer=trainer))
    assert response.status_code == 302, response.content.decode()[:3000]
    unsupervised.refresh_from_db()
    assert (unsupervised.company, unsupervised.trainer) == (company, trainer)
