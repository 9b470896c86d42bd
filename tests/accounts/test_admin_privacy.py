"""Issue 8.1: the beheerder never sees student content in /beheer/ — not on any list or
form, not on a delete confirmation (single or bulk), not in a refusal.

Deleting an institution, team or user that records outside the beheer depend on is
refused with a count per kind of record (decisions.md, "Security review").
"""

import re

import pytest
from django.urls import reverse

from entree.accounts.admin import admin_site
from entree.accounts.models import Institution, Team, User
from entree.accounts.roles import Role
from entree.audit.models import AccessLog, Channel
from tests.factories import (
    ConsentFactory,
    IntakeFactory,
    NetworkContactFactory,
    RegieTransferFactory,
    StudentFactory,
    StudyAdviceFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# Names that appear nowhere else (not in the fixed staff names of the factories).
STUDENT_NAMES = [("Zwaantje", "Quakkelstein"), ("Bartholda", "Vlijmscheut")]
CONTACT_NAME = "Hendrikje Ploegmakers"


@pytest.fixture
def records(team, alice, frank):
    """Students of ``team`` with everything that hangs on them, made by ``alice``."""
    students = [
        StudentFactory(team=team, regiehouder=alice, first_name=first, last_name=last)
        for first, last in STUDENT_NAMES
    ]
    IntakeFactory(student=students[0])
    contact = NetworkContactFactory(student=students[0], name=CONTACT_NAME)
    ConsentFactory(contact=contact, recorded_by=alice)
    StudyAdviceFactory(student=students[1], recorded_by=alice)
    RegieTransferFactory(student=students[1], to_user=alice)
    AccessLog.objects.create(
        user=alice, student_uuid=students[0].uuid, part="overzicht", channel=Channel.WEB
    )
    return students


def _secrets(students) -> list[str]:
    words = {CONTACT_NAME, *CONTACT_NAME.split()}
    for student in students:
        words |= {student.first_name, student.last_name, student.full_name, str(student)}
        # The UUID is not on this list: the audit pages identify a student by it (design).
        words.add(student.student_number)
    return sorted(words)


def _assert_nothing_named(response, secrets: list[str], where: str) -> None:
    assert response.status_code in (200, 302), (where, response.status_code)
    body = response.content.decode()
    leaked = [word for word in secrets if re.search(re.escape(word), body, re.IGNORECASE)]
    assert not leaked, f"{where} names {leaked}"


def _admin_pages(client) -> list[str]:
    """Every page of the admin site for every object the beheerder can reach."""
    pages = [reverse("admin:index"), reverse("audit:write_log"), reverse("audit:access_log")]
    for model, model_admin in admin_site._registry.items():
        opts = model._meta
        pages.append(reverse("admin:app_list", args=[opts.app_label]))
        pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        if model_admin.has_add_permission(_request_for(client)):
            pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        for pk in model._default_manager.values_list("pk", flat=True):
            for view in ("change", "history", "delete"):
                pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[pk]))
    return pages


def _request_for(client):
    from django.test import RequestFactory

    request = RequestFactory().get("/beheer/")
    request.user = User.objects.get(pk=client.session["_auth_user_id"])
    return request


def test_no_admin_page_or_delete_confirmation_names_a_student(
    records, frank, other_team, client_for, app_role
):
    client = client_for(frank)
    secrets = _secrets(records)
    pages = _admin_pages(client)
    assert len(pages) > 20  # the enumeration found the objects
    for page in pages:
        _assert_nothing_named(client.get(page), secrets, page)

    for model in admin_site._registry:
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        selected = [str(pk) for pk in model._default_manager.values_list("pk", flat=True)]
        if not selected:
            continue
        action = {"action": "delete_selected", "_selected_action": selected}
        # The bulk action's confirmation page, and the confirming POST itself.
        _assert_nothing_named(client.post(changelist, action), secrets, f"bulk {changelist}")
        confirm = client.post(changelist, {**action, "post": "yes"}, follow=True)
        _assert_nothing_named(confirm, secrets, f"bulk confirm {changelist}")

    # Whatever students depend on is still there: every deletion was refused.
    assert Institution.objects.filter(pk=records[0].institution_id).exists()
    assert Team.objects.filter(pk=records[0].team_id).exists()
    assert User.objects.filter(email="alice@school.example.test").exists()


@pytest.mark.parametrize("target", ["institution", "team", "user"])
def test_deleting_what_students_depend_on_is_refused_with_counts(
    target, records, alice, frank, client_for
):
    team = records[0].team
    obj = {"institution": team.institution, "team": team, "user": alice}[target]
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[obj.pk])
    client = client_for(frank)

    page = client.get(url).content.decode()
    assert "studenten: 2" in page
    assert "Verwijderen kan niet" in page

    refused = client.post(url, {"post": "yes"})
    assert refused.status_code == 200  # the confirmation again, not a redirect
    assert type(obj)._default_manager.filter(pk=obj.pk).exists()


def test_a_user_who_recorded_nothing_and_an_empty_team_can_be_deleted(
    team, records, frank, client_for, app_role
):
    empty_team = TeamFactory(institution=team.institution, name="Opgeheven team")
    newcomer = UserFactory(roles=[Role.MENTOR], teams=[empty_team])
    client = client_for(frank)
    for obj in (newcomer, empty_team):
        opts = obj._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[obj.pk])
        assert client.post(url, {"post": "yes"}).status_code == 302
        assert not type(obj)._default_manager.filter(pk=obj.pk).exists()
