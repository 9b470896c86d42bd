"""Who sees which student — decided here, for pages, API, exports and reports alike.

The rules (DESIGN §2):

* a **mentor** has the full record of the students they are regiehouder for, and reads
  the students of their own teams;
* an **uitstroomcoördinator** has the full record of the students in outflow or aftercare
  in their teams (and of any student they are regiehouder for);
* **management** and the **functioneel beheerder** see no individual student, ever;
* a student who does not exist and one the user may not see give the same 404.
"""

# One module per topic; import from here (``from students.selectors import student_access``).
from .caseload import (
    CASELOAD_ORDER,
    COHORT_YEARS,
    MineFirst,
    StudentFilter,
    caseload_for_user,
    cohort_choices,
)
from .reads import (
    consent_is_given,
    consents_of,
    contacts_of,
    intake_of,
    network_of,
    student_after_write,
    student_uuids_with_number,
    study_advices_of,
)
from .regie import (
    REGISTER_REFUSED,
    can_register_students,
    regie_candidates,
    regie_eligible,
    regie_warning,
    students_left_without_regie,
    valid_regiehouder,
)
from .signals import (
    STUDENT_SIGNALS,
    STUDY_ADVICE_WARNING,
    TURNS_18_WINDOW,
    signal_counts,
    signals_of,
    with_signals,
)
from .visibility import (
    EDIT_REFUSED,
    StudentAccess,
    student_access,
    student_can_edit,
    students_visible_to,
    team_ids,
    through_teams,
)

__all__ = [
    "CASELOAD_ORDER",
    "COHORT_YEARS",
    "EDIT_REFUSED",
    "MineFirst",
    "REGISTER_REFUSED",
    "STUDENT_SIGNALS",
    "STUDY_ADVICE_WARNING",
    "StudentAccess",
    "StudentFilter",
    "TURNS_18_WINDOW",
    "can_register_students",
    "caseload_for_user",
    "cohort_choices",
    "consent_is_given",
    "consents_of",
    "contacts_of",
    "intake_of",
    "network_of",
    "regie_candidates",
    "regie_eligible",
    "regie_warning",
    "signal_counts",
    "signals_of",
    "student_access",
    "student_after_write",
    "student_can_edit",
    "student_uuids_with_number",
    "students_left_without_regie",
    "students_visible_to",
    "study_advices_of",
    "team_ids",
    "through_teams",
    "valid_regiehouder",
    "with_signals",
]
