"""The management figures as JSON: ``/api/v1/reports/scopes/`` and
``/api/v1/reports/annual/?school_year=2025-2026&scope=instelling``.

The annual report is :meth:`Report.as_dict` as it is — the same cells, suppressed the same
way, as the dashboard, the CSV and the PDF. The serializers below only describe it for
the OpenAPI schema. Anybody who is no manager gets the 404 of the dashboard.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from entree.core.api import request_user
from entree.core.schema import ERROR
from entree.reports import choice

#: Anybody who is no manager, and a scope that is not the user's (the dashboard's 404).
NOT_A_MANAGER = OpenApiResponse(
    ERROR, description="Geen management, of deze instelling of dit team is niet van u."
)

# --- Serializers (the schema of Report.as_dict) ---------------------------------------------


class ReportScopeSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="„instelling” of „team-<id>”.")
    name = serializers.CharField()


class ReportCellSerializer(serializers.Serializer):
    count = serializers.IntegerField(
        allow_null=True, help_text="Leeg (null) als de cel verborgen is."
    )
    display = serializers.CharField(help_text="Zoals getoond: een getal, „<5” of „x”.")
    percent = serializers.FloatField(allow_null=True)
    suppressed = serializers.ChoiceField(
        choices=[("", "zichtbaar"), ("primair", "primair"), ("secundair", "secundair")],
        help_text="„primair” (getoond als „<5”): 0 tot 4 studenten — 1 tot 4, of een 0 die "
        "verborgen is zodat zo'n aantal niet terug te rekenen is; „secundair” (getoond als "
        "„x”): 5 of meer, verborgen om dezelfde reden.",
    )


class ReportRowSerializer(serializers.Serializer):
    code = serializers.CharField()
    # The names of Report.as_dict; DRF's Field happens to have attributes of these names.
    label = serializers.CharField()  # type: ignore[assignment]
    cells = ReportCellSerializer(many=True)
    total = ReportCellSerializer(allow_null=True)


class ReportNationalSerializer(serializers.Serializer):
    row = serializers.CharField(help_text="De rijcode, of „all” voor de tabel als geheel.")
    column = serializers.CharField()
    value = serializers.FloatField()
    unit = serializers.ChoiceField(choices=[("percent", "percent"), ("count", "count")])
    cohort = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]


class ReportTableFieldsSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    definition = serializers.CharField()
    row_header = serializers.CharField()
    columns = serializers.ListField(
        child=serializers.ListField(child=serializers.CharField(), min_length=2, max_length=2),
        help_text="[code, label] per kolom.",
    )
    rows = ReportRowSerializer(many=True)
    total = ReportRowSerializer(allow_null=True)
    percent_of = serializers.ChoiceField(
        choices=[("", "geen"), ("row", "rij"), ("column", "kolom")]
    )
    national = ReportNationalSerializer(many=True)
    chart = serializers.ChoiceField(choices=[("", "geen"), ("bar", "bar"), ("stacked", "stacked")])


class ReportPreviousTableSerializer(ReportTableFieldsSerializer):
    previous = serializers.JSONField(
        allow_null=True, help_text="Altijd null: één jaar terug, niet verder."
    )


class ReportTableSerializer(ReportTableFieldsSerializer):
    previous = ReportPreviousTableSerializer(
        allow_null=True, help_text="Dezelfde tabel voor het vorige schooljaar."
    )


class ReportBlockSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    tables = ReportTableSerializer(many=True)


class ReportSerializer(serializers.Serializer):
    school_year = serializers.CharField(help_text="Bijvoorbeeld 2025-2026.")
    scope = ReportScopeSerializer()
    generated_at = serializers.DateTimeField()
    blocks = ReportBlockSerializer(many=True)


# --- Views ----------------------------------------------------------------------------------


class ScopesView(APIView):
    @extend_schema(
        summary="Waarover de gebruiker kerncijfers mag zien (instelling, teams)",
        responses={200: ReportScopeSerializer(many=True), 404: NOT_A_MANAGER},
    )
    def get(self, request: Request) -> Response:
        scopes = choice.scopes_for(request_user(request))
        return Response([{"key": scope.key, "name": scope.name} for scope in scopes])


class AnnualReportQuerySerializer(serializers.Serializer):
    school_year = serializers.CharField(required=False, default="")
    scope = serializers.CharField(required=False, default="")


class AnnualReportView(APIView):
    @extend_schema(
        summary="De kerncijfers van een schooljaar (het jaarverslag voor management)",
        parameters=[
            OpenApiParameter(
                "school_year",
                OpenApiTypes.STR,
                description="Bijvoorbeeld 2025-2026; zonder: het huidige schooljaar.",
            ),
            OpenApiParameter(
                "scope",
                OpenApiTypes.STR,
                description="„instelling” of „team-<id>” (zie /reports/scopes/); zonder: de "
                "eerste van de lijst.",
            ),
        ],
        responses={200: ReportSerializer, 404: NOT_A_MANAGER},
    )
    def get(self, request: Request) -> Response:
        user = request_user(request)
        scopes = choice.scopes_for(user)
        query = AnnualReportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        today = timezone.localdate()
        label = query.validated_data["school_year"] or choice.school_years(today)[0].label
        key = query.validated_data["scope"] or (scopes[0].key if scopes else "instelling")
        errors: dict[str, list[str]] = {}
        try:
            school_year = choice.school_year_parse(label, today=today)
        except ValidationError as error:
            errors["school_year"] = error.messages
        try:
            scope = choice.scope_find(scopes, key)
        except ValidationError as error:
            errors["scope"] = error.messages
        if errors:
            raise serializers.ValidationError(errors)
        made = choice.ReportChoice(school_year=school_year, scope=scope)
        report = choice.report_for(user, made)
        return Response(report.as_dict())
