"""The two-year follow-up (nazorg) after outflow (DESIGN §4, guideline 2020 §4.4 "Werk"):
the school follows every leaver for two years through contact moments made at outflow.

The schedule (months after outflow) is the institution's setting, kept by the functioneel
beheerder; a leaver's contact moments are written at outflow with their due dates, so a
changed schedule applies to future outflows only. A contact records whether the leaver
was reached, how, their position on the labour market, and whether they need support — a
request for help becomes a task for the coordinator.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from entree.accounts.models import Institution
from entree.core.dates import validate_past_date
from entree.core.history import track_personal_data
from entree.core.models import NOTE_LENGTH, BaseModel, BoundedTextField, PublicIdModel
from students.models import Student

from .links import OneTimeLink
from .outflow import Outflow

#: The guideline's default: contacts 1, 3, 6, 12, 18 and 24 months after outflow.
DEFAULT_SCHEDULE = (1, 3, 6, 12, 18, 24)
#: The follow-up lasts two years.
FOLLOW_UP_MONTHS = 24


def default_schedule() -> list[int]:
    return list(DEFAULT_SCHEDULE)


class FollowUpSchedule(BaseModel):
    """An institution's contact moments, in months after outflow (for future outflows)."""

    institution = models.OneToOneField(
        Institution,
        verbose_name=_("instelling"),
        on_delete=models.PROTECT,
        related_name="follow_up_schedule",
    )
    months = ArrayField(
        models.PositiveSmallIntegerField(),
        verbose_name=_("contactmomenten (maanden na uitstroom)"),
        default=default_schedule,
        help_text=_("Oplopend, van 1 tot en met 24; bijvoorbeeld 1, 3, 6, 12, 18, 24."),
    )

    class Meta:
        verbose_name = _("schema nazorg")
        verbose_name_plural = _("schema's nazorg")

    def __str__(self) -> str:
        return ", ".join(str(month) for month in self.months)


class Position(models.TextChoices):
    """The leaver's position on the labour market (DESIGN §4, the annual report's codes)."""

    WERKNEMER = "werknemer", _("Werkt (werknemer)")
    UITKERING = "uitkering", _("Uitkering")
    ONDERWIJS = "onderwijs", _("Volgt onderwijs")
    ANDERS = "anders", _("Anders")
    ONBEKEND = "onbekend", _("Onbekend")


class ContactChannel(models.TextChoices):
    TELEFOON = "telefoon", _("Telefoon")
    BERICHT = "bericht", _("Bericht (chat-app, sms)")
    EMAIL = "email", _("E-mail")
    GESPREK = "gesprek", _("Gesprek")
    #: The leaver answered through their own check-in link.
    ZELF = "zelf", _("Zelf ingevuld door de oud-student")


@track_personal_data()
class FollowUpContact(PublicIdModel):
    """One contact moment of the follow-up: planned at outflow, recorded when it happened."""

    outflow = models.ForeignKey(
        Outflow, verbose_name=_("uitstroom"), on_delete=models.PROTECT, related_name="contacts"
    )
    month = models.PositiveSmallIntegerField(_("maanden na uitstroom"))
    due_on = models.DateField(_("gepland op"))
    done_on = models.DateField(
        _("contact op"), null=True, blank=True, validators=[validate_past_date]
    )
    reached = models.BooleanField(_("bereikt"), null=True, blank=True)
    channel = models.CharField(_("via"), max_length=20, choices=ContactChannel.choices, blank=True)
    position = models.CharField(_("positie"), max_length=20, choices=Position.choices, blank=True)
    same_place = models.BooleanField(
        _("zelfde werkgever of school als vorige keer"), null=True, blank=True
    )
    hours_per_week = models.PositiveSmallIntegerField(_("uren per week"), null=True, blank=True)
    needs_support = models.BooleanField(_("wil hulp"), default=False)
    note = BoundedTextField(_("notitie"), max_length=NOTE_LENGTH, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("contactmoment nazorg")
        verbose_name_plural = _("contactmomenten nazorg")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["outflow", "month"], name="follow_up_month_once"),
            models.CheckConstraint(
                condition=models.Q(done_on__isnull=True)
                | (models.Q(reached__isnull=False) & ~models.Q(channel="")),
                name="follow_up_done_has_outcome",
            ),
            models.CheckConstraint(
                condition=~models.Q(reached=True) | ~models.Q(position=""),
                name="follow_up_reached_has_position",
            ),
        ]
        indexes = [
            # Finding what is due: one index range over the open contacts by due date.
            models.Index(
                fields=["due_on"],
                condition=models.Q(done_on__isnull=True),
                name="follow_up_open_due",
            ),
        ]

    def __str__(self) -> str:
        return ngettext(
            "Contactmoment na %(month)s maand", "Contactmoment na %(month)s maanden", self.month
        ) % {"month": self.month}

    @property
    def done(self) -> bool:
        return self.done_on is not None


@track_personal_data()
class FollowUpTask(PublicIdModel):
    """Something the coordinator must do for a leaver — a leaver who asked for help."""

    student = models.ForeignKey(
        Student, verbose_name=_("student"), on_delete=models.PROTECT, related_name="tasks"
    )
    contact = models.ForeignKey(
        FollowUpContact,
        verbose_name=_("contactmoment"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voor"),
        on_delete=models.PROTECT,
        related_name="follow_up_tasks",
    )
    description = models.CharField(_("taak"), max_length=300)
    done_on = models.DateField(_("afgehandeld op"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("afgehandeld door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("taak nazorg")
        verbose_name_plural = _("taken nazorg")
        ordering = ["done_on", "created_at", "id"]
        indexes = [
            models.Index(
                fields=["assigned_to", "created_at"],
                condition=models.Q(done_on__isnull=True),
                name="follow_up_task_open",
            )
        ]

    def __str__(self) -> str:
        return self.description


class CheckInLink(OneTimeLink):
    """A leaver's own link to answer a due follow-up contact (four short questions, no
    login), sent by e-mail or copied into the leaver's chat app by the coordinator."""

    contact = models.ForeignKey(
        FollowUpContact,
        verbose_name=_("contactmoment"),
        on_delete=models.PROTECT,
        related_name="links",
    )
    #: Empty when the coordinator copied the link into a chat message.
    sent_to = models.EmailField(_("verstuurd naar"), blank=True)

    class Meta:
        verbose_name = _("check-in-link")
        verbose_name_plural = _("check-in-links")
        ordering = ["-sent_at", "-id"]
        indexes = [models.Index(fields=["contact", "-sent_at"], name="checkin_link_contact")]

    def __str__(self) -> str:
        return str(_("Check-in-link"))


@track_personal_data()
class SupportSignal(BaseModel):
    """A leaver asked for help: the signal to the gemeente or the Doorstroompunt (RMC)
    that received them at the warm handover — only to a contact the student consented to
    share information with (DESIGN §4: "needs support → signal to gemeente/RMC"). The
    e-mail names nobody; it asks the partner to call the coordinator."""

    contact = models.ForeignKey(
        FollowUpContact,
        verbose_name=_("contactmoment"),
        on_delete=models.PROTECT,
        related_name="support_signals",
    )
    partner = models.ForeignKey(
        "outflow.PartnerHandover",
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        related_name="support_signals",
    )
    sent_to = models.EmailField(_("verstuurd naar"))
    sent_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    last_error = models.CharField(_("laatste fout"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("signaal aan partner")
        verbose_name_plural = _("signalen aan partners")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["contact", "partner"], name="support_signal_once")
        ]

    def __str__(self) -> str:
        return str(_("Signaal: oud-student wil hulp"))
