"""Host companies, the work placement (bpv) and its visits (DESIGN §4, guideline 2020 §4.3).

A *company* (leerbedrijf) is shared by every team of the institution and known by its KvK
number, so a second team finds the company the first one added. A *placement* runs from
``zoekend`` (looking for a place) to ``lopend`` (started, only with a signed three-party
agreement) and ends ``afgerond`` or ``afgebroken``; its outcome says whether it became a
paid job. The school's bpv-begeleider *visits* the student at work: the guideline wants at
least two visits per placement.

One module per part; import from here (``from placements.models import Placement``):

- ``companies``: the sectors, companies and praktijkopleiders;
- ``placement``: the placement, its agreement, goals, certificates, outcome and visits.
"""

# isort: off
from .companies import PROMISING_SECTORS, Company, CompanyContact, Sector
from .placement import (
    ENDED_STATUSES,
    JOB_OUTCOMES,
    PLACEMENT_TRANSITIONS,
    VISITS_WANTED,
    Certificate,
    Outcome,
    Placement,
    PlacementCertificate,
    PlacementGoal,
    PlacementPart,
    PlacementStatus,
    StopReason,
    Visit,
    VisitKind,
    VisitRating,
    validate_placement_date,
)
# isort: on

__all__ = [
    "ENDED_STATUSES",
    "JOB_OUTCOMES",
    "PLACEMENT_TRANSITIONS",
    "PROMISING_SECTORS",
    "VISITS_WANTED",
    "Certificate",
    "Company",
    "CompanyContact",
    "Outcome",
    "Placement",
    "PlacementCertificate",
    "PlacementGoal",
    "PlacementPart",
    "PlacementStatus",
    "Sector",
    "StopReason",
    "Visit",
    "VisitKind",
    "VisitRating",
    "validate_placement_date",
]
