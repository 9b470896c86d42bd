"""The API's vocabulary (one module per topic; import from here):

- ``companies``: companies, their praktijkopleiders and their placement history;
- ``placements``: a student's placements, their steps and visits, and the
  bpv-begeleider's list.
"""

from .companies import (
    CompanyContactInputSerializer,
    CompanyContactSerializer,
    CompanyFilterSerializer,
    CompanyInputSerializer,
    CompanyListSerializer,
    CompanyPlacementSerializer,
    CompanySerializer,
    FiguresSerializer,
)
from .placements import (
    AgreementOutSerializer,
    AgreementSerializer,
    CertificateSerializer,
    ColleagueField,
    FinishSerializer,
    GoalSerializer,
    OutcomeSerializer,
    PlacementInputSerializer,
    PlacementSerializer,
    StopSerializer,
    ToVisitSerializer,
    VisitInputSerializer,
    VisitSerializer,
)

__all__ = [
    "AgreementOutSerializer",
    "AgreementSerializer",
    "CertificateSerializer",
    "ColleagueField",
    "CompanyContactInputSerializer",
    "CompanyContactSerializer",
    "CompanyFilterSerializer",
    "CompanyInputSerializer",
    "CompanyListSerializer",
    "CompanyPlacementSerializer",
    "CompanySerializer",
    "FiguresSerializer",
    "FinishSerializer",
    "GoalSerializer",
    "OutcomeSerializer",
    "PlacementInputSerializer",
    "PlacementSerializer",
    "StopSerializer",
    "ToVisitSerializer",
    "VisitInputSerializer",
    "VisitSerializer",
]
