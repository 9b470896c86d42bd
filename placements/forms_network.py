"""Forms of the network pages (companies and their praktijkopleiders). They only read the
input; the rules and their Dutch messages live in ``placements.services`` (company_create,
company_update, contact_save), so the pages and the API refuse the same things."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from entree.core.models import NOTE_LENGTH
from entree.core.types import StrOrPromise
from placements.models import PROMISING_SECTORS, Company, CompanyContact, Sector
from placements.services import COMPANY_FIELDS, CONTACT_FIELDS, CompanyData, ContactData

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

#: How a promising sector (guideline 2020 §4.3) is marked in lists and choices.
PROMISING = _("kansrijk")


def sector_choices(empty_label: StrOrPromise) -> list[Any]:
    """The sectors with the guideline's promising ones first, in their own group."""
    promising = [(s.value, s.label) for s in Sector if s in PROMISING_SECTORS]
    others = [(s.value, s.label) for s in Sector if s not in PROMISING_SECTORS]
    return [
        ("", empty_label),
        (_("Kansrijke sectoren (handreiking)"), promising),
        (_("Andere sectoren"), others),
    ]


class _CheckedByService:
    """A field shown as required whose emptiness the service reports, with its own
    message (the page then says what the API says)."""

    def validate(self, value: Any) -> None:
        pass


class ServiceCharField(_CheckedByService, forms.CharField):
    pass


class ServiceChoiceField(_CheckedByService, forms.ChoiceField):
    pass


class CompanyForm(forms.Form):
    name = ServiceCharField(label=_("Naam van het bedrijf"), max_length=200)
    kvk_number = ServiceCharField(
        label=_("KvK-nummer"),
        max_length=20,
        help_text=_("Acht cijfers, zoals op het uittreksel van de Kamer van Koophandel."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    sector = ServiceChoiceField(
        label=_("Sector"),
        choices=sector_choices(_("Kies een sector")),
        help_text=_("De kansrijke sectoren uit de handreiking staan bovenaan."),
    )
    sbb_recognised = forms.BooleanField(label=_("Erkend leerbedrijf (SBB)"), required=False)
    sbb_number = forms.CharField(
        label=_("SBB-erkenningsnummer"),
        required=False,
        max_length=20,
        help_text=_("Verplicht als het bedrijf erkend is."),
    )
    sbb_checked_on = forms.DateField(
        label=_("Erkenning laatst gecontroleerd op"),
        required=False,
        widget=DATE,
        help_text=_("Controleer de erkenning op de website van SBB."),
    )
    address = forms.CharField(label=_("Adres"), required=False, max_length=200)
    postcode = forms.CharField(label=_("Postcode"), required=False, max_length=7)
    city = forms.CharField(label=_("Plaats"), required=False, max_length=100)
    notes = forms.CharField(
        label=_("Notities"),
        required=False,
        max_length=NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Over het bedrijf, niet over studenten."),
    )

    @classmethod
    def initial_of(cls, company: Company) -> dict[str, Any]:
        return {name: getattr(company, name) for name in COMPANY_FIELDS}

    def data_for_service(self) -> CompanyData:
        return CompanyData(**{name: self.cleaned_data[name] for name in COMPANY_FIELDS})


class ContactForm(forms.Form):
    name = ServiceCharField(label=_("Naam"), max_length=200)
    role = forms.CharField(label=_("Functie"), required=False, max_length=200)
    phone = forms.CharField(
        label=_("Telefoonnummer"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.CharField(
        label=_("E-mailadres"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    active = forms.BooleanField(
        label=_("Werkt hier nog"),
        required=False,
        help_text=_(
            "Uitvinken als de praktijkopleider vertrokken is: die blijft bij oude "
            "bpv's staan, maar wordt niet meer aangeboden voor nieuwe."
        ),
    )

    @classmethod
    def initial_of(cls, contact: CompanyContact | None) -> dict[str, Any]:
        if contact is None:
            return {"active": True}
        return {name: getattr(contact, name) for name in CONTACT_FIELDS}

    def data_for_service(self) -> ContactData:
        return ContactData(**{name: self.cleaned_data[name] for name in CONTACT_FIELDS})
