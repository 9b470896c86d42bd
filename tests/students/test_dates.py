"""One set of date rules on every channel (issue 7.2): the page, the API and the import
refuse a birth date, a programme start or a study advice that cannot be right, on the
same field and with the same Dutch message (entree.core.dates on the model fields,
applied by every service's full_clean)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from entree.core.dates import PlausibleDate, add_years, age_on, validate_birth_date
from students import services
from students.models import Placeability, Status, Student, StudyAdvice
from tests.factories import IntakeFactory, LifeDomainAssessmentFactory, StudentFactory

pytestmark = pytest.mark.django_db

TODAY = datetime(2026, 11, 22, 12, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def _registration(team, **changes) -> dict:
    data = {
        "student_number": "9100001",
        "team": team.pk,
        "first_name": "Sem",
        "last_name": "Vries",
        "date_of_birth": "2009-03-04",
        "learning_path": "bol",
        "profile": "entree_kwalificatiedossier",
        "prior_education": "onbekend",
        "referral_route": "eigen_initiatief",
    }
    return {**data, **changes}


@pytest.mark.parametrize(
    ("born", "message"),
    [
        ("2999-01-01", "Deze datum ligt in de toekomst."),
        ("1826-01-01", "Dit geeft een leeftijd van 200 jaar; dat kan niet kloppen"),
        ("2020-01-01", "Dit geeft een leeftijd van 6 jaar"),
    ],
)
def test_the_registration_page_refuses_an_implausible_birth_date(
    born, message, alice, team, client_for
):
    response = client_for(alice).post("/studenten/nieuw/", _registration(team, date_of_birth=born))
    assert response.status_code == 200
    assert any(message in e for e in response.context["form"].errors["date_of_birth"])
    assert not Student.objects.exists()


def test_the_api_refuses_an_implausible_birth_date_on_its_field(alice, team, api_for):
    data = {
        "student_number": "9300001",
        "team": team.name,
        "first_name": "Yara",
        "last_name": "Koster",
        "date_of_birth": "1700-06-01",
        "learning_path": "bbl",
    }
    response = api_for(alice).post("/api/v1/students/", data)
    assert response.status_code == 400
    assert "leeftijd van 326 jaar" in str(response.json())
    assert "date_of_birth" in str(response.json())
    assert not Student.objects.exists()


def _placeable(team, alice) -> Student:
    student = StudentFactory(
        team=team, regiehouder=alice, status=Status.INTAKE, start_date=None, cohort=""
    )
    intake = IntakeFactory(student=student)
    for domain in ("hulpverlening_zorg", "wonen", "financien", "school", "werk"):
        LifeDomainAssessmentFactory(intake=intake, domain=domain, state="op_orde")
    return student


@pytest.mark.parametrize(
    ("start", "message"),
    [
        (date(3026, 9, 1), "meer dan 1 jaar in de toekomst"),
        (date(1026, 9, 1), "vóór 1 augustus 2014"),
    ],
)
def test_a_placement_with_a_start_centuries_away_is_refused(start, message, alice, team):
    student = _placeable(team, alice)
    with pytest.raises(ValidationError) as error:
        services.intake_decide(
            student=student, by=alice, outcome=Placeability.GEPLAATST, start_date=start
        )
    assert message in " ".join(error.value.message_dict["start_date"])
    assert Student.objects.get(pk=student.pk).status == Status.INTAKE


def test_the_api_refuses_a_start_date_a_thousand_years_ahead(alice, team, api_for):
    student = _placeable(team, alice)
    services.intake_decide(
        student=student, by=alice, outcome=Placeability.GEPLAATST, start_date=date(2027, 2, 1)
    )
    response = api_for(alice).post(
        f"/api/v1/students/{student.uuid}/activate/", {"start_date": "3027-02-01"}
    )
    assert response.status_code == 400
    assert "meer dan 1 jaar in de toekomst" in str(response.json())
    assert Student.objects.get(pk=student.pk).status == Status.GEPLAATST


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"given_on": date(2300, 1, 1)}, "given_on", "Deze datum ligt in de toekomst."),
        (
            {"decision": "uitgesteld", "postponed_until": date(2400, 1, 1)},
            "postponed_until",
            "meer dan 1 jaar in de toekomst",
        ),
    ],
)
def test_a_study_advice_centuries_away_is_refused(changes, field, message, alice, team):
    student = StudentFactory(
        team=team, regiehouder=alice, status=Status.ACTIEF, start_date=date(2026, 9, 1)
    )
    advice = {"decision": "positief", "given_on": date(2026, 11, 20), "motivation": "Goed"}
    with pytest.raises(ValidationError) as error:
        services.study_advice_record(student=student, by=alice, **{**advice, **changes})
    assert message in " ".join(error.value.message_dict[field])
    assert not StudyAdvice.objects.exists()


def test_a_study_advice_before_the_start_is_refused_on_the_page(alice, team, client_for):
    student = StudentFactory(
        team=team, regiehouder=alice, status=Status.ACTIEF, start_date=date(2026, 9, 1)
    )
    url = f"/studenten/{student.uuid}/studieadvies/"
    client = client_for(alice)
    form = client.get(url).context["form"]
    data = {"decision": "positief", "given_on": "2026-08-01", "motivation": "Goed"}
    response = client.post(url, {form.add_prefix(k): v for k, v in data.items()})
    assert "Het advies kan niet vóór de startdatum liggen." in response.content.decode()
    assert not StudyAdvice.objects.exists()


def test_a_stored_record_stays_valid_as_the_years_pass(alice, team):
    """The limits never drift: a student started in 2015, saved again in 2031, is fine."""
    student = StudentFactory(team=team, start_date=date(2015, 9, 1), date_of_birth=date(1998, 5, 1))
    with time_machine.travel(datetime(2031, 1, 1, tzinfo=ZoneInfo("Europe/Amsterdam"))):
        student.full_clean(exclude=["institution", "team", "regiehouder"])


def test_the_date_helpers_handle_leap_days_and_birthdays():
    assert add_years(date(2028, 2, 29), 1) == date(2029, 2, 28)
    assert age_on(date(2008, 11, 23), date(2026, 11, 22)) == 17
    assert age_on(date(2008, 11, 22), date(2026, 11, 22)) == 18
    validate_birth_date(date(2008, 11, 22))
    PlausibleDate(years_ahead=1)(date(2027, 11, 22))
    with pytest.raises(ValidationError):
        PlausibleDate(years_ahead=1)(date(2027, 11, 23))
