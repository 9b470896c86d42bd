"""Placements' personal data for the retention job (entree.core.anonymisation): the notes,
goals and visit reports go; the company, dates, signatures, status, stop reason, outcome,
certificates and visit ratings stay (the BPV figures). Companies and their
praktijkopleiders are the institution's, not the student's, and stay as they are."""

from entree.core.anonymisation import register_personal_data
from placements.models import Placement, PlacementCertificate, PlacementGoal, Visit

register_personal_data(Placement, student="student", wipe=("stop_note", "notes"))
register_personal_data(PlacementGoal, student="placement__student", wipe=("description",))
register_personal_data(PlacementCertificate, student="placement__student", wipe=("other",))
register_personal_data(Visit, student="placement__student", wipe=("employer_view", "notes"))
