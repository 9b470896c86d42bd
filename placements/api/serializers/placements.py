"""Placements and visits in the API's vocabulary: codes, UUIDs, and colleagues by e-mail
address (as ``to_user`` in the students API). Each field has the same shape in the answer
as in the request, so a client can read a placement, change it and send it back. Only
types and codes are checked here; the rules and their Dutch messages are the services'."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from entree.accounts.models import User
from entree.core.models import NOTE_LENGTH
from placements import selectors, services
from placements.models import (
    Certificate,
    Company,
    CompanyContact,
    Outcome,
    Placement,
    PlacementStatus,
    StopReason,
    Visit,
    VisitKind,
    VisitRating,
)

# --- Placements ---------------------------------------------------------------------------


class GoalSerializer(serializers.Serializer):
    description = serializers.CharField(allow_blank=True)
    plan_step_key = serializers.UUIDField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("De key van een stap in het huidige integraal plan."),
    )
    achieved = serializers.BooleanField(default=False)


class CertificateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Certificate.choices)
    other = serializers.CharField(max_length=100, allow_blank=True, default="")
    obtained_on = serializers.DateField(allow_null=True, default=None)


class AgreementSerializer(serializers.Serializer):
    """The praktijkovereenkomst: the date each party signed, or null."""

    signed_school_on = serializers.DateField(allow_null=True, default=None)
    signed_student_on = serializers.DateField(allow_null=True, default=None)
    signed_guardian_on = serializers.DateField(allow_null=True, default=None)
    signed_company_on = serializers.DateField(allow_null=True, default=None)


class AgreementOutSerializer(AgreementSerializer):
    signed = serializers.BooleanField(source="agreement_signed", read_only=True)
    guardian_needed = serializers.SerializerMethodField()

    def get_guardian_needed(self, placement: Placement) -> bool:
        # The student the view opened: every placement listed is theirs.
        student = self.context.get("student") or placement.student
        return services.guardian_needed(student, placement.start_date)


class VisitSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    recorded_by = serializers.CharField(source="recorded_by.get_full_name", read_only=True)

    class Meta:
        model = Visit
        fields = ["id", *services.VISIT_FIELDS, "recorded_by", "recorded_at"]
        read_only_fields = fields


class VisitInputSerializer(serializers.Serializer):
    visited_on = serializers.DateField(allow_null=True)
    kind = serializers.ChoiceField(choices=VisitKind.choices)
    rating = serializers.ChoiceField(choices=VisitRating.choices)
    employer_view = serializers.CharField(max_length=NOTE_LENGTH, allow_blank=True, default="")
    notes = serializers.CharField(max_length=NOTE_LENGTH, allow_blank=True, default="")

    def to_data(self) -> services.VisitData:
        return services.VisitData(**self.validated_data)


@extend_schema_field({"type": "string", "format": "email", "nullable": True})
class ColleagueField(serializers.Field):
    """A colleague by e-mail address, as ``to_user`` in the students API: staff ids are not
    part of the API. Input: one of the bpv-begeleiders the student's team can give."""

    default_error_messages = {
        "unknown": _("De bpv-begeleider is een mentor van het team van de student."),
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(allow_null=True, **kwargs)

    def to_representation(self, user: User) -> str:
        return user.email

    def to_internal_value(self, data: Any) -> User:
        student = self.context["student"]
        found = selectors.supervisor_choices(student).filter(email=str(data).lower()).first()
        if found is None:
            self.fail("unknown")
        return found


class PlacementSerializer(serializers.ModelSerializer):
    """One placement with everything in it. ``company``, ``trainer`` and ``supervisor``
    have the shape the request takes; their ``*_name`` say who they are."""

    id = serializers.UUIDField(source="uuid", read_only=True)
    company: serializers.SlugRelatedField[Company] = serializers.SlugRelatedField(
        slug_field="uuid", read_only=True, allow_null=True
    )
    company_name = serializers.CharField(source="company.name", read_only=True, allow_null=True)
    trainer: serializers.SlugRelatedField[CompanyContact] = serializers.SlugRelatedField(
        slug_field="uuid", read_only=True, allow_null=True
    )
    trainer_name = serializers.CharField(source="trainer.name", read_only=True, allow_null=True)
    supervisor = ColleagueField(read_only=True)
    supervisor_name = serializers.CharField(
        source="supervisor.get_full_name", read_only=True, allow_null=True
    )
    goals = GoalSerializer(many=True, read_only=True)
    certificates = CertificateSerializer(many=True, read_only=True)
    agreement = AgreementOutSerializer(source="*", read_only=True)
    visits = VisitSerializer(many=True, read_only=True)
    visit_count = serializers.SerializerMethodField()
    visit_due_on = serializers.SerializerMethodField()

    class Meta:
        model = Placement
        fields = [
            "id",
            "status",
            "company",
            "company_name",
            "trainer",
            "trainer_name",
            "supervisor",
            "supervisor_name",
            "start_date",
            "end_date",
            "midpoint",
            "days_per_week",
            "hours_per_week",
            "part_time",
            "notes",
            "goals",
            "certificates",
            "agreement",
            "ended_on",
            "stop_reason",
            "stop_note",
            "outcome",
            "outcome_on",
            "visits",
            "visit_count",
            "visit_due_on",
        ]
        read_only_fields = fields

    def get_visit_count(self, placement: Placement) -> int:
        return len(placement.visits.all())

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_visit_due_on(self, placement: Placement) -> str | None:
        """When the next visit is due (``selectors.visits_due``), for a running placement."""
        due = self.context.get("visits_due", {}).get(placement.pk)
        if due is None or placement.status != PlacementStatus.LOPEND:
            return None
        return due.isoformat()


class PlacementInputSerializer(serializers.Serializer):
    """A placement's details, as a whole (goals and certificates are replaced)."""

    company: serializers.SlugRelatedField[Company] = serializers.SlugRelatedField(
        slug_field="uuid",
        queryset=Company.objects.none(),  # set per request: the user's companies
        allow_null=True,
        default=None,
        error_messages={"does_not_exist": _("Onbekend leerbedrijf.")},
    )
    trainer: serializers.SlugRelatedField[CompanyContact] = serializers.SlugRelatedField(
        slug_field="uuid",
        queryset=CompanyContact.objects.none(),  # set per request
        allow_null=True,
        default=None,
        error_messages={"does_not_exist": _("Onbekende praktijkopleider.")},
    )
    supervisor = ColleagueField(default=None)
    start_date = serializers.DateField(allow_null=True, default=None)
    end_date = serializers.DateField(allow_null=True, default=None)
    days_per_week = serializers.IntegerField(allow_null=True, default=None)
    hours_per_week = serializers.IntegerField(allow_null=True, default=None)
    part_time = serializers.BooleanField(default=False)
    notes = serializers.CharField(max_length=NOTE_LENGTH, allow_blank=True, default="")
    goals = GoalSerializer(many=True, required=False, default=list)
    certificates = CertificateSerializer(many=True, required=False, default=list)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = self.context.get("user")
        if user is not None:
            companies = selectors.companies_visible_to(user)
            self.fields["company"].queryset = companies  # type: ignore[attr-defined]
            self.fields["trainer"].queryset = CompanyContact.objects.filter(  # type: ignore[attr-defined]
                company__in=companies
            )

    def to_data(self) -> services.PlacementData:
        values = dict(self.validated_data)
        goals = tuple(services.GoalData(**goal) for goal in values.pop("goals"))
        certificates = tuple(services.CertificateData(**c) for c in values.pop("certificates"))
        return services.PlacementData(**values, goals=goals, certificates=certificates)


class FinishSerializer(serializers.Serializer):
    ended_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Leeg: de einddatum, of vandaag als die nog komt."),
    )


class StopSerializer(serializers.Serializer):
    ended_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text=_("Leeg: vandaag.")
    )
    stop_reason = serializers.ChoiceField(choices=StopReason.choices)
    stop_note = serializers.CharField(allow_blank=True, default="")


class OutcomeSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    outcome_on = serializers.DateField(allow_null=True)


# --- The bpv-begeleider's list ------------------------------------------------------------


class ToVisitSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    student = serializers.UUIDField(source="student.uuid", read_only=True)
    student_name = serializers.CharField(source="student.full_name", read_only=True)
    company = serializers.UUIDField(source="company.uuid", read_only=True)
    company_name = serializers.CharField(source="company.name", read_only=True)
    trainer_name = serializers.CharField(source="trainer.name", read_only=True, allow_null=True)
    visit_count = serializers.IntegerField(read_only=True)
    visit_due_on = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        model = Placement
        fields = [
            "id",
            "student",
            "student_name",
            "company",
            "company_name",
            "trainer_name",
            "start_date",
            "end_date",
            "visit_count",
            "visit_due_on",
        ]
        read_only_fields = fields
