"""Forms of the plan pages. They only read the input; the rules live in
``plans.services`` (``plan_problems``), so the page and the API refuse the same things."""

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from entree.core.forms import kept_rows
from entree.core.types import StrOrPromise
from plans.models import (
    EndAdvice,
    ObstacleStatus,
    PlanRoute,
    ProvisionKind,
    StepOwner,
    StepStatus,
)
from plans.services import (
    DomainData,
    MeetingData,
    ObstacleData,
    PlanData,
    ProvisionData,
    StepData,
)
from students.models import DomainState, LifeDomain, NetworkContact

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


def _contacts_field(field: forms.Field, contacts: QuerySet[NetworkContact]) -> None:
    cast(forms.ModelChoiceField, field).queryset = contacts


class PlanForm(forms.Form):
    route = forms.ChoiceField(
        label=_("Route"),
        choices=[("", _("Nog niet besloten")), *PlanRoute.choices],
        required=False,
        widget=forms.RadioSelect,
        help_text=_("De handreiking zegt: besluit zo vroeg mogelijk."),
    )
    goal = forms.CharField(
        label=_("Doel van de student: waar wil je werken?"),
        required=False,
        max_length=2000,
        widget=TEXT,
        help_text=_("In de eigen woorden van de student."),
    )
    strengths = forms.CharField(
        label=_("Sterke kanten"), required=False, max_length=2000, widget=TEXT
    )
    supporters = forms.ModelMultipleChoiceField(
        label=_("Wie ondersteunt de student"),
        queryset=NetworkContact.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    prepare_placement = forms.BooleanField(label=_("Bpv-plek met uitzicht op werk"), required=False)
    prepare_support = forms.BooleanField(label=_("Extra ondersteuning geregeld"), required=False)
    prepare_next_phase = forms.BooleanField(
        label=_("Partners voor de volgende levensfase betrokken"), required=False
    )
    preparation_note = forms.CharField(
        label=_("Voorbereiding op werk: toelichting"),
        required=False,
        max_length=2000,
        widget=TEXT,
    )
    ticket_certificate = forms.BooleanField(label=_("Certificaat"), required=False)
    ticket_praktijkverklaring = forms.BooleanField(label=_("Praktijkverklaring"), required=False)
    ticket_mbo_verklaring = forms.BooleanField(label=_("Mbo-verklaring"), required=False)
    ticket_agreement = forms.CharField(
        label=_("Afspraak over later terugkomen voor niveau 2"),
        required=False,
        max_length=2000,
        widget=TEXT,
    )
    end_advice = forms.ChoiceField(
        label=_("Advies aan het eind van de opleiding"),
        choices=[("", _("Nog niet gegeven")), *EndAdvice.choices],
        required=False,
    )
    reason = forms.CharField(
        label=_("Wat is er veranderd of waarom?"),
        required=False,
        max_length=300,
        help_text=_("Komt in de lijst met versies. Leeg: 'Plan bijgewerkt'."),
    )

    def __init__(self, *args: Any, contacts: QuerySet[NetworkContact], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _contacts_field(self.fields["supporters"], contacts)

    #: The form's parts as the page shows them: (legend, field names); None: no legend.
    GROUPS: tuple[tuple[StrOrPromise | None, tuple[str, ...]], ...] = (
        (None, ("route", "goal", "strengths", "supporters")),
        (
            _("Voorbereiding op de overgang naar werk (arbeidsmarktroute)"),
            ("prepare_placement", "prepare_support", "prepare_next_phase", "preparation_note"),
        ),
        (
            _("Retourticket: wat neemt de student mee?"),
            (
                "ticket_certificate",
                "ticket_praktijkverklaring",
                "ticket_mbo_verklaring",
                "ticket_agreement",
            ),
        ),
        (None, ("end_advice",)),
    )

    def groups(self) -> list[tuple[StrOrPromise | None, list[forms.BoundField]]]:
        return [(legend, [self[name] for name in names]) for legend, names in self.GROUPS]


class StepForm(forms.Form):
    key = forms.UUIDField(required=False, widget=forms.HiddenInput)
    description = forms.CharField(label=_("Stap"), required=False, max_length=300)
    owner = forms.ChoiceField(label=_("Wie"), choices=StepOwner.choices, initial=StepOwner.STUDENT)
    partner = forms.ModelChoiceField(
        label=_("Partner (als een partner de stap zet)"),
        queryset=NetworkContact.objects.none(),
        required=False,
    )
    due_on = forms.DateField(label=_("Klaar op"), required=False, widget=DATE)
    status = forms.ChoiceField(
        label=_("Status"), choices=StepStatus.choices, initial=StepStatus.OPEN
    )

    def __init__(self, *args: Any, contacts: QuerySet[NetworkContact], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _contacts_field(self.fields["partner"], contacts)


class ProvisionForm(forms.Form):
    key = forms.UUIDField(required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label=_("Voorziening"), choices=[("", "—"), *ProvisionKind.choices], required=False
    )
    starts_on = forms.DateField(label=_("Vanaf"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("Tot en met"), required=False, widget=DATE)
    note = forms.CharField(label=_("Toelichting"), required=False, max_length=300)

    def __init__(self, *args: Any, contacts: QuerySet[NetworkContact], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class ObstacleForm(forms.Form):
    key = forms.UUIDField(required=False, widget=forms.HiddenInput)
    domain = forms.ChoiceField(
        label=_("Leefgebied"), choices=[("", "—"), *LifeDomain.choices], required=False
    )
    description = forms.CharField(label=_("Regelzaak"), required=False, max_length=300)
    partner = forms.ModelChoiceField(
        label=_("Partner die het oppakt"),
        queryset=NetworkContact.objects.none(),
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=ObstacleStatus.choices, initial=ObstacleStatus.OPEN
    )

    def __init__(self, *args: Any, contacts: QuerySet[NetworkContact], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _contacts_field(self.fields["partner"], contacts)


StepFormSet = forms.formset_factory(StepForm, extra=2, can_delete=True)
ProvisionFormSet = forms.formset_factory(ProvisionForm, extra=1, can_delete=True)
ObstacleFormSet = forms.formset_factory(ObstacleForm, extra=1, can_delete=True)


class PlanForms:
    """The plan form with its three lists, filled from ``data`` (the current version)
    or from the POST, and turned back into :class:`PlanData`."""

    def __init__(
        self,
        post: Any,
        *,
        initial: PlanData,
        contacts: QuerySet[NetworkContact],
    ) -> None:
        self.main = PlanForm(
            post,
            contacts=contacts,
            initial={
                **{
                    name: getattr(initial, name)
                    for name in PlanForm.base_fields
                    if hasattr(initial, name) and name != "supporters"
                },
                "supporters": [c.pk for c in initial.supporters],
            },
        )
        form_kwargs: dict[str, Any] = {"contacts": contacts}
        self.steps = StepFormSet(
            post,
            prefix="stap",
            initial=[
                {**vars(s), "partner": s.partner.pk if s.partner else None} for s in initial.steps
            ],
            form_kwargs=form_kwargs,
        )
        self.provisions = ProvisionFormSet(
            post,
            prefix="voorziening",
            initial=[vars(p) for p in initial.provisions],
            form_kwargs=form_kwargs,
        )
        self.obstacles = ObstacleFormSet(
            post,
            prefix="regelzaak",
            initial=[
                {**vars(o), "partner": o.partner.pk if o.partner else None}
                for o in initial.obstacles
            ],
            form_kwargs=form_kwargs,
        )

    def sections(self) -> list[tuple[StrOrPromise, forms.BaseFormSet, StrOrPromise]]:
        """(title, formset, what one row is called), in the order of the page."""
        return [
            (_("Stappen"), self.steps, _("Stap")),
            (_("Voorzieningen"), self.provisions, _("Voorziening")),
            (_("Regelzaken (per leefgebied)"), self.obstacles, _("Regelzaak")),
        ]

    def is_valid(self) -> bool:
        return all(
            [
                self.main.is_valid(),
                self.steps.is_valid(),
                self.provisions.is_valid(),
                self.obstacles.is_valid(),
            ]
        )

    def data(self) -> PlanData:
        main = self.main.cleaned_data
        return PlanData(
            **{
                name: main[name]
                for name in PlanForm.base_fields
                if name not in {"supporters", "reason"}
            },
            supporters=tuple(main["supporters"]),
            steps=tuple(
                StepData(
                    description=row["description"],
                    owner=row["owner"],
                    due_on=row["due_on"],
                    status=row["status"],
                    partner=row["partner"],
                    key=row["key"],
                )
                for row in kept_rows(self.steps)
            ),
            provisions=tuple(
                ProvisionData(
                    kind=row["kind"],
                    starts_on=row["starts_on"],
                    ends_on=row["ends_on"],
                    note=row["note"],
                    key=row["key"],
                )
                for row in kept_rows(self.provisions)
            ),
            obstacles=tuple(
                ObstacleData(
                    domain=row["domain"],
                    description=row["description"],
                    partner=row["partner"],
                    status=row["status"],
                    key=row["key"],
                )
                for row in kept_rows(self.obstacles)
            ),
        )


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Datum gesprek"), widget=DATE)
    with_student = forms.BooleanField(label=_("De student was erbij"), required=False)
    with_employer = forms.BooleanField(
        label=_("De werkgever of praktijkopleider was erbij"), required=False
    )
    others = forms.CharField(label=_("Verder aanwezig"), required=False, max_length=300)
    notes = forms.CharField(
        label=_("Verslag"), required=False, max_length=5000, widget=forms.Textarea
    )


class MeetingDomainForm(forms.Form):
    """One life domain, re-assessed; its label says which domain (in every error too)."""

    state = forms.ChoiceField(widget=forms.RadioSelect, choices=DomainState.choices)
    note = forms.CharField(required=False, max_length=500)

    def __init__(self, data: Any = None, *, domain: LifeDomain) -> None:
        super().__init__(data, prefix=f"leefgebied-{domain.value}")
        self.domain = domain
        self.fields["state"].label = domain.label
        self.fields["note"].label = _("Toelichting bij %(domain)s") % {"domain": domain.label}


def meeting_data(form: MeetingForm, domains: list[MeetingDomainForm]) -> MeetingData:
    cleaned = form.cleaned_data
    return MeetingData(
        held_on=cleaned["held_on"],
        with_student=cleaned["with_student"],
        with_employer=cleaned["with_employer"],
        others=cleaned["others"],
        notes=cleaned["notes"],
        domains=tuple(
            DomainData(
                domain=f.domain.value, state=f.cleaned_data["state"], note=f.cleaned_data["note"]
            )
            for f in domains
        ),
    )
