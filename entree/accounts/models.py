"""Institutions, their teams, and the staff who log in."""

from typing import Any

from axes.models import AccessAttempt
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import TokenProxy

from entree.accounts.roles import Role
from entree.core.history import track_personal_data
from entree.core.models import BaseModel, PublicIdModel


class Institution(BaseModel):
    """An mbo school (instelling). Student numbers are unique within one institution."""

    name = models.CharField(_("naam"), max_length=200, unique=True)
    brin = models.CharField(
        _("BRIN-code"), max_length=4, blank=True, help_text=_("Vier tekens, bijvoorbeeld 25LH.")
    )

    class Meta:
        verbose_name = _("instelling")
        verbose_name_plural = _("instellingen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(BaseModel):
    """An entree team at one location of an institution."""

    institution = models.ForeignKey(
        Institution, verbose_name=_("instelling"), on_delete=models.PROTECT, related_name="teams"
    )
    name = models.CharField(_("naam"), max_length=200)
    location = models.CharField(_("locatie"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["institution__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "name"], name="team_name_unique_per_institution"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.location})" if self.location else self.name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **fields: Any) -> "User":
        if not email:
            raise ValueError("Een e-mailadres is verplicht.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> "User":
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> "User":
        fields.update(is_staff=True, is_superuser=True)
        fields.setdefault("roles", [Role.FUNCTIONAL_ADMIN])
        return self._create(email, password, **fields)


@track_personal_data(exclude=["password", "last_login"])
class User(AbstractBaseUser, PermissionsMixin, PublicIdModel):
    """A member of staff. Logs in with an e-mail address; has one or more roles."""

    email = models.EmailField(_("e-mailadres"), unique=True)
    first_name = models.CharField(_("voornaam"), max_length=100)
    last_name = models.CharField(_("achternaam"), max_length=150)
    roles = ArrayField(
        models.CharField(max_length=32, choices=Role.choices),
        verbose_name=_("rollen"),
        default=list,
        blank=True,
    )
    teams = models.ManyToManyField(
        Team, verbose_name=_("teams"), related_name="members", blank=True
    )
    is_active = models.BooleanField(_("actief"), default=True)
    is_staff = models.BooleanField(
        _("toegang tot beheer"),
        default=False,
        help_text=_("Mag inloggen op de beheeromgeving (gebruikers en teams)."),
    )
    is_system_account = models.BooleanField(
        _("systeemaccount"),
        default=False,
        help_text=_(
            "Een koppeling met een ander systeem, geen persoon. Logt nooit in op de website, "
            "werkt alleen met een API-token en kan geen regiehouder of beheerder zijn."
        ),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(email=models.functions.Lower("email")),
                name="user_email_lowercase",
            ),
            # A system account works through the API only: it never administers.
            models.CheckConstraint(
                condition=~models.Q(is_system_account=True)
                | (
                    models.Q(is_staff=False, is_superuser=False)
                    & ~models.Q(roles__contains=[Role.FUNCTIONAL_ADMIN])
                ),
                name="user_system_account_not_admin",
                violation_error_message=_(
                    "Een systeemaccount kan geen functioneel beheerder zijn en heeft geen "
                    "toegang tot beheer."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name

    @property
    def role_labels(self) -> list[str]:
        return [str(Role(code).label) for code in self.roles if code in Role.values]


# --- Login security, as the beheerder sees it ----------------------------------------------
# Proxies of the third-party models, so that /beheer/ shows them with Dutch names under
# "Accounts en teams" instead of "AXES / Access attempts" and "OTP_TOTP / TOTP devices".


class LoginBlock(AccessAttempt):
    class Meta:
        proxy = True
        verbose_name = _("inlogblokkade")
        verbose_name_plural = _("inlogblokkades")


class Authenticator(TOTPDevice):
    class Meta:
        proxy = True
        verbose_name = _("authenticator-app")
        verbose_name_plural = _("authenticator-apps (tweestapsverificatie)")


class ApiToken(TokenProxy):
    class Meta:
        proxy = True
        verbose_name = _("API-token")
        verbose_name_plural = _("API-tokens (systeemaccounts)")
