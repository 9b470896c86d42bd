"""The network pages under /bpv/ (companies, praktijkopleiders, visits to make) for every
persona: who sees them, what the forms refuse, where they return to, and their cost."""

from datetime import date

import pytest

from entree.audit.models import AccessLog
from placements.models import Company, CompanyContact
from tests.factories import (
    CompanyContactFactory,
    CompanyFactory,
    InstitutionFactory,
    PlacementFactory,
    StudentFactory,
    TeamFactory,
    UserFactory,
    VisitFactory,
)

pytestmark = pytest.mark.django_db

LIST = "/bpv/leerbedrijven/"
NEW = "/bpv/leerbedrijven/nieuw/"
TO_VISIT = "/bpv/te-bezoeken/"


def _page(company, rest=""):
    return f"/bpv/leerbedrijven/{company.uuid}/{rest}"


def _company_post(**fields):
    return {
        "name": "Bakkerij Het Korenaar",
        "kvk_number": "8765 4321",
        "sector": "horeca",
        "sbb_recognised": "on",
        "sbb_number": "100234567",
        "sbb_checked_on": "2026-10-01",
        "address": "Molenweg 3",
        "postcode": "1234 ab",
        "city": "Testmond",
        "notes": "",
        **fields,
    }


def _pages(company, trainer):
    return [
        LIST,
        NEW,
        _page(company),
        _page(company, "bewerken/"),
        _page(company, "praktijkopleider/"),
        _page(company, f"praktijkopleider/{trainer.uuid}/"),
        TO_VISIT,
    ]


# --- Who ----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["alice", "bob", "carol", "dave"])
def test_mentors_and_coordinators_see_every_network_page(
    who, personas, company, trainer, client_for
):
    client = client_for(personas[who])
    for url in _pages(company, trainer):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["erin", "frank"])
def test_management_and_the_beheerder_get_no_network_page(
    who, personas, company, trainer, client_for
):
    client = client_for(personas[who])
    for url in _pages(company, trainer):
        assert client.get(url).status_code == 404, url
    response = client.post(NEW, _company_post())
    assert response.status_code == 404
    assert not Company.objects.filter(kvk_number="87654321").exists()


def test_anonymous_users_are_sent_to_log_in(company, trainer, client):
    for url in _pages(company, trainer):
        response = client.get(url)
        assert response.status_code == 302
        assert "/account/inloggen/" in response["Location"]


def test_a_company_of_another_institution_is_not_there(company, trainer, client_for):
    institution = InstitutionFactory(name="ROC Elders", brin="00BB")
    elsewhere = UserFactory(roles=["mentor"], teams=[TeamFactory(institution=institution)])
    client = client_for(elsewhere)
    for url in _pages(company, trainer)[2:6]:
        assert client.get(url).status_code == 404, url
    assert company.name not in client.get(LIST).content.decode()


def test_an_unknown_contact_is_not_there(company, alice, client_for):
    other = CompanyContactFactory(company=CompanyFactory(institution=company.institution))
    response = client_for(alice).get(_page(company, f"praktijkopleider/{other.uuid}/"))
    assert response.status_code == 404


def test_the_navigation_offers_the_network_to_those_who_work_with_companies(personas, client_for):
    # A coordinator is never a bpv-begeleider: only mentors get the visits list.
    for who, companies, visits in [
        ("alice", True, True),
        ("dave", True, False),
        ("erin", False, False),
        ("frank", False, False),
    ]:
        html = client_for(personas[who]).get("/", follow=True).content.decode()
        assert ("Leerbedrijven" in html) is companies, who
        assert ("Bpv-bezoeken" in html) is visits, who
    html = client_for(personas["alice"]).get(LIST).content.decode()
    assert f'<a href="{LIST}" aria-current="page">Leerbedrijven</a>' in html
    assert '<a href="/studenten/" aria-current="page">' not in html


# --- The list -----------------------------------------------------------------------------


def test_the_list_searches_filters_and_marks_promising_sectors(company, alice, client_for):
    CompanyFactory(
        institution=company.institution, name="Garage Snel", sector="mobiliteit", city="Dorp"
    )
    client = client_for(alice)
    html = client.get(LIST).content.decode()
    assert "Groothandel De Vaart" in html and "Garage Snel" in html
    assert "kansrijk" in html  # logistiek is a promising sector; mobiliteit is not
    assert html.count("badge-kansrijk") == 1
    assert "Leerbedrijf toevoegen" in html
    for query, found, missing in [
        ("?zoek=vaart", "Groothandel De Vaart", "Garage Snel"),
        ("?zoek=dorp", "Garage Snel", "Groothandel De Vaart"),
        ("?zoek=1234+5678", "Groothandel De Vaart", "Garage Snel"),
        ("?sector=mobiliteit", "Garage Snel", "Groothandel De Vaart"),
    ]:
        html = client.get(LIST + query).content.decode()
        assert found in html and missing not in html, query
    assert "Geen leerbedrijven gevonden" in client.get(LIST + "?zoek=onbekend").content.decode()
    # A sector that does not exist is ignored, not an error.
    assert client.get(LIST + "?sector=maan&pagina=99").status_code == 200


