"""Writing the integral plan: every change is a new version (plans.models).

One module per topic; import from here (``from plans.services import plan_save``):

- ``data``: a plan (and a progress meeting) as plain data, and the current version as such;
- ``validation``: the rules a plan must meet, with Dutch messages per field;
- ``plan``: saving a version, marking a step or regelzaak, recording a progress meeting.
"""

from .data import (
    VERSION_FIELDS,
    DomainData,
    MeetingData,
    ObstacleData,
    PlanData,
    ProvisionData,
    StepData,
    plan_data_of,
)
from .plan import MARKABLE, meeting_record, plan_item_set_status, plan_revise, plan_save
from .validation import PLAN_STATUSES, TEXT_MAX, plan_problems, validate_plan_date

__all__ = [
    "MARKABLE",
    "PLAN_STATUSES",
    "TEXT_MAX",
    "VERSION_FIELDS",
    "DomainData",
    "MeetingData",
    "ObstacleData",
    "PlanData",
    "ProvisionData",
    "StepData",
    "meeting_record",
    "plan_data_of",
    "plan_item_set_status",
    "plan_problems",
    "plan_revise",
    "plan_save",
    "validate_plan_date",
]
