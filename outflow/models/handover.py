"""The warm-handover checklist: its questions, the receiving partners and their one-time
confirmation links."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from entree.core.dates import validate_past_date
from entree.core.history import track_personal_data
from entree.core.models import (
    NOTE_LENGTH,
    BoundedTextField,
    PublicIdModel,
)
from students.models import NetworkContact

from .links import OneTimeLink
from .outflow import Outflow


class IntermediateStep(models.TextChoices):
    """Is an intermediate step needed on the way to regular work (guideline 2020 §4.4)?"""

    GEEN = "geen", _("Niet nodig")
    SOCIALE_ONDERNEMING = "sociale_onderneming", _("Sociale onderneming")
    BESCHUT_WERK = "beschut_werk", _("Beschut werk")
    DAGBESTEDING = "dagbesteding", _("Dagbesteding")
    ANDERS = "anders", _("Anders")


#: The checklist's questions for the next phase (guideline 2020 §4.4, "Eindgesprek op
#: school"): the field names on :class:`Handover`, in the guideline's order.
HANDOVER_QUESTIONS = (
    "goals_to_learn",
    "regelzaken",
    "support_needed",
    "lifelong_learning",
    "alternatives",
    "intermediate_step",
)


@track_personal_data()
class Handover(PublicIdModel):
    """The warm-handover checklist of one outflow. A question is answered when its text
    is filled in (or the intermediate step chosen); "niets" is an answer too."""

    outflow = models.OneToOneField(
        Outflow, verbose_name=_("uitstroom"), on_delete=models.PROTECT, related_name="handover"
    )
    goals_to_learn = BoundedTextField(
        _("doelen die de student nog leert op de werkvloer"), max_length=NOTE_LENGTH, blank=True
    )
    regelzaken = BoundedTextField(
        _("regelzaken die een struikelblok kunnen zijn"), max_length=NOTE_LENGTH, blank=True
    )
    support_needed = BoundedTextField(
        _("benodigde ondersteuning"), max_length=NOTE_LENGTH, blank=True
    )
    lifelong_learning = BoundedTextField(
        _("opties bij de werkgever om te blijven leren"), max_length=NOTE_LENGTH, blank=True
    )
    alternatives = BoundedTextField(
        _("alternatieven als de bpv-plek geen baan wordt"), max_length=NOTE_LENGTH, blank=True
    )
    intermediate_step = models.CharField(
        _("tussenstap nodig"), max_length=30, choices=IntermediateStep.choices, blank=True
    )
    intermediate_note = models.CharField(_("toelichting tussenstap"), max_length=300, blank=True)
    #: Set when the coordinator closes the checklist (every question answered and every
    #: partner confirmed); the student then moves on to aftercare.
    closed_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("afgerond door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("warme overdracht")
        verbose_name_plural = _("warme overdrachten")

    def __str__(self) -> str:
        return str(_("Warme overdracht"))

    def answer(self, name: str) -> str:
        """The answer to one of the checklist's questions as text ("" when open)."""
        if name != "intermediate_step":
            return str(getattr(self, name))
        text = str(self.get_intermediate_step_display()) if self.intermediate_step else ""
        if self.intermediate_note:
            return f"{text}: {self.intermediate_note}" if text else self.intermediate_note
        return text


class PartnerKind(models.TextChoices):
    """The receiving partners of the guideline (DESIGN §4)."""

    GEMEENTE = "gemeente", _("Gemeente")
    DOORSTROOMPUNT = "doorstroompunt", _("Doorstroompunt (RMC)")
    ZORGAANBIEDER = "zorgaanbieder", _("Zorgaanbieder")
    WERKGEVER = "werkgever", _("Werkgever")
    NIVEAU2 = "niveau2", _("Team niveau 2 (vervolgopleiding)")


class ConfirmationChannel(models.TextChoices):
    LINK = "link", _("Via de bevestigingslink")
    TELEFOON = "telefoon", _("Telefonisch aan de coördinator")
    EMAIL = "email", _("Per e-mail aan de coördinator")


class PartnerAnswer(models.TextChoices):
    IN_CONTACT = "in_contact", _("In contact met de student")
    UNREACHABLE = "onbereikbaar", _("Student niet bereikbaar")


@track_personal_data()
class PartnerHandover(PublicIdModel):
    """One receiving partner on the checklist: the four steps of a warm handover, each
    with its date and who. Information is shared only with a contact the student consented
    to share with; the partner's confirmation closes the loop."""

    handover = models.ForeignKey(
        Handover,
        verbose_name=_("warme overdracht"),
        on_delete=models.PROTECT,
        related_name="partners",
    )
    kind = models.CharField(_("partner"), max_length=20, choices=PartnerKind.choices)
    #: The person at the partner, from the student's network (consent is per contact).
    contact = models.ForeignKey(
        NetworkContact,
        verbose_name=_("contactpersoon"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    contacted_on = models.DateField(
        _("contact gelegd op"), null=True, blank=True, validators=[validate_past_date]
    )
    contacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact gelegd door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    meeting_on = models.DateField(
        _("overdrachtsgesprek met de student op"),
        null=True,
        blank=True,
        validators=[validate_past_date],
    )
    meeting_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("overdrachtsgesprek gehouden door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    shared_on = models.DateField(
        _("informatie gedeeld op"), null=True, blank=True, validators=[validate_past_date]
    )
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("informatie gedeeld door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The partner's confirmation.
    answer = models.CharField(
        _("antwoord partner"), max_length=20, choices=PartnerAnswer.choices, blank=True
    )
    answered_on = models.DateField(_("bevestigd op"), null=True, blank=True)
    first_contact_on = models.DateField(
        _("eerste contact met de student op"),
        null=True,
        blank=True,
        validators=[validate_past_date],
    )
    contact_person_now = models.CharField(
        _("contactpersoon van de student nu"), max_length=200, blank=True
    )
    answer_channel = models.CharField(
        _("bevestigd via"), max_length=20, choices=ConfirmationChannel.choices, blank=True
    )
    answer_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("antwoord vastgelegd door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("overdracht aan partner")
        verbose_name_plural = _("overdrachten aan partners")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["handover", "kind"], name="partner_handover_kind_once"),
            models.CheckConstraint(
                condition=models.Q(answer="")
                | models.Q(answered_on__isnull=False, answer_channel__gt=""),
                name="partner_handover_answer_complete",
            ),
        ]
        indexes = [models.Index(fields=["answer", "shared_on"], name="partner_handover_open")]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def confirmed(self) -> bool:
        """The loop is closed: the partner says they are in contact with the student."""
        return self.answer == PartnerAnswer.IN_CONTACT


class ConfirmationLink(OneTimeLink):
    """A one-time link sent to a partner contact to confirm the handover. Only the SHA-256
    of the random token is stored; the token itself is in the e-mail and nowhere else."""

    partner = models.ForeignKey(PartnerHandover, on_delete=models.PROTECT, related_name="links")
    sent_to = models.EmailField(_("verstuurd naar"))

    class Meta:
        verbose_name = _("bevestigingslink")
        verbose_name_plural = _("bevestigingslinks")
        ordering = ["-sent_at", "-id"]
        indexes = [models.Index(fields=["partner", "-sent_at"], name="confirmation_link_partner")]

    def __str__(self) -> str:
        return str(_("Bevestigingslink"))


class OutflowPart(models.TextChoices):
    """The parts of the record this app shows; the access log names them."""

    OUTFLOW = "uitstroom", _("Uitstroom en warme overdracht")
    HANDOVER_PDF = "overdracht (pdf)", _("Overdrachtsdocument voor een partner")
