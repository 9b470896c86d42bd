"""Writing outflow, the warm-handover checklist and the partners' confirmations.

One module per topic; import from here (``from outflow.services import outflow_register``):

- ``data``: what pages, API and import hand over, as plain data;
- ``register``: registering an outflow (status, regie, the plan's last version) and
  correcting one;
- ``handover``: the checklist, its partners and their steps, how complete it is, closing;
- ``links``: the partner's one-time confirmation link;
- ``followup``: the two-year follow-up: the schedule, recording a contact, tasks, closing;
- ``support``: a leaver's request for help signalled to the gemeente or Doorstroompunt.
"""

from .checkin import (
    CHECKIN_POSITIONS,
    CheckInData,
    checkin_answer,
    checkin_link_make,
    checkin_open,
    checkin_problems,
    checkin_refused,
)
from .data import (
    HANDOVER_FIELDS,
    OUTFLOW_FIELDS,
    HandoverData,
    OutflowData,
    PartnerAnswerData,
)
from .followup import (
    ContactData,
    close_finished_trajectories,
    contact_problems,
    contact_record,
    follow_up_plan,
    schedule_of,
    schedule_problems,
    task_done,
    trajectories_over,
)
from .handover import (
    PARTNER_STEPS,
    Progress,
    answer_problems,
    handover_close,
    handover_progress,
    handover_save,
    partner_add,
    partner_confirm,
    partner_remove,
    partner_set_contact,
    partner_step,
    sharing_refused,
)
from .links import link_answer, link_open, link_send, link_url
from .register import coordinators_for, outflow_correct, outflow_problems, outflow_register
from .tokens import token_hash

__all__ = [
    "CHECKIN_POSITIONS",
    "CheckInData",
    "checkin_answer",
    "checkin_link_make",
    "checkin_open",
    "checkin_problems",
    "checkin_refused",
    "ContactData",
    "close_finished_trajectories",
    "contact_problems",
    "contact_record",
    "follow_up_plan",
    "schedule_of",
    "schedule_problems",
    "task_done",
    "trajectories_over",
    "HANDOVER_FIELDS",
    "OUTFLOW_FIELDS",
    "PARTNER_STEPS",
    "HandoverData",
    "OutflowData",
    "PartnerAnswerData",
    "Progress",
    "answer_problems",
    "coordinators_for",
    "handover_close",
    "handover_progress",
    "handover_save",
    "link_answer",
    "link_open",
    "link_send",
    "link_url",
    "outflow_correct",
    "outflow_problems",
    "outflow_register",
    "partner_add",
    "partner_confirm",
    "partner_remove",
    "partner_set_contact",
    "partner_step",
    "sharing_refused",
    "token_hash",
]
