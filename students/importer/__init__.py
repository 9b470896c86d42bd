"""Import students from the student information system (SIS) as a CSV file.

The file format is documented for the people who make the export in
``docs/import-format.md``; keep the two in step. The rules:

1. The whole file is read and every row validated before anything is written. One bad
   row and nothing changes (all-or-nothing): a half-imported file is worse than none,
   because nobody can tell which half is in (DESIGN §6 "nothing is half-saved").
2. The student number is the key (upsert per institution). A new number creates a
   student with status ``aangemeld`` and no regiehouder, so the team's mentors see the
   signal "Geen regiehouder" and one of them claims the student. A known number updates
   only the columns that are in the file — never the status or the regiehouder, which
   belong to the team, not to the SIS.
3. Importing the same file twice changes nothing the second time (idempotent): a row
   equal to the database is "ongewijzigd" and is not written.
4. A constant number of queries, whatever the number of rows: teams and existing students
   are loaded in one query each, writes go in batches.

Messages never repeat a student's personal data (names, birth dates, addresses): they
name the line, the column and what is wrong. Codes and team names are configuration and
are named, so the beheerder sees which value to correct.

The steps, one module each; import from here (``from students.importer import
students_import``), not from the modules:

- ``columns``: the columns of the file, their aliases and normalisation;
- ``reading``: the encoding, delimiter and header, rows of the header's width;
- ``planner``: each row validated and planned as new, changed or unchanged;
- ``result``: what the import reports (``ImportResult`` with its rows and problems);
- ``service``: ``students_import``, which runs the steps and writes.
"""

# The public API: run an import and read its result. The steps' own names (columns,
# limits, the planner) stay in their modules.
from .result import Action, ImportResult, PlannedRow, Problem
from .service import students_import

__all__ = ["Action", "ImportResult", "PlannedRow", "Problem", "students_import"]
