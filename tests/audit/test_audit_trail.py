"""Every write recorded by triggers, every read in an append-only log; the beheerder sees both."""

import pytest
from django.db import connection, transaction
from django.db.utils import InternalError

from entree.audit.models import AccessLog
from students.models import Student

pytestmark = pytest.mark.django_db


def test_a_write_and_a_read_of_a_student_appear_in_the_audit_views(
    alice, bob, frank, student, client_for, settings
):
    # A write through a request carries who did it (pghistory middleware context).
    client = client_for(alice)
    student.first_name = "Noortje"
    student.save()  # outside a request: recorded without a user
    client_for(bob).get(f"/studenten/{student.uuid}/")

    beheer = client_for(frank)
    writes = beheer.get("/beheer/audit/wijzigingen/", {"record_type": "students.Student"})
    assert writes.status_code == 200
    html = writes.content.decode()
    assert str(student.uuid) in html
    assert "Voornaam" in html  # the field that changed, by its label ...
    assert "Noortje" not in html  # ... never its value
    reads = beheer.get("/beheer/audit/inzage/", {"student": str(student.uuid)})
    assert reads.status_code == 200
    assert bob.get_full_name() in reads.content.decode()
    assert client  # alice's client was only used to show she did nothing here


def test_writes_made_during_a_request_record_the_acting_user(alice, frank, client_for):
    from pghistory.models import Events

    client = client_for(frank)
    client.post(
        f"/beheer/accounts/user/{alice.pk}/change/",
        {
            "email": alice.email,
            "first_name": "Alice",
            "last_name": "Anders",
            "roles": ["mentor"],
            "teams": [t.pk for t in alice.teams.all()],
            "is_active": "on",
        },
    )
    alice.refresh_from_db()
    assert alice.last_name == "Anders"
    # All events of one transaction (the whole test) share pgh_created_at, PostgreSQL's
    # NOW(): the event id decides which one is the latest.
    event = Events.objects.filter(pgh_obj_model="accounts.User", pgh_label="update").latest(
        "pgh_created_at", "pgh_id"
    )
    assert event.pgh_context["user"] == frank.pk
    assert "last_name" in event.pgh_diff


def test_bulk_updates_are_recorded_too(student):
    from pghistory.models import Events

    Student.objects.filter(pk=student.pk).update(last_name="Bulk")
    assert Events.objects.filter(pgh_obj_model="students.Student", pgh_label="update").exists()


