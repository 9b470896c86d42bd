"""Outflow's personal data for the retention job (entree.core.anonymisation).

Kept: the outflow's dates, diploma, destination and reason codes, the handover's
intermediate step and the partners' kinds, dates and answers, the follow-up contacts'
dates, channels, reached and positions (the annual report's outflow, handover and
follow-up figures). Gone: every free text, the partners' contact persons, addresses of
mails sent, and the one-time links (confirmation and check-in) themselves. The handover
documents are made from the texts on demand, so they are gone with them.
"""

from django.db.models import JSONField, Value

from entree.core.anonymisation import register_personal_data
from outflow.models import (
    CheckInLink,
    ConfirmationLink,
    FollowUpContact,
    FollowUpTask,
    Handover,
    Outflow,
    OutflowCorrection,
    PartnerHandover,
    Reminder,
    SupportSignal,
)

register_personal_data(
    Outflow, student="student", wipe=("destination_note", "exit_interview_notes")
)
# A correction's "changes" hold old and new values, free texts among them.
register_personal_data(
    OutflowCorrection,
    student="outflow__student",
    wipe=("reason",),
    replace={"changes": Value({}, output_field=JSONField())},
)
register_personal_data(
    Handover,
    student="outflow__student",
    wipe=(
        "goals_to_learn",
        "regelzaken",
        "support_needed",
        "lifelong_learning",
        "alternatives",
        "intermediate_note",
    ),
)
register_personal_data(
    PartnerHandover, student="handover__outflow__student", wipe=("contact_person_now",)
)
register_personal_data(
    ConfirmationLink,
    student="partner__handover__outflow__student",
    wipe=("sent_to",),
    delete=True,
    keeps=("token_hash",),
)
register_personal_data(FollowUpContact, student="outflow__student", wipe=("note",))
register_personal_data(FollowUpTask, student="student", wipe=("description",))
register_personal_data(
    CheckInLink,
    student="contact__outflow__student",
    wipe=("sent_to",),
    delete=True,
    keeps=("token_hash",),
)
register_personal_data(
    SupportSignal, student="contact__outflow__student", wipe=("sent_to", "last_error")
)
# Reminders name no one (their texts are fixed sentences, docs/decisions.md).
register_personal_data(Reminder, student="student", keeps=("key", "text", "path", "last_error"))
