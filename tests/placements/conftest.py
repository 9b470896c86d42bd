"""Fixtures for the placements tests, on top of the personas (tests/conftest.py).

``student`` (alice's, in alice's and bob's team) is active and an adult; ``company`` is a
company of the institution with one praktijkopleider (``trainer``); ``placement`` is a
running placement of ``student`` at ``company`` with bob as bpv-begeleider.
"""

from datetime import date

import pytest
import time_machine

from tests.factories import CompanyContactFactory, CompanyFactory, PlacementFactory


@pytest.fixture(autouse=True)
def _clock():
    # Mid-November 2026: the placements in the factories run from October to January.
    with time_machine.travel(date(2026, 11, 16), tick=False):
        yield


@pytest.fixture
def company(team, alice):
    return CompanyFactory(
        institution=team.institution,
        name="Groothandel De Vaart",
        kvk_number="12345678",
        sector="logistiek",
        created_by=alice,
    )


@pytest.fixture
def trainer(company):
    return CompanyContactFactory(company=company, name="Sanne Vermeer")


@pytest.fixture
def placement(student, company, trainer, bob):
    return PlacementFactory(student=student, company=company, trainer=trainer, supervisor=bob)
