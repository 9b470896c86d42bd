"""Retention settings, the anonymisation runs and marks, and requests for erasure."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from entree.accounts.models import Institution
from entree.core.models import BaseModel, BoundedTextField, PublicIdModel

#: Months a closed record is kept when the beheerder set nothing (issue 15).
DEFAULT_RETENTION_MONTHS = 24

#: Stored on the row, so in the institution's language (Dutch).
DEFAULT_LEGAL_BASIS = (
    "Persoonsgegevens worden niet langer bewaard dan nodig voor het doel waarvoor ze zijn "
    "verzameld (AVG art. 5 lid 1 onder e, opslagbeperking). Het doel van dit dossier is de "
    "begeleiding tijdens de Entree-opleiding en de twee jaar nazorg daarna "
    "(WEB art. 8.1.7a, nazorg voortijdig schoolverlaters). De examen- en diplomagegevens "
    "bewaart de instelling in haar examenadministratie en in het register van DUO volgens "
    "de WEB (art. 7.4.6 en 7.4.9); dit dossier houdt ze daarom na afloop van deze termijn "
    "alleen geanonimiseerd. Tot het einde van de termijn wordt het dossier niet gewist als "
    "de student een diploma behaalde: de instelling moet de diplomering dan kunnen "
    "verantwoorden."
)


class RetentionSettings(BaseModel):
    """How long one institution keeps a closed record before it is anonymised."""

    institution = models.OneToOneField(
        Institution,
        on_delete=models.CASCADE,
        related_name="retention_settings",
        verbose_name=_("instelling"),
    )
    months = models.PositiveSmallIntegerField(
        _("bewaartermijn in maanden"),
        default=DEFAULT_RETENTION_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text=_(
            "Hoe lang een dossier na het afsluiten van het traject (status 'afgesloten') "
            "bewaard blijft. Daarna wordt het 's nachts geanonimiseerd."
        ),
    )
    legal_basis = BoundedTextField(
        _("grondslag"),
        max_length=4000,
        default=DEFAULT_LEGAL_BASIS,
        help_text=_("De wettelijke grondslag van deze termijn, zoals de instelling die hanteert."),
    )

    class Meta:
        verbose_name = _("bewaartermijn")
        verbose_name_plural = _("bewaartermijnen")

    def __str__(self) -> str:
        return str(_("%(months)s maanden na afsluiten") % {"months": self.months})


class Trigger(models.TextChoices):
    BEAT = "beat", _("Nachtelijke taak")
    COMMAND = "command", _("Beheeropdracht")
    ERASURE = "erasure", _("Verzoek tot wissen")


class AnonymisationRun(models.Model):
    """One run of the retention job: counts only, never who."""

    trigger = models.CharField(_("aanleiding"), max_length=10, choices=Trigger.choices)
    dry_run = models.BooleanField(_("proefdraai"), default=False)
    today = models.DateField(_("peildatum"))
    started_at = models.DateTimeField(_("gestart"), auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(_("klaar"), null=True, blank=True)
    due = models.PositiveIntegerField(_("aan de beurt"), default=0)
    anonymised = models.PositiveIntegerField(_("geanonimiseerd"), default=0)
    rows = models.PositiveIntegerField(_("rijen bijgewerkt"), default=0)
    history_rows = models.PositiveIntegerField(_("rijen in de wijzigingshistorie"), default=0)
    deleted = models.PositiveIntegerField(_("rijen verwijderd"), default=0)

    class Meta:
        verbose_name = _("anonimiseerronde")
        verbose_name_plural = _("anonimiseerrondes")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.get_trigger_display()} {self.started_at:%Y-%m-%d %H:%M}"


class Reason(models.TextChoices):
    RETENTION = "retention", _("Bewaartermijn verstreken")
    ERASURE = "erasure", _("Verzoek tot wissen (AVG art. 17)")


class Anonymisation(models.Model):
    """The mark that a student was anonymised: the job skips marked students, so a run
    that is repeated or resumed after an interruption does each student once."""

    student = models.OneToOneField(
        "students.Student", on_delete=models.PROTECT, related_name="anonymisation"
    )
    run = models.ForeignKey(AnonymisationRun, on_delete=models.PROTECT, related_name="marks")
    reason = models.CharField(_("reden"), max_length=10, choices=Reason.choices)
    at = models.DateTimeField(_("geanonimiseerd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("anonimisering")
        verbose_name_plural = _("anonimiseringen")

    def __str__(self) -> str:
        return f"{self.get_reason_display()} {self.at:%Y-%m-%d}"


class ErasureStatus(models.TextChoices):
    OPEN = "open", _("Wacht op goedkeuring")
    APPROVED = "approved", _("Goedgekeurd, wordt uitgevoerd")
    REFUSED = "refused", _("Afgewezen")
    DONE = "done", _("Uitgevoerd")


class ErasureRequest(PublicIdModel):
    """A request to erase one student's record before the retention ends (AVG art. 17),
    approved by a second person with the beheerder role (four eyes)."""

    student = models.ForeignKey(
        "students.Student", on_delete=models.PROTECT, related_name="erasure_requests"
    )
    reason = BoundedTextField(_("reden van het verzoek"), max_length=2000)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ErasureStatus.choices, default=ErasureStatus.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    decision_note = BoundedTextField(_("toelichting bij het besluit"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("verzoek tot wissen")
        verbose_name_plural = _("verzoeken tot wissen")
        constraints = [
            models.UniqueConstraint(
                fields=["student"],
                condition=models.Q(status="open"),
                name="erasure_one_open_request",
            ),
            # Four eyes, also in the database.
            models.CheckConstraint(
                condition=models.Q(decided_by__isnull=True)
                | ~models.Q(decided_by=models.F("requested_by")),
                name="erasure_four_eyes",
            ),
        ]

    def __str__(self) -> str:
        return str(self.uuid)


class PrivacyPart(models.TextChoices):
    """The part of the record the privacy tab is logged as (the access log)."""

    PRIVACY = "privacy", _("Privacy en wissen")
