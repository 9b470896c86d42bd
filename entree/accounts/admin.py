"""The beheeromgeving: users, teams and institutions, for the functioneel beheerder.

Only what a beheerder manages is registered; student records are not, so the admin can
never become a back door to student content.
"""

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import wraps
from itertools import chain
from typing import Any, TypeVar, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import NestedObjects
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db import models, router
from django.db.models.fields.reverse_related import ForeignObjectRel
from django.http import Http404, HttpRequest, HttpResponseBase
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.admin import TokenAdmin as DRFTokenAdmin

from entree.accounts.hooks import user_change_warnings
from entree.accounts.models import ApiToken, Authenticator, Institution, LoginBlock, Team, User
from entree.accounts.roles import Role, administers

_View = TypeVar("_View", bound=Callable[..., HttpResponseBase])


class EntreeAdminSite(admin.AdminSite):
    site_header = _("Beheer — Entree volgsysteem")
    site_title = _("Beheer")
    index_title = _("Gebruikers, teams en instellingen")
    site_url = "/"

    def has_permission(self, request: HttpRequest) -> bool:
        return administers(request.user)

    def admin_view(self, view: _View, cacheable: bool = False) -> _View:
        """A logged-in user without the beheer role gets the 404 of the audit pages.

        Django's admin sends them to its login page, which is our login page, which sends
        a logged-in user back to ``next`` — the browser stops with "too many redirects".
        Visitors who are not logged in still go to the login page.
        """
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.user.is_authenticated and not self.has_permission(request):
                raise Http404
            return inner(request, *args, **kwargs)

        return cast(_View, guarded)


admin_site = EntreeAdminSite(name="admin")


class BeheerderOnly(admin.ModelAdmin):
    """Every registered model: full rights for the functioneel beheerder, none otherwise.

    Deleting is refused while records outside the beheer depend on the object (students
    of a team, the consents a user recorded, the access log): Django's confirmation page
    would list those records by name, and the beheerder never sees student content
    (DESIGN §2). The refusal gives counts per kind of record, never a name.
    """

    def has_module_permission(self, request: HttpRequest) -> bool:
        return administers(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any | None = None) -> bool:
        return administers(request.user)

    has_add_permission = has_module_permission

    def has_change_permission(self, request: HttpRequest, obj: Any | None = None) -> bool:
        return administers(request.user)

    has_delete_permission = has_change_permission

    def get_deleted_objects(
        self, objs: Sequence[models.Model] | models.QuerySet[Any], request: HttpRequest
    ) -> tuple[list[Any], dict[str, int], set[str], list[Any]]:
        dependents = _dependents_outside_beheer(list(objs), self.admin_site)
        if not dependents:
            return super().get_deleted_objects(objs, request)
        hint = (
            _(
                "Verwijderen kan niet: er hangen gegevens aan die bewaard blijven. Zet de "
                "gebruiker op inactief (vinkje 'actief' uit); dan kan die niet meer inloggen."
            )
            if hasattr(self.model, "is_active")
            else _(
                "Verwijderen kan niet: er hangen gegevens aan die bewaard blijven. Het blijft "
                "bestaan zolang er studenten of vastgelegde gegevens bij horen."
            )
        )
        self.message_user(request, hint, messages.WARNING)
        # A non-empty "protected" list makes Django show it and refuse the deletion, also
        # on the POST that would confirm it (single delete and the bulk action alike).
        protected = [f"{label}: {count}" for label, count in sorted(dependents.items())]
        return [], {}, set(), protected


def _dependents_outside_beheer(
    objs: list[models.Model], admin_site: admin.AdminSite
) -> dict[str, int]:
    """How many records of models the beheer does not manage depend on ``objs``, per
    model's plural name: rows that would be deleted, protected or changed (SET_NULL).

    1. The direct relations, counted in the database: a team's students or a user's
       consents are never loaded just to be counted.
    2. Only when there are none, Django's own collector follows cascades further, so a
       chain through a managed model (user → token → …) cannot reach student records
       unnoticed.
    """
    if not objs:
        return {}
    managed = {model._meta.concrete_model for model in admin_site._registry} | {LogEntry}

    def outside(model: type[models.Model]) -> bool:
        return model._meta.concrete_model not in managed and not model._meta.auto_created

    model = type(objs[0])
    counts: Counter[str] = Counter()
    for relation in model._meta.get_fields(include_hidden=True):
        if not isinstance(relation, ForeignObjectRel):
            continue
        holder = relation.related_model  # the model with the foreign key
        if not isinstance(holder, type) or not outside(holder):
            continue
        # DO_NOTHING: pghistory's event rows point at the object without a constraint;
        # they are the object's own history and stay.
        if relation.on_delete is models.DO_NOTHING:
            continue
        related = holder._base_manager.filter(**{f"{relation.field.name}__in": objs})
        if number := related.count():
            counts[str(holder._meta.verbose_name_plural)] += number
    if counts:
        return dict(counts)

    collector = NestedObjects(using=router.db_for_write(model))
    collector.collect(objs)
    reached = chain(
        chain.from_iterable(collector.model_objs.values()),
        collector.protected,
        # SET_NULL: {(field, value): [querysets or lists of the rows it would change]}
        (
            obj
            for batches in collector.field_updates.values()
            for batch in batches
            for obj in cast(Iterable[models.Model], batch)
        ),
    )
    for obj in reached:
        if outside(type(obj)):
            counts[str(obj._meta.verbose_name_plural)] += 1
    return dict(counts)


class RolesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        kwargs.pop("base_field", None)
        kwargs.pop("max_length", None)
        super().__init__(choices=Role.choices, required=False, **kwargs)


class _RolesMixin(forms.ModelForm):
    roles = RolesField(label=_("Rollen"))


class UserCreationForm(_RolesMixin, AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "first_name", "last_name", "roles", "teams", "is_system_account"]


class UserEditForm(_RolesMixin, UserChangeForm):
    class Meta:
        model = User
        fields = [
            "email",
            "password",
            "first_name",
            "last_name",
            "roles",
            "teams",
            "is_active",
            "is_staff",
            "is_system_account",
        ]


@admin.register(User, site=admin_site)
class UserAdmin(BeheerderOnly, DjangoUserAdmin):
    form = UserEditForm
    add_form = UserCreationForm
    # Django's own text here has no Dutch translation yet; ours also explains system accounts.
    add_form_template = "admin/accounts/user/add_form.html"
    ordering = ["last_name", "first_name"]
    list_display = ["email", "first_name", "last_name", "role_list", "is_active"]
    list_filter = ["is_active", "is_system_account", "teams"]
    search_fields = ["email", "first_name", "last_name"]
    filter_horizontal = ["teams"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Persoon"), {"fields": ["first_name", "last_name"]}),
        (_("Rollen en teams"), {"fields": ["roles", "teams"]}),
        (
            _("Toegang"),
            {"fields": ["is_active", "is_staff", "is_system_account", "last_login"]},
        ),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "email",
                    "first_name",
                    "last_name",
                    "roles",
                    "teams",
                    "is_system_account",
                    "usable_password",
                    "password1",
                    "password2",
                ],
            },
        )
    ]
    readonly_fields = ["last_login"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any | None = None) -> list[str]:
        # Nobody grants themselves student access: a beheerder's own roles, teams and
        # admin access are changed by another beheerder (four eyes).
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk == request.user.pk:
            fields += ["roles", "teams", "is_staff", "is_active", "is_system_account"]
        return fields

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)  # teams are saved here
        for warning in user_change_warnings(form.instance):
            self.message_user(request, warning, messages.WARNING)

    @admin.display(description=_("Rollen"))
    def role_list(self, user: User) -> str:
        return ", ".join(user.role_labels)


@admin.register(Team, site=admin_site)
class TeamAdmin(BeheerderOnly, admin.ModelAdmin):
    list_display = ["name", "location", "institution"]
    list_filter = ["institution"]
    search_fields = ["name", "location"]


@admin.register(Institution, site=admin_site)
class InstitutionAdmin(BeheerderOnly, admin.ModelAdmin):
    list_display = ["name", "brin"]
    search_fields = ["name", "brin"]


class TokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["user"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "user" in self.fields:  # only when creating: the owner of a token never changes
            user = cast(forms.ModelChoiceField, self.fields["user"])
            user.queryset = User.objects.filter(is_system_account=True, is_active=True).order_by(
                "last_name", "first_name"
            )
            user.help_text = _(
                "Alleen systeemaccounts krijgen een API-token. Een medewerker gebruikt de "
                "website, met tweestapsverificatie."
            )


@admin.register(ApiToken, site=admin_site)
class TokenAdmin(BeheerderOnly, DRFTokenAdmin):
    """API tokens for system accounts (e.g. the student information system)."""

    form = TokenForm
    list_display = ["user", "created"]
    search_fields = ["user__email", "user__last_name"]

    def get_fields(self, request: HttpRequest, obj: Any | None = None) -> list[str]:  # type: ignore[override]  # django-stubs widens to fieldsets
        # The key is shown after creation, to hand it to the system that uses it.
        return ["user"] if obj is None else ["user", "key", "created"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any | None = None) -> list[str]:
        return [] if obj is None else ["user", "key", "created"]


@admin.register(Authenticator, site=admin_site)
class AuthenticatorAdmin(BeheerderOnly, admin.ModelAdmin):
    """Authenticator apps (2FA). Deleting one resets 2FA for that user: at the next login
    they set up a new one (lost or new phone)."""

    list_display = ["user", "name", "confirmed", "created_at"]
    list_filter = ["confirmed"]
    search_fields = ["user__email", "user__last_name"]
    fields = readonly_fields = ("user", "name", "confirmed", "created_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any | None = None) -> bool:
        return False


@admin.register(LoginBlock, site=admin_site)
class LoginAttemptAdmin(BeheerderOnly, admin.ModelAdmin):
    """Blocked logins; deleting a row unblocks that account from that address."""

    list_display = ["username", "ip_address", "failures_since_start", "attempt_time"]
    search_fields = ["username"]
    readonly_fields = [f.name for f in LoginBlock._meta.fields]

    has_add_permission = lambda self, request: False  # noqa: E731 - attempts are never typed in

    def has_change_permission(self, request: HttpRequest, obj: Any | None = None) -> bool:
        return False
