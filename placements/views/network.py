"""The network pages under /bpv/: the institution's host companies (leerbedrijven), their
praktijkopleiders and placement history, and the bpv-begeleider's list of visits to make.

Companies are not a student's record, so opening one writes no access log; a company's
history names only the students the user may see (``company_history`` marks them)."""

from datetime import date
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from entree.core.dates import add_years
from entree.core.forms import add_service_errors
from entree.core.types import AuthenticatedHttpRequest
from placements import selectors, services
from placements.forms_network import PROMISING, CompanyForm, ContactForm, sector_choices
from placements.models import PROMISING_SECTORS, VISITS_WANTED, Company, Sector

PAGE_SIZE = 50
HISTORY_PAGE_SIZE = 25


def _require_companies(request: AuthenticatedHttpRequest) -> None:
    # As the caseload does for roles that do not work with students: the page is not there.
    if not selectors.works_with_companies(request.user):
        raise Http404


def _return_to(request: AuthenticatedHttpRequest) -> str | None:
    """The local address in ``?terug=`` (a page that asked for a new company), or None."""
    url = request.GET.get("terug", "")
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts=set()) and url.startswith("/"):
        return url
    return None


def _with_company(url: str, company: Company) -> str:
    """``url`` with ``bedrijf=<uuid>`` in its query (any earlier ``bedrijf`` replaced)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "bedrijf"]
    query.append(("bedrijf", str(company.uuid)))
    return urlunsplit(parts._replace(query=urlencode(query)))


@login_required
@require_GET
def companies(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The institution's companies: search by name, city or KvK number, filter by sector."""
    _require_companies(request)
    search = request.GET.get("zoek", "").strip()
    sector = request.GET.get("sector", "")
    if sector not in Sector.values:
        sector = ""
    rows = selectors.company_list(request.user, search=search, sector=sector)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "placements/network/companies.html",
        {
            "page": page,
            "search": search,
            "sector": sector,
            "sector_choices": sector_choices(_("Alle sectoren")),
            "filtered": bool(search or sector),
            "promising": PROMISING_SECTORS,
            "promising_label": PROMISING,
        },
    )


def _duplicate(
    request: AuthenticatedHttpRequest,
    kvk_number: str,
    error: ValidationError,
    company: Company | None,
) -> Company | None:
    """The company that already has this KvK number, when that is what the service said."""
    if "kvk_number" not in getattr(error, "error_dict", {}):
        return None
    return services.duplicate_of(request.user, kvk_number, exclude=company)


@login_required
@require_http_methods(["GET", "POST"])
def company_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Add a company. From another page (``?terug=``) the user goes back there with the
    new company in ``?bedrijf=``."""
    _require_companies(request)
    return_to = _return_to(request)
    form = CompanyForm(request.POST or None)
    duplicate = None
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service()
        try:
            company = services.company_create(by=request.user, data=data)
        except ValidationError as error:
            add_service_errors(form, error)
            duplicate = _duplicate(request, data.kvk_number, error, None)
        else:
            messages.success(request, _("%(name)s is toegevoegd.") % {"name": company.name})
            if return_to:
                return redirect(_with_company(return_to, company))
            return redirect("bpv:company", company=company.uuid)
    return render(
        request,
        "placements/network/company_form.html",
        {
            "form": form,
            "company": None,
            "duplicate": duplicate,
            "duplicate_choose": _with_company(return_to, duplicate)
            if return_to and duplicate
            else None,
            "return_to": return_to,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def company_edit(request: AuthenticatedHttpRequest, company: UUID) -> HttpResponse:
    """Change a company's details (the same rules as adding it)."""
    _require_companies(request)
    record = selectors.company_of(request.user, company)
    form = CompanyForm(request.POST or None, initial=CompanyForm.initial_of(record))
    duplicate = None
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service()
        try:
            services.company_update(by=request.user, company=record, data=data)
        except ValidationError as error:
            add_service_errors(form, error)
            duplicate = _duplicate(request, data.kvk_number, error, record)
        else:
            messages.success(request, _("De gegevens van het bedrijf zijn opgeslagen."))
            return redirect("bpv:company", company=record.uuid)
    return render(
        request,
        "placements/network/company_form.html",
        {"form": form, "company": record, "duplicate": duplicate, "return_to": None},
    )


def sbb_check_is_old(checked_on: date | None, today: date) -> bool:
    """The SBB recognition was last checked more than a year ago."""
    return checked_on is not None and checked_on < add_years(today, -1)


@login_required
@require_GET
def company(request: AuthenticatedHttpRequest, company: UUID) -> HttpResponse:
    """A company: details, SBB recognition, praktijkopleiders, figures and history."""
    _require_companies(request)
    record = selectors.company_of(request.user, company)
    history = Paginator(selectors.company_history(request.user, record), HISTORY_PAGE_SIZE)
    return render(
        request,
        "placements/network/company.html",
        {
            "company": record,
            "promising": record.sector in PROMISING_SECTORS,
            "promising_label": PROMISING,
            "sbb_old": sbb_check_is_old(record.sbb_checked_on, timezone.localdate()),
            "contacts": list(record.contacts.all()),
            "figures": selectors.company_figures(record),
            "page": history.get_page(request.GET.get("pagina")),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(
    request: AuthenticatedHttpRequest, company: UUID, contact: UUID | None = None
) -> HttpResponse:
    """Add a praktijkopleider to a company, or change one (also: no longer works there)."""
    _require_companies(request)
    record = selectors.company_of(request.user, company)
    person = None
    if contact is not None:
        person = record.contacts.filter(uuid=contact).first()
        if person is None:
            raise Http404
    form = ContactForm(request.POST or None, initial=ContactForm.initial_of(person))
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.contact_save(
                by=request.user, company=record, data=form.data_for_service(), contact=person
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s is opgeslagen.") % {"name": saved.name})
            return redirect("bpv:company", company=record.uuid)
    return render(
        request,
        "placements/network/contact_form.html",
        {"form": form, "company": record, "contact": person},
    )


@login_required
@require_GET
def to_visit(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The bpv-begeleider's running placements, the visit most due first."""
    _require_companies(request)
    page = Paginator(selectors.to_visit(request.user), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    return render(
        request,
        "placements/network/to_visit.html",
        {"page": page, "today": timezone.localdate(), "visits_wanted": VISITS_WANTED},
    )
