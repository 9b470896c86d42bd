"""Write operations on students: registration, intake, placement, network and consent,
study advice and the regiehouder. One function per use case; pages, API, import and
commands all call these, never the models directly.

One module per topic; import from here (``from students.services import intake_save``,
or ``services.intake_save``), not from the modules:

- ``registration``: registering a candidate and changing their details;
- ``intake``: the intake, the placeability decision and the start of a placed student;
- ``advice``: the (binding) study advice;
- ``network``: network contacts and consent;
- ``regie``: who may hand regie over, and the hand-over;
- ``lifecycle``: the student's status, moved only through ``STATUS_TRANSITIONS``;
- ``common``: what they share (edit rights, validated saving, ``add_months``); the
  helpers are public to the service modules, only ``add_months`` is re-exported.

The CSV import from the student information system is its own package,
:mod:`students.importer`.
"""

from .advice import study_advice_record
from .common import add_months
from .intake import (
    INTAKE_FIELDS,
    STUDY_ADVICE_MONTHS,
    intake_decide,
    intake_missing,
    intake_reopen,
    intake_save,
    needs_higher_level_check,
    student_activate,
)
from .lifecycle import student_set_status
from .network import consent_record, network_contact_save
from .regie import REGIE_TRANSFER_REFUSED, regie_can_transfer, regie_transfer
from .registration import STUDENT_DETAIL_FIELDS, student_register, student_update

__all__ = [
    "INTAKE_FIELDS",
    "REGIE_TRANSFER_REFUSED",
    "STUDENT_DETAIL_FIELDS",
    "STUDY_ADVICE_MONTHS",
    "add_months",
    "consent_record",
    "intake_decide",
    "intake_missing",
    "intake_reopen",
    "intake_save",
    "needs_higher_level_check",
    "network_contact_save",
    "regie_can_transfer",
    "regie_transfer",
    "student_activate",
    "student_register",
    "student_set_status",
    "student_update",
    "study_advice_record",
]
