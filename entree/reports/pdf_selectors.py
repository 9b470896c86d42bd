"""Reads for the annual report PDFs: which reports a manager may see, which scopes and
school years a new one may cover. Who may see a report is decided by its scope alone, with
the scopes the figures allow (:func:`entree.reports.figures.report_scopes`): a report is
as visible as the figures it holds, to every manager of that scope, not only to whoever
asked for it."""

from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404

from entree.accounts.models import User
from entree.accounts.roles import sees_aggregates
from entree.reports.figures import report_scopes
from entree.reports.models import GeneratedReport
from entree.reports.report import SchoolYear, Scope
from students.models import Student


def _scope_filter(scopes: list[Scope]) -> Q:
    """Rows of exactly these scopes; no scope at all matches nothing."""
    condition = Q(pk__in=[])
    for scope in scopes:
        condition |= Q(institution_id=scope.institution_id, team_id=scope.team_id)
    return condition


def generated_reports_for_user(user: User) -> QuerySet[GeneratedReport]:
    """The reports of every scope ``user`` may see, newest first, with the requester. 404
    for anyone who does not see aggregates (mentors, coordinators, beheerders)."""
    if not sees_aggregates(user):
        raise Http404
    return (
        GeneratedReport.objects.filter(_scope_filter(report_scopes(user)))
        .select_related("requested_by")
        .order_by("-created_at")
    )


def generated_report_for_user(user: User, report_id: UUID | str) -> GeneratedReport:
    """One report whose scope ``user`` may see; missing or forbidden is the same 404."""
    report = generated_reports_for_user(user).filter(pk=report_id).first()
    if report is None:
        raise Http404
    return report


def report_scope_for_user(user: User, scope_key: str) -> Scope:
    """The scope with this key among those ``user`` may see, or 404."""
    for scope in report_scopes(user):
        if scope.key == scope_key:
            return scope
    raise Http404


def report_years(user: User) -> list[SchoolYear]:
    """The school years with students in the institutions ``user`` reports on, newest
    first: the cohorts (the school year of each student's first entree start)."""
    institutions = {scope.institution_id for scope in report_scopes(user)}
    cohorts = (
        Student.objects.filter(institution_id__in=institutions)
        .exclude(cohort="")
        .values_list("cohort", flat=True)
        .distinct()
        .order_by("-cohort")
    )
    years = []
    for label in cohorts:
        try:
            years.append(SchoolYear.from_label(label))
        except ValueError:
            continue  # an imported cohort in another notation cannot be reported on
    return years
