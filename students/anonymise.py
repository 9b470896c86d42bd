"""The students app's personal data for the retention job (entree.core.anonymisation).

Kept: the coded facts of the annual report (cohort, start date, prior education, learning
path, profile, referral route, status, the intake's levels and outcome, the study advice's
decision, consents' purpose and dates). Gone: names, contact details, the student number
(replaced by a number that identifies nobody outside this database), free texts, and the
network's people. The birth date becomes the day that gives the same age in whole years on
the start date (the report's age at start), so the exact birthday is gone.
"""

from django.db.models import CharField, DateField, F, Func, Value
from django.db.models.functions import Cast, Concat

from entree.core.anonymisation import REDACTED, register_personal_data
from students.models import (
    Consent,
    Intake,
    LifeDomainAssessment,
    NetworkContact,
    RegieTransfer,
    Student,
    StudyAdvice,
)

#: The same age in whole years on the start date (or 1 July of the birth year without one).
#: Running it twice gives the same date.
BIRTH_DATE_FOR_AGE_AT_START = Func(
    F("start_date"),
    F("date_of_birth"),
    template=(
        "CASE WHEN start_date IS NULL OR date_of_birth IS NULL "
        "THEN make_date(EXTRACT(YEAR FROM date_of_birth)::int, 7, 1) "
        "ELSE (start_date - make_interval(years => "
        "EXTRACT(YEAR FROM AGE(start_date, date_of_birth))::int))::date END"
    ),
    output_field=DateField(),
)

register_personal_data(
    Student,
    student="id",
    wipe=("last_name_prefix", "last_name", "email", "phone", "address", "postcode", "city"),
    replace={
        "first_name": Value("Geanonimiseerd"),
        # Unique per institution, so derived from the row's own id: "X1234".
        "student_number": Concat(Value("X"), Cast("id", CharField()), output_field=CharField()),
        "date_of_birth": BIRTH_DATE_FOR_AGE_AT_START,
    },
    keeps=("cohort",),
)
register_personal_data(
    Intake,
    student="student",
    wipe=("referrer", "motivation", "higher_level_note", "handed_over_contact"),
    replace={"outcome_motivation": REDACTED},
)
register_personal_data(
    NetworkContact,
    student="student",
    wipe=("organisation", "name", "role", "phone", "email", "note"),
)
register_personal_data(LifeDomainAssessment, student="intake__student", wipe=("note",))
register_personal_data(Consent, student="student", wipe=("note",))
register_personal_data(RegieTransfer, student="student", wipe=("reason",))
register_personal_data(StudyAdvice, student="student", replace={"motivation": REDACTED})
