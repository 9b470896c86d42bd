"""The student record: who the student is, where they are in the programme, and who holds
responsibility for them (the regiehouder).

One module per part of the record; import from here (``from students.models import
Student``), not from the modules, so the layout can change without touching the callers:

- ``student``: the student, the status lifecycle and the code lists of their details;
- ``intake``: the inclusive intake and its placeability decision;
- ``network``: network contacts, the life-domain assessments and consent;
- ``regie``: hand-overs of responsibility (regie);
- ``advice``: the (binding) study advice;
- ``access``: the record parts that the access log names.

django-pghistory adds the generated event models (``StudentEvent``, ``IntakeEvent``, …) to
this package while the tracked models are declared, so they are importable from here too.
"""

# The modules are imported in the order in which the models were declared when this was
# one module, so Django registers them in the same order as before.
# isort: off
from .student import (
    ACTIVE_STATUSES,
    INTAKE_OPEN_STATUSES,
    OUTFLOW_STATUSES,
    PRIOR_LEVEL_REFUSED,
    STATUS_TRANSITIONS,
    LearningPath,
    PriorEducation,
    PriorEducationLevel,
    Profile,
    ReferralRoute,
    Status,
    Student,
    prior_level_problem,
    school_year_of,
    student_search_text,
)
from .intake import (
    HIGHER_LEVEL_CHECK_LEVELS,
    DutchLevel,
    HandedOverTo,
    HandoverFile,
    Intake,
    Placeability,
    ReferenceLevel,
    Route,
)
from .network import (
    Consent,
    ConsentPurpose,
    ContactKind,
    DomainState,
    LifeDomain,
    LifeDomainAssessment,
    NetworkContact,
)
from .regie import RegieTransfer
from .advice import AdviceDecision, StudyAdvice
from .access import RecordPart

# isort: on

__all__ = [
    "ACTIVE_STATUSES",
    "HIGHER_LEVEL_CHECK_LEVELS",
    "INTAKE_OPEN_STATUSES",
    "OUTFLOW_STATUSES",
    "PRIOR_LEVEL_REFUSED",
    "STATUS_TRANSITIONS",
    "AdviceDecision",
    "Consent",
    "ConsentPurpose",
    "ContactKind",
    "DomainState",
    "DutchLevel",
    "HandedOverTo",
    "HandoverFile",
    "Intake",
    "LearningPath",
    "LifeDomain",
    "LifeDomainAssessment",
    "NetworkContact",
    "Placeability",
    "PriorEducation",
    "PriorEducationLevel",
    "Profile",
    "RecordPart",
    "ReferenceLevel",
    "ReferralRoute",
    "RegieTransfer",
    "Route",
    "Status",
    "Student",
    "StudyAdvice",
    "prior_level_problem",
    "school_year_of",
    "student_search_text",
]
