"""The student API's serializers: what the endpoints read and answer, in codes."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from entree.accounts.models import Team, User
from students import selectors, services
from students.models import (
    Consent,
    DomainState,
    HandedOverTo,
    Intake,
    LifeDomain,
    LifeDomainAssessment,
    NetworkContact,
    Placeability,
    RegieTransfer,
    Student,
    StudyAdvice,
)

# --- Output -----------------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.STR)
class PersonField(serializers.Field):
    """A colleague by name only; staff ids are not part of the API. ``null`` when nobody
    (a student without regiehouder, a decision not yet taken)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(allow_null=True, **kwargs)

    def to_representation(self, user: User | None) -> str | None:
        return user.get_full_name() if user else None


class StudentSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    team = serializers.CharField(source="team.name", read_only=True)
    regiehouder = PersonField(read_only=True)
    signals = serializers.SerializerMethodField()

    class Meta:
        model = Student
        fields = [
            "id",
            "student_number",
            *services.STUDENT_DETAIL_FIELDS,
            "team",
            "start_date",
            "cohort",
            "status",
            "regiehouder",
            "study_advice_due_on",
            "signals",
        ]
        read_only_fields = fields

    def get_signals(self, student: Student) -> list[str]:
        return [signal.code for signal in selectors.signals_of(student)]


class StudentListSerializer(StudentSerializer):
    """A list row: what the caseload shows, nothing more. Contact details, date of birth
    and the rest come only with the detail, which is written to the access log."""

    class Meta(StudentSerializer.Meta):
        fields = [
            "id",
            "student_number",
            "first_name",
            "last_name_prefix",
            "last_name",
            "team",
            "status",
            "cohort",
            "learning_path",
            "profile",
            "regiehouder",
            "signals",
        ]
        read_only_fields = fields


class DomainSerializer(serializers.ModelSerializer):
    partner: serializers.SlugRelatedField[NetworkContact] = serializers.SlugRelatedField(
        slug_field="uuid", read_only=True
    )

    class Meta:
        model = LifeDomainAssessment
        fields = ["domain", "state", "note", "partner"]


class IntakeSerializer(serializers.ModelSerializer):
    domains = DomainSerializer(many=True, read_only=True)
    decided_by = PersonField(read_only=True)
    missing = serializers.SerializerMethodField()

    class Meta:
        model = Intake
        fields = [
            *services.INTAKE_FIELDS,
            "outcome",
            "outcome_motivation",
            "handed_over_to",
            "handed_over_contact",
            "decided_on",
            "decided_by",
            "domains",
            "missing",
        ]
        read_only_fields = fields

    def get_missing(self, intake: Intake | None) -> list[str]:
        return services.intake_missing(intake)


class ContactSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)

    class Meta:
        model = NetworkContact
        fields = ["id", "kind", "organisation", "name", "role", "phone", "email", "note"]


class ConsentSerializer(serializers.ModelSerializer):
    contact = serializers.SlugRelatedField(
        slug_field="uuid", queryset=NetworkContact.objects.none()
    )
    recorded_by = PersonField(read_only=True)

    class Meta:
        model = Consent
        fields = ["contact", "purpose", "given", "on", "note", "recorded_by", "recorded_at"]
        read_only_fields = ["recorded_by", "recorded_at"]


class StudyAdviceSerializer(serializers.ModelSerializer):
    recorded_by = PersonField(read_only=True)

    class Meta:
        model = StudyAdvice
        fields = ["decision", "given_on", "motivation", "postponed_until", "recorded_by"]
        read_only_fields = ["recorded_by"]


class TransferSerializer(serializers.ModelSerializer):
    from_user = PersonField(read_only=True)
    to_user = PersonField(read_only=True)
    by = PersonField(read_only=True)

    class Meta:
        model = RegieTransfer
        fields = ["from_user", "to_user", "reason", "by", "at"]


# --- Input ------------------------------------------------------------------------------


class StudentWriteSerializer(serializers.ModelSerializer):
    team = serializers.SlugRelatedField(
        slug_field="name",
        queryset=Team.objects.none(),  # set per request: the user's own teams
        help_text=_("Naam van een van uw eigen teams (alleen bij aanmelden)."),
        error_messages={"does_not_exist": _("Onbekend team: kies een van uw eigen teams.")},
    )

    class Meta:
        model = Student
        fields = ["student_number", "team", *services.STUDENT_DETAIL_FIELDS]
        # Uniqueness is checked by the service, with the institution taken from the team.
        validators: list = []


class StudentUpdateSerializer(serializers.ModelSerializer):
    """Changing details: number and team are not changed through this endpoint."""

    class Meta:
        model = Student
        fields = list(services.STUDENT_DETAIL_FIELDS)


class DomainInputSerializer(serializers.Serializer):
    domain = serializers.ChoiceField(choices=LifeDomain.choices)
    state = serializers.ChoiceField(choices=DomainState.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    partner = serializers.UUIDField(required=False, allow_null=True, default=None)


class IntakeInputSerializer(serializers.ModelSerializer):
    domains = DomainInputSerializer(many=True, required=False)

    class Meta:
        model = Intake
        fields = [*services.INTAKE_FIELDS, "domains"]


class DecisionInputSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Placeability.choices)
    motivation = serializers.CharField(required=False, allow_blank=True, default="")
    handed_over_to = serializers.ChoiceField(
        choices=HandedOverTo.choices, required=False, allow_blank=True, default=""
    )
    handed_over_contact = serializers.CharField(required=False, allow_blank=True, default="")
    start_date = serializers.DateField(required=False, allow_null=True, default=None)


class ActivateInputSerializer(serializers.Serializer):
    start_date = serializers.DateField(required=False, allow_null=True, default=None)


class TransferInputSerializer(serializers.Serializer):
    to_user = serializers.EmailField(help_text=_("E-mailadres van de nieuwe regiehouder."))
    reason = serializers.CharField()


# --- Viewset ----------------------------------------------------------------------------
