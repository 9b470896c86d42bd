"""The plan's personal data for the retention job (entree.core.anonymisation): every text of
every version, step, provision, obstacle and progress meeting goes; the route, the end
advice, the kinds, domains, states, statuses and dates stay (the annual report's codes)."""

from entree.core.anonymisation import register_personal_data
from plans.models import (
    MeetingDomain,
    PlanObstacle,
    PlanProvision,
    PlanStep,
    PlanVersion,
    ProgressMeeting,
)

register_personal_data(
    PlanVersion,
    student="plan__student",
    wipe=("preparation_note", "goal", "strengths", "ticket_agreement", "reason"),
)
register_personal_data(PlanStep, student="version__plan__student", wipe=("description",))
register_personal_data(PlanProvision, student="version__plan__student", wipe=("note",))
register_personal_data(PlanObstacle, student="version__plan__student", wipe=("description",))
register_personal_data(ProgressMeeting, student="student", wipe=("others", "notes"))
register_personal_data(MeetingDomain, student="meeting__student", wipe=("note",))