def test_the_list_counts_placements_running_and_jobs(company, placement, alice, client_for):
    PlacementFactory(
        company=company,
        student=StudentFactory(team=placement.student.team),
        status="afgerond",
        ended_on=date(2026, 11, 1),
        outcome="baan",
        outcome_on=date(2026, 11, 1),
        start_date=date(2026, 3, 1),
        end_date=date(2026, 6, 30),
    )
    page = client_for(alice).get(LIST).context["page"]
    row = page.object_list[0]
    assert (row.placement_count, row.running_count, row.job_count) == (2, 1, 1)


def test_the_list_pages_by_fifty(company, alice, client_for):
    for _i in range(50):
        CompanyFactory(institution=company.institution)
    client = client_for(alice)
    assert len(client.get(LIST).context["page"].object_list) == 50
    second = client.get(LIST + "?pagina=2").context["page"]
    assert len(second.object_list) == 1


def test_the_list_costs_the_same_for_many_companies(
    company, placement, alice, client_for, django_assert_max_num_queries
):
    client = client_for(alice)
    client.get(LIST)
    with django_assert_max_num_queries(20) as few:
        client.get(LIST)
    count = len(few)
    for _i in range(10):
        other = CompanyFactory(institution=company.institution)
        PlacementFactory(company=other, student=StudentFactory(team=placement.student.team))
    with django_assert_max_num_queries(count):
        client.get(LIST)


# --- Adding and changing a company --------------------------------------------------------


def test_a_mentor_adds_a_company(team, alice, client_for):
    response = client_for(alice).post(NEW, _company_post())
    company = Company.objects.get(kvk_number="87654321")
    assert response.status_code == 302
    assert response["Location"] == _page(company)
    assert company.institution_id == team.institution_id
    assert company.postcode == "1234 AB"
    assert company.created_by == alice


def test_the_form_lists_the_promising_sectors_first(alice, client_for):
    html = client_for(alice).get(NEW).content.decode()
    assert html.index("Kansrijke sectoren") < html.index("Logistiek en transport")
    assert html.index("Logistiek en transport") < html.index("Andere sectoren")
    assert html.index("Andere sectoren") < html.index("Bouw en onderhoud")


