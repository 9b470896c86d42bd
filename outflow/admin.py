"""The follow-up schedule in the beheer: the functioneel beheerder sets the months after
outflow at which the institution contacts its leavers (for future outflows)."""

from typing import Any

from django import forms
from django.contrib import admin

from entree.accounts.admin import BeheerderOnly, admin_site
from outflow.models import FollowUpSchedule
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
