"""What an import reports: per line what it does (or would do), the errors and warnings
with the line they are about, and the totals."""

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from entree.core.types import StrOrPromise


class Action(models.TextChoices):
    NIEUW = "nieuw", gettext_lazy("nieuw")
    BIJWERKEN = "bijwerken", gettext_lazy("bijwerken")
    ONGEWIJZIGD = "ongewijzigd", gettext_lazy("ongewijzigd")


@dataclass(frozen=True)
class Problem:
    """An error (or warning) with the line of the file it is about (``None``: the file)."""

    line: int | None
    message: str
    student_number: str = ""

    def __str__(self) -> str:
        if self.line is None:
            return self.message[:1].upper() + self.message[1:]
        return _("Regel %(line)s: %(message)s") % {"line": self.line, "message": self.message}


@dataclass(frozen=True)
class PlannedRow:
    """What the import does (or would do) with one line of the file."""

    line: int
    student_number: str
    action: str
    #: For an update: the columns whose value changes (names only, never values).
    columns: tuple[str, ...] = ()

    @property
    def action_label(self) -> StrOrPromise:
        return Action(self.action).label


@dataclass
class ImportResult:
    dry_run: bool
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    file_errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    #: True once the changes are in the database (never for a dry run).
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors and not self.file_errors

    @property
    def changes(self) -> list[PlannedRow]:
        return [row for row in self.rows if row.action != Action.ONGEWIJZIGD]