def test_a_duplicate_kvk_number_shows_the_existing_company(company, bob, client_for):
    response = client_for(bob).post(NEW, _company_post(kvk_number="12.345.678"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dit KvK-nummer hoort al bij Groothandel De Vaart" in html
    assert f'href="{_page(company)}"' in html
    assert response.context["form"].errors["kvk_number"]
    assert Company.objects.count() == 1


BAD_KVK = (
    "Een KvK-nummer heeft acht cijfers, zoals 12345678 (zie het uittreksel van de Kamer van "
    "Koophandel)."
)


@pytest.mark.parametrize(
    ("kvk", "message"),
    [
        ("", "Vul het KvK-nummer van het bedrijf in."),
        ("  ", "Vul het KvK-nummer van het bedrijf in."),
        ("1234", BAD_KVK),
        ("1234567a", BAD_KVK),
    ],
)
def test_an_empty_or_bad_kvk_number_shows_the_services_message(kvk, message, alice, client_for):
    response = client_for(alice).post(NEW, _company_post(kvk_number=kvk))
    assert response.status_code == 200
    assert response.context["form"].errors["kvk_number"] == [message]
    assert message in response.content.decode()
    assert not Company.objects.exists()


def test_the_services_messages_for_the_other_fields(alice, client_for):
    response = client_for(alice).post(
        NEW, _company_post(name=" ", sector="", sbb_number="", sbb_checked_on="2030-01-01")
    )
    errors = response.context["form"].errors
    assert errors["name"] == ["Vul de naam van het bedrijf in."]
    assert errors["sector"] == ["Kies een sector."]
    assert errors["sbb_number"] == ["Vul het erkenningsnummer van SBB in."]
    assert "sbb_checked_on" in errors
    assert not Company.objects.exists()


def test_adding_from_another_page_returns_there_with_the_new_company(alice, client_for):
    back = "/studenten/00000000-0000-0000-0000-000000000001/bpv/nieuw/?stap=2"
    response = client_for(alice).post(
        f"{NEW}?terug={back.replace('?', '%3F').replace('=', '%3D')}", _company_post()
    )
    company = Company.objects.get(kvk_number="87654321")
    assert response.status_code == 302
    assert response["Location"] == f"{back}&bedrijf={company.uuid}"


@pytest.mark.parametrize(
    "elsewhere", ["https://evil.example.test/", "//evil.example.test/x", "javascript:alert(1)"]
)
def test_an_external_return_address_is_ignored(elsewhere, alice, client_for):
    client = client_for(alice)
    assert elsewhere not in client.get(NEW, {"terug": elsewhere}).content.decode()
    response = client.post(f"{NEW}?terug={elsewhere}", _company_post())
    company = Company.objects.get(kvk_number="87654321")
    assert response["Location"] == _page(company)


def test_a_duplicate_while_adding_from_another_page_offers_to_choose_it(company, alice, client_for):
    html = (
        client_for(alice)
        .post(f"{NEW}?terug=/ergens/", _company_post(kvk_number="12345678"))
        .content.decode()
    )
    assert f'href="/ergens/?bedrijf={company.uuid}"' in html
    assert "Dit bedrijf kiezen" in html


def test_a_company_is_changed(company, bob, client_for):
    client = client_for(bob)
    form = client.get(_page(company, "bewerken/")).context["form"]
    assert form.initial["kvk_number"] == "12345678"
    response = client.post(
        _page(company, "bewerken/"),
        _company_post(name="Groothandel De Vaart BV", kvk_number="12345678"),
    )
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.name == "Groothandel De Vaart BV"


def test_changing_to_another_companys_kvk_number_is_refused(company, bob, client_for):
    other = CompanyFactory(institution=company.institution, name="Garage Snel")
    response = client_for(bob).post(_page(other, "bewerken/"), _company_post(kvk_number="12345678"))
    assert "Dit KvK-nummer hoort al bij Groothandel De Vaart" in response.content.decode()
    other.refresh_from_db()
    assert other.kvk_number != "12345678"


# --- Praktijkopleiders --------------------------------------------------------------------


def test_a_praktijkopleider_is_added_and_later_marked_as_gone(company, alice, client_for):
    client = client_for(alice)
    assert client.get(_page(company, "praktijkopleider/")).context["form"].initial == {
        "active": True
    }
    response = client.post(
        _page(company, "praktijkopleider/"),
        {"name": "Ruud Bakker", "role": "Chef", "phone": "0612345678", "active": "on"},
    )
    assert response.status_code == 302
    contact = CompanyContact.objects.get(name="Ruud Bakker")
    assert contact.active
    response = client.post(
        _page(company, f"praktijkopleider/{contact.uuid}/"), {"name": "Ruud Bakker"}
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert not contact.active
    assert "Niet meer" in client.get(_page(company)).content.decode()


def test_a_praktijkopleider_needs_a_name(company, alice, client_for):
    response = client_for(alice).post(_page(company, "praktijkopleider/"), {"name": ""})
    assert response.context["form"].errors["name"] == ["Vul de naam van de contactpersoon in."]
    assert not CompanyContact.objects.exists()


# --- The company page ---------------------------------------------------------------------


def test_the_company_page_shows_details_contacts_figures_and_history(
    company, trainer, placement, alice, client_for
):
    CompanyContactFactory(company=company, name="Oud Collega", active=False)
    response = client_for(alice).get(_page(company))
    html = response.content.decode()
    for text in ("12345678", "kansrijk", "Sanne Vermeer", "Oud Collega", "Niet meer"):
        assert text in html, text
    assert response.context["figures"].running == 1
    assert f'href="/studenten/{placement.student.uuid}/bpv/"' in html
    assert placement.student.sort_name in html
    assert "Bedrijf wijzigen" in html and "Praktijkopleider toevoegen" in html
    # A company is not a student's record: opening it is not in the access log.
    assert not AccessLog.objects.exists()


def test_another_team_sees_the_company_but_not_the_student(company, placement, carol, client_for):
    response = client_for(carol).get(_page(company))
    html = response.content.decode()
    assert "Groothandel De Vaart" in html
    assert response.context["figures"].placements == 1
    assert "Student die u niet kunt inzien" in html
    student = placement.student
    for secret in (student.first_name, student.last_name, str(student.uuid), "Entree Zorg"):
        assert secret not in html, secret


def test_an_old_sbb_check_is_pointed_out(company, alice, client_for):
    company.sbb_recognised, company.sbb_number = True, "123"
    company.sbb_checked_on = date(2025, 11, 15)
    company.save()
    html = client_for(alice).get(_page(company)).content.decode()
    assert "meer dan een jaar geleden" in html
    company.sbb_checked_on = date(2025, 11, 16)
    company.save()
    assert "meer dan een jaar geleden" not in client_for(alice).get(_page(company)).content.decode()


def test_the_history_pages_by_twenty_five(company, placement, alice, client_for):
    for year in range(2000, 2025):
        PlacementFactory(
            company=company,
            student=placement.student,
            status="afgerond",
            ended_on=date(year, 6, 30),
            start_date=date(year, 3, 1),
            end_date=date(year, 6, 30),
        )
    client = client_for(alice)
    assert len(client.get(_page(company)).context["page"].object_list) == 25
    assert len(client.get(_page(company) + "?pagina=2").context["page"].object_list) == 1


def test_the_company_page_costs_the_same_for_a_long_history(
    company, placement, alice, carol, client_for, django_assert_max_num_queries
):
    client = client_for(alice)
    client.get(_page(company))
    with django_assert_max_num_queries(20) as few:
        client.get(_page(company))
    count = len(few)
    other_team = StudentFactory(team=TeamFactory(institution=company.institution))
    for i in range(6):
        CompanyContactFactory(company=company)
        PlacementFactory(
            company=company,
            student=StudentFactory(team=placement.student.team) if i % 2 else other_team,
            status="afgerond",
            ended_on=date(2020 + i, 6, 30),
            start_date=date(2020 + i, 3, 1),
            end_date=date(2020 + i, 6, 30),
        )
    with django_assert_max_num_queries(count):
        client.get(_page(company))


# --- The bpv-begeleider's list ------------------------------------------------------------


def _running(company, supervisor, team, start, end, visits=0):
    placement = PlacementFactory(
        company=company,
        student=StudentFactory(team=team),
        supervisor=supervisor,
        start_date=start,
        end_date=end,
    )
    for i in range(visits):
        VisitFactory(placement=placement, visited_on=date(2026, 11, 1 + i), recorded_by=supervisor)
    return placement


def test_the_visits_to_make_most_urgent_first(company, team, bob, client_for):
    done = _running(company, bob, team, date(2026, 9, 1), date(2026, 12, 31), visits=2)
    late = _running(company, bob, team, date(2026, 9, 1), date(2026, 12, 1))  # midpoint 16-10
    soon = _running(company, bob, team, date(2026, 11, 1), date(2027, 1, 31))  # midpoint 16-12
    second = _running(company, bob, team, date(2026, 9, 1), date(2026, 12, 20), visits=1)
    response = client_for(bob).get(TO_VISIT)
    rows = list(response.context["page"].object_list)
    assert rows == [late, second, soon, done]
    html = response.content.decode()
    assert html.count(">te laat<") == 1
    assert "0 van 2" in html and "1 van 2" in html and "2 van 2" in html
    assert f'href="/studenten/{late.student.uuid}/bpv/"' in html
    assert html.index(late.student.sort_name) < html.index(done.student.sort_name)


def test_the_visits_list_says_when_there_is_nothing_to_visit(alice, client_for):
    html = client_for(alice).get(TO_VISIT).content.decode()
    assert "U hoeft nu niemand te bezoeken" in html


def test_the_visits_list_shows_only_ones_own_placements(placement, alice, bob, client_for):
    assert client_for(alice).get(TO_VISIT).context["page"].paginator.count == 0
    assert list(client_for(bob).get(TO_VISIT).context["page"].object_list) == [placement]


def test_the_visits_list_costs_the_same_for_many_placements(
    company, team, bob, client_for, django_assert_max_num_queries
):
    _running(company, bob, team, date(2026, 9, 1), date(2026, 12, 31), visits=1)
    client = client_for(bob)
    client.get(TO_VISIT)
    with django_assert_max_num_queries(20) as few:
        client.get(TO_VISIT)
    count = len(few)
    for i in range(8):
        other = CompanyFactory(institution=company.institution)
        _running(other, bob, team, date(2026, 9, 1), date(2026, 12, 31), visits=i % 3)
    with django_assert_max_num_queries(count):
        client.get(TO_VISIT)


def test_a_company_added_from_the_bpv_tab_comes_back_chosen(student, alice, client_for):
    client = client_for(alice)
    chooser = client.get(f"/studenten/{student.uuid}/bpv/nieuw/").content.decode()
    back = f"/studenten/{student.uuid}/bpv/nieuw/"
    assert f"{NEW}?terug={back.replace('/', '%2F')}" in chooser
    response = client.post(f"{NEW}?terug={back}", _company_post())
    company = Company.objects.get(kvk_number="87654321")
    assert response["Location"] == f"{back}?bedrijf={company.uuid}"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Bakkerij Het Korenaar" in page.content.decode()
