from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from entree.reports.choice import ReportChoice, school_year_parse, school_years, scope_find
from entree.reports.report import SchoolYear, Scope


class ReportChoiceForm(forms.Form):
    """The dashboard's GET form: which school year, which scope. Both default to the first
    choice (the current school year; the widest scope the manager has).

    The fields are plain text with a select widget rather than ChoiceFields, so that a
    well-formed scope of somebody else answers 404 (``scope_find``) as every other
    refusal does, not "not a valid choice".
    """

    schooljaar = forms.CharField(label=_("Schooljaar"), widget=forms.Select)
    reikwijdte = forms.CharField(label=_("Instelling of team"), widget=forms.Select)

    def __init__(self, data: Any, *, scopes: list[Scope], today: date) -> None:
        self.scopes = scopes
        self.today = today
        years = school_years(today)
        defaults = {"schooljaar": years[0].label, "reikwijdte": scopes[0].key if scopes else ""}
        super().__init__({**defaults, **{k: v for k, v in data.items() if k in defaults and v}})
        self.fields["schooljaar"].widget.choices = [(y.label, y.label) for y in years]
        self.fields["reikwijdte"].widget.choices = [(s.key, s.name) for s in scopes]

    def clean_schooljaar(self) -> SchoolYear:
        return school_year_parse(self.cleaned_data["schooljaar"], today=self.today)

    def clean_reikwijdte(self) -> Scope:
        return scope_find(self.scopes, self.cleaned_data["reikwijdte"])

    @property
    def choice(self) -> ReportChoice:
        return ReportChoice(
            school_year=self.cleaned_data["schooljaar"], scope=self.cleaned_data["reikwijdte"]
        )
