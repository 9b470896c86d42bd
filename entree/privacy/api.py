"""Erasure on request through the API: the coordinator asks for a student
(``POST /api/v1/students/{uuid}/erasure-request/``); a beheerder lists the open requests
(``/api/v1/erasure-requests/``) and decides (``.../{id}/decision/``). The same services
and rules as the pages; for anybody but a beheerder the list is empty and a request is not
found."""

from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from entree.audit.models import Channel
from entree.core.api import request_user
from entree.privacy import selectors, services
from entree.privacy.models import ErasureRequest, ErasureStatus, PrivacyPart
from entree.privacy.services.erasure import may_decide_erasure
from students.selectors import student_access


class PrivacyErasureRequestSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid")
    student = serializers.UUIDField(source="student.uuid")
    team = serializers.CharField(source="student.team.name")
    reason = serializers.CharField()
    status = serializers.ChoiceField(choices=ErasureStatus.choices)
    requested_by = serializers.CharField(source="requested_by.get_full_name")
    requested_at = serializers.DateTimeField(source="created_at")
    decided_by = serializers.CharField(
        source="decided_by.get_full_name", allow_null=True, default=None
    )
    decided_at = serializers.DateTimeField(allow_null=True)
    decision_note = serializers.CharField(allow_blank=True)


class PrivacyErasureAskSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class PrivacyErasureDecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    note = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)


class StudentErasureRequestView(APIView):
    @extend_schema(
        summary="Verzoek tot wissen van een dossier (AVG art. 17)",
        request=PrivacyErasureAskSerializer,
        responses={201: PrivacyErasureRequestSerializer},
    )
    def post(self, request: Request, uuid: UUID) -> Response:
        user = request_user(request)
        access = student_access(
            user, uuid, part=PrivacyPart.PRIVACY, channel=Channel.API, path=request.path
        )
        data = PrivacyErasureAskSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        made = services.erasure_request(
            student=access.student, by=user, reason=data.validated_data["reason"]
        )
        return Response(PrivacyErasureRequestSerializer(made).data, status=status.HTTP_201_CREATED)


class ErasureRequestListView(generics.ListAPIView):
    """Requests waiting for a decision (or for the privacy worker), oldest first."""

    serializer_class = PrivacyErasureRequestSerializer
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[ErasureRequest]:
        if getattr(self, "swagger_fake_view", False) or not may_decide_erasure(
            request_user(self.request)
        ):
            return ErasureRequest.objects.none()
        return selectors.open_erasure_requests().select_related("decided_by")

    @extend_schema(summary="Open verzoeken tot wissen (functioneel beheerder)")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class ErasureDecisionView(APIView):
    @extend_schema(
        summary="Besluit over een verzoek tot wissen (een tweede beheerder)",
        request=PrivacyErasureDecisionSerializer,
        responses=PrivacyErasureRequestSerializer,
    )
    def post(self, request: Request, erasure: UUID) -> Response:
        user = request_user(request)
        if not may_decide_erasure(user):
            raise Http404
        record = get_object_or_404(ErasureRequest, uuid=erasure, status=ErasureStatus.OPEN)
        data = PrivacyErasureDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        decided = services.erasure_decide(
            request=record,
            by=user,
            approve=data.validated_data["approve"],
            note=data.validated_data["note"],
        )
        return Response(PrivacyErasureRequestSerializer(decided).data)
