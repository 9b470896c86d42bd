"""Writing companies, placements and visits (placements.models).

One module per topic; import from here (``from placements.services import placement_start``):

- ``data``: what pages, API and demo data hand over, as plain data;
- ``validation``: the rules a placement must meet, with Dutch messages per field;
- ``companies``: adding and updating host companies and their praktijkopleiders;
- ``placement``: a placement's details, agreement, start, end and outcome;
- ``visits``: the bpv-begeleider's visits.
"""

from .companies import (
    COMPANY_REFUSED,
    company_create,
    company_update,
    contact_save,
    duplicate_of,
)
from .data import (
    AGREEMENT_FIELDS,
    COMPANY_FIELDS,
    CONTACT_FIELDS,
    PLACEMENT_FIELDS,
    VISIT_FIELDS,
    AgreementData,
    CertificateData,
    CompanyData,
    ContactData,
    GoalData,
    PlacementData,
    VisitData,
)
from .placement import (
    PLACEMENT_REFUSED,
    agreement_of,
    agreement_record,
    outcome_record,
    placement_finish,
    placement_save,
    placement_start,
    placement_stop,
)
from .validation import (
    DAYS_IN_WEEK,
    PLACEMENT_STATUSES,
    START_STATUSES,
    details_problems,
    guardian_needed,
    overlap_problem,
    start_problems,
)
from .visits import visit_save

__all__ = [
    "AGREEMENT_FIELDS",
    "COMPANY_FIELDS",
    "COMPANY_REFUSED",
    "CONTACT_FIELDS",
    "DAYS_IN_WEEK",
    "PLACEMENT_FIELDS",
    "PLACEMENT_REFUSED",
    "PLACEMENT_STATUSES",
    "START_STATUSES",
    "VISIT_FIELDS",
    "AgreementData",
    "CertificateData",
    "CompanyData",
    "ContactData",
    "GoalData",
    "PlacementData",
    "VisitData",
    "agreement_of",
    "agreement_record",
    "company_create",
    "company_update",
    "contact_save",
    "details_problems",
    "duplicate_of",
    "guardian_needed",
    "outcome_record",
    "overlap_problem",
    "placement_finish",
    "placement_save",
    "placement_start",
    "placement_stop",
    "start_problems",
    "visit_save",
]
