"""Student pages, one module per area: ``caseload`` (list, register), ``record`` (the
student page and its forms), ``imports`` (CSV import for the beheerder), ``exports``
(caseload CSV, the complete record as JSON/PDF)."""
