"""Plan endpoints under a student: ``/api/v1/students/<uuid>/plan/``. One small view per
use case (HackSoft style); reads through ``students.selectors.student_access`` and
``plans.selectors``, writes through ``plans.services`` — exactly as the pages."""

from typing import Any
from uuid import UUID

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from entree.audit.models import Channel
from entree.core.api import request_user
from plans import selectors, services
from plans.models import (
    EndAdvice,
    ObstacleStatus,
    PlanPart,
    PlanRoute,
    PlanVersion,
    ProgressMeeting,
    ProvisionKind,
    StepOwner,
    StepStatus,
)
from students.models import DomainState, LifeDomain, NetworkContact, Student
from students.selectors import contacts_of, student_access

# --- Output -------------------------------------------------------------------------------


class ContactRefField(serializers.SlugRelatedField):
    """A network contact by its public id; input limited to the student's own network."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="uuid", queryset=NetworkContact.objects.none(), **kwargs)

    def get_queryset(self) -> Any:
        student = self.context.get("student")
        return contacts_of(student) if student is not None else NetworkContact.objects.none()


class StepSerializer(serializers.Serializer):
    key = serializers.UUIDField(required=False, allow_null=True, default=None)
    description = serializers.CharField(max_length=300, allow_blank=True)
    owner = serializers.ChoiceField(choices=StepOwner.choices)
    partner = ContactRefField(required=False, allow_null=True, default=None)
    due_on = serializers.DateField()
    status = serializers.ChoiceField(choices=StepStatus.choices, default=StepStatus.OPEN)


class ProvisionSerializer(serializers.Serializer):
    key = serializers.UUIDField(required=False, allow_null=True, default=None)
    kind = serializers.ChoiceField(choices=ProvisionKind.choices)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(max_length=300, allow_blank=True, required=False, default="")


class ObstacleSerializer(serializers.Serializer):
    key = serializers.UUIDField(required=False, allow_null=True, default=None)
    domain = serializers.ChoiceField(choices=LifeDomain.choices)
    description = serializers.CharField(max_length=300, allow_blank=True)
    partner = ContactRefField(required=False, allow_null=True, default=None)
    status = serializers.ChoiceField(choices=ObstacleStatus.choices, default=ObstacleStatus.OPEN)


class PlanSerializer(serializers.Serializer):
    """One version of the plan: what the page shows, in the API's vocabulary (codes)."""

    number = serializers.IntegerField(read_only=True)
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    recorded_by = serializers.SerializerMethodField()
    recorded_at = serializers.DateTimeField(read_only=True)
    route = serializers.ChoiceField(choices=PlanRoute.choices, allow_blank=True, default="")
    goal = serializers.CharField(max_length=2000, allow_blank=True, default="")
    strengths = serializers.CharField(max_length=2000, allow_blank=True, default="")
    supporters = ContactRefField(many=True, required=False, default=list)
    prepare_placement = serializers.BooleanField(default=False)
    prepare_support = serializers.BooleanField(default=False)
    prepare_next_phase = serializers.BooleanField(default=False)
    preparation_note = serializers.CharField(max_length=2000, allow_blank=True, default="")
    ticket_certificate = serializers.BooleanField(default=False)
    ticket_praktijkverklaring = serializers.BooleanField(default=False)
    ticket_mbo_verklaring = serializers.BooleanField(default=False)
    ticket_agreement = serializers.CharField(max_length=2000, allow_blank=True, default="")
    end_advice = serializers.ChoiceField(choices=EndAdvice.choices, allow_blank=True, default="")
    steps = StepSerializer(many=True, required=False, default=list)
    provisions = ProvisionSerializer(many=True, required=False, default=list)
    obstacles = ObstacleSerializer(many=True, required=False, default=list)

    def get_recorded_by(self, version: PlanVersion) -> str | None:
        return version.recorded_by.get_full_name() if version.recorded_by_id else None


def _plan_data(validated: dict[str, Any]) -> services.PlanData:
    return services.PlanData(
        **{name: validated[name] for name in services.VERSION_FIELDS},
        supporters=tuple(validated["supporters"]),
        steps=tuple(services.StepData(**item) for item in validated["steps"]),
        provisions=tuple(services.ProvisionData(**item) for item in validated["provisions"]),
        obstacles=tuple(services.ObstacleData(**item) for item in validated["obstacles"]),
    )


class VersionListSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    reason = serializers.CharField()
    recorded_at = serializers.DateTimeField()


class ChangeSerializer(serializers.Serializer):
    field = serializers.CharField(source="label")
    old = serializers.CharField()
    new = serializers.CharField()


class ItemChangeSerializer(serializers.Serializer):
    kind = serializers.CharField()
    change = serializers.ChoiceField(choices=["toegevoegd", "verwijderd", "gewijzigd"])
    item = serializers.CharField(source="label")
    changes = ChangeSerializer(source="fields", many=True)


