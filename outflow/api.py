"""Outflow endpoints under a student: ``/api/v1/students/<uuid>/outflow/``. One small view
per use case (as plans.api); reads through ``students.selectors.student_access`` and
``outflow.selectors``, writes through ``outflow.services`` — exactly as the pages."""

from typing import Any
from uuid import UUID

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from entree.accounts.models import User
from entree.audit.models import Channel
from entree.core.api import request_user
from outflow import selectors, services
from outflow.models import (
    ConfirmationChannel,
    Destination,
    IntermediateStep,
    Outflow,
    OutflowPart,
    PartnerAnswer,
    PartnerHandover,
    PartnerKind,
)
from outflow.services import coordinators_for
from plans.api import ContactRefField, PlanSerializer, _plan_data
from students.models import Student
from students.selectors import student_access

# --- Serializers ----------------------------------------------------------------------------


class OutflowDetailsSerializer(serializers.Serializer):
    left_on = serializers.DateField(allow_null=True)
    diploma = serializers.BooleanField()
    destination = serializers.ChoiceField(choices=Destination.choices)
    destination_note = serializers.CharField(max_length=300, allow_blank=True, default="")
    with_certificate = serializers.BooleanField(default=False)
    with_mbo_verklaring = serializers.BooleanField(default=False)
    with_praktijkverklaring = serializers.BooleanField(default=False)
    exit_interview_on = serializers.DateField(allow_null=True, default=None)
    exit_interview_notes = serializers.CharField(max_length=2000, allow_blank=True, default="")


def _outflow_data(values: dict[str, Any]) -> services.OutflowData:
    return services.OutflowData(**{name: values[name] for name in services.OUTFLOW_FIELDS})


@extend_schema_field(OpenApiTypes.EMAIL)
class CoordinatorField(serializers.Field):
    """An outflow coordinator of the student's team, by e-mail address. Only the team's
    coordinators are looked up: the answer tells nothing about other addresses."""

    def to_internal_value(self, data: Any) -> User | None:
        student = self.context["student"]
        email = str(data or "").strip().lower()
        candidates = coordinators_for(student)
        if not candidates:
            return None  # the service says the team has none, in its own words
        for coordinator in candidates:
            if coordinator.email == email:
                return coordinator
        raise serializers.ValidationError(
            _("Kies een uitstroomcoördinator van het team van de student.")
        )

    def to_representation(self, value: User | None) -> str:
        return value.email if value else ""


class OutflowRegisterSerializer(OutflowDetailsSerializer):
    coordinator = CoordinatorField(
        help_text="E-mailadres van de uitstroomcoördinator die de regie overneemt."
    )
    plan = PlanSerializer(
        required=False,
        allow_null=True,
        default=None,
        help_text="Het bijgewerkte plan; zonder: het huidige plan wordt de laatste versie.",
    )


class OutflowCorrectionSerializer(OutflowDetailsSerializer):
    reason = serializers.CharField(max_length=300, allow_blank=True)


class HandoverSerializer(serializers.Serializer):
    goals_to_learn = serializers.CharField(max_length=1000, allow_blank=True, default="")
    regelzaken = serializers.CharField(max_length=1000, allow_blank=True, default="")
    support_needed = serializers.CharField(max_length=1000, allow_blank=True, default="")
    lifelong_learning = serializers.CharField(max_length=1000, allow_blank=True, default="")
    alternatives = serializers.CharField(max_length=1000, allow_blank=True, default="")
    intermediate_step = serializers.ChoiceField(
        choices=IntermediateStep.choices, allow_blank=True, default=""
    )
    intermediate_note = serializers.CharField(max_length=300, allow_blank=True, default="")
    closed_at = serializers.DateTimeField(read_only=True, allow_null=True)


class HandoverPartnerSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    kind = serializers.ChoiceField(choices=PartnerKind.choices)
    contact = ContactRefField(required=False, allow_null=True, default=None)
    contacted_on = serializers.DateField(read_only=True, allow_null=True)
    meeting_on = serializers.DateField(read_only=True, allow_null=True)
    shared_on = serializers.DateField(read_only=True, allow_null=True)
    answer = serializers.ChoiceField(
        choices=PartnerAnswer.choices, read_only=True, allow_blank=True
    )
    answered_on = serializers.DateField(read_only=True, allow_null=True)
    answer_channel = serializers.ChoiceField(
        choices=ConfirmationChannel.choices, read_only=True, allow_blank=True
    )
    first_contact_on = serializers.DateField(read_only=True, allow_null=True)
    contact_person_now = serializers.CharField(read_only=True)
    confirmed = serializers.BooleanField(read_only=True)


class HandoverProgressSerializer(serializers.Serializer):
    percent = serializers.IntegerField()
    complete = serializers.BooleanField()
    missing = serializers.ListField(child=serializers.CharField())


class OutflowSerializer(OutflowDetailsSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    dropout = serializers.BooleanField(read_only=True)
    plan_version = serializers.IntegerField(
        source="plan_version.number", read_only=True, allow_null=True
    )
    handover = HandoverSerializer(read_only=True)
    partners = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField()

    @extend_schema_field(HandoverPartnerSerializer(many=True))
    def get_partners(self, outflow: Outflow) -> Any:
        return HandoverPartnerSerializer(self.context["partners"], many=True).data

    @extend_schema_field(HandoverProgressSerializer)
    def get_progress(self, outflow: Outflow) -> dict[str, Any]:
        progress = services.handover_progress(outflow.handover, self.context["partners"])
        return {
            "percent": progress.percent,
            "complete": progress.complete,
            "missing": list(progress.missing),
        }


class PartnerStepSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=list(services.PARTNER_STEPS))
    on = serializers.DateField(allow_null=True)


class PartnerAnswerSerializer(serializers.Serializer):
    answer = serializers.ChoiceField(choices=PartnerAnswer.choices)
    first_contact_on = serializers.DateField(allow_null=True, default=None)
    contact_person_now = serializers.CharField(max_length=200, allow_blank=True, default="")
    channel = serializers.ChoiceField(
        choices=[ConfirmationChannel.TELEFOON, ConfirmationChannel.EMAIL]
    )


# --- Views ----------------------------------------------------------------------------------


def opened_student(request: Request, uuid: UUID) -> Student:
    return student_access(
        request_user(request),
        uuid,
        part=OutflowPart.OUTFLOW,
        channel=Channel.API,
        path=request.path,
    ).student


def _shown(student: Student, code: int = status.HTTP_200_OK) -> Response:
    outflow = selectors.outflow_required(student)
    partners = selectors.partners_of(outflow)
    return Response(OutflowSerializer(outflow, context={"partners": partners}).data, status=code)


class OutflowView(APIView):
    """The outflow with its checklist (GET), and registering it (POST)."""

    @extend_schema(summary="De uitstroom en de warme overdracht", responses=OutflowSerializer)
    def get(self, request: Request, uuid: UUID) -> Response:
        return _shown(opened_student(request, uuid))

    @extend_schema(
        summary="Uitstroom registreren (regie naar de uitstroomcoördinator)",
        request=OutflowRegisterSerializer,
        responses={201: OutflowSerializer},
    )
    def post(self, request: Request, uuid: UUID) -> Response:
        student = opened_student(request, uuid)
        data = OutflowRegisterSerializer(data=request.data, context={"student": student})
        data.is_valid(raise_exception=True)
        values = data.validated_data
        services.outflow_register(
            student=student,
            by=request_user(request),
            data=_outflow_data(values),
            coordinator=values["coordinator"],
            plan=_plan_data(values["plan"]) if values["plan"] else None,
        )
        return _shown(student, status.HTTP_201_CREATED)


class CorrectionView(APIView):
    @extend_schema(
        summary="Uitstroom corrigeren (met reden)",
        request=OutflowCorrectionSerializer,
        responses=OutflowSerializer,
    )
    def post(self, request: Request, uuid: UUID) -> Response:
        student = opened_student(request, uuid)
        data = OutflowCorrectionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.outflow_correct(
            outflow=selectors.outflow_required(student),
            by=request_user(request),
            data=_outflow_data(data.validated_data),
            reason=data.validated_data["reason"],
        )
        return _shown(student)


