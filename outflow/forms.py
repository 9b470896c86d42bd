"""Forms of the outflow pages. They only read the input; the rules live in
``outflow.services``, so the page, the API and the import refuse the same things."""

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from entree.accounts.models import User
from outflow.models import (
    ConfirmationChannel,
    ContactChannel,
    Destination,
    IntermediateStep,
    PartnerAnswer,
    PartnerKind,
    Position,
)
from outflow.services import (
    CheckInData,
    ContactData,
    HandoverData,
    OutflowData,
    PartnerAnswerData,
)
from plans.forms import DATE, TEXT
from students.models import NetworkContact


class OutflowForm(forms.Form):
    left_on = forms.DateField(label=_("Datum van uitstroom"), required=False, widget=DATE)
    diploma = forms.TypedChoiceField(
        label=_("Entreediploma behaald?"),
        choices=[("ja", _("Ja, met diploma")), ("nee", _("Nee, zonder diploma"))],
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
    )
    with_certificate = forms.BooleanField(label=_("Certificaat"), required=False)
    with_mbo_verklaring = forms.BooleanField(label=_("Mbo-verklaring"), required=False)
    with_praktijkverklaring = forms.BooleanField(label=_("Praktijkverklaring"), required=False)
    destination = forms.ChoiceField(
        label=_("Waar gaat de student naartoe?"),
        choices=[("", "—"), *Destination.choices],
        required=False,
    )
    destination_note = forms.CharField(
        label=_("Toelichting (opleiding, werkgever, instantie)"), required=False, max_length=300
    )
    exit_interview_on = forms.DateField(
        label=_("Eindgesprek gehouden op"),
        required=False,
        widget=DATE,
        help_text=_("Leeg als er (nog) geen eindgesprek was."),
    )
    exit_interview_notes = forms.CharField(
        label=_("Verslag van het eindgesprek"), required=False, max_length=2000, widget=TEXT
    )

    def outflow_data(self) -> OutflowData:
        values = self.cleaned_data
        return OutflowData(
            left_on=values["left_on"],
            diploma=values["diploma"],
            destination=values["destination"],
            destination_note=values["destination_note"],
            with_certificate=values["with_certificate"],
            with_mbo_verklaring=values["with_mbo_verklaring"],
            with_praktijkverklaring=values["with_praktijkverklaring"],
            exit_interview_on=values["exit_interview_on"],
            exit_interview_notes=values["exit_interview_notes"],
        )


class RegisterForm(OutflowForm):
    coordinator = forms.ModelChoiceField(
        label=_("Uitstroomcoördinator die de regie overneemt"),
        queryset=User.objects.none(),
        required=False,
        empty_label="—",
    )

    def __init__(self, *args: Any, coordinators: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["coordinator"])
        field.queryset = User.objects.filter(pk__in=[c.pk for c in coordinators])
        field.label_from_instance = lambda user: user.get_full_name()  # type: ignore[method-assign,assignment]
        if len(coordinators) == 1:
            self.initial.setdefault("coordinator", coordinators[0].pk)


class CorrectionForm(OutflowForm):
    reason = forms.CharField(
        label=_("Waarom deze correctie?"),
        required=False,
        max_length=300,
        help_text=_("Komt bij de uitstroom te staan, met wat er eerst stond."),
    )


class HandoverForm(forms.Form):
    goals_to_learn = forms.CharField(
        label=_("Welke doelen leert de student nog op de werkvloer?"),
        required=False,
        max_length=1000,
        widget=TEXT,
    )
    regelzaken = forms.CharField(
        label=_("Welke regelzaken kunnen een struikelblok zijn?"),
        required=False,
        max_length=1000,
        widget=TEXT,
        help_text=_("Bijvoorbeeld wonen, geld of zorg. 'Geen' is ook een antwoord."),
    )
    support_needed = forms.CharField(
        label=_("Welke ondersteuning is nodig?"), required=False, max_length=1000, widget=TEXT
    )
    lifelong_learning = forms.CharField(
        label=_("Welke opties heeft de werkgever om te blijven leren?"),
        required=False,
        max_length=1000,
        widget=TEXT,
    )
    alternatives = forms.CharField(
        label=_("Wat zijn de alternatieven als de bpv-plek geen baan wordt?"),
        required=False,
        max_length=1000,
        widget=TEXT,
    )
    intermediate_step = forms.ChoiceField(
        label=_("Is een tussenstap nodig (sociale onderneming, beschut werk)?"),
        choices=[("", "—"), *IntermediateStep.choices],
        required=False,
    )
    intermediate_note = forms.CharField(
        label=_("Toelichting tussenstap"), required=False, max_length=300
    )

    def handover_data(self) -> HandoverData:
        return HandoverData(**{name: self.cleaned_data[name] for name in self.fields})


def _contact_field(field: forms.Field, contacts: QuerySet[NetworkContact]) -> None:
    cast(forms.ModelChoiceField, field).queryset = contacts


