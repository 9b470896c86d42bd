"""How and when a student left: the outflow, its destination and its corrections."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entree.core.dates import validate_past_date
from entree.core.history import track_personal_data
from entree.core.models import (
    MOTIVATION_LENGTH,
    BoundedTextField,
    PublicIdModel,
    append_only,
)
from plans.models import PlanVersion
from students.models import Student


class Destination(models.TextChoices):
    """Where the student goes (DESIGN §4, the codes of the annual report)."""

    MBO_NIVEAU2_PLUS = "mbo_niveau2_plus", _("Mbo niveau 2 of hoger")
    WERK = "werk", _("Werk")
    WERK_BBL = "werk_bbl", _("Werk met bbl (werkend leren)")
    BESCHUT = "beschut_werk_of_sociale_onderneming", _("Beschut werk of sociale onderneming")
    DAGBESTEDING = "dagbesteding", _("Dagbesteding")
    UITKERING = "uitkering", _("Uitkering")
    ANDER_ONDERWIJS = "ander_onderwijs", _("Ander onderwijs")
    GEEN = "geen", _("Niets (thuis, zonder werk of opleiding)")
    ONBEKEND = "onbekend", _("Onbekend")


#: Destinations that continue in mbo: leaving without a diploma towards one of these is no
#: drop-out ("uitval" = left without entree diploma and not continuing in mbo, DESIGN §4).
CONTINUES_IN_MBO = frozenset({Destination.MBO_NIVEAU2_PLUS, Destination.WERK_BBL})


@track_personal_data()
class Outflow(PublicIdModel):
    """How and when a student left the programme. One per student."""

    student = models.OneToOneField(
        Student, verbose_name=_("student"), on_delete=models.PROTECT, related_name="outflow"
    )
    left_on = models.DateField(_("datum uitstroom"), validators=[validate_past_date])
    diploma = models.BooleanField(_("entreediploma behaald"))
    with_certificate = models.BooleanField(_("certificaat"), default=False)
    with_mbo_verklaring = models.BooleanField(_("mbo-verklaring"), default=False)
    with_praktijkverklaring = models.BooleanField(_("praktijkverklaring"), default=False)
    destination = models.CharField(_("bestemming"), max_length=40, choices=Destination.choices)
    destination_note = models.CharField(_("toelichting bestemming"), max_length=300, blank=True)
    exit_interview_on = models.DateField(
        _("eindgesprek gehouden op"), null=True, blank=True, validators=[validate_past_date]
    )
    exit_interview_notes = BoundedTextField(
        _("verslag eindgesprek"), max_length=MOTIVATION_LENGTH, blank=True
    )
    #: The plan as brought up to date at outflow (guideline: "pas het plan aan").
    plan_version = models.ForeignKey(
        PlanVersion,
        verbose_name=_("planversie bij uitstroom"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geregistreerd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    registered_at = models.DateTimeField(
        _("geregistreerd op"), default=timezone.now, editable=False
    )

    class Meta:
        verbose_name = _("uitstroom")
        verbose_name_plural = _("uitstroom")
        ordering = ["-left_on", "-id"]
        indexes = [models.Index(fields=["left_on"], name="outflow_left_on")]

    def __str__(self) -> str:
        return str(_("Uitstroom op %(day)s") % {"day": self.left_on.strftime("%d-%m-%Y")})

    @property
    def dropout(self) -> bool:
        """Left without the entree diploma and not continuing in mbo (uitval)."""
        return not self.diploma and self.destination not in CONTINUES_IN_MBO


class OutflowCorrection(models.Model):
    """A correction of an outflow (a wrong date or destination), with its reason.
    Append-only: the outflow shows what it says now, these say what it said before."""

    outflow = models.ForeignKey(Outflow, on_delete=models.PROTECT, related_name="corrections")
    #: {field: [old, new]} in the API's vocabulary (codes, ISO dates).
    changes = models.JSONField(_("wijzigingen"))
    reason = models.CharField(_("reden van de correctie"), max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gecorrigeerd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("gecorrigeerd op"), default=timezone.now)

    class Meta:
        verbose_name = _("correctie van de uitstroom")
        verbose_name_plural = _("correcties van de uitstroom")
        ordering = ["-recorded_at", "-id"]
        triggers = [append_only("outflow_correction_append_only")]

    def __str__(self) -> str:
        return self.reason
