"""What pages, API and import hand to the outflow services: plain data, checked there."""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class OutflowData:
    left_on: date | None
    diploma: bool
    destination: str
    destination_note: str = ""
    with_certificate: bool = False
    with_mbo_verklaring: bool = False
    with_praktijkverklaring: bool = False
    exit_interview_on: date | None = None
    exit_interview_notes: str = ""


OUTFLOW_FIELDS = tuple(OutflowData.__dataclass_fields__)


@dataclass(frozen=True)
class HandoverData:
    """The checklist's six questions (guideline 2020 §4.4, "Eindgesprek op school")."""

    goals_to_learn: str = ""
    regelzaken: str = ""
    support_needed: str = ""
    lifelong_learning: str = ""
    alternatives: str = ""
    intermediate_step: str = ""
    intermediate_note: str = ""


HANDOVER_FIELDS = tuple(HandoverData.__dataclass_fields__)


@dataclass(frozen=True)
class PartnerAnswerData:
    """A partner's answer: in contact with the student (since when, with whom now), or
    the student cannot be reached."""

    answer: str
    first_contact_on: date | None = None
    contact_person_now: str = ""