class ContactForm(forms.Form):
    contact = forms.ModelChoiceField(
        label=_("Contactpersoon"),
        queryset=NetworkContact.objects.none(),
        required=False,
        empty_label=_("Nog niet bekend"),
    )

    def __init__(self, *args: Any, contacts: QuerySet[NetworkContact], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _contact_field(self.fields["contact"], contacts)


class PartnerForm(ContactForm):
    kind = forms.ChoiceField(label=_("Partner"), choices=[("", "—"), *PartnerKind.choices])
    field_order = ["kind", "contact"]

    def __init__(self, *args: Any, contacts: QuerySet[NetworkContact], **kwargs: Any) -> None:
        super().__init__(*args, contacts=contacts, **kwargs)
        self.fields["contact"].label = _(
            "Contactpersoon bij de partner (uit het netwerk van de student)"
        )


class StepForm(forms.Form):
    step = forms.ChoiceField(
        label=_("Stap"),
        choices=[
            ("contacted", _("Contact gelegd")),
            ("meeting", _("Overdrachtsgesprek met de student erbij")),
            ("shared", _("Informatie gedeeld")),
        ],
    )
    on = forms.DateField(label=_("Datum"), required=False, widget=DATE)


class AnswerForm(forms.Form):
    """The partner's answer as the coordinator heard it (by phone or e-mail)."""

    answer = forms.ChoiceField(
        label=_("Wat zegt de partner?"),
        choices=PartnerAnswer.choices,
        widget=forms.RadioSelect,
    )
    first_contact_on = forms.DateField(
        label=_("Eerste contact met de student op"), required=False, widget=DATE
    )
    contact_person_now = forms.CharField(
        label=_("Contactpersoon van de student nu"), required=False, max_length=200
    )
    answer_channel = forms.ChoiceField(
        label=_("Hoe liet de partner het weten?"),
        choices=[
            (ConfirmationChannel.TELEFOON, ConfirmationChannel.TELEFOON.label),
            (ConfirmationChannel.EMAIL, ConfirmationChannel.EMAIL.label),
        ],
    )

    def answer_data(self) -> PartnerAnswerData:
        values = self.cleaned_data
        return PartnerAnswerData(
            answer=values["answer"],
            first_contact_on=values["first_contact_on"],
            contact_person_now=values["contact_person_now"],
        )


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
        widget=DATE,
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


class FollowUpContactForm(forms.Form):
    """A follow-up contact as the coordinator had it."""

    done_on = forms.DateField(label=_("Datum van het contact"), required=False, widget=DATE)
    reached = forms.TypedChoiceField(
        label=_("Oud-student bereikt?"),
        choices=[("ja", _("Ja")), ("nee", _("Nee, niet bereikt"))],
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
    )
    channel = forms.ChoiceField(
        label=_("Hoe?"),
        choices=[(c.value, c.label) for c in ContactChannel if c != ContactChannel.ZELF],
    )
    position = forms.ChoiceField(
        label=_("Wat doet de oud-student nu?"),
        choices=[("", "—"), *Position.choices],
        required=False,
        help_text=_("Alleen als de oud-student bereikt is."),
    )
    same_place = forms.TypedChoiceField(
        label=_("Zelfde werkgever of school als vorige keer?"),
        choices=[("", "—"), ("ja", _("Ja")), ("nee", _("Nee"))],
        coerce=lambda value: value == "ja",
        empty_value=None,
        required=False,
    )
    hours_per_week = forms.IntegerField(label=_("Uren per week"), required=False, min_value=0)
    needs_support = forms.BooleanField(
        label=_("Wil hulp (er komt een taak voor de coördinator)"), required=False
    )
    note = forms.CharField(label=_("Notitie"), required=False, max_length=1000, widget=TEXT)

    def contact_data(self) -> ContactData:
        values = self.cleaned_data
        return ContactData(
            done_on=values["done_on"],
            reached=values["reached"],
            channel=values["channel"],
            position=values["position"],
            same_place=values["same_place"],
            hours_per_week=values["hours_per_week"],
            needs_support=values["needs_support"],
            note=values["note"],
        )


class CheckInForm(forms.Form):
    """The leaver's four questions, in plain Dutch (B1), on a phone."""

    position = forms.ChoiceField(
        label=_("Wat doe je nu?"),
        choices=[
            (Position.WERKNEMER, _("Ik werk")),
            (Position.ONDERWIJS, _("Ik leer: ik ga naar school of volg een opleiding")),
            (Position.UITKERING, _("Ik heb een uitkering")),
            (Position.ANDERS, _("Iets anders")),
        ],
        widget=forms.RadioSelect,
    )
    hours_per_week = forms.IntegerField(
        label=_("Hoeveel uur per week werk of leer je?"),
        required=False,
        min_value=0,
        help_text=_("Weet je het niet precies? Vul ongeveer in, of laat het leeg."),
    )
    same_place = forms.TypedChoiceField(
        label=_("Is het dezelfde plek als de vorige keer?"),
        choices=[("ja", _("Ja")), ("nee", _("Nee")), ("", _("Weet ik niet"))],
        coerce=lambda value: value == "ja",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    wants_help = forms.TypedChoiceField(
        label=_("Wil je hulp van school?"),
        choices=[("ja", _("Ja, neem contact met mij op")), ("nee", _("Nee, het gaat goed"))],
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
    )

    def checkin_data(self) -> CheckInData:
        values = self.cleaned_data
        return CheckInData(
            position=values["position"],
            hours_per_week=values["hours_per_week"],
            same_place=values["same_place"],
            wants_help=values["wants_help"],
        )
