"""The annual report pages for each persona: the list with its form, a report's page, the
download. Only managers of the report's scope; everybody else the same 404."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from entree.accounts.roles import Role
from entree.reports.models import GeneratedReport, ReportStatus
from tests.factories import InstitutionFactory, StudentFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def outsider(db):
    """A manager of a team of another institution."""
    team = TeamFactory(institution=InstitutionFactory(name="ROC Elders", brin="99ZZ"))
    return UserFactory(email="olga@elders.example.test", roles=[Role.MANAGEMENT], teams=[team])


@pytest.fixture
def done(erin, team, media) -> GeneratedReport:
    name = default_storage.save("jaarverslagen/test.pdf", ContentFile(b"%PDF-1.7 test"))
    return GeneratedReport.objects.create(
        requested_by=erin,
        school_year="2025-2026",
        institution=team.institution,
        team=team,
        scope_key=f"team-{team.pk}",
        scope_name=f"{team.institution.name} — {team.name}",
        status=ReportStatus.KLAAR,
        progress=100,
        file_name=name,
        file_size=13,
        page_count=12,
    )


def _urls(report: GeneratedReport) -> list[str]:
    return [
        "/kerncijfers/jaarverslagen/",
        f"/kerncijfers/jaarverslagen/{report.pk}/",
        f"/kerncijfers/jaarverslagen/{report.pk}/jaarverslag.pdf",
    ]


def test_the_manager_of_the_scope_sees_the_list_the_report_and_downloads_it(
    erin, done, client_for, django_assert_max_num_queries
):
    client = client_for(erin)
    with django_assert_max_num_queries(12):
        listing = client.get("/kerncijfers/jaarverslagen/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "2025-2026" in html and done.scope_name in html and erin.get_full_name() in html
    assert f"/kerncijfers/jaarverslagen/{done.pk}/jaarverslag.pdf" in html
    page = client.get(f"/kerncijfers/jaarverslagen/{done.pk}/")
    assert page.status_code == 200 and "Jaarverslag klaar" in page.content.decode()
    download = client.get(f"/kerncijfers/jaarverslagen/{done.pk}/jaarverslag.pdf")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    assert "jaarverslag-entree-2025-2026-" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == b"%PDF-1.7 test"


def test_another_manager_of_the_same_scope_sees_and_downloads_it_too(team, done, client_for):
    colleague = UserFactory(email="ed@school.example.test", roles=[Role.MANAGEMENT], teams=[team])
    client = client_for(colleague)
    for url in _urls(done):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("persona", ["alice", "carol", "dave", "frank", "outsider"])
def test_nobody_else_sees_a_report(persona, personas, outsider, done, client_for):
    user = outsider if persona == "outsider" else personas[persona]
    client = client_for(user)
    listing = client.get("/kerncijfers/jaarverslagen/")
    if persona == "outsider":  # a manager: an own, empty list, without this report
        assert listing.status_code == 200
        assert str(done.pk) not in listing.content.decode()
    else:
        assert listing.status_code == 404
    for url in _urls(done)[1:]:
        assert client.get(url).status_code == 404, url


def test_a_manager_of_another_team_of_the_institution_cannot_download_a_team_report(
    other_team, done, client_for
):
    manager = UserFactory(
        email="tom@school.example.test", roles=[Role.MANAGEMENT], teams=[other_team]
    )
    for url in _urls(done)[1:]:
        assert client_for(manager).get(url).status_code == 404, url


def test_anonymous_visitors_are_sent_to_the_login(done, client):
    for url in _urls(done):
        response = client.get(url)
        assert response.status_code == 302 and "/account/inloggen/" in response["Location"]


def test_a_report_not_yet_ready_shows_its_progress_and_polls(erin, done, client_for):
    GeneratedReport.objects.filter(pk=done.pk).update(status=ReportStatus.BEZIG, progress=40)
    client = client_for(erin)
    html = client.get(f"/kerncijfers/jaarverslagen/{done.pk}/").content.decode()
    assert "Jaarverslag wordt gemaakt" in html
    assert 'value="40"' in html and "40% klaar" in html
    assert 'hx-trigger="every 2s"' in html
    assert client.get(f"/kerncijfers/jaarverslagen/{done.pk}/jaarverslag.pdf").status_code == 404


def test_a_failed_report_says_so(erin, done, client_for):
    GeneratedReport.objects.filter(pk=done.pk).update(
        status=ReportStatus.MISLUKT, error="Het jaarverslag kon niet worden gemaakt."
    )
    html = client_for(erin).get(f"/kerncijfers/jaarverslagen/{done.pk}/").content.decode()
    assert "Jaarverslag mislukt" in html and "hx-trigger" not in html


def test_a_made_report_whose_file_is_gone_offers_to_make_it_again(
    erin, team, done, client_for, django_capture_on_commit_callbacks
):
    StudentFactory(team=team, cohort="2025-2026")
    GeneratedReport.objects.filter(pk=done.pk).update(file_name="")
    client = client_for(erin)
    html = client.get(f"/kerncijfers/jaarverslagen/{done.pk}/").content.decode()
    assert "Bestand niet meer bewaard" in html and "Jaarverslag mislukt" not in html
    assert client.get(f"/kerncijfers/jaarverslagen/{done.pk}/jaarverslag.pdf").status_code == 404
    # The button posts the same year and scope to the list's form: a new report starts.
    assert 'name="school_year" value="2025-2026"' in html
    assert f'name="scope" value="team-{team.pk}"' in html
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(
            "/kerncijfers/jaarverslagen/", {"school_year": "2025-2026", "scope": f"team-{team.pk}"}
        )
    again = GeneratedReport.objects.exclude(pk=done.pk).get()
    assert response["Location"] == f"/kerncijfers/jaarverslagen/{again.pk}/"
    assert len(callbacks) == 1


def test_the_form_offers_the_years_with_students_and_the_managers_scopes(erin, team, client_for):
    StudentFactory(team=team, cohort="2024-2025")
    StudentFactory(team=team, cohort="2025-2026")
    form = client_for(erin).get("/kerncijfers/jaarverslagen/").context["form"]
    assert [value for value, _label in form.fields["school_year"].choices] == [
        "2025-2026",
        "2024-2025",
    ]
    assert f"team-{team.pk}" in [value for value, _label in form.fields["scope"].choices]


def test_requesting_a_report_starts_it_and_shows_its_page(
    erin, team, client_for, django_capture_on_commit_callbacks
):
    StudentFactory(team=team, cohort="2025-2026")
    with django_capture_on_commit_callbacks() as callbacks:
        response = client_for(erin).post(
            "/kerncijfers/jaarverslagen/",
            {"school_year": "2025-2026", "scope": f"team-{team.pk}"},
        )
    report = GeneratedReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/kerncijfers/jaarverslagen/{report.pk}/"
    assert len(callbacks) == 1 and report.requested_by == erin


def test_a_year_without_students_or_a_foreign_scope_is_refused_in_the_form(
    erin, team, other_team, client_for
):
    StudentFactory(team=team, cohort="2025-2026")
    response = client_for(erin).post(
        "/kerncijfers/jaarverslagen/", {"school_year": "1999-2000", "scope": "team-0"}
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"school_year", "scope"}
    assert not GeneratedReport.objects.exists()


def test_the_list_costs_the_same_number_of_queries_for_one_report_or_many(
    erin, team, done, client_for
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(erin)
    client.get("/kerncijfers/jaarverslagen/")  # the session and the user, once
    with CaptureQueriesContext(connection) as one:
        client.get("/kerncijfers/jaarverslagen/")
    for _ in range(5):
        GeneratedReport.objects.create(
            requested_by=UserFactory(roles=[Role.MANAGEMENT], teams=[team]),
            school_year="2024-2025",
            institution=team.institution,
            team=team,
            scope_key=f"team-{team.pk}",
            scope_name=team.name,
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get("/kerncijfers/jaarverslagen/")
    assert response.content.decode().count("2024-2025</td>") == 5
    assert len(many) == len(one)


def test_the_list_pages_through_every_kept_report(erin, team, done, client_for, settings):
    from entree.reports import pdf_views

    for _ in range(pdf_views.PER_PAGE):
        GeneratedReport.objects.create(
            requested_by=erin,
            school_year="2024-2025",
            institution=team.institution,
            team=team,
            scope_key=f"team-{team.pk}",
            scope_name=team.name,
        )
    client = client_for(erin)
    first = client.get("/kerncijfers/jaarverslagen/").content.decode()
    assert "Pagina 1 van 2" in first and str(done.pk) not in first  # the oldest is last
    second = client.get("/kerncijfers/jaarverslagen/?pagina=2").content.decode()
    assert str(done.pk) in second