def test_access_log_refuses_update_and_delete_at_database_level(bob, student, client_for):
    client_for(bob).get(f"/studenten/{student.uuid}/")
    entry = AccessLog.objects.get()
    with pytest.raises(InternalError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_accesslog SET part = 'iets anders' WHERE id = %s", [entry.pk])
    with pytest.raises(InternalError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_accesslog WHERE id = %s", [entry.pk])
    with pytest.raises(InternalError), transaction.atomic():
        AccessLog.objects.all().delete()
    assert AccessLog.objects.get().part == "dossier"


def test_write_history_cannot_be_rewritten_either(student):
    with pytest.raises(InternalError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM students_studentevent")


@pytest.mark.parametrize("name", ["alice", "bob", "carol", "dave", "erin"])
@pytest.mark.parametrize("url", ["/beheer/audit/wijzigingen/", "/beheer/audit/inzage/"])
def test_only_the_beheerder_opens_the_audit_logs(name, url, personas, client_for):
    assert client_for(personas[name]).get(url).status_code == 404


def test_audit_filters_validate_their_input(frank, client_for):
    response = client_for(frank).get(
        "/beheer/audit/inzage/",
        {"student": "geen-id", "since": "2026-02-01", "until": "2026-01-01"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dit is geen geldig student-id." in html


def test_access_log_page_uses_constant_queries(
    bob, frank, student, client_for, django_assert_max_num_queries
):
    from django.test import Client

    reader = Client()
    reader.force_login(bob)
    reader.get(f"/studenten/{student.uuid}/")
    beheer = client_for(frank)
    # (Counts are read at once: every later request resets Django's query log.)
    with django_assert_max_num_queries(12) as few:
        beheer.get("/beheer/audit/inzage/")
    baseline = len(few.captured_queries)
    for _ in range(20):
        reader.get(f"/studenten/{student.uuid}/")
    with django_assert_max_num_queries(baseline):
        beheer.get("/beheer/audit/inzage/")
    import pghistory

    with pghistory.context(user=frank.pk):  # one attributed write: the names query runs
        Student.objects.filter(pk=student.pk).update(last_name="Nul")
    with django_assert_max_num_queries(14) as few:
        beheer.get("/beheer/audit/wijzigingen/")
    baseline = len(few.captured_queries)
    for name in ("Eén", "Twee", "Drie"):
        with pghistory.context(user=bob.pk):
            Student.objects.filter(pk=student.pk).update(last_name=name)
    with django_assert_max_num_queries(baseline):
        beheer.get("/beheer/audit/wijzigingen/")


def test_access_log_shows_and_filters_parts_by_their_label(bob, frank, student, client_for):
    reader = client_for(bob)
    reader.get(f"/studenten/{student.uuid}/")
    reader.get(f"/studenten/{student.uuid}/intake/")
    beheer = client_for(frank)

    everything = beheer.get("/beheer/audit/inzage/").content.decode()
    assert "<td>Overzicht</td>" in everything  # the label, not the stored code "dossier"
    assert "<td>Intake</td>" in everything

    only_intake = beheer.get("/beheer/audit/inzage/", {"part": "intake"}).content.decode()
    assert "<td>Intake</td>" in only_intake
    assert "<td>Overzicht</td>" not in only_intake

    beheer.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = beheer.get("/beheer/audit/inzage/")
    assert "<td>Overview</td>" in english.content.decode()


def test_an_unknown_part_code_is_shown_as_stored(bob, student):
    from django.utils import translation

    from entree.audit.parts import part_label

    with translation.override("nl"):
        assert part_label("een oud onderdeel") == "een oud onderdeel"
        assert part_label("regie") == "Regie"


def test_a_part_code_cannot_get_two_meanings():
    from django.db import models

    from entree.audit.parts import register_parts

    class Clash(models.TextChoices):
        REGIE = "regie", "Iets anders"

    with pytest.raises(ValueError, match="regie"):
        register_parts(Clash)


def test_write_log_shows_the_field_labels_users_know_in_their_language(
    alice, frank, student, client_for
):
    """Issue 7.6: the change log showed internal names (study_advice_due_on,
    decided_by_id). It now shows the labels of the pages, in the UI language."""
    from students.models import Intake

    intake = Intake.objects.create(student=student)
    Intake.objects.filter(pk=intake.pk).update(decided_by=alice, motivation="Wil werken.")
    Student.objects.filter(pk=student.pk).update(study_advice_due_on="2027-01-31")
    beheer = client_for(frank)

    html = beheer.get("/beheer/audit/wijzigingen/").content.decode()
    assert "Studieadvies uiterlijk" in html
    assert "Besluit genomen door" in html
    assert "Motivatie en doel van de student" in html
    for internal in ("study_advice_due_on", "decided_by_id", "decided_by", "motivation"):
        assert internal not in html

    beheer.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = beheer.get("/beheer/audit/wijzigingen/").content.decode()
    assert "Study advice due by" in english
    assert "Decision made by" in english
    assert "Studieadvies uiterlijk" not in english


def test_beheerder_finds_the_access_log_of_one_student_by_student_number(
    bob, frank, student, team, client_for
):
    """Issue 7.6: the access log named students by UUID only; the beheerder (who has no
    student access) can now search by student number without opening the record."""
    from tests.factories import StudentFactory

    other = StudentFactory(team=team, student_number="7999001")
    reader = client_for(bob)
    reader.get(f"/studenten/{student.uuid}/")
    reader.get(f"/studenten/{other.uuid}/")
    beheer = client_for(frank)

    html = beheer.get("/beheer/audit/inzage/", {"student_number": student.student_number})
    page = html.content.decode()
    assert str(student.uuid) in page
    assert str(other.uuid) not in page
    assert student.last_name not in page and student.first_name not in page
    assert not AccessLog.objects.filter(user=frank).exists()  # nothing was opened

    unknown = beheer.get("/beheer/audit/inzage/", {"student_number": "0000000"})
    assert "Geen inzages gevonden." in unknown.content.decode()
