"""The management dashboard (/kerncijfers/) and the CSV of each of its tables.

Management sees aggregates only: everything here renders a :class:`Report` (whose cells
are already suppressed) or the status counts of ``selectors`` — never a student.
"""

from typing import cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from entree.core.types import AuthenticatedHttpRequest
from entree.reports import choice, presenters, selectors
from entree.reports.forms import ReportChoiceForm
from students.models import Status


@login_required
@require_GET
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The key figures of a school year for one scope, each table with its chart, its
    definition, last year's figure and the national one beside it, and a CSV link; below
    them today's students per status and team.

    A malformed or out-of-range choice shows the form with its error (400); somebody
    else's scope, like any refusal, is a 404.
    """
    scopes = choice.scopes_for(request.user)
    form = ReportChoiceForm(request.GET, scopes=scopes, today=timezone.localdate())
    context: dict[str, object] = {"form": form, "scopes": scopes, "statuses": list(Status)}
    status = 200
    if not scopes:
        pass  # the page says to ask for teams
    elif form.is_valid():
        made = form.choice
        report = choice.report_for(request.user, made)
        context["report"] = report
        context["blocks"] = [
            (block, [presenters.shown_table(table) for table in block.tables])
            for block in report.blocks
        ]
        rows = selectors.status_counts_by_team(request.user)
        if made.scope.team_id is not None:
            rows = [row for row in rows if row["team"].pk == made.scope.team_id]
        context["rows"] = rows
        context["suppress_below"] = selectors.SUPPRESS_BELOW
    else:
        status = 400
    return render(request, "reports/dashboard.html", context, status=status)


@login_required
@require_GET
def table_csv(
    request: AuthenticatedHttpRequest, school_year: str, scope: str, table: str
) -> HttpResponse:
    """One table of the report as CSV: ``/kerncijfers/2025-2026/instelling/<table>.csv``."""
    scopes = choice.scopes_for(request.user)
    try:
        made = choice.ReportChoice(
            school_year=choice.school_year_parse(school_year, today=timezone.localdate()),
            scope=choice.scope_find(scopes, scope),
        )
    except ValidationError as error:
        return HttpResponseBadRequest(
            " ".join(str(m) for m in error.messages), content_type="text/plain; charset=utf-8"
        )
    found = presenters.table_find(choice.report_for(request.user, made), table)
    if found is None:
        raise Http404
    filename = f"kerncijfers-{made.school_year.label}-{made.scope.key}-{found.key}.csv"
    disposition = cast(str, content_disposition_header(as_attachment=True, filename=filename))
    return HttpResponse(
        presenters.table_csv(found),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": disposition},
    )
