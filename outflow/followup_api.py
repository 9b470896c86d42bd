"""Follow-up endpoints under a student: ``/api/v1/students/<uuid>/outflow/contacts/``.
Reads through ``outflow.selectors``, writes through ``outflow.services.contact_record`` —
exactly as the page."""

from uuid import UUID

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from entree.core.api import request_user
from outflow import selectors, services
from outflow.api import opened_student
from outflow.models import ContactChannel, FollowUpContact, Position


class FollowUpContactSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    month = serializers.IntegerField(read_only=True)
    due_on = serializers.DateField(read_only=True)
    done_on = serializers.DateField(allow_null=True)
    reached = serializers.BooleanField(allow_null=True)
    channel = serializers.ChoiceField(choices=ContactChannel.choices, allow_blank=True)
    position = serializers.ChoiceField(choices=Position.choices, allow_blank=True, default="")
    same_place = serializers.BooleanField(allow_null=True, default=None)
    hours_per_week = serializers.IntegerField(allow_null=True, default=None, min_value=0)
    needs_support = serializers.BooleanField(default=False)
    note = serializers.CharField(max_length=1000, allow_blank=True, default="")


class ContactsView(APIView):
    @extend_schema(
        summary="Contactmomenten van de nazorg", responses=FollowUpContactSerializer(many=True)
    )
    def get(self, request: Request, uuid: UUID) -> Response:
        contacts = selectors.contacts_of(selectors.outflow_required(opened_student(request, uuid)))
        return Response(FollowUpContactSerializer(contacts, many=True).data)


class ContactView(APIView):
    @extend_schema(
        summary="Een contactmoment van de nazorg vastleggen",
        request=FollowUpContactSerializer,
        responses=FollowUpContactSerializer,
    )
    def put(self, request: Request, uuid: UUID, contact: UUID) -> Response:
        moment: FollowUpContact = selectors.contact_of(
            selectors.outflow_required(opened_student(request, uuid)), contact
        )
        data = FollowUpContactSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        saved = services.contact_record(
            contact=moment,
            by=request_user(request),
            data=services.ContactData(
                done_on=values["done_on"],
                reached=values["reached"],
                channel=values["channel"],
                position=values["position"],
                same_place=values["same_place"],
                hours_per_week=values["hours_per_week"],
                needs_support=values["needs_support"],
                note=values["note"],
            ),
        )
        return Response(FollowUpContactSerializer(saved).data)
