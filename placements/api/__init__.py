"""The placements API under ``/api/v1/`` (``placements.urls.api``).

- ``companies``: the institution's companies, their praktijkopleiders and history;
- ``placements``: a student's placements, their steps and visits, and the
  bpv-begeleider's list of placements to visit;
- ``serializers``: the API's vocabulary for both.
"""

from .companies import (
    CompaniesView,
    CompanyPlacementsView,
    CompanyView,
    ContactsView,
    ContactView,
)
from .placements import (
    AgreementView,
    FinishView,
    OutcomeView,
    PlacementsView,
    PlacementView,
    StartView,
    StopView,
    ToVisitView,
    VisitsView,
    VisitView,
)

__all__ = [
    "AgreementView",
    "CompaniesView",
    "CompanyPlacementsView",
    "CompanyView",
    "ContactView",
    "ContactsView",
    "FinishView",
    "OutcomeView",
    "PlacementView",
    "PlacementsView",
    "StartView",
    "StopView",
    "ToVisitView",
    "VisitView",
    "VisitsView",
]
