"""The privacy services: anonymising (the retention job) and erasure on request."""

from .anonymise import BATCH_SIZE, anonymise_due, anonymise_students, event_models, owner_alias
from .erasure import (
    erasure_carry_out,
    erasure_decide,
    erasure_refusal,
    erasure_request,
)

__all__ = [
    "BATCH_SIZE",
    "anonymise_due",
    "anonymise_students",
    "erasure_carry_out",
    "erasure_decide",
    "erasure_refusal",
    "erasure_request",
    "event_models",
    "owner_alias",
]
