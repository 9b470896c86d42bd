"""A student's placements: ``/api/v1/students/<uuid>/placements/``, and the bpv-begeleider's
list ``/api/v1/placements/to-visit/``. One small view per use case (as ``plans.api``);
the student is opened with ``students.selectors.student_access`` (404 for missing or
hidden, a line in the access log), writes go through ``placements.services``, which
refuse with the same Dutch reason as the pages (403) or per field (400)."""

from datetime import date
from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from entree.audit.models import Channel
from entree.core.api import request_user
from placements import selectors, services
from placements.models import Placement, PlacementPart
from students.models import Student
from students.selectors import student_access

from .serializers import (
    AgreementSerializer,
    FinishSerializer,
    OutcomeSerializer,
    PlacementInputSerializer,
    PlacementSerializer,
    StopSerializer,
    ToVisitSerializer,
    VisitInputSerializer,
    VisitSerializer,
)


def _open(request: Request, uuid: UUID) -> Student:
    return student_access(
        request_user(request), uuid, part=PlacementPart.BPV, channel=Channel.API, path=request.path
    ).student


def _placement(request: Request, uuid: UUID, placement: UUID) -> Placement:
    return selectors.placement_of(_open(request, uuid), placement)


def _out(student: Student, placements: list[Placement]) -> list[dict[str, Any]]:
    """The placements as the API shows them, with the date the next visit is due."""
    pks = [placement.pk for placement in placements]
    due: dict[int, date | None] = dict(
        selectors.visits_due(Placement.objects.filter(student=student, pk__in=pks)).values_list(
            "pk",
            "visit_due_on",  # type: ignore[misc]  # the selector's annotation
        )
    )
    return list(
        PlacementSerializer(
            placements, many=True, context={"visits_due": due, "student": student}
        ).data
    )


def _one(placement: Placement) -> Response:
    """One placement after a write, read again with everything in it."""
    fresh = selectors.placement_of(placement.student, placement.uuid)
    return Response(_out(placement.student, [fresh])[0])


class PlacementsView(APIView):
    @extend_schema(
        summary="Alle bpv-plekken van de student (wordt vastgelegd in het inzagelog)",
        responses=PlacementSerializer(many=True),
    )
    def get(self, request: Request, uuid: UUID) -> Response:
        student = _open(request, uuid)
        return Response(_out(student, selectors.placements_of(student)))

    @extend_schema(
        summary="Bpv-plek aanmaken (status zoekend)",
        request=PlacementInputSerializer,
        responses={201: PlacementSerializer},
    )
    def post(self, request: Request, uuid: UUID) -> Response:
        student = _open(request, uuid)
        user = request_user(request)
        data = PlacementInputSerializer(
            data=request.data, context={"student": student, "user": user}
        )
        data.is_valid(raise_exception=True)
        placement = services.placement_save(student=student, by=user, data=data.to_data())
        response = _one(placement)
        response.status_code = status.HTTP_201_CREATED
        return response


class PlacementView(APIView):
    @extend_schema(summary="Eén bpv-plek", responses=PlacementSerializer)
    def get(self, request: Request, uuid: UUID, placement: UUID) -> Response:
        found = _placement(request, uuid, placement)
        return Response(_out(found.student, [found])[0])

    @extend_schema(
        summary="Gegevens van de bpv-plek wijzigen (met leerdoelen en certificaten)",
        request=PlacementInputSerializer,
        responses=PlacementSerializer,
    )
    def put(self, request: Request, uuid: UUID, placement: UUID) -> Response:
        student = _open(request, uuid)
        found = selectors.placement_of(student, placement)
        user = request_user(request)
        data = PlacementInputSerializer(
            data=request.data, context={"student": student, "user": user}
        )
        data.is_valid(raise_exception=True)
        services.placement_save(student=student, by=user, data=data.to_data(), placement=found)
        return _one(found)


