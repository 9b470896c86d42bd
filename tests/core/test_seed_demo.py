from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from entree.accounts.models import User
from entree.core.demo import DEMO_PASSWORD, DEMO_USERS
from students.models import PriorEducation, Student

pytestmark = pytest.mark.django_db


def _seed(**kwargs) -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, today=date(2026, 11, 22), **kwargs)
    return out.getvalue()


def test_seed_creates_every_demo_role_with_a_working_login(client):
    output = _seed(students=60)
    assert User.objects.count() == len(DEMO_USERS)
    for email, *_ in DEMO_USERS:
        assert email in output
        response = client.post("/account/inloggen/", {"username": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, email
        client.post("/account/uitloggen/")
    assert Student.objects.count() == 60


def test_seed_is_deterministic_for_a_given_seed():
    # Consent records are append-only, so the first run is undone by a savepoint rollback.
    from django.db import transaction

    def snapshot():
        return list(
            Student.objects.order_by("student_number").values_list(
                "first_name", "status", "date_of_birth", "intake__route_indication"
            )
        )

    savepoint = transaction.savepoint()
    _seed(students=40, seed=7)
    first = snapshot()
    transaction.savepoint_rollback(savepoint)
    assert not Student.objects.exists()
    _seed(students=40, seed=7)
    assert snapshot() == first


def test_running_the_seed_twice_changes_nothing():
    _seed(students=30)
    output = _seed(students=30)
    assert "niets veranderd" in output
    assert Student.objects.count() == 30


def test_seed_follows_the_national_mix_of_prior_education():
    _seed(students=600)
    shares = Counter(Student.objects.values_list("prior_education", flat=True))
    # Table 2.2a: 25% without vo diploma, 19% pro, 19% isk, 15% vso (± sampling noise).
    assert 0.19 < shares[PriorEducation.GEEN_DIPLOMA_VO] / 600 < 0.31
    assert 0.13 < shares[PriorEducation.ISK] / 600 < 0.25
    assert shares[PriorEducation.VO_MET_DIPLOMA] < 20


def test_seed_leaves_a_few_students_without_regiehouder_to_signal():
    _seed(students=300)
    assert Student.objects.filter(status="actief", regiehouder__isnull=True).exists()


def test_seed_is_refused_where_demo_data_is_not_allowed(settings):
    settings.ENTREE_DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="ENTREE_DEMO_DATA_ALLOWED"):
        _seed(students=5)
    assert not User.objects.exists()