class DiffSerializer(serializers.Serializer):
    older = serializers.IntegerField(source="older.number")
    newer = serializers.IntegerField(source="newer.number")
    changes = ChangeSerializer(source="fields", many=True)
    items = ItemChangeSerializer(many=True)


class MeetingDomainSerializer(serializers.Serializer):
    domain = serializers.ChoiceField(choices=LifeDomain.choices)
    state = serializers.ChoiceField(choices=DomainState.choices)
    note = serializers.CharField(max_length=500, allow_blank=True, default="")


class MeetingSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    held_on = serializers.DateField()
    with_student = serializers.BooleanField(default=True)
    with_employer = serializers.BooleanField(default=False)
    others = serializers.CharField(max_length=300, allow_blank=True, default="")
    notes = serializers.CharField(max_length=5000, allow_blank=True, default="")
    domains = MeetingDomainSerializer(many=True)
    plan_version = serializers.IntegerField(source="version.number", read_only=True)


class MeetingInputSerializer(MeetingSerializer):
    plan = PlanSerializer()


# --- Views --------------------------------------------------------------------------------


def _open(request: Request, uuid: UUID) -> Student:
    return student_access(
        request_user(request), uuid, part=PlanPart.PLAN, channel=Channel.API, path=request.path
    ).student


class PlanView(APIView):
    """The current plan (GET) and a new version of it (POST, the whole plan)."""

    @extend_schema(summary="Het huidige integraal plan", responses={200: PlanSerializer})
    def get(self, request: Request, uuid: UUID) -> Response:
        version = selectors.current_version(_open(request, uuid))
        if version is None:
            raise Http404
        return Response(PlanSerializer(version).data)

    @extend_schema(
        summary="Nieuwe versie van het plan",
        request=PlanSerializer,
        responses={201: PlanSerializer},
    )
    def post(self, request: Request, uuid: UUID) -> Response:
        student = _open(request, uuid)
        data = PlanSerializer(data=request.data, context={"student": student})
        data.is_valid(raise_exception=True)
        saved = services.plan_save(
            student=student,
            by=request_user(request),
            data=_plan_data(data.validated_data),
            reason=data.validated_data["reason"],
        )
        version = selectors.version_of(student, saved.number)
        return Response(PlanSerializer(version).data, status=status.HTTP_201_CREATED)


class PlanVersionsView(APIView):
    @extend_schema(summary="Alle versies van het plan", responses=VersionListSerializer(many=True))
    def get(self, request: Request, uuid: UUID) -> Response:
        versions = selectors.versions_of(_open(request, uuid))
        return Response(VersionListSerializer(versions, many=True).data)


class PlanVersionView(APIView):
    @extend_schema(summary="Eén versie van het plan", responses=PlanSerializer)
    def get(self, request: Request, uuid: UUID, number: int) -> Response:
        return Response(PlanSerializer(selectors.version_of(_open(request, uuid), number)).data)


class PlanCompareView(APIView):
    @extend_schema(
        summary="Wat veranderde tussen twee versies",
        parameters=[
            OpenApiParameter("from", int, required=True),
            OpenApiParameter("to", int, required=True),
        ],
        responses=DiffSerializer,
    )
    def get(self, request: Request, uuid: UUID) -> Response:
        student = _open(request, uuid)
        try:
            older, newer = int(request.query_params["from"]), int(request.query_params["to"])
        except (KeyError, ValueError):
            raise serializers.ValidationError(
                {"from": ["Geef twee versienummers: ?from=1&to=2."]}
            ) from None
        diff = selectors.plan_diff(
            selectors.version_of(student, older), selectors.version_of(student, newer)
        )
        return Response(DiffSerializer(diff).data)


class MeetingsView(APIView):
    @extend_schema(summary="Voortgangsgesprekken", responses=MeetingSerializer(many=True))
    def get(self, request: Request, uuid: UUID) -> Response:
        meetings = selectors.meetings_of(_open(request, uuid))
        return Response(MeetingSerializer(meetings, many=True).data)

    @extend_schema(
        summary="Voortgangsgesprek vastleggen (met het bijgestelde plan)",
        request=MeetingInputSerializer,
        responses={201: MeetingSerializer},
    )
    def post(self, request: Request, uuid: UUID) -> Response:
        student = _open(request, uuid)
        data = MeetingInputSerializer(data=request.data, context={"student": student})
        data.is_valid(raise_exception=True)
        values = data.validated_data
        meeting: ProgressMeeting = services.meeting_record(
            student=student,
            by=request_user(request),
            meeting=services.MeetingData(
                held_on=values["held_on"],
                with_student=values["with_student"],
                with_employer=values["with_employer"],
                others=values["others"],
                notes=values["notes"],
                domains=tuple(services.DomainData(**d) for d in values["domains"]),
            ),
            plan=_plan_data(values["plan"]),
        )
        return Response(MeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)
