"""The figures of the management annual report (issue 14): each table defined once, with
its definition beside it, counted in PostgreSQL and suppressed by one rule.

- ``core``: who may ask for which scope, and the report (:func:`report_build`);
- ``cube``: the engine — a population, its dimensions, one GROUP BY per table;
- ``suppression``: the rule for small cells (read its docstring) and its audit;
- ``populations``: who each block counts, for one school year;
- ``national``: the inspectorate's national figures beside ours;
- one module per block: ``inflow``, ...
"""

from .core import report_build, report_scopes

__all__ = ["report_build", "report_scopes"]
