"""Forms of the student's bpv pages. They only read the input; the rules live in
``placements.services`` (``details_problems``, ``start_problems``), so the page and the
API refuse the same things."""

from typing import Any, cast
from uuid import UUID

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from entree.accounts.models import User
from entree.core.forms import kept_rows
from entree.core.models import NOTE_LENGTH
from entree.core.types import StrOrPromise
from placements.models import (
    Certificate,
    CompanyContact,
    Outcome,
    StopReason,
    VisitKind,
    VisitRating,
)
from placements.services import (
    AgreementData,
    CertificateData,
    GoalData,
    PlacementData,
    VisitData,
)
from plans.models import PlanVersion

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


class SupervisorField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.email


class PlacementForm(forms.Form):
    """A placement's details; the company is chosen before (``?bedrijf=``)."""

    trainer = forms.ModelChoiceField(
        label=_("Praktijkopleider"),
        queryset=CompanyContact.objects.none(),
        required=False,
        empty_label=_("Nog niet bekend"),
    )
    supervisor = SupervisorField(
        label=_("Bpv-begeleider van school"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Nog niet bekend"),
        help_text=_("Een mentor van het team; bezoekt de student op de werkplek."),
    )
    start_date = forms.DateField(label=_("Startdatum"), required=False, widget=DATE)
    end_date = forms.DateField(label=_("Einddatum"), required=False, widget=DATE)
    days_per_week = forms.IntegerField(
        label=_("Dagen per week"), required=False, min_value=0, max_value=7
    )
    hours_per_week = forms.IntegerField(
        label=_("Uren per week"), required=False, min_value=0, max_value=99
    )
    part_time = forms.BooleanField(
        label=_("Deeltijd: naast een andere bpv-plek in dezelfde week"), required=False
    )
    notes = forms.CharField(
        label=_("Notities"), required=False, max_length=NOTE_LENGTH, widget=TEXT
    )

    def __init__(
        self,
        *args: Any,
        trainers: QuerySet[CompanyContact],
        supervisors: QuerySet[User],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["trainer"]).queryset = trainers
        cast(forms.ModelChoiceField, self.fields["supervisor"]).queryset = supervisors


class GoalForm(forms.Form):
    description = forms.CharField(label=_("Leerdoel"), required=False, max_length=300)
    plan_step_key = forms.TypedChoiceField(
        label=_("Stap in het integraal plan"),
        required=False,
        choices=(),
        coerce=UUID,
        empty_value=None,
    )
    achieved = forms.BooleanField(label=_("Behaald"), required=False)

    def __init__(self, *args: Any, steps: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["plan_step_key"]).choices = [
            ("", _("Geen stap")),
            *steps,
        ]


class CertificateForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Certificaat"), choices=[("", "—"), *Certificate.choices], required=False
    )
    other = forms.CharField(
        label=_("Naam (bij een ander certificaat)"), required=False, max_length=100
    )
    obtained_on = forms.DateField(label=_("Behaald op"), required=False, widget=DATE)


GoalFormSet = forms.formset_factory(GoalForm, extra=2, can_delete=True)
CertificateFormSet = forms.formset_factory(CertificateForm, extra=1, can_delete=True)


def step_choices(
    version: PlanVersion | None, linked: tuple[GoalData, ...] = ()
) -> list[tuple[str, str]]:
    """The steps of the current plan to link a learning goal to (by their stable key).
    A goal linked to a step that left the plan keeps its link as a choice, so the form
    shows it; saving it is refused by the service with its own words."""
    choices = (
        [(str(step.key), str(step.description)) for step in version.steps.all()] if version else []
    )
    known = {key for key, _label in choices}
    for goal in linked:
        if goal.plan_step_key and str(goal.plan_step_key) not in known:
            known.add(str(goal.plan_step_key))
            choices.append((str(goal.plan_step_key), str(_("(stap staat niet meer in het plan)"))))
    return choices


