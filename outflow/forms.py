"""Forms of the outflow pages. The services decide; the forms only turn text into values."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from outflow.models import PartnerAnswer
from outflow.services import PartnerAnswerData


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class PartnerAnswerForm(forms.Form):
    """The partner's answer on the page behind the confirmation link: plain Dutch."""

    answer = forms.ChoiceField(
        label=_("Heeft u contact met de student?"),
        choices=[
            (PartnerAnswer.IN_CONTACT, _("Ja, wij hebben contact met de student")),
            (PartnerAnswer.UNREACHABLE, _("Nee, wij kunnen de student niet bereiken")),
        ],
        widget=forms.RadioSelect,
    )
    first_contact_on = forms.DateField(
        label=_("Datum van het eerste contact"),
        required=False,
        widget=DateInput(),
        help_text=_("Alleen als u contact heeft."),
    )
    contact_person_now = forms.CharField(
        label=_("Wie is nu de contactpersoon van de student bij u?"),
        required=False,
        max_length=200,
        help_text=_("Een naam of functie, zodat de school weet bij wie de student terecht kan."),
    )

    def data_for_service(self) -> PartnerAnswerData:
        values = self.cleaned_data
        return PartnerAnswerData(
            answer=values["answer"],
            first_contact_on=values.get("first_contact_on"),
            contact_person_now=values.get("contact_person_now") or "",
        )
