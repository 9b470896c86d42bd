"""Contact details are checked the same way on every channel (issue 7.9): a phone number
"abc" or an e-mail address without a domain is refused by the page, the API, the import
and the network contacts — the rule sits on the model field, which every service's
``full_clean`` applies."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from students import services
from students.importer import students_import
from students.models import ContactKind, NetworkContact, Student
from tests.factories import StudentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime(2026, 3, 2, 10, tzinfo=ZoneInfo("Europe/Amsterdam"))):
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
    ("field", "value", "message"),
    [
        ("phone", "abc", "Vul een geldig telefoonnummer in"),
        ("email", "sem@", "Voer een geldig e-mailadres in."),
    ],
)
def test_the_page_refuses_invalid_contact_details(field, value, message, alice, team, client_for):
    response = client_for(alice).post("/studenten/nieuw/", _registration(team, **{field: value}))
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert not Student.objects.exists()


def test_the_page_accepts_a_dutch_mobile_and_an_international_number(alice, team, client_for):
    client = client_for(alice)
    client.post("/studenten/nieuw/", _registration(team, phone="06-12345678"))
    client.post(
        "/studenten/nieuw/", _registration(team, student_number="9100002", phone="+32 470 12 34 56")
    )
    assert sorted(Student.objects.values_list("phone", flat=True)) == [
        "+32 470 12 34 56",
        "06-12345678",
    ]


def test_the_api_refuses_a_phone_number_that_is_not_one(alice, team, api_for):
    data = {
        "student_number": "9300001",
        "team": team.name,
        "first_name": "Yara",
        "last_name": "Koster",
        "date_of_birth": "2009-06-01",
        "learning_path": "bbl",
        "phone": "abc",
    }
    response = api_for(alice).post("/api/v1/students/", data)
    assert response.status_code == 400
    assert "Vul een geldig telefoonnummer in" in str(response.json())
    assert not Student.objects.exists()


def test_the_import_refuses_a_phone_number_that_is_not_one_with_its_line(team):
    data = (
        "studentnummer;voornaam;achternaam;geboortedatum;team;leerweg;telefoon\r\n"
        f"9100001;Sanne;Berg;17-05-2008;{team.name};bol;06-12345678\r\n"
        f"9100002;Sem;Vries;17-05-2008;{team.name};bol;abc\r\n"
    ).encode()
    result = students_import(institution=team.institution, data=data, by=None, dry_run=False)
    assert [problem.line for problem in result.errors] == [3]
    assert "Vul een geldig telefoonnummer in" in str(result.errors[0])
    assert not Student.objects.exists()


def test_a_network_contact_with_an_invalid_phone_is_refused(alice, team):
    student = StudentFactory(team=team, regiehouder=alice)
    with pytest.raises(ValidationError) as error:
        services.network_contact_save(
            student=student, by=alice, kind=ContactKind.GEMEENTE, name="Sanne", phone="abc"
        )
    assert "phone" in error.value.message_dict
    assert not NetworkContact.objects.exists()
