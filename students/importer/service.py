"""The import service: read the file, validate and plan every row, and only then write
them all in one transaction (see the package docstring for the rules)."""

import pghistory
from django.core.exceptions import PermissionDenied
from django.db import DataError, IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from entree.accounts.models import Institution, Team, User
from entree.accounts.roles import administers
from entree.audit.models import Channel
from entree.audit.services import access_record_many
from students.models import RecordPart, Student

from .planner import RowPlanner
from .reading import FileError, read_rows
from .result import ImportResult, Problem


class _TrialRunDone(Exception):
    """Raised inside the write's savepoint to roll a trial run back."""


#: Rows per INSERT/UPDATE statement: large enough for few round trips, small enough
#: for PostgreSQL's parameter limit with ~20 columns per row.
BATCH_SIZE = 500


@transaction.atomic
def students_import(
    *, institution: Institution, data: bytes, by: User | None, dry_run: bool
) -> ImportResult:
    """Validate every row of the CSV ``data``; unless ``dry_run`` or any error, write them.

    Preconditions: ``by`` administers the system (the functioneel beheerder), or is
    ``None`` for the command line, whose operator has shell access anyway. Errors are
    returned in the result, not raised: the caller shows all of them at once.
    """
    if by is not None and not administers(by):
        raise PermissionDenied(_("Alleen de functioneel beheerder kan studenten importeren."))
    result = ImportResult(dry_run=dry_run)
    try:
        records = read_rows(data, result)
    except FileError as error:
        result.file_errors.append(error.problem)
        return result

    # 1. Two queries, whatever the number of rows: the teams and the known students.
    teams = _teams_by_name(institution)
    numbers = {cells["studentnummer"].strip() for _line, cells in records}
    existing_qs = Student.objects.filter(institution=institution, student_number__in=numbers)
    if not dry_run:  # nobody changes these rows between our check and our write
        existing_qs = existing_qs.select_for_update()
    existing = {s.student_number: s for s in existing_qs}
    if by is not None and existing:
        # Even a trial run tells whether a row matches a stored record ("unchanged" or
        # "update"), so every matched student gets a line in the access log.
        access_record_many(
            user=by,
            student_uuids=[s.uuid for s in existing.values()],
            part=RecordPart.IMPORT_PROEF if dry_run else RecordPart.IMPORT,
            channel=Channel.IMPORT,
        )

    # 2. Validate and plan every row.
    planner = RowPlanner(institution, teams, existing, timezone.localdate(), result)
    for line, cells in records:
        planner.plan(line, cells)
    if not result.ok:
        return result

    # 3. Write, recorded in the audit trail (pghistory triggers see bulk writes too). A
    #    trial run writes exactly the same and then rolls back, so anything the database
    #    refuses shows up in the trial run too: the two never disagree.
    context = {"import_by": by.pk if by else None, "source": "import"}
    if by is not None:
        context["user"] = by.pk  # so the write log names the beheerder as the actor
    try:
        with pghistory.context(**context), transaction.atomic():
            Student.objects.bulk_create(planner.new, batch_size=BATCH_SIZE)
            if planner.changed:
                now = timezone.now()
                for student in planner.changed:
                    student.updated_at = now
                Student.objects.bulk_update(
                    planner.changed,
                    fields=sorted(planner.changed_fields | {"updated_at"}),
                    batch_size=BATCH_SIZE,
                )
            if dry_run:
                raise _TrialRunDone
    except _TrialRunDone:
        for student in planner.new:  # bulk_create filled in keys that were rolled back
            student.pk = None
            student._state.adding = True
        return result
    except IntegrityError:  # someone created one of these numbers a moment ago
        result.file_errors.append(
            Problem(
                None,
                _(
                    "tijdens het importeren is een van deze studentnummers ergens anders "
                    "aangemaakt. Er is niets veranderd; importeer het bestand opnieuw."
                ),
            )
        )
        return result
    except DataError:  # a value the rules above let through but the database refuses
        result.file_errors.append(
            Problem(
                None,
                _(
                    "de database weigert een van de waarden in het bestand. Er is niets "
                    "veranderd; controleer het bestand op vreemde tekens en te lange waarden."
                ),
            )
        )
        return result
    result.written = True
    return result


def _teams_by_name(institution: Institution) -> dict[str, Team]:
    teams: dict[str, Team] = {}
    for team in Team.objects.filter(institution=institution).order_by("name"):
        teams.setdefault(team.name.strip().casefold(), team)
    return teams
