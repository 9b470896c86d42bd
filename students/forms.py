"""Forms of the student pages. They validate input; the rules live in ``services``."""

from typing import Any, cast

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from entree.accounts.models import Institution, User
from entree.core.models import NOTE_LENGTH
from students.models import (
    AdviceDecision,
    ConsentPurpose,
    DomainState,
    HandedOverTo,
    Intake,
    LifeDomain,
    NetworkContact,
    Placeability,
    Student,
    StudyAdvice,
    prior_level_problem,
)
from students.services import INTAKE_FIELDS, STUDENT_DETAIL_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StudentForm(forms.ModelForm):
    """Personal and programme details. On registration also number and team."""

    class Meta:
        model = Student
        fields = ["student_number", "team", *STUDENT_DETAIL_FIELDS]
        widgets = {"date_of_birth": DATE}

    def __init__(
        self, *args: Any, user: User | None = None, registering: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if registering:
            if user is None:
                raise TypeError("StudentForm(registering=True) needs user=: teams are theirs.")
            team = cast(forms.ModelChoiceField, self.fields["team"])
            team.queryset = user.teams.order_by("name")
            team.empty_label = None
        else:
            del self.fields["student_number"]
            del self.fields["team"]
        self.fields["prior_education_level"].help_text = _(
            "Alleen bij 'voortgezet onderwijs zonder diploma'."
        )
        for name in ("email", "phone"):
            self.fields[name].widget.attrs["autocomplete"] = "off"

    def validate_unique(self) -> None:
        """Uniqueness of the student number is the service's rule (per institution)."""

    def clean(self) -> dict[str, Any]:
        super().clean()  # returns self.cleaned_data, but is typed as optional
        cleaned = self.cleaned_data
        problem = prior_level_problem(
            cleaned.get("prior_education", ""), cleaned.get("prior_education_level", "")
        )
        if problem:
            self.add_error("prior_education_level", problem)
        return cleaned


class IntakeForm(forms.ModelForm):
    higher_level_considered = forms.TypedChoiceField(
        label=_("Is een hoger niveau (niveau 2 of hoger) overwogen?"),
        choices=[("", _("Nog niet besproken")), ("ja", _("Ja")), ("nee", _("Nee"))],
        coerce=lambda value: {"ja": True, "nee": False}.get(value),
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Intake
        fields = list(INTAKE_FIELDS)
        widgets = {
            "motivation": forms.Textarea(attrs={"rows": 3}),
            "higher_level_note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, ask_higher_level: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        as_choice: dict[bool | None, str] = {True: "ja", False: "nee"}
        value = self.initial.get("higher_level_considered")
        self.initial["higher_level_considered"] = as_choice.get(value, "")
        if not ask_higher_level:
            del self.fields["higher_level_considered"]
            del self.fields["higher_level_note"]


class DomainForm(forms.Form):
    """One life domain. Prefix = the domain code, so five of these share one page."""

    state = forms.ChoiceField(
        label=_("Beoordeling"),
        choices=[("", _("Nog niet beoordeeld")), *DomainState.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    partner = forms.ModelChoiceField(
        label=_("Partner die actie onderneemt"),
        queryset=NetworkContact.objects.none(),
        required=False,
        empty_label=_("Geen / nog niet bekend"),
    )

    def __init__(
        self, data: Any = None, *, domain: LifeDomain, contacts: Any, **kwargs: Any
    ) -> None:
        super().__init__(data, prefix=domain.value, **kwargs)
        self.domain = domain
        # Five of these share one page and one error summary: "Toelichting: …" alone does
        # not say which life domain it is about (includes/form_errors.html).
        self.error_subject = domain.label
        cast(forms.ModelChoiceField, self.fields["partner"]).queryset = contacts


def domain_forms(data: Any, *, intake: Intake | None, contacts: Any) -> list[DomainForm]:
    existing = {d.domain: d for d in intake.domains.all()} if intake else {}
    forms_ = []
    for domain in LifeDomain:
        current = existing.get(domain)
        initial = (
            {"state": current.state, "note": current.note, "partner": current.partner_id}
            if current
            else {}
        )
        forms_.append(DomainForm(data, domain=domain, contacts=contacts, initial=initial))
    return forms_


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Besluit"), choices=Placeability.choices, widget=forms.RadioSelect
    )
    start_date = forms.DateField(
        label=_("Startdatum"),
        required=False,
        widget=DATE,
        help_text=_("Verplicht bij plaatsing."),
    )
    motivation = forms.CharField(
        label=_("Motivatie"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Verplicht bij niet plaatsen, uitstellen of advies hoger niveau."),
    )
    handed_over_to = forms.ChoiceField(
        label=_("Warm overgedragen aan"),
        choices=[("", "—"), *HandedOverTo.choices],
        required=False,
        help_text=_("Verplicht bij niet plaatsen: zo blijft de kandidaat in beeld."),
    )
    handed_over_contact = forms.CharField(
        label=_("Contactpersoon bij de overdracht"), required=False, max_length=200
    )


class ActivateForm(forms.Form):
    start_date = forms.DateField(label=_("Startdatum"), widget=DATE)


class ContactForm(forms.ModelForm):
    class Meta:
        model = NetworkContact
        fields = ["kind", "name", "organisation", "role", "phone", "email", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}


class ConsentForm(forms.Form):
    contact = forms.ModelChoiceField(
        label=_("Contact"), queryset=NetworkContact.objects.none(), empty_label=None
    )
    purpose = forms.ChoiceField(label=_("Waarvoor"), choices=ConsentPurpose.choices)
    given = forms.TypedChoiceField(
        label=_("Toestemming"),
        choices=[("ja", _("Gegeven")), ("nee", _("Ingetrokken of geweigerd"))],
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
    )
    on = forms.DateField(label=_("Datum"), widget=DATE)
    note = forms.CharField(label=_("Toelichting"), required=False, max_length=300)

    def __init__(self, *args: Any, contacts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["contact"]).queryset = contacts


class StudyAdviceForm(forms.ModelForm):
    class Meta:
        model = StudyAdvice
        fields = ["decision", "given_on", "motivation", "postponed_until"]
        widgets = {
            "decision": forms.RadioSelect,
            "given_on": DATE,
            "postponed_until": DATE,
            "motivation": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["decision"]).choices = AdviceDecision.choices
        self.fields["postponed_until"].help_text = _("Alleen bij een uitgesteld advies.")

    def _post_clean(self) -> None:
        """Rules are checked by the service (with the student's start date)."""


class TransferForm(forms.Form):
    to_user = forms.ModelChoiceField(label=_("Nieuwe regiehouder"), queryset=User.objects.none())
    reason = forms.CharField(
        label=_("Reden"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["to_user"]).queryset = candidates


# --- Import (the SIS import page, students/views/imports.py) -------------------------------

#: Larger files are refused before they are read; a whole institution's SIS export is
#: well below this (about 200 bytes per student).
IMPORT_MAX_BYTES = 5 * 1024 * 1024


class StudentImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV-bestand"),
        help_text=_("De export uit het studentinformatiesysteem, als CSV UTF-8. Hoogstens 5 MB."),
        widget=forms.FileInput(attrs={"accept": ".csv,.txt,text/csv"}),
    )
    institution = forms.ModelChoiceField(
        label=_("Instelling"), queryset=Institution.objects.none(), empty_label=None
    )
    dry_run = forms.BooleanField(
        label=_("Alleen controleren (proefimport)"),
        required=False,
        initial=True,
        help_text=_("Er wordt niets opgeslagen; u ziet eerst wat er zou veranderen."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        institutions = list(Institution.objects.order_by("name"))
        self.only_institution = institutions[0] if len(institutions) == 1 else None
        if len(institutions) > 1:
            institution = cast(forms.ModelChoiceField, self.fields["institution"])
            institution.queryset = Institution.objects.order_by("name")
        else:  # nothing to choose
            del self.fields["institution"]

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _(
                    "Het bestand is groter dan 5 MB. Splits het in kleinere bestanden "
                    "(bijvoorbeeld per team) en importeer die na elkaar."
                )
            )
        return upload

    def clean(self) -> dict[str, Any]:
        super().clean()  # returns self.cleaned_data, but is typed as optional
        cleaned = self.cleaned_data
        if "institution" not in self.fields:
            if self.only_institution is None:
                raise forms.ValidationError(
                    _("Er is nog geen instelling. Maak die eerst aan bij Gebruikers en teams.")
                )
            cleaned["institution"] = self.only_institution
        return cleaned


class ImportConfirmForm(forms.Form):
    """'Nu importeren' after a dry run: only the token of the checked file."""

    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
