"""Validating and planning the rows: each row becomes a new or changed student (in
memory, not yet saved), or a list of errors. Messages name the line and the column, never
the student's personal data."""

import re
from datetime import date

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from entree.accounts.models import Institution, Team
from students.models import PriorEducation, Status, Student, prior_level_problem

from .columns import COLUMNS, FIELD_COLUMNS, normalise
from .result import Action, ImportResult, PlannedRow, Problem

#: Students whose start date the import leaves alone.
STARTED_STATUSES = frozenset({Status.ACTIEF, Status.UITGESTROOMD, Status.NAZORG})

_DMY = re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_date(raw: str) -> date:
    """A date written ``dd-mm-jjjj`` or ``jjjj-mm-dd``; ValueError with a Dutch message."""
    if match := _DMY.fullmatch(raw):
        day, month, year = (int(g) for g in match.groups())
    elif match := _YMD.fullmatch(raw):
        year, month, day = (int(g) for g in match.groups())
    else:
        # The value itself is not repeated: a birth date is personal data.
        raise ValueError(_("dit is geen datum; schrijf dd-mm-jjjj of jjjj-mm-dd."))
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(_("deze datum bestaat niet (bijvoorbeeld 31 februari).")) from None


def shown(raw: str) -> str:
    """A code or team name from the file, to repeat in a message: at most 40 characters,
    so one huge cell does not make a huge page."""
    return raw if len(raw) <= 40 else raw[:40] + "…"


