"""A caseload export made by a Celery worker: too large to stream from a web worker.

The file holds student data: it lives in the default storage under an unguessable name,
is served only to the user who asked, and is deleted with its row after a retention
period (``CASELOAD_EXPORT_RETENTION``).
"""

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportStatus(models.TextChoices):
    WACHTRIJ = "wachtrij", _("In de wachtrij")
    BEZIG = "bezig", _("Wordt gemaakt")
    KLAAR = "klaar", _("Klaar")
    MISLUKT = "mislukt", _("Mislukt")


class CaseloadExport(models.Model):
    """One request for a large caseload CSV: who, which filters, and how it went."""

    uuid = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="caseload_exports",
        verbose_name=_("aangevraagd door"),
    )
    #: The caseload's filters as ``{name: [values]}`` (a QueryDict's lists).
    filters = models.JSONField(_("filters"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.WACHTRIJ
    )
    row_count = models.PositiveIntegerField(_("aantal rijen"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)
    #: The name in the default storage; random, never shown and never in a URL.
    file_name = models.CharField(_("bestand"), max_length=200, blank=True)
    #: The students in the file: the download logs exactly these in the access log.
    student_uuids = ArrayField(models.UUIDField(), default=list, blank=True)

    class Meta:
        verbose_name = _("caseload-export")
        verbose_name_plural = _("caseload-exports")
        indexes = [models.Index(fields=["created_at"], name="caseload_export_created")]

    def __str__(self) -> str:
        return f"{self.uuid} ({self.status})"
