"""Pages of the annual report PDF: the list of generated reports with the form to ask for
a new one, the page that shows a report being made, and the download.

Only managers, and only for the scopes they may see (:mod:`entree.reports.pdf_selectors`);
everybody else gets the same 404 as for a report that does not exist. The file holds
aggregates only, so its download is not written to the access log of any student.
"""

from typing import cast
from uuid import UUID

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from entree.accounts.models import User
from entree.core.types import AuthenticatedHttpRequest
from entree.reports import pdf_selectors, services
from entree.reports.figures import report_scopes
from entree.reports.models import GeneratedReport
from entree.reports.report import SchoolYear

#: Reports per page of the list (every report is kept, so the list only grows).
PER_PAGE = 25


class ReportRequestForm(forms.Form):
    """Which school year and which scope: only the years with students and the scopes
    the manager may see are offered (and accepted)."""

    school_year = forms.ChoiceField(label=_("Schooljaar"))
    scope = forms.ChoiceField(label=_("Voor"))

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        years = pdf_selectors.report_years(user)
        school_year = cast(forms.ChoiceField, self.fields["school_year"])
        school_year.choices = [(year.label, year.label) for year in years]
        scope_field = cast(forms.ChoiceField, self.fields["scope"])
        scope_field.choices = [(scope.key, scope.name) for scope in report_scopes(user)]
        if not years:
            school_year.help_text = _(
                "Er zijn nog geen studenten ingeschreven, dus nog geen schooljaar om over "
                "te rapporteren."
            )


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def annual_reports(request: AuthenticatedHttpRequest) -> HttpResponse:
    """ "Jaarverslagen": the reports of the manager's scopes (who, when, school year,
    scope, status, download) and the form that asks for a new one (a POST, so that no
    link or prefetch starts a worker)."""
    reports = pdf_selectors.generated_reports_for_user(request.user)  # 404 for non-managers
    form = ReportRequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        report = services.report_pdf_request(
            user=request.user,
            school_year=SchoolYear.from_label(form.cleaned_data["school_year"]),
            scope_key=form.cleaned_data["scope"],
        )
        return redirect("reports:annual_report", report_id=report.pk)
    page = Paginator(reports, PER_PAGE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "reports/annual_reports.html",
        {"form": form, "page": page},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_GET
@never_cache
def annual_report(request: AuthenticatedHttpRequest, report_id: UUID) -> HttpResponse:
    """One report: "wordt gemaakt" with its progress until it is ready, then its download
    link. The page polls itself with htmx every few seconds; without JavaScript a link
    reloads it."""
    report = pdf_selectors.generated_report_for_user(request.user, report_id)
    return render(request, "reports/annual_report.html", {"report": report})


def _file_name(report: GeneratedReport) -> str:
    return f"jaarverslag-entree-{report.school_year}-{slugify(report.scope_name)}.pdf"


@login_required
@require_GET
@never_cache
def annual_report_download(request: AuthenticatedHttpRequest, report_id: UUID) -> HttpResponseBase:
    """The finished PDF, for managers of its scope only."""
    report = pdf_selectors.generated_report_for_user(request.user, report_id)
    if not report.ready:
        raise Http404
    try:
        file = default_storage.open(report.file_name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        file, as_attachment=True, filename=_file_name(report), content_type="application/pdf"
    )
