"""The follow-up in the beheer: the functioneel beheerder sets the months after outflow at
which the institution contacts its leavers (for future outflows), and sees the reminders
whose sending failed."""

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from entree.accounts.admin import BeheerderOnly, admin_site
from outflow.models import FollowUpSchedule, Reminder
from outflow.services import schedule_problems


class ScheduleForm(forms.ModelForm):
    class Meta:
        model = FollowUpSchedule
        fields = ["institution", "months"]

    def clean_months(self) -> Any:
        months = self.cleaned_data["months"]
        if problems := schedule_problems(list(months)):
            raise forms.ValidationError(problems)
        return months


@admin.register(FollowUpSchedule, site=admin_site)
class ScheduleAdmin(BeheerderOnly, admin.ModelAdmin):
    form = ScheduleForm
    list_display = ["institution", "__str__", "updated_at"]


@admin.register(Reminder, site=admin_site)
class ReminderAdmin(BeheerderOnly, admin.ModelAdmin):
    """The beheerder's view of the reminders: above all the ones whose sending failed
    (or got stuck), so none is lost. Read-only, and without the student: the texts name
    no one."""

    list_display = ["due_on", "user", "kind", "status", "attempts", "last_error", "sent_at"]
    list_filter = ["status", "kind"]
    readonly_fields = (
        "key",
        "user",
        "kind",
        "due_on",
        "text",
        "status",
        "attempts",
        "last_error",
        "sent_at",
    )
    fields = readonly_fields
    search_fields = ["user__email"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any | None = None) -> bool:
        return False