class AgreementView(APIView):
    @extend_schema(
        summary="Praktijkovereenkomst: wie tekende wanneer",
        request=AgreementSerializer,
        responses=PlacementSerializer,
    )
    def put(self, request: Request, uuid: UUID, placement: UUID) -> Response:
        found = _placement(request, uuid, placement)
        data = AgreementSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.agreement_record(
            by=request_user(request),
            placement=found,
            data=services.AgreementData(**data.validated_data),
        )
        return _one(found)


class StartView(APIView):
    @extend_schema(
        summary="Bpv-plek starten (alleen met getekende overeenkomst)",
        request=None,
        responses=PlacementSerializer,
    )
    def post(self, request: Request, uuid: UUID, placement: UUID) -> Response:
        found = _placement(request, uuid, placement)
        services.placement_start(by=request_user(request), placement=found)
        return _one(found)


class FinishView(APIView):
    @extend_schema(
        summary="Bpv-plek afronden", request=FinishSerializer, responses=PlacementSerializer
    )
    def post(self, request: Request, uuid: UUID, placement: UUID) -> Response:
        found = _placement(request, uuid, placement)
        data = FinishSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.placement_finish(
            by=request_user(request), placement=found, on=data.validated_data["ended_on"]
        )
        return _one(found)


class StopView(APIView):
    @extend_schema(
        summary="Bpv-plek afbreken, met de reden",
        request=StopSerializer,
        responses=PlacementSerializer,
    )
    def post(self, request: Request, uuid: UUID, placement: UUID) -> Response:
        found = _placement(request, uuid, placement)
        data = StopSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        services.placement_stop(
            by=request_user(request),
            placement=found,
            on=values["ended_on"],
            reason=values["stop_reason"],
            note=values["stop_note"],
        )
        return _one(found)


class OutcomeView(APIView):
    @extend_schema(
        summary="Resultaat: werd het een (betaalde) baan?",
        request=OutcomeSerializer,
        responses=PlacementSerializer,
    )
    def put(self, request: Request, uuid: UUID, placement: UUID) -> Response:
        found = _placement(request, uuid, placement)
        data = OutcomeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.outcome_record(
            by=request_user(request),
            placement=found,
            outcome=data.validated_data["outcome"],
            on=data.validated_data["outcome_on"],
        )
        return _one(found)


class VisitsView(APIView):
    @extend_schema(summary="Bezoeken bij deze bpv-plek", responses=VisitSerializer(many=True))
    def get(self, request: Request, uuid: UUID, placement: UUID) -> Response:
        found = _placement(request, uuid, placement)
        return Response(VisitSerializer(found.visits.all(), many=True).data)

    @extend_schema(
        summary="Bezoek vastleggen",
        request=VisitInputSerializer,
        responses={201: VisitSerializer},
    )
    def post(self, request: Request, uuid: UUID, placement: UUID) -> Response:
        found = _placement(request, uuid, placement)
        data = VisitInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        visit = services.visit_save(by=request_user(request), placement=found, data=data.to_data())
        return Response(VisitSerializer(visit).data, status=status.HTTP_201_CREATED)


class VisitView(APIView):
    @extend_schema(
        summary="Bezoek corrigeren", request=VisitInputSerializer, responses=VisitSerializer
    )
    def put(self, request: Request, uuid: UUID, placement: UUID, visit: UUID) -> Response:
        found = _placement(request, uuid, placement)
        record = next((v for v in found.visits.all() if v.uuid == visit), None)
        if record is None:
            raise Http404
        data = VisitInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        saved = services.visit_save(
            by=request_user(request), placement=found, data=data.to_data(), visit=record
        )
        return Response(VisitSerializer(saved).data)


class ToVisitView(generics.ListAPIView):
    """The running placements the caller supervises as bpv-begeleider, most urgent first."""

    serializer_class = ToVisitSerializer
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[Placement]:
        if getattr(self, "swagger_fake_view", False):
            return Placement.objects.none()
        return selectors.to_visit(request_user(self.request))

    @extend_schema(summary="Mijn bpv-plekken om te bezoeken, het dringendst eerst")
    def get(self, request: Request) -> Response:
        return super().get(request)
