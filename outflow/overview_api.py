"""The coordinator's lists through the API, with the pages' rules (``outflow.selectors``):
``/api/v1/follow-up/contacts/``, ``/api/v1/follow-up/tasks/`` (and marking one done) and
``/api/v1/notifications/``. For roles without students the lists are empty and a task is
not found, as the students API does."""

from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from entree.core.api import request_user
from outflow import selectors, services
from outflow.models import FollowUpContact, FollowUpTask, Reminder, ReminderKind
from outflow.selectors import ContactState


class FollowUpListSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid")
    student = serializers.UUIDField(source="outflow.student.uuid")
    student_name = serializers.CharField(source="outflow.student.full_name")
    month = serializers.IntegerField()
    due_on = serializers.DateField()
    done_on = serializers.DateField(allow_null=True)
    reached = serializers.BooleanField(allow_null=True)
    channel = serializers.CharField()


class ContactStateSerializer(serializers.Serializer):
    state = serializers.ChoiceField(
        choices=ContactState.choices,
        default=ContactState.COMING,
        error_messages={
            "invalid_choice": _(
                "Kies een stand: binnenkort, te_laat, gedaan, niet_bereikt of zelf."
            )
        },
    )


class FollowUpTaskSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid")
    student = serializers.UUIDField(source="student.uuid")
    student_name = serializers.CharField(source="student.full_name")
    description = serializers.CharField()
    assigned_to = serializers.CharField(source="assigned_to.get_full_name")
    is_mine = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    done_on = serializers.DateField(allow_null=True)


class NotificationSerializer(serializers.Serializer):
    due_on = serializers.DateField()
    kind = serializers.ChoiceField(choices=ReminderKind.choices)
    text = serializers.CharField()
    path = serializers.CharField()
    read = serializers.SerializerMethodField()

    def get_read(self, reminder: Reminder) -> bool:
        return reminder.read_at is not None


class NotificationsReadSerializer(serializers.Serializer):
    marked = serializers.IntegerField()


class ContactListView(generics.ListAPIView):
    """The follow-up contacts of the leavers the user may see, in one state."""

    serializer_class = FollowUpListSerializer
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[FollowUpContact]:
        if getattr(self, "swagger_fake_view", False):
            return FollowUpContact.objects.none()
        query = ContactStateSerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return selectors.contacts_in_state(
            request_user(self.request), query.validated_data["state"], timezone.localdate()
        )

    @extend_schema(
        summary="Contactmomenten van de nazorg in één stand",
        parameters=[OpenApiParameter("state", str, enum=ContactState.values)],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class TaskListView(generics.ListAPIView):
    """Open requests for help of the leavers the user may see, their own first."""

    serializer_class = FollowUpTaskSerializer
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[FollowUpTask]:
        if getattr(self, "swagger_fake_view", False):
            return FollowUpTask.objects.none()
        return selectors.open_tasks_for(request_user(self.request))

    @extend_schema(summary="Open taken: oud-studenten die hulp willen")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class TaskDoneView(APIView):
    @extend_schema(summary="Een taak afhandelen", request=None, responses=FollowUpTaskSerializer)
    def post(self, request: Request, task: UUID) -> Response:
        user = request_user(request)
        record = selectors.task_for(user, task)
        done = services.task_done(task=record, by=user)
        done.is_mine = done.assigned_to_id == user.pk  # type: ignore[attr-defined]
        return Response(FollowUpTaskSerializer(done).data)


class NotificationListView(generics.ListAPIView):
    """The user's notifications, unread first, newest first."""

    serializer_class = NotificationSerializer
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[Reminder]:
        if getattr(self, "swagger_fake_view", False):
            return Reminder.objects.none()
        return Reminder.objects.filter(user=request_user(self.request)).order_by(
            "read_at", "-due_on", "-id"
        )

    @extend_schema(summary="Uw meldingen")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class NotificationsReadView(APIView):
    @extend_schema(
        summary="Alle meldingen als gelezen markeren",
        request=None,
        responses=NotificationsReadSerializer,
    )
    def post(self, request: Request) -> Response:
        marked = Reminder.objects.filter(user=request_user(request), read_at__isnull=True).update(
            read_at=timezone.now()
        )
        return Response({"marked": marked})
