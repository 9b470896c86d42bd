"""Outflow (uitstroom), the exit interview and the warm handover (DESIGN §4, guideline 2020
§4.4 "Uitval" and "Eindgesprek op school").

An *outflow* records how a student left: the date, the diploma, what they take along, the
destination, the exit interview and the plan version it brought up to date. Registering it
moves the student to ``uitgestroomd`` and hands the regie to an uitstroomcoördinator.

The *handover* is the guideline's checklist: six questions for the next phase, and one row
per receiving partner (gemeente, Doorstroompunt (RMC), care provider, employer, level-2
team). A partner row is done only when the partner *confirms* being in contact with the
student — through a one-time link (``ConfirmationLink``) or as told to the coordinator.

One module per part; import from here (``from outflow.models import Outflow``):

- ``outflow``: the outflow, its destination codes and its corrections;
- ``handover``: the checklist, the partners and their confirmation links;
- ``followup``: the two-year follow-up: the schedule, the contact moments and the tasks;
- ``reminders``: what has fallen due for a person, sent once in a daily digest.
"""

# isort: off
from .outflow import CONTINUES_IN_MBO, Destination, Outflow, OutflowCorrection
from .handover import (
    HANDOVER_QUESTIONS,
    ConfirmationChannel,
    ConfirmationLink,
    Handover,
    IntermediateStep,
    OutflowPart,
    PartnerAnswer,
    PartnerHandover,
    PartnerKind,
)
from .followup import (
    DEFAULT_SCHEDULE,
    CheckInLink,
    FOLLOW_UP_MONTHS,
    ContactChannel,
    FollowUpContact,
    FollowUpSchedule,
    FollowUpTask,
    SupportSignal,
    Position,
)
from .reminders import Reminder, ReminderKind, ReminderStatus
# isort: on

__all__ = [
    "Reminder",
    "ReminderKind",
    "ReminderStatus",
    "CheckInLink",
    "DEFAULT_SCHEDULE",
    "FOLLOW_UP_MONTHS",
    "ContactChannel",
    "FollowUpContact",
    "FollowUpSchedule",
    "FollowUpTask",
    "SupportSignal",
    "Position",
    "CONTINUES_IN_MBO",
    "HANDOVER_QUESTIONS",
    "ConfirmationChannel",
    "ConfirmationLink",
    "Destination",
    "Handover",
    "IntermediateStep",
    "Outflow",
    "OutflowCorrection",
    "OutflowPart",
    "PartnerAnswer",
    "PartnerHandover",
    "PartnerKind",
]
