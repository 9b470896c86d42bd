"""Reminders: what has fallen due for one person, sent once in a daily digest and shown in
the in-app notification list.

The database is the source of truth — there are no far-future tasks in Redis. Each
reminder has an idempotency ``key`` (unique), so finding the same thing due twice, or in
two runs at once, makes one reminder. Sending claims the pending reminders of one person
with a conditional update (``pending`` → ``claimed`` with a claim token), so a retried or
concurrent task never sends a reminder twice. A send that keeps failing is marked
``failed`` and shown to the beheerder, never lost.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from entree.core.models import BaseModel
from students.models import Student


class ReminderKind(models.TextChoices):
    CONTACT_DUE = "contact_due", _("Nazorgcontact gepland")
    CONTACT_ESCALATED = "contact_escalated", _("Nazorgcontacten lang te laat (team)")
    HANDOVER_UNCONFIRMED = "handover_unconfirmed", _("Overdracht niet bevestigd")


class ReminderStatus(models.TextChoices):
    PENDING = "pending", _("Klaar om te versturen")
    CLAIMED = "claimed", _("Wordt verstuurd")
    SENT = "sent", _("Verstuurd")
    FAILED = "failed", _("Versturen mislukt")


class Reminder(BaseModel):
    key = models.CharField(_("kenmerk"), max_length=120, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voor"),
        on_delete=models.PROTECT,
        related_name="reminders",
    )
    kind = models.CharField(_("soort"), max_length=30, choices=ReminderKind.choices)
    #: The student it is about; empty for a team-level message (management sees no names).
    student = models.ForeignKey(
        Student,
        verbose_name=_("student"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    due_on = models.DateField(_("datum"))
    text = models.CharField(_("melding"), max_length=300)
    path = models.CharField(_("pagina"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ReminderStatus.choices, default=ReminderStatus.PENDING
    )
    claim = models.UUIDField(_("claim"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    last_error = models.CharField(_("laatste fout"), max_length=300, blank=True)
    sent_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True)
    read_at = models.DateTimeField(_("gelezen op"), null=True, blank=True)

    class Meta:
        verbose_name = _("herinnering")
        verbose_name_plural = _("herinneringen")
        ordering = ["-due_on", "-id"]
        indexes = [
            models.Index(fields=["status", "user"], name="reminder_status_user"),
            models.Index(
                fields=["user", "-created_at"],
                condition=models.Q(read_at__isnull=True),
                name="reminder_unread",
            ),
        ]

    def __str__(self) -> str:
        return self.text
