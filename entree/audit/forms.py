from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from entree.audit.models import Channel
from entree.audit.parts import part_choices
from entree.audit.selectors import tracked_models


class _PeriodForm(forms.Form):
    actor = forms.ModelChoiceField(
        label=_("Gebruiker"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("Iedereen"),
    )
    since = forms.DateField(
        label=_("Vanaf"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Tot en met"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actor = cast(forms.ModelChoiceField, self.fields["actor"])
        actor.queryset = get_user_model().objects.order_by("last_name", "first_name")

    def clean(self) -> dict[str, Any]:
        super().clean()  # returns self.cleaned_data, but is typed as optional
        cleaned = self.cleaned_data
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            raise forms.ValidationError(_("De begindatum ligt na de einddatum."))
        return cleaned


class WriteLogFilterForm(_PeriodForm):
    record_type = forms.ChoiceField(label=_("Soort gegeven"), required=False)
    field_order = ["record_type", "actor", "since", "until"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        record_type = cast(forms.ChoiceField, self.fields["record_type"])
        record_type.choices = [("", _("Alles"))] + list(tracked_models().items())


class AccessLogFilterForm(_PeriodForm):
    student_number = forms.CharField(
        label=_("Studentnummer"),
        required=False,
        max_length=20,
        help_text=_("Zoek de inzages van één student zonder het dossier te openen."),
    )
    student = forms.UUIDField(
        label=_("Student-id"),
        required=False,
        help_text=_("Het publieke id uit het adres van de studentpagina."),
        error_messages={"invalid": _("Dit is geen geldig student-id.")},
    )
    part = forms.ChoiceField(label=_("Onderdeel"), required=False)
    channel = forms.ChoiceField(
        label=_("Kanaal"), required=False, choices=[("", _("Alle"))] + list(Channel.choices)
    )
    field_order = ["actor", "student_number", "student", "part", "channel", "since", "until"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        part = cast(forms.ChoiceField, self.fields["part"])
        part.choices = [("", _("Alle")), *part_choices()]
