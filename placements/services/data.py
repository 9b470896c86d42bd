"""What pages, API and demo data hand to the services: plain data, checked there."""

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from entree.accounts.models import User
from placements.models import Company, CompanyContact


@dataclass(frozen=True)
class CompanyData:
    name: str
    kvk_number: str
    sector: str
    sbb_recognised: bool = False
    sbb_number: str = ""
    sbb_checked_on: date | None = None
    address: str = ""
    postcode: str = ""
    city: str = ""
    notes: str = ""


COMPANY_FIELDS = tuple(CompanyData.__dataclass_fields__)


@dataclass(frozen=True)
class ContactData:
    name: str
    role: str = ""
    phone: str = ""
    email: str = ""
    active: bool = True


CONTACT_FIELDS = tuple(ContactData.__dataclass_fields__)


@dataclass(frozen=True)
class GoalData:
    description: str
    plan_step_key: UUID | None = None
    achieved: bool = False


@dataclass(frozen=True)
class CertificateData:
    kind: str
    other: str = ""
    obtained_on: date | None = None


@dataclass(frozen=True)
class PlacementData:
    """A placement's details. The status, the agreement and the outcome have their own
    services: each is a step with its own rules."""

    company: Company | None = None
    trainer: CompanyContact | None = None
    supervisor: User | None = None
    start_date: date | None = None
    end_date: date | None = None
    days_per_week: int | None = None
    hours_per_week: int | None = None
    part_time: bool = False
    notes: str = ""
    goals: tuple[GoalData, ...] = ()
    certificates: tuple[CertificateData, ...] = ()


#: The fields of PlacementData stored on the placement row itself.
PLACEMENT_FIELDS = (
    "company",
    "trainer",
    "supervisor",
    "start_date",
    "end_date",
    "days_per_week",
    "hours_per_week",
    "part_time",
    "notes",
)


@dataclass(frozen=True)
class AgreementData:
    """The dates on which each party signed the praktijkovereenkomst (None: not yet)."""

    signed_school_on: date | None = None
    signed_student_on: date | None = None
    signed_guardian_on: date | None = None
    signed_company_on: date | None = None


AGREEMENT_FIELDS = tuple(AgreementData.__dataclass_fields__)


@dataclass(frozen=True)
class VisitData:
    visited_on: date | None
    kind: str
    rating: str
    employer_view: str = ""
    notes: str = ""


VISIT_FIELDS = tuple(VisitData.__dataclass_fields__)
