import pytest

pytestmark = pytest.mark.django_db


def test_openapi_schema_describes_the_student_endpoints(alice, api_for):
    response = api_for(alice).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/students/" in schema["paths"]
    assert "/api/v1/students/{uuid}/" in schema["paths"]


def test_anonymous_api_call_gets_a_clear_json_error(api_for):
    response = api_for(None).get("/api/v1/students/")
    assert response.status_code in (401, 403)
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert body["detail"]


def test_token_authentication_works_for_system_accounts(team, student):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    from entree.accounts.roles import Role
    from tests.factories import UserFactory

    link = UserFactory(roles=[Role.MENTOR], teams=[team], is_system_account=True)
    token = Token.objects.create(user=link)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api.get("/api/v1/students/")
    assert response.status_code == 200
    assert response.json()["results"][0]["id"] == str(student.uuid)


def test_list_endpoint_is_paginated(alice, team, api_for):
    from tests.factories import StudentFactory

    StudentFactory.create_batch(3, team=team, regiehouder=alice)
    body = api_for(alice).get("/api/v1/students/?page_size=2").json()
    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert body["next"]


def test_invalid_filter_value_is_a_validation_error_in_the_common_shape(alice, api_for):
    response = api_for(alice).get("/api/v1/students/?status=onzin")
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "De invoer is niet geldig."
    assert "status" in body["errors"]


def test_application_errors_map_to_a_400_with_their_message():
    from entree.core.api import exception_handler
    from entree.core.errors import ApplicationError

    response = exception_handler(ApplicationError("Dit mag niet."), {})
    assert response.status_code == 400
    assert response.data == {"detail": "Dit mag niet.", "errors": {}}
