"""The access log: who looked at which student's record, which part, when.

Writes to personal data are recorded by django-pghistory (see ``entree.core.history``);
reads are recorded here. The log never holds the values that were shown, only the fact
of the access. Database triggers refuse every UPDATE and DELETE, so neither the
application nor someone with its database password can rewrite what was seen.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from entree.audit.parts import part_label
from entree.core.models import append_only


class Channel(models.TextChoices):
    WEB = "web", _("Webpagina")
    API = "api", _("API")
    EXPORT = "export", _("Export")
    IMPORT = "import", _("Import")


class AccessLog(models.Model):
    at = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The student's public UUID, not a foreign key: the log must outlive the record
    # (anonymisation after the retention period) without being updated.
    student_uuid = models.UUIDField(_("student"), db_index=True)
    part = models.CharField(_("onderdeel"), max_length=64)
    channel = models.CharField(_("kanaal"), max_length=16, choices=Channel.choices)
    path = models.CharField(_("adres"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("toegangsregel")
        verbose_name_plural = _("toegangslog")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["user", "-at"], name="accesslog_user_at")]
        triggers = [
            append_only("accesslog_append_only"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.part}"

    def get_part_display(self) -> str:
        return part_label(self.part)