class PlacementForms:
    """The details form with its two lists (learning goals, certificates), filled from
    ``initial`` (the placement) or from the POST, and turned back into PlacementData."""

    def __init__(
        self,
        post: Any,
        *,
        initial: PlacementData,
        trainers: QuerySet[CompanyContact],
        supervisors: QuerySet[User],
        steps: list[tuple[str, str]],
    ) -> None:
        self.company = initial.company
        self.has_trainers = trainers.exists()
        self.main = PlacementForm(
            post,
            trainers=trainers,
            supervisors=supervisors,
            initial={
                "trainer": initial.trainer.pk if initial.trainer else None,
                "supervisor": initial.supervisor.pk if initial.supervisor else None,
                **{
                    name: getattr(initial, name)
                    for name in (
                        "start_date",
                        "end_date",
                        "days_per_week",
                        "hours_per_week",
                        "part_time",
                        "notes",
                    )
                },
            },
        )
        self.goals = GoalFormSet(
            post,
            prefix="leerdoel",
            initial=[
                {
                    "description": g.description,
                    "plan_step_key": str(g.plan_step_key) if g.plan_step_key else "",
                    "achieved": g.achieved,
                }
                for g in initial.goals
            ],
            form_kwargs={"steps": steps},
        )
        self.certificates = CertificateFormSet(
            post,
            prefix="certificaat",
            initial=[vars(c) for c in initial.certificates],
        )

    def sections(self) -> list[tuple[StrOrPromise, forms.BaseFormSet, StrOrPromise]]:
        """(title, formset, what one row is called), in the order of the page."""
        return [
            (_("Leerdoelen op de werkvloer"), self.goals, _("Leerdoel")),
            (_("Certificaten om te halen"), self.certificates, _("Certificaat")),
        ]

    def is_valid(self) -> bool:
        return all([self.main.is_valid(), self.goals.is_valid(), self.certificates.is_valid()])

    def data(self) -> PlacementData:
        main = self.main.cleaned_data
        return PlacementData(
            company=self.company,
            trainer=main["trainer"],
            supervisor=main["supervisor"],
            start_date=main["start_date"],
            end_date=main["end_date"],
            days_per_week=main["days_per_week"],
            hours_per_week=main["hours_per_week"],
            part_time=main["part_time"],
            notes=main["notes"],
            goals=tuple(
                GoalData(
                    description=row["description"],
                    plan_step_key=row["plan_step_key"],
                    achieved=row["achieved"],
                )
                for row in kept_rows(self.goals)
            ),
            certificates=tuple(
                CertificateData(
                    kind=row["kind"], other=row["other"], obtained_on=row["obtained_on"]
                )
                for row in kept_rows(self.certificates)
            ),
        )


class AgreementForm(forms.Form):
    signed_school_on = forms.DateField(
        label=_("Getekend door de school op"), required=False, widget=DATE
    )
    signed_student_on = forms.DateField(
        label=_("Getekend door de student op"), required=False, widget=DATE
    )
    signed_company_on = forms.DateField(
        label=_("Getekend door het leerbedrijf op"), required=False, widget=DATE
    )
    signed_guardian_on = forms.DateField(
        label=_("Getekend door ouder of voogd op"),
        required=False,
        widget=DATE,
        help_text=_("Nodig zolang de student jonger is dan 18."),
    )


class FinishForm(forms.Form):
    ended_on = forms.DateField(
        label=_("Afgerond op"),
        widget=DATE,
        help_text=_("Meestal de einddatum van de bpv-plek; niet in de toekomst."),
    )


class StopForm(forms.Form):
    ended_on = forms.DateField(label=_("Gestopt op"), widget=DATE)
    stop_reason = forms.ChoiceField(
        label=_("Reden"), choices=StopReason.choices, widget=forms.RadioSelect
    )
    stop_note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=500,
        widget=TEXT,
        help_text=_("Verplicht bij 'Anders'."),
    )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Resultaat"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    outcome_on = forms.DateField(label=_("Resultaat per"), widget=DATE)


class VisitForm(forms.Form):
    visited_on = forms.DateField(label=_("Datum bezoek"), widget=DATE)
    kind = forms.ChoiceField(
        label=_("Soort bezoek"), choices=VisitKind.choices, widget=forms.RadioSelect
    )
    rating = forms.ChoiceField(
        label=_("Hoe gaat het op de bpv-plek?"),
        choices=VisitRating.choices,
        widget=forms.RadioSelect,
    )
    employer_view = forms.CharField(
        label=_("Wat zegt de werkgever of praktijkopleider?"),
        required=False,
        max_length=NOTE_LENGTH,
        widget=TEXT,
    )
    notes = forms.CharField(label=_("Verslag"), required=False, max_length=NOTE_LENGTH, widget=TEXT)


def agreement_data(form: AgreementForm) -> AgreementData:
    return AgreementData(**form.cleaned_data)


def visit_data(form: VisitForm) -> VisitData:
    return VisitData(**form.cleaned_data)