class HandoverView(APIView):
    @extend_schema(
        summary="Vragen van de checklist beantwoorden",
        request=HandoverSerializer,
        responses=OutflowSerializer,
    )
    def put(self, request: Request, uuid: UUID) -> Response:
        student = opened_student(request, uuid)
        data = HandoverSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        services.handover_save(
            handover=selectors.outflow_required(student).handover,
            by=request_user(request),
            data=services.HandoverData(**{n: values[n] for n in services.HANDOVER_FIELDS}),
        )
        return _shown(student)


class CloseView(APIView):
    @extend_schema(summary="Warme overdracht afronden", request=None, responses=OutflowSerializer)
    def post(self, request: Request, uuid: UUID) -> Response:
        student = opened_student(request, uuid)
        services.handover_close(
            handover=selectors.outflow_required(student).handover, by=request_user(request)
        )
        return _shown(student)


class PartnersView(APIView):
    @extend_schema(
        summary="Partner op de checklist zetten",
        request=HandoverPartnerSerializer,
        responses={201: HandoverPartnerSerializer},
    )
    def post(self, request: Request, uuid: UUID) -> Response:
        student = opened_student(request, uuid)
        data = HandoverPartnerSerializer(data=request.data, context={"student": student})
        data.is_valid(raise_exception=True)
        partner = services.partner_add(
            handover=selectors.outflow_required(student).handover,
            by=request_user(request),
            kind=data.validated_data["kind"],
            contact=data.validated_data["contact"],
        )
        return Response(HandoverPartnerSerializer(partner).data, status=status.HTTP_201_CREATED)


def _partner(request: Request, uuid: UUID, partner: UUID) -> PartnerHandover:
    return selectors.partner_of(selectors.outflow_required(opened_student(request, uuid)), partner)


class PartnerView(APIView):
    @extend_schema(summary="Partner van de checklist halen", responses={204: None})
    def delete(self, request: Request, uuid: UUID, partner: UUID) -> Response:
        services.partner_remove(partner=_partner(request, uuid, partner), by=request_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class PartnerStepView(APIView):
    @extend_schema(
        summary="Stap van de overdracht vastleggen (informatie delen alleen met toestemming)",
        request=PartnerStepSerializer,
        responses=HandoverPartnerSerializer,
    )
    def post(self, request: Request, uuid: UUID, partner: UUID) -> Response:
        row = _partner(request, uuid, partner)
        data = PartnerStepSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        saved = services.partner_step(
            partner=row,
            by=request_user(request),
            step=data.validated_data["step"],
            on=data.validated_data["on"],
        )
        return Response(HandoverPartnerSerializer(saved).data)


class PartnerLinkView(APIView):
    @extend_schema(
        summary="Bevestigingslink naar de contactpersoon van de partner sturen",
        request=None,
        responses={201: None},
    )
    def post(self, request: Request, uuid: UUID, partner: UUID) -> Response:
        services.link_send(partner=_partner(request, uuid, partner), by=request_user(request))
        return Response(status=status.HTTP_201_CREATED)


class PartnerAnswerView(APIView):
    @extend_schema(
        summary="Antwoord van de partner vastleggen (telefonisch of per e-mail)",
        request=PartnerAnswerSerializer,
        responses=HandoverPartnerSerializer,
    )
    def post(self, request: Request, uuid: UUID, partner: UUID) -> Response:
        row = _partner(request, uuid, partner)
        data = PartnerAnswerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        saved = services.partner_confirm(
            partner=row,
            by=request_user(request),
            data=services.PartnerAnswerData(
                answer=values["answer"],
                first_contact_on=values["first_contact_on"],
                contact_person_now=values["contact_person_now"],
            ),
            channel=values["channel"],
        )
        return Response(HandoverPartnerSerializer(saved).data)
