"""Company endpoints: ``/api/v1/companies/``. The institution's companies are the network
every team builds on: mentors and coordinators read and change them
(``selectors.works_with_companies``); for others the list is empty and a company is not
found, as the students API does for roles without students."""

from uuid import UUID

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from entree.core.api import request_user
from placements import selectors, services
from placements.models import Company, Placement, Sector

from .serializers import (
    CompanyContactInputSerializer,
    CompanyContactSerializer,
    CompanyFilterSerializer,
    CompanyInputSerializer,
    CompanyListSerializer,
    CompanyPlacementSerializer,
    CompanySerializer,
)


class CompaniesView(generics.ListAPIView):
    """The institution's companies, paged (GET), and a new company (POST)."""

    serializer_class = CompanyListSerializer
    filter_backends: list = []  # the query parameters below, checked by a serializer

    def get_queryset(self) -> QuerySet[Company]:
        if getattr(self, "swagger_fake_view", False):
            return Company.objects.none()
        query = CompanyFilterSerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        values = query.validated_data
        companies = selectors.company_list(
            request_user(self.request), search=values["q"], sector=values["sector"]
        )
        return companies.filter(kvk_number=values["kvk"]) if values["kvk"] else companies

    @extend_schema(
        summary="Leerbedrijven van de instelling",
        parameters=[
            OpenApiParameter("q", str, description="Zoek op naam, plaats of KvK-nummer."),
            OpenApiParameter("sector", str, enum=Sector.values),
            OpenApiParameter("kvk", str, description="Precies dit KvK-nummer (acht cijfers)."),
        ],
    )
    def get(self, request: Request) -> Response:
        return super().get(request)

    @extend_schema(
        summary="Leerbedrijf toevoegen",
        request=CompanyInputSerializer,
        responses={201: CompanySerializer},
    )
    def post(self, request: Request) -> Response:
        data = CompanyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        company = services.company_create(by=request_user(request), data=data.to_data())
        return Response(CompanySerializer(company).data, status=status.HTTP_201_CREATED)


class CompanyView(APIView):
    @extend_schema(
        summary="Eén leerbedrijf, met hoeveel plekken een baan werden",
        responses=CompanySerializer,
    )
    def get(self, request: Request, company: UUID) -> Response:
        found = selectors.company_of(request_user(request), company)
        return Response(CompanySerializer(found).data)

    @extend_schema(
        summary="Leerbedrijf wijzigen (het hele bedrijf)",
        request=CompanyInputSerializer,
        responses=CompanySerializer,
    )
    def put(self, request: Request, company: UUID) -> Response:
        user = request_user(request)
        found = selectors.company_of(user, company)
        data = CompanyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        saved = services.company_update(by=user, company=found, data=data.to_data())
        return Response(CompanySerializer(saved).data)


class ContactsView(APIView):
    @extend_schema(
        summary="Praktijkopleiders van het bedrijf", responses=CompanyContactSerializer(many=True)
    )
    def get(self, request: Request, company: UUID) -> Response:
        found = selectors.company_of(request_user(request), company)
        return Response(
            CompanyContactSerializer(selectors.contacts_of_company(found), many=True).data
        )

    @extend_schema(
        summary="Praktijkopleider toevoegen",
        request=CompanyContactInputSerializer,
        responses={201: CompanyContactSerializer},
    )
    def post(self, request: Request, company: UUID) -> Response:
        user = request_user(request)
        found = selectors.company_of(user, company)
        data = CompanyContactInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        contact = services.contact_save(by=user, company=found, data=data.to_data())
        return Response(CompanyContactSerializer(contact).data, status=status.HTTP_201_CREATED)


class ContactView(APIView):
    @extend_schema(
        summary="Praktijkopleider wijzigen",
        request=CompanyContactInputSerializer,
        responses=CompanyContactSerializer,
    )
    def put(self, request: Request, company: UUID, contact: UUID) -> Response:
        user = request_user(request)
        found = selectors.company_of(user, company)
        record = selectors.contact_of(found, contact)
        data = CompanyContactInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        saved = services.contact_save(by=user, company=found, data=data.to_data(), contact=record)
        return Response(CompanyContactSerializer(saved).data)


class CompanyPlacementsView(generics.ListAPIView):
    """The company's placement history, paged; a student is named only to users who may
    see them (``shown``), for everyone else ``student`` and ``student_name`` are null."""

    serializer_class = CompanyPlacementSerializer
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[Placement]:
        if getattr(self, "swagger_fake_view", False):
            return Placement.objects.none()
        user = request_user(self.request)
        return selectors.company_history(user, selectors.company_of(user, self.kwargs["company"]))

    @extend_schema(summary="Bpv-plekken bij dit bedrijf (de geschiedenis)")
    def get(self, request: Request, company: UUID) -> Response:
        return super().get(request, company)
