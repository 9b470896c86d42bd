"""Companies and their praktijkopleiders in the API's vocabulary: codes and UUIDs. Only
types and codes are checked here; the rules and their Dutch messages are the services'."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from entree.core.models import NOTE_LENGTH
from entree.core.validators import normalise_kvk, validate_kvk
from placements import selectors, services
from placements.models import PROMISING_SECTORS, Company, CompanyContact, Placement, Sector

# --- Companies ----------------------------------------------------------------------------


class CompanyFilterSerializer(serializers.Serializer):
    """The list's query parameters."""

    q = serializers.CharField(required=False, allow_blank=True, default="")
    sector = serializers.ChoiceField(
        choices=Sector.choices, required=False, allow_blank=True, default=""
    )
    kvk = serializers.CharField(required=False, allow_blank=True, default="")

    def validate_kvk(self, value: str) -> str:
        if value:
            value = normalise_kvk(value)
            validate_kvk(value)
        return value


class CompanyListSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    promising = serializers.SerializerMethodField()
    placement_count = serializers.IntegerField(read_only=True)
    running_count = serializers.IntegerField(read_only=True)
    job_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Company
        fields = [
            "id",
            "name",
            "kvk_number",
            "sector",
            "promising",
            "sbb_recognised",
            "city",
            "placement_count",
            "running_count",
            "job_count",
        ]
        read_only_fields = fields

    def get_promising(self, company: Company) -> bool:
        """One of the guideline's promising sectors (guideline 2020 §4.3)."""
        return company.sector in PROMISING_SECTORS


class FiguresSerializer(serializers.Serializer):
    placements = serializers.IntegerField()
    running = serializers.IntegerField()
    completed = serializers.IntegerField()
    stopped = serializers.IntegerField()
    jobs = serializers.IntegerField()


class CompanySerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    promising = serializers.SerializerMethodField()
    figures = serializers.SerializerMethodField()

    class Meta:
        model = Company
        fields = ["id", *services.COMPANY_FIELDS, "promising", "figures"]
        read_only_fields = fields

    def get_promising(self, company: Company) -> bool:
        return company.sector in PROMISING_SECTORS

    @extend_schema_field(FiguresSerializer)
    def get_figures(self, company: Company) -> dict[str, Any]:
        return FiguresSerializer(selectors.company_figures(company)).data


class CompanyInputSerializer(serializers.Serializer):
    """The whole company. Blank name and KvK number reach the service, which names the
    problem (and finds the company that already has the number)."""

    name = serializers.CharField(max_length=200, allow_blank=True)
    kvk_number = serializers.CharField(
        max_length=20, allow_blank=True, help_text=_("Acht cijfers; spaties en punten mogen.")
    )
    sector = serializers.ChoiceField(choices=Sector.choices)
    sbb_recognised = serializers.BooleanField(default=False)
    sbb_number = serializers.CharField(max_length=20, allow_blank=True, default="")
    sbb_checked_on = serializers.DateField(allow_null=True, default=None)
    address = serializers.CharField(max_length=200, allow_blank=True, default="")
    postcode = serializers.CharField(max_length=10, allow_blank=True, default="")
    city = serializers.CharField(max_length=100, allow_blank=True, default="")
    notes = serializers.CharField(max_length=NOTE_LENGTH, allow_blank=True, default="")

    def to_data(self) -> services.CompanyData:
        return services.CompanyData(**self.validated_data)


class CompanyContactSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)

    class Meta:
        model = CompanyContact
        fields = ["id", *services.CONTACT_FIELDS]
        read_only_fields = fields


class CompanyContactInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, allow_blank=True)
    role = serializers.CharField(max_length=200, allow_blank=True, default="")
    phone = serializers.CharField(max_length=20, allow_blank=True, default="")
    email = serializers.CharField(max_length=254, allow_blank=True, default="")
    active = serializers.BooleanField(default=True)

    def to_data(self) -> services.ContactData:
        return services.ContactData(**self.validated_data)


class CompanyPlacementSerializer(serializers.ModelSerializer):
    """A row of the company's history: the student only for users who may see them."""

    student = serializers.SerializerMethodField()
    student_name = serializers.SerializerMethodField()
    trainer_name = serializers.CharField(source="trainer.name", read_only=True, allow_null=True)
    year = serializers.SerializerMethodField()

    class Meta:
        model = Placement
        fields = [
            "student",
            "student_name",
            "year",
            "status",
            "start_date",
            "end_date",
            "ended_on",
            "trainer_name",
            "outcome",
            "outcome_on",
        ]
        read_only_fields = fields

    def to_representation(self, instance: Placement) -> dict[str, Any]:
        data = super().to_representation(instance)
        if not getattr(instance, "shown", False):
            # Not identifiable: only the year, no exact dates, no praktijkopleider.
            for name in ("start_date", "end_date", "ended_on", "outcome_on", "trainer_name"):
                data[name] = None
        return data

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_year(self, placement: Placement) -> int | None:
        return placement.start_date.year if placement.start_date else None

    @extend_schema_field(serializers.UUIDField(allow_null=True))
    def get_student(self, placement: Placement) -> str | None:
        return str(placement.student.uuid) if getattr(placement, "shown", False) else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_student_name(self, placement: Placement) -> str | None:
        return placement.student.full_name if getattr(placement, "shown", False) else None
