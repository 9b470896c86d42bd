"""The columns of the import file: their Dutch headers, the model fields they fill, and
how headers and codes are normalised. ``docs/import-format.md`` documents the same
columns for the people who make the export; keep the two in step."""

import re
from dataclasses import dataclass

from django.db import models

from students.models import (
    LearningPath,
    PriorEducation,
    PriorEducationLevel,
    Profile,
    ReferralRoute,
)


@dataclass(frozen=True)
class Column:
    """One column of the import file: its Dutch header and the model field it fills.

    ``kind`` is ``text`` (an empty cell empties the field), ``code`` or ``date`` (an
    empty cell keeps the current value, a new student gets the model's default) or
    ``team`` (a team name within the institution).
    """

    name: str
    field: str
    kind: str
    required: bool = False
    choices: type[models.TextChoices] | None = None


COLUMNS = {
    c.name: c
    for c in (
        Column("studentnummer", "student_number", "text", required=True),
        Column("voornaam", "first_name", "text", required=True),
        Column("tussenvoegsel", "last_name_prefix", "text"),
        Column("achternaam", "last_name", "text", required=True),
        Column("geboortedatum", "date_of_birth", "date", required=True),
        Column("team", "team_id", "team", required=True),
        Column("leerweg", "learning_path", "code", required=True, choices=LearningPath),
        Column("uitstroomprofiel", "profile", "code", choices=Profile),
        Column("vooropleiding", "prior_education", "code", choices=PriorEducation),
        # A sub-level of geen_diploma_vo: an empty cell means "no level", like a text.
        Column(
            "niveau_vooropleiding", "prior_education_level", "text", choices=PriorEducationLevel
        ),
        Column("aangemeld_via", "referral_route", "code", choices=ReferralRoute),
        Column("email", "email", "text"),
        Column("telefoon", "phone", "text"),
        Column("adres", "address", "text"),
        Column("postcode", "postcode", "text"),
        Column("woonplaats", "city", "text"),
        Column("startdatum", "start_date", "date"),
    )
}
REQUIRED_COLUMNS = [c.name for c in COLUMNS.values() if c.required]
#: Headers that SIS exports commonly use for the same column.
ALIASES = {
    "e_mail": "email",
    "e_mailadres": "email",
    "emailadres": "email",
    "telefoonnummer": "telefoon",
}
#: Model field → column, to say which column a model validation error is about.
FIELD_COLUMNS = {c.field: c.name for c in COLUMNS.values()} | {"cohort": "startdatum"}

_SEPARATORS = re.compile(r"[\s\-]+")


def normalise(text: str) -> str:
    return _SEPARATORS.sub("_", text.strip().lower())
