"""Adding and updating host companies and their praktijkopleiders."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from entree.accounts.models import Institution, User
from entree.core.validators import normalise_kvk
from placements.models import Company, CompanyContact, Sector
from placements.selectors import companies_visible_to, institutions_of, works_with_companies
from students.services.common import validated_save

from .data import CONTACT_FIELDS, CompanyData, ContactData

COMPANY_REFUSED = _("U werkt niet met leerbedrijven: dat doen mentoren en uitstroomcoördinatoren.")


def _require_companies(user: User) -> None:
    if not works_with_companies(user):
        raise PermissionDenied(COMPANY_REFUSED)


def _home_institution(user: User) -> Institution:
    """The institution a new company belongs to: the user's (every team of a user is in
    one institution; a user without a team cannot add a company)."""
    ids = sorted(institutions_of(user))
    if not ids:
        raise ValidationError(
            _("U hoort bij geen team; vraag de beheerder u aan een team toe te voegen.")
        )
    return Institution.objects.get(pk=ids[0])


def duplicate_of(user: User, kvk_number: str, *, exclude: Company | None = None) -> Company | None:
    """The company of the user's institution that already has this KvK number."""
    companies = companies_visible_to(user).filter(kvk_number=normalise_kvk(kvk_number))
    if exclude is not None:
        companies = companies.exclude(pk=exclude.pk)
    return companies.first()


def _duplicate_message(company: Company) -> str:
    name = f"{company.name} ({company.city})" if company.city else company.name
    return _(
        "Dit KvK-nummer hoort al bij %(name)s. Kies dat bedrijf; zo staat elk bedrijf er "
        "één keer in."
    ) % {"name": name}


def _fill(company: Company, data: CompanyData) -> None:
    company.name = data.name.strip()
    company.kvk_number = normalise_kvk(data.kvk_number)
    company.sector = data.sector
    company.sbb_recognised = data.sbb_recognised
    company.sbb_number = data.sbb_number.strip() if data.sbb_recognised else ""
    company.sbb_checked_on = data.sbb_checked_on
    company.address = data.address.strip()
    company.postcode = data.postcode.strip().upper()
    company.city = data.city.strip()
    company.notes = data.notes.strip()


def _problems(data: CompanyData) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not data.name.strip():
        errors["name"] = [_("Vul de naam van het bedrijf in.")]
    if not normalise_kvk(data.kvk_number):
        errors["kvk_number"] = [_("Vul het KvK-nummer van het bedrijf in.")]
    if data.sector not in Sector.values:
        errors["sector"] = [_("Kies een sector.")]
    if data.sbb_recognised and not data.sbb_number.strip():
        errors["sbb_number"] = [_("Vul het erkenningsnummer van SBB in.")]
    return errors


def _save(company: Company, by: User, data: CompanyData) -> Company:
    errors = _problems(data)
    _fill(company, data)
    if "kvk_number" not in errors and (
        twin := duplicate_of(by, company.kvk_number, exclude=company if company.pk else None)
    ):
        errors["kvk_number"] = [_duplicate_message(twin)]
    try:
        company.full_clean()
    except ValidationError as invalid:
        for name, messages in invalid.message_dict.items():
            # The service's own words come first; the unique constraint repeats what the
            # duplicate check said better.
            if name not in errors and not (name == "__all__" and "kvk_number" in errors):
                errors[name] = messages
    if errors:
        raise ValidationError(errors)
    validated_save(company)
    return company


@transaction.atomic
def company_create(*, by: User, data: CompanyData) -> Company:
    """Add a company to the institution of ``by``.

    Rules: a name, a sector from the code list, an eight-digit KvK number that no company
    of the institution has yet (the natural key: a second team finds the existing
    company instead of adding it again), and an SBB number when it is recognised."""
    _require_companies(by)
    return _save(Company(institution=_home_institution(by), created_by=by), by, data)


@transaction.atomic
def company_update(*, by: User, company: Company, data: CompanyData) -> Company:
    """Change a company's details; the same rules as adding it."""
    _require_companies(by)
    if not companies_visible_to(by).filter(pk=company.pk).exists():
        raise PermissionDenied(COMPANY_REFUSED)
    company = Company.objects.select_for_update().get(pk=company.pk)
    return _save(company, by, data)


@transaction.atomic
def contact_save(
    *, by: User, company: Company, data: ContactData, contact: CompanyContact | None = None
) -> CompanyContact:
    """Add a praktijkopleider to the company, or change one (``contact``)."""
    _require_companies(by)
    if not companies_visible_to(by).filter(pk=company.pk).exists():
        raise PermissionDenied(COMPANY_REFUSED)
    if contact is not None and contact.company_id != company.pk:
        raise ValidationError(_("Deze contactpersoon hoort niet bij dit bedrijf."))
    if not data.name.strip():
        raise ValidationError({"name": [_("Vul de naam van de contactpersoon in.")]})
    record = contact or CompanyContact(company=company)
    for name in CONTACT_FIELDS:
        value = getattr(data, name)
        setattr(record, name, value.strip() if isinstance(value, str) else value)
    validated_save(record)
    return record
