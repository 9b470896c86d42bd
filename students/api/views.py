"""The student endpoints (one viewset). Visibility comes from ``students.selectors``,
writes go through ``students.services`` — exactly as on the pages."""

from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.serializer_helpers import ReturnDict

from entree.audit.models import Channel
from entree.core.api import request_user
from students import selectors, services
from students.models import (
    RecordPart,
    Student,
)

from .serializers import (
    ActivateInputSerializer,
    ConsentSerializer,
    ContactSerializer,
    DecisionInputSerializer,
    IntakeInputSerializer,
    IntakeSerializer,
    StudentListSerializer,
    StudentSerializer,
    StudentUpdateSerializer,
    StudentWriteSerializer,
    StudyAdviceSerializer,
    TransferInputSerializer,
    TransferSerializer,
)

#: The actions on one student answer a plain object or array: no pages, no list filters
#: (which the schema would otherwise document for them).
_NESTED_LIST: dict = {"pagination_class": None, "filter_backends": []}


@extend_schema_view(
    list=extend_schema(summary="Studenten die u mag zien, met signalen"),
    retrieve=extend_schema(summary="Eén student (wordt vastgelegd in het inzagelog)"),
    create=extend_schema(summary="Nieuwe kandidaat aanmelden", request=StudentWriteSerializer),
    partial_update=extend_schema(summary="Gegevens wijzigen", request=StudentUpdateSerializer),
    update=extend_schema(summary="Gegevens wijzigen", request=StudentUpdateSerializer),
)
class StudentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = StudentSerializer
    queryset = Student.objects.none()  # for the schema; get_queryset scopes to the user
    lookup_field = "uuid"
    lookup_value_regex = "[0-9a-f-]{36}"
    filterset_class = selectors.StudentFilter
    ordering_fields = ["last_name", "student_number", "start_date", "study_advice_due_on"]
    http_method_names = ["get", "post", "patch", "put", "head", "options"]

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        return StudentListSerializer if self.action == "list" else StudentSerializer

    def get_queryset(self) -> QuerySet[Student]:
        if getattr(self, "swagger_fake_view", False):
            return Student.objects.none()
        return selectors.caseload_for_user(request_user(self.request))

    def _student(self, part: str) -> Student:
        return selectors.student_access(
            request_user(self.request),
            self.kwargs["uuid"],
            part=part,
            channel=Channel.API,
            path=self.request.path,
        ).student

    def get_object(self) -> Student:
        return self._student(RecordPart.DOSSIER)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = request_user(request)
        if not selectors.can_register_students(user):
            raise PermissionDenied(selectors.REGISTER_REFUSED)
        data = StudentWriteSerializer(data=request.data)
        # Team names are unique per institution only: look them up among the user's teams.
        cast(serializers.SlugRelatedField, data.fields["team"]).queryset = user.teams.all()
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        team = fields.pop("team")
        student = services.student_register(
            by=user, team=team, student_number=fields.pop("student_number"), **fields
        )
        return Response(self._out(student), status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        student = self._student(RecordPart.GEGEVENS)
        data = StudentUpdateSerializer(student, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = {
            k: v for k, v in data.validated_data.items() if k in services.STUDENT_DETAIL_FIELDS
        }
        services.student_update(student=student, by=request_user(request), **fields)
        return Response(self._out(student))

    def _out(self, student: Student) -> ReturnDict:
        """The student after a write, with the signals as they are now (one query)."""
        return StudentSerializer(selectors.student_after_write(student)).data

    @extend_schema(request=IntakeInputSerializer, responses=IntakeSerializer)
    @action(detail=True, methods=["get", "put"], **_NESTED_LIST)
    def intake(self, request: Request, uuid: str | None = None) -> Response:
        student = self._student(RecordPart.INTAKE)
        if request.method == "PUT":
            data = IntakeInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            fields = dict(data.validated_data)
            contacts = {c.uuid: c for c in selectors.contacts_of(student)}
            domains = []
            for item in fields.pop("domains", []):
                partner = item.get("partner")
                if partner is not None and partner not in contacts:
                    raise serializers.ValidationError(
                        {"domains": [_("Onbekende partner: %(id)s") % {"id": partner}]}
                    )
                domains.append({**item, "partner": contacts.get(partner)})
            services.intake_save(
                student=student, by=request_user(request), domains=domains, **fields
            )
        intake = selectors.intake_of(student)
        if intake is None:
            return Response({"detail": _("Nog geen intake."), "errors": {}}, status=404)
        return Response(IntakeSerializer(intake).data)

    @extend_schema(request=DecisionInputSerializer, responses=IntakeSerializer)
    @action(detail=True, methods=["post"], url_path="placement-decision", **_NESTED_LIST)
    def placement_decision(self, request: Request, uuid: str | None = None) -> Response:
        student = self._student(RecordPart.INTAKE)
        data = DecisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        intake = services.intake_decide(
            student=student, by=request_user(request), **data.validated_data
        )
        return Response(IntakeSerializer(intake).data)

    @extend_schema(request=ActivateInputSerializer, responses=StudentSerializer)
    @action(detail=True, methods=["post"], **_NESTED_LIST)
    def activate(self, request: Request, uuid: str | None = None) -> Response:
        student = self._student(RecordPart.GEGEVENS)
        data = ActivateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.student_activate(student=student, by=request_user(request), **data.validated_data)
        return Response(self._out(student))

    @extend_schema(methods=["GET"], responses=ContactSerializer(many=True))
    @extend_schema(methods=["POST"], request=ContactSerializer, responses={201: ContactSerializer})
    @action(detail=True, methods=["get", "post"], **_NESTED_LIST)
    def contacts(self, request: Request, uuid: str | None = None) -> Response:
        student = self._student(RecordPart.NETWERK)
        if request.method == "POST":
            data = ContactSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            contact = services.network_contact_save(
                student=student, by=request_user(request), **data.validated_data
            )
            return Response(ContactSerializer(contact).data, status=status.HTTP_201_CREATED)
        return Response(ContactSerializer(selectors.contacts_of(student), many=True).data)

    @extend_schema(methods=["GET"], responses=ConsentSerializer(many=True))
    @extend_schema(methods=["POST"], request=ConsentSerializer, responses={201: ConsentSerializer})
    @action(detail=True, methods=["get", "post"], **_NESTED_LIST)
    def consents(self, request: Request, uuid: str | None = None) -> Response:
        student = self._student(RecordPart.TOESTEMMING)
        if request.method == "POST":
            data = ConsentSerializer(data=request.data)
            contact_field = cast(serializers.SlugRelatedField, data.fields["contact"])
            contact_field.queryset = selectors.contacts_of(student)
            data.is_valid(raise_exception=True)
            consent = services.consent_record(
                student=student, by=request_user(request), **data.validated_data
            )
            return Response(ConsentSerializer(consent).data, status=status.HTTP_201_CREATED)
        return Response(ConsentSerializer(selectors.consents_of(student), many=True).data)

    @extend_schema(methods=["GET"], responses=StudyAdviceSerializer(many=True))
    @extend_schema(
        methods=["POST"], request=StudyAdviceSerializer, responses={201: StudyAdviceSerializer}
    )
    @action(detail=True, methods=["get", "post"], url_path="study-advices", **_NESTED_LIST)
    def study_advices(self, request: Request, uuid: str | None = None) -> Response:
        student = self._student(RecordPart.STUDIEADVIES)
        if request.method == "POST":
            data = StudyAdviceSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            advice = services.study_advice_record(
                student=student, by=request_user(request), **data.validated_data
            )
            return Response(StudyAdviceSerializer(advice).data, status=status.HTTP_201_CREATED)
        return Response(StudyAdviceSerializer(selectors.study_advices_of(student), many=True).data)

    @extend_schema(request=TransferInputSerializer, responses={201: TransferSerializer})
    @action(detail=True, methods=["post"], **_NESTED_LIST)
    def transfer(self, request: Request, uuid: str | None = None) -> Response:
        student = self._student(RecordPart.REGIE)
        data = TransferInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        to_user = (
            selectors.regie_candidates(student)
            .filter(email=data.validated_data["to_user"].lower())
            .first()
        )
        if to_user is None:
            # One answer for unknown addresses and ineligible colleagues: the API does not
            # reveal which staff e-mail addresses exist.
            raise serializers.ValidationError(
                {"to_user": [_("Deze persoon kan geen regiehouder van deze student zijn.")]}
            )
        transfer = services.regie_transfer(
            student=student,
            by=request_user(request),
            to_user=to_user,
            reason=data.validated_data["reason"],
        )
        return Response(TransferSerializer(transfer).data, status=status.HTTP_201_CREATED)
