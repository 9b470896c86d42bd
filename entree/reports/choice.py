"""Which report a manager asks for: a school year and a scope, checked the same way for
the dashboard, the CSV download and the API.

A malformed or out-of-range value is the caller's mistake (a Dutch ``ValidationError``,
400); a well-formed scope that is not one of the user's is "missing or forbidden" — the
same 404 as for a user who is no manager at all.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from entree.accounts.models import User
from entree.accounts.roles import sees_aggregates
from entree.reports import figures
from entree.reports.report import Report, SchoolYear, Scope

#: How many school years before the current one a manager can choose: enough for a
#: trend, and a bound on what one request can make PostgreSQL aggregate.
YEARS_BACK = 9

#: A scope key as :attr:`Scope.key` makes it.
SCOPE_KEY = re.compile(r"^(instelling|team-[1-9][0-9]{0,9})$")


@dataclass(frozen=True)
class ReportChoice:
    school_year: SchoolYear
    scope: Scope


def school_years(today: date) -> list[SchoolYear]:
    """The school years to choose from, newest first: the current one and YEARS_BACK before."""
    current = SchoolYear.containing(today)
    return [SchoolYear(current.first - back) for back in range(YEARS_BACK + 1)]


def school_year_parse(label: str, *, today: date) -> SchoolYear:
    """``"2025-2026"`` → ``SchoolYear(2025)``, if it is one of :func:`school_years`."""
    years = school_years(today)
    try:
        year = SchoolYear.from_label(label.strip())
    except ValueError:
        raise ValidationError(
            _("Schrijf het schooljaar als 2025-2026: het eerste jaar, streepje, het jaar erna."),
            code="invalid",
        ) from None
    if year not in years:
        raise ValidationError(
            _("Kies een schooljaar van %(first)s tot en met %(last)s.")
            % {"first": years[-1].label, "last": years[0].label},
            code="out_of_range",
        )
    return year


def scopes_for(user: User) -> list[Scope]:
    """The scopes the user may see reports of; 404 for anybody who is no manager."""
    if not sees_aggregates(user):
        raise Http404
    return figures.report_scopes(user)


def scope_find(scopes: list[Scope], key: str) -> Scope:
    """The scope with ``key`` among ``scopes``: a ``ValidationError`` for a malformed key,
    404 for one that is not the user's (another team, another institution)."""
    if not SCOPE_KEY.match(key.strip()):
        raise ValidationError(
            _("Kies als reikwijdte „instelling” of een team („team-<nummer>”)."), code="invalid"
        )
    for scope in scopes:
        if scope.key == key.strip():
            return scope
    raise Http404


def report_for(user: User, choice: ReportChoice) -> Report:
    """The report of ``choice``, built by the figures for ``user``."""
    return figures.report_build(
        user=user, school_year=choice.school_year, scope_key=choice.scope.key
    )
