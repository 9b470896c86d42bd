"""Student endpoints. Visibility comes from ``students.selectors``, writes go through
``students.services`` — exactly as on the pages."""

from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.serializer_helpers import ReturnDict

from entree.accounts.models import Team, User
from entree.audit.models import Channel
from entree.core.api import request_user
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
    RecordPart,
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
