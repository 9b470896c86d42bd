"""The students app's personal data for the retention job (entree.core.anonymisation).

Kept: the coded facts of the annual report (cohort, start date, prior education, learning
path, profile, referral route, status, the intake's levels and outcome, the study advice's
decision, consents' purpose and dates). Gone: names, contact details, the student number
(replaced by a number that identifies nobody outside this database), free texts, and the
network's people.

The birth date stays as it is: the report computes ages to the day at several dates (the
age at the start, a minor at the start of each placement). A coarser date changes those
figures: the date that keeps the age at the start moved demo students across the 18-year
line at a placement's start (tests/privacy), and 1 July of the birth year can move the age
at the start itself. Without name, number, address and contacts it no longer points at a
person on its own.
"""

from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat

from entree.core.anonymisation import register_personal_data
from students.models import (
    Consent,
    Intake,
    LifeDomainAssessment,
    NetworkContact,
    RegieTransfer,
    Student,
    StudyAdvice,
)

register_personal_data(
    Student,
    student="id",
    wipe=("email", "phone", "address", "postcode", "city"),
    replace={
        # What lists and the record's header show from now on.
        "first_name": Value("Geanonimiseerd"),
        "last_name_prefix": Value(""),
        "last_name": Value(""),
        # Unique per institution, so derived from the row's own id: "X1234".
        "student_number": Concat(Value("X"), Cast("id", CharField()), output_field=CharField()),
    },
    keeps=("cohort",),
)
register_personal_data(
    Intake,
    student="student",
    wipe=(
        "referrer",
        "motivation",
        "higher_level_note",
        "outcome_motivation",
        "handed_over_contact",
    ),
)
register_personal_data(
    NetworkContact,
    student="student",
    wipe=("organisation", "name", "role", "phone", "email", "note"),
)
register_personal_data(LifeDomainAssessment, student="intake__student", wipe=("note",))
register_personal_data(Consent, student="student", wipe=("note",))
register_personal_data(RegieTransfer, student="student", wipe=("reason",))
register_personal_data(StudyAdvice, student="student", wipe=("motivation",))
