from django import forms
from django.utils.translation import gettext_lazy as _

from entree.privacy.models import ErasureRequest


class ErasureRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden van het verzoek"),
        max_length=ErasureRequest._meta.get_field("reason").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bijvoorbeeld: verzoek van de student zelf, per e-mail op …"),
    )


class ErasureByNumberForm(ErasureRequestForm):
    student_number = forms.CharField(label=_("Studentnummer"), max_length=20)


class DecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Besluit"),
        choices=[("1", _("Goedkeuren en wissen")), ("0", _("Afwijzen"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Toelichting"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
