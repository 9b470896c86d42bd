"""The annual report for one school year and scope: who may ask for which scope, and the
report itself, block by block (DESIGN §5, issue 14)."""

import hashlib
import time
from dataclasses import replace
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entree.accounts.models import Team, User
from entree.accounts.roles import sees_aggregates
from entree.core.types import StrOrPromise
from entree.reports.report import Block, Report, SchoolYear, Scope

from . import bpv, follow_up, handover, inflow, quality, results
from .cube import System, TableSpec, render

if TYPE_CHECKING:
    from entree.accounts.roles import AnyUser

#: The blocks of the report, in order; each block module defines its tables once.
BLOCKS: list[tuple[str, StrOrPromise, list[TableSpec]]] = [
    ("inflow", _("Instroom en intake"), inflow.TABLES),
    ("results", _("Resultaat één jaar na de start"), results.RESULT_TABLES),
    ("destinations", _("Vervolg één jaar na de start"), results.DESTINATION_TABLES),
    ("bpv", _("Beroepspraktijkvorming (bpv)"), bpv.TABLES),
    ("outflow", _("Uitstroom en warme overdracht"), handover.TABLES),
    ("follow_up", _("Nazorg en arbeidsmarkt"), follow_up.TABLES),
    ("quality", _("Datakwaliteit"), quality.TABLES),
]


def report_scopes(user: "AnyUser") -> list[Scope]:
    """What a manager may report on: the whole institution of their teams, and each of
    their own teams. Anybody else: 404 (the same as a report that does not exist).

    A manager with teams in two institutions gets the institution of the first (by name):
    the scope key ``"instelling"`` names one institution.
    """
    if not sees_aggregates(user):
        raise Http404
    assert isinstance(user, User)  # noqa: S101 - sees_aggregates is False for anonymous
    teams = list(user.teams.select_related("institution").order_by("institution__name", "name"))
    if not teams:
        return []
    institution = teams[0].institution
    scopes = [Scope(institution.pk, None, institution.name)]
    scopes += [
        Scope(institution.pk, team.pk, f"{institution.name} — {team.name}")
        for team in teams
        if team.institution_id == institution.pk
    ]
    return scopes


def scope_for(user: "AnyUser", scope_key: str) -> Scope:
    """The scope the user asked for, or 404 (another team, another institution, nonsense)."""
    for scope in report_scopes(user):
        if scope.key == scope_key:
            return scope
    raise Http404


def build_systems(
    institution_id: int,
    school_year: SchoolYear,
    specs: list[TableSpec],
    *,
    complementary: bool = True,
) -> dict[int, System]:
    """Every number of the institution for the school year and the year before, suppressed
    per year over all teams and tables at once. One query for the teams, one per table."""
    teams = list(
        Team.objects.filter(institution_id=institution_id)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    systems = {year: System() for year in (school_year.first - 1, school_year.first)}
    for spec in specs:
        counts = spec.query(institution_id, school_year)
        for year, system in systems.items():
            system.add_table(spec, year, teams, counts)
    for system in systems.values():
        _suppress_cached(system, complementary=complementary)
    return systems


#: Bump when the rule in :mod:`.suppression` changes: cached patterns are then not reused.
RULE_VERSION = 2


def _suppress_cached(system: System, *, complementary: bool) -> None:
    """Suppression is deterministic in the numbers (and costs seconds for a large
    institution), so the pattern is kept in the cache under a hash of every number and
    relation: the same data give the same pattern without working it out again. While
    one process works a pattern out, the others asking for the same numbers wait for it
    (a lock in the cache) instead of all doing the same work at once."""
    key = pattern_key(system, complementary=complementary)
    status = cache.get(key)
    if status is None and not cache.add(f"{key}:busy", 1, timeout=SUPPRESSION_WAIT_SECONDS):
        waited = 0.0
        while status is None and waited < SUPPRESSION_WAIT_SECONDS:
            time.sleep(0.5)
            waited += 0.5
            status = cache.get(key)
    if status is None:
        try:
            system.suppress(complementary=complementary)
            cache.set(key, system.status, timeout=24 * 3600)
        finally:
            cache.delete(f"{key}:busy")
    else:
        system.status = status


def pattern_key(system: System, *, complementary: bool) -> str:
    """The cache key of a system's pattern: a hash of the rule's version, the system's
    shape (which tables, years and teams: they fix every number's name, which are
    published and every relation) and every number's value in the order the shape
    fixes — the same in every process, and cheap (hashing the names and relations
    themselves cost more than a second at 51 teams)."""
    digest = hashlib.sha256(
        repr((RULE_VERSION, complementary, system.shape, list(system.values.values()))).encode()
    ).hexdigest()
    return f"reports:suppression:{digest}"


#: How long a request waits for another process working out the same pattern.
SUPPRESSION_WAIT_SECONDS = 120


def _systems_kept(institution_id: int, school_year: SchoolYear) -> dict[int, System]:
    """:func:`build_systems` for every table, kept for ``REPORT_FIGURES_SECONDS`` per
    institution and school year: every scope and every request of the dashboard, the
    JSON, the CSV and the PDF in that time share one count (25 queries and the adding up
    cost seconds at a large institution, every time). Figures of a school year are at most
    that old; 0 counts afresh on every request (the tests)."""
    seconds = settings.REPORT_FIGURES_SECONDS
    if not seconds:
        return build_systems(institution_id, school_year, all_tables())
    key = f"reports:figures:{RULE_VERSION}:{institution_id}:{school_year.first}"
    kept = cache.get(key)
    if kept is None:
        systems = build_systems(institution_id, school_year, all_tables())
        kept = {year: (system.values, system.status) for year, system in systems.items()}
        cache.set(key, kept, timeout=seconds)
    return {year: System(values=values, status=status) for year, (values, status) in kept.items()}


def all_tables() -> list[TableSpec]:
    return [spec for _, _, tables in BLOCKS for spec in tables]


def report_build(*, user: "AnyUser", school_year: SchoolYear, scope_key: str) -> Report:
    """The annual report for ``school_year`` and the scope with ``scope_key`` (one of
    :func:`report_scopes`; anything else is 404). Aggregated in PostgreSQL, small cells
    suppressed (:mod:`.suppression`), each table with the previous school year and the
    national reference beside it. A bounded number of queries, whatever the size."""
    scope = scope_for(user, scope_key)
    systems = _systems_kept(scope.institution_id, school_year)
    current, previous = systems[school_year.first], systems[school_year.first - 1]
    blocks = []
    for key, title, specs in BLOCKS:
        tables = []
        for spec in specs:
            earlier = render(spec, previous, school_year.first - 1, scope.team_id)
            table = render(spec, current, school_year.first, scope.team_id)
            tables.append(replace(table, previous=earlier, national=spec.national()))
        blocks.append(Block(key=key, title=str(title), tables=tables))
    return Report(school_year=school_year, scope=scope, generated_at=timezone.now(), blocks=blocks)
