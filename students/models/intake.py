"""The inclusive intake (guideline 2020 §4.2): one per student, with the levels measured,
the early route indication and the placeability decision. The life-domain assessments of
the intake refer to network contacts and live in :mod:`students.models.network`."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from entree.core.dates import validate_past_date
from entree.core.history import track_personal_data
from entree.core.models import (
    MOTIVATION_LENGTH,
    NOTE_LENGTH,
    BoundedTextField,
    PublicIdModel,
)

from .student import PriorEducationLevel, Student


class HandoverFile(models.TextChoices):
    ONTVANGEN = "ontvangen", _("Ontvangen")
    NIET_ONTVANGEN = "niet_ontvangen", _("Niet ontvangen")
    NIET_VAN_TOEPASSING = "nvt", _("Niet van toepassing")


class DutchLevel(models.TextChoices):
    """CEFR level for non-native speakers; A2 is the usual minimum (DESIGN §4)."""

    MOEDERTAAL = "moedertaal", _("Nederlands is moedertaal")
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"


class ReferenceLevel(models.TextChoices):
    """Maths and Dutch-language reference levels (referentieniveaus)."""

    ONDER_1F = "onder_1F", _("Onder 1F")
    F1 = "1F", "1F"
    F2 = "2F", "2F"


class Route(models.TextChoices):
    KWALIFICEREND = "kwalificerend", _("Kwalificerend (doorstroom naar niveau 2)")
    ARBEIDSMARKT = "arbeidsmarkt", _("Arbeidsmarktgericht (naar werk)")
    NOG_ONBEKEND = "nog_onbekend", _("Nog niet te zeggen")


class Placeability(models.TextChoices):
    GEPLAATST = "geplaatst", _("Geplaatst")
    HOGER_NIVEAU = "hoger_niveau", _("Advies: start op niveau 2 of hoger")
    NIET_GEPLAATST = "niet_geplaatst", _("Niet geplaatst")
    UITGESTELD = "uitgesteld", _("Uitgesteld (eerst leefgebieden op orde)")


class HandedOverTo(models.TextChoices):
    GEMEENTE = "gemeente", _("Gemeente")
    VORIGE_SCHOOL = "vorige_school", _("Vorige school")


#: Prior education for which the inspectorate wants a higher level checked explicitly.
HIGHER_LEVEL_CHECK_LEVELS = frozenset(
    {PriorEducationLevel.VMBO_KADER, PriorEducationLevel.VMBO_GT, PriorEducationLevel.HAVO}
)


@track_personal_data()
class Intake(PublicIdModel):
    """The inclusive intake (guideline 2020 §4.2), one per student."""

    student = models.OneToOneField(
        Student, verbose_name=_("student"), on_delete=models.CASCADE, related_name="intake"
    )
    referrer = models.CharField(
        _("verwezen door"),
        max_length=200,
        blank=True,
        help_text=_("Persoon of organisatie die de student aanmeldde of doorverwees."),
    )
    handover_file = models.CharField(
        _("overdrachtsdossier vorige school"),
        max_length=20,
        choices=HandoverFile.choices,
        blank=True,
    )
    dutch_level = models.CharField(
        _("niveau Nederlands (ERK)"), max_length=12, choices=DutchLevel.choices, blank=True
    )
    maths_level = models.CharField(
        _("rekenen"), max_length=10, choices=ReferenceLevel.choices, blank=True
    )
    language_level = models.CharField(
        _("taal"), max_length=10, choices=ReferenceLevel.choices, blank=True
    )
    motivation = BoundedTextField(
        _("motivatie en doel van de student"), max_length=MOTIVATION_LENGTH, blank=True
    )
    route_indication = models.CharField(
        _("vroege route-indicatie"), max_length=20, choices=Route.choices, blank=True
    )
    higher_level_considered = models.BooleanField(
        _("hoger niveau overwogen"), null=True, blank=True
    )
    higher_level_note = BoundedTextField(
        _("toelichting hoger niveau"), max_length=NOTE_LENGTH, blank=True
    )
    outcome = models.CharField(
        _("besluit plaatsbaarheid"), max_length=20, choices=Placeability.choices, blank=True
    )
    outcome_motivation = BoundedTextField(
        _("motivatie besluit"), max_length=MOTIVATION_LENGTH, blank=True
    )
    handed_over_to = models.CharField(
        _("warm overgedragen aan"), max_length=20, choices=HandedOverTo.choices, blank=True
    )
    handed_over_contact = models.CharField(
        _("contactpersoon overdracht"), max_length=200, blank=True
    )
    decided_on = models.DateField(
        _("besluit genomen op"), null=True, blank=True, validators=[validate_past_date]
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("besluit genomen door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("intake")
        verbose_name_plural = _("intakes")
        constraints = [
            # Nobody is refused, postponed or sent elsewhere without a written reason.
            models.CheckConstraint(
                condition=~models.Q(outcome__in=["niet_geplaatst", "uitgesteld", "hoger_niveau"])
                | ~models.Q(outcome_motivation=""),
                name="intake_outcome_needs_motivation",
            ),
            # ... and a candidate who is not placed is handed over, so they stay in view.
            models.CheckConstraint(
                condition=~models.Q(outcome="niet_geplaatst") | ~models.Q(handed_over_to=""),
                name="intake_not_placed_needs_handover",
            ),
        ]

    def __str__(self) -> str:
        return f"Intake {self.student}"
