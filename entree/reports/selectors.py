"""Aggregated figures for management. Never a named student; small cells suppressed."""

from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.http import Http404

from entree.accounts.models import Team, User
from entree.accounts.roles import sees_aggregates
from entree.reports.report import SUPPRESS_BELOW
from students.models import Status, Student

__all__ = ["SUPPRESS_BELOW", "status_counts_by_team", "status_counts_query", "teams_for_manager"]


@dataclass(frozen=True)
class Cell:
    count: int

    @property
    def suppressed(self) -> bool:
        return 0 < self.count < SUPPRESS_BELOW

    def __str__(self) -> str:
        return f"<{SUPPRESS_BELOW}" if self.suppressed else str(self.count)


@dataclass(frozen=True)
class Total:
    """A row total. When a cell of the row is suppressed, the exact total would give it
    away (total minus the visible cells), so it is shown rounded to ten ("≈130")."""

    count: int
    hides_cells: bool

    def __str__(self) -> str:
        if self.hides_cells:
            return f"≈{round(self.count, -1)}"
        return str(Cell(self.count))


def teams_for_manager(user: User) -> QuerySet[Team]:
    if not sees_aggregates(user):
        raise Http404
    return user.teams.select_related("institution").order_by("name")


def status_counts_query(teams: list[Team]) -> QuerySet[Student, dict]:
    """Students per (team, status): ``COUNT(*)``, not ``COUNT(id)``, so that PostgreSQL
    answers from the (team, status) index alone (an index-only scan) instead of reading
    every student row."""
    return (
        Student.objects.filter(team__in=teams)
        .values("team_id", "status")
        .annotate(n=Count("*"))
        .order_by()
    )


def status_counts_by_team(user: User) -> list[dict]:
    """Per team of the manager, how many students are in each lifecycle status.

    One GROUP BY in PostgreSQL; returns ``[{"team": Team, "cells": [Cell, ...],
    "total": Cell}]`` in the order of :class:`Status`.
    """
    teams = list(teams_for_manager(user))
    counts = {(row["team_id"], row["status"]): row["n"] for row in status_counts_query(teams)}
    result = []
    for team in teams:
        cells = [Cell(counts.get((team.pk, status), 0)) for status in Status]
        total = Total(
            sum(cell.count for cell in cells), hides_cells=any(c.suppressed for c in cells)
        )
        result.append({"team": team, "cells": cells, "total": total})
    return result
