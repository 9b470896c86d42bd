"""What one version of the plan says, as plain data: the pages, the API and the demo
describe a plan this way and the services write it."""

from dataclasses import dataclass, field, fields, replace
from datetime import date
from uuid import UUID

from plans.models import (
    ObstacleStatus,
    PlanVersion,
    StepStatus,
)
from students.models import NetworkContact


@dataclass(frozen=True)
class StepData:
    description: str
    owner: str
    due_on: date | None
    status: str = StepStatus.OPEN
    partner: NetworkContact | None = None
    #: The step's key in the current version, to keep it the same step; None for a new one.
    key: UUID | None = None


@dataclass(frozen=True)
class ProvisionData:
    kind: str
    starts_on: date | None
    ends_on: date | None = None
    note: str = ""
    key: UUID | None = None


@dataclass(frozen=True)
class ObstacleData:
    domain: str
    description: str
    partner: NetworkContact | None = None
    status: str = ObstacleStatus.OPEN
    key: UUID | None = None


@dataclass(frozen=True)
class PlanData:
    """Everything one version of the plan says."""

    route: str = ""
    prepare_placement: bool = False
    prepare_support: bool = False
    prepare_next_phase: bool = False
    preparation_note: str = ""
    goal: str = ""
    strengths: str = ""
    ticket_certificate: bool = False
    ticket_praktijkverklaring: bool = False
    ticket_mbo_verklaring: bool = False
    ticket_agreement: str = ""
    end_advice: str = ""
    supporters: tuple[NetworkContact, ...] = ()
    steps: tuple[StepData, ...] = ()
    provisions: tuple[ProvisionData, ...] = ()
    obstacles: tuple[ObstacleData, ...] = ()


#: The version's own fields, in the order of the form.
VERSION_FIELDS = tuple(
    f.name
    for f in fields(PlanData)
    if f.name not in {"supporters", "steps", "provisions", "obstacles"}
)
TEXT_FIELDS = ("preparation_note", "goal", "strengths", "ticket_agreement")


@dataclass(frozen=True)
class DomainData:
    domain: str
    state: str
    note: str = ""


@dataclass(frozen=True)
class MeetingData:
    held_on: date | None
    with_student: bool = True
    with_employer: bool = False
    others: str = ""
    notes: str = ""
    domains: tuple[DomainData, ...] = field(default_factory=tuple)


def plan_data_of(version: PlanVersion | None) -> PlanData:
    """The content of ``version`` as data to change (an empty plan for None). The caller
    prefetched ``supporters``, ``steps``, ``provisions`` and ``obstacles``."""
    if version is None:
        return PlanData()
    return PlanData(
        **{name: getattr(version, name) for name in VERSION_FIELDS},
        supporters=tuple(version.supporters.all()),
        steps=tuple(
            StepData(
                description=s.description,
                owner=s.owner,
                due_on=s.due_on,
                status=s.status,
                partner=s.partner,
                key=s.key,
            )
            for s in version.steps.all()
        ),
        provisions=tuple(
            ProvisionData(
                kind=p.kind, starts_on=p.starts_on, ends_on=p.ends_on, note=p.note, key=p.key
            )
            for p in version.provisions.all()
        ),
        obstacles=tuple(
            ObstacleData(
                domain=o.domain,
                description=o.description,
                partner=o.partner,
                status=o.status,
                key=o.key,
            )
            for o in version.obstacles.all()
        ),
    )


def normalised(data: PlanData) -> PlanData:
    """Text stripped, so that trailing spaces neither count as a change nor get saved."""
    return replace(
        data,
        **{name: getattr(data, name).strip() for name in TEXT_FIELDS},
        steps=tuple(replace(s, description=s.description.strip()) for s in data.steps),
        provisions=tuple(replace(p, note=p.note.strip()) for p in data.provisions),
        obstacles=tuple(replace(o, description=o.description.strip()) for o in data.obstacles),
    )
