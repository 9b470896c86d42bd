"""Fixtures for the outflow tests: ``student`` (alice's, active, with a plan) leaves; dave is
the team's uitstroomcoördinator and takes over the regie."""

from datetime import date

import pytest
import time_machine

from outflow.services import OutflowData, outflow_register
from plans.services import PlanData, StepData, plan_save


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(date(2027, 6, 30), tick=False):
        yield


@pytest.fixture
def planned(student, alice):
    plan_save(
        student=student,
        by=alice,
        data=PlanData(
            route="arbeidsmarkt",
            goal="Werken in de logistiek.",
            steps=(
                StepData(
                    description="Heftruckcertificaat halen",
                    owner="student",
                    due_on=date(2027, 3, 1),
                ),
            ),
        ),
    )
    return student


def leave(student, by, coordinator, **details):
    values = {"left_on": date(2027, 6, 26), "diploma": True, "destination": "werk", **details}
    return outflow_register(
        student=student, by=by, data=OutflowData(**values), coordinator=coordinator
    )


@pytest.fixture
def outflow(planned, alice, dave):
    return leave(planned, alice, dave)


@pytest.fixture
def dropout(planned, alice, dave):
    return leave(planned, alice, dave, diploma=False, destination="geen")