class RowPlanner:
    """Turns each row into a new or changed Student (in memory), or into errors."""

    def __init__(
        self,
        institution: Institution,
        teams: dict[str, Team],
        existing: dict[str, Student],
        today: date,
        result: ImportResult,
    ) -> None:
        self.institution = institution
        self.teams = teams
        self.existing = existing
        self.today = today
        self.result = result
        self.first_line: dict[str, int] = {}
        self.new: list[Student] = []
        self.changed: list[Student] = []
        self.changed_fields: set[str] = set()

    def plan(self, line: int, cells: dict[str, str]) -> None:
        number = cells["studentnummer"].strip()
        errors: list[str] = []
        if not number:
            errors.append(_("het studentnummer is leeg."))
        elif number in self.first_line:
            errors.append(
                _(
                    "studentnummer %(number)s staat ook op regel %(first)s; elk "
                    "studentnummer mag maar één keer in het bestand staan."
                )
                % {"number": number, "first": self.first_line[number]}
            )
        else:
            self.first_line[number] = line

        values = self._values(cells, errors)
        found = self.existing.get(number)
        if found is not None and found.status == Status.AFGESLOTEN and not errors:
            # A closed record may already be anonymised (retention): never refill it.
            self.result.warnings.append(
                Problem(line, _("dit dossier is afgesloten en wordt niet bijgewerkt."), number)
            )
            self._record(line, number, Action.ONGEWIJZIGD)
            return
        is_new = found is None
        student = found or Student(
            institution=self.institution,
            student_number=number,
            status=Status.AANGEMELD,
            regiehouder=None,
        )
        self._prior_level(student, values, cells, errors)
        if errors:
            self._errors(line, number, errors)
            return

        if (
            not is_new
            and student.status in STARTED_STATUSES
            and values.get("start_date") not in (None, student.start_date)
        ):
            # Once started, the start date (and with it the cohort of the first start and
            # the study-advice deadline) belongs to the record, set by 'Opleiding starten'.
            del values["start_date"]
            self.result.warnings.append(
                Problem(
                    line,
                    _(
                        "de startdatum wijkt af van het dossier van deze gestarte student "
                        "en is niet overgenomen."
                    ),
                    number,
                )
            )
        changed = [name for name, value in values.items() if getattr(student, name) != value]
        for name in changed:
            setattr(student, name, values[name])
        if "start_date" in changed and student.start_date:
            student.set_start_date(student.start_date)
            changed.append("cohort")
        try:
            # The foreign keys were resolved from the preloaded teams; uniqueness and the
            # prior-level constraint are checked above — each of those would cost a query
            # per row in full_clean.
            student.full_clean(
                exclude=["institution", "team", "regiehouder"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            self._errors(line, number, _model_messages(error))
            return

        if is_new:
            self.new.append(student)
            self._record(line, number, Action.NIEUW)
        elif changed:
            self.changed.append(student)
            self.changed_fields.update(changed)
            columns = tuple(dict.fromkeys(FIELD_COLUMNS[name] for name in changed))
            self._record(line, number, Action.BIJWERKEN, columns)
        else:
            self._record(line, number, Action.ONGEWIJZIGD)

    def _values(self, cells: dict[str, str], errors: list[str]) -> dict:
        """Model field → cleaned value, for the columns of the file (studentnummer aside)."""
        values: dict = {}
        for name, raw in cells.items():
            column = COLUMNS[name]
            raw = raw.strip()
            if name == "studentnummer":
                continue
            if not raw:
                if column.required:
                    errors.append(_("%(column)s is leeg.") % {"column": name})
                elif column.kind == "text":
                    values[column.field] = ""
                continue  # code and date: keep the current value (or the default)
            if column.kind == "team":
                team = self.teams.get(raw.casefold())
                if team is None:
                    errors.append(
                        _("team '%(value)s' bestaat niet in %(institution)s. Teams: %(teams)s.")
                        % {
                            "value": shown(raw),
                            "institution": self.institution.name,
                            "teams": ", ".join(t.name for t in self.teams.values()) or "—",
                        }
                    )
                else:
                    values[column.field] = team.pk
            elif column.choices is not None:
                code = normalise(raw)
                if code in column.choices.values:
                    values[column.field] = code
                else:
                    errors.append(
                        _("%(column)s '%(value)s' is onbekend; toegestaan: %(codes)s.")
                        % {
                            "column": name,
                            "value": shown(raw),
                            "codes": ", ".join(column.choices.values),
                        }
                    )
            elif column.kind == "date":
                try:
                    values[column.field] = parse_date(raw)
                except ValueError as error:
                    errors.append(f"{name}: {error}")
            else:
                values[column.field] = raw.upper() if name == "postcode" else raw
        # Plausible dates (age, start) are the models' rules (entree.core.dates), checked
        # by full_clean below like on the pages and in the API.
        return values

    def _prior_level(self, student: Student, values: dict, cells: dict, errors: list) -> None:
        """The sub-level belongs only to geen_diploma_vo (the model's check constraint)."""
        prior = values.get("prior_education", student.prior_education)
        if prior == PriorEducation.GEEN_DIPLOMA_VO:
            return
        problem = prior_level_problem(prior, values.get("prior_education_level", ""))
        if problem:
            errors.append(f"{FIELD_COLUMNS['prior_education_level']}: {problem}")
        elif student.prior_education_level or "niveau_vooropleiding" in cells:
            values["prior_education_level"] = ""

    def _record(
        self, line: int, number: str, action: Action, columns: tuple[str, ...] = ()
    ) -> None:
        self.result.rows.append(PlannedRow(line, number, action.value, columns))
        counter = {
            Action.NIEUW: "created",
            Action.BIJWERKEN: "updated",
            Action.ONGEWIJZIGD: "unchanged",
        }[action]
        setattr(self.result, counter, getattr(self.result, counter) + 1)

    def _errors(self, line: int, number: str, messages: list[str]) -> None:
        self.result.errors += [Problem(line, message, number) for message in messages]


def _model_messages(error: ValidationError) -> list[str]:
    """The model's own validation messages, prefixed with the column they are about."""
    messages = []
    for name, texts in error.message_dict.items():
        for text in texts:
            if name == NON_FIELD_ERRORS:
                messages.append(text)
            else:
                messages.append(f"{FIELD_COLUMNS.get(name, name)}: {text}")
    return messages
