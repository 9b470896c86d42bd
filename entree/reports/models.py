"""Generated annual reports (PDF): who asked for which school year and scope, and how the
Celery worker that makes it is getting on.

Made and served like the caseload export (``students.models.CaseloadExport``): a row that
a worker claims, a file in the default storage under a random name that no URL points at,
served only by a view that asks first whether the user may see the report's scope. The
file lives in storage rather than in the database because a report PDF is a few hundred
kilobytes to megabytes: in a table it would travel through every backup and every ORM
fetch of the list page; on the shared media volume (web and worker, see the Dockerfile)
it is read once, streamed, when somebody downloads it.

Unlike a caseload export the file holds aggregates only (cells under five suppressed), no
student data, so it is kept: a report can be downloaded again years later, with who made
it and when (issue 14).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from entree.accounts.models import Institution, Team
from students.models import ExportStatus

#: The same four states as every background job of the site: in de wachtrij, wordt
#: gemaakt, klaar, mislukt.
ReportStatus = ExportStatus


class GeneratedReport(models.Model):
    """One request for an annual report PDF and, once made, its file."""

    uuid = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    #: Kept when the account goes: the report stays, "door" then reads "onbekend".
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="generated_reports",
        verbose_name=_("aangevraagd door"),
    )
    school_year = models.CharField(_("schooljaar"), max_length=9)  # "2025-2026"
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="+", verbose_name=_("instelling")
    )
    #: ``None``: the whole institution. Who may download is decided from these two, never
    #: from the key or name, which only say what the report is about.
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team"),
    )
    scope_key = models.CharField(_("scope"), max_length=30)  # Scope.key: "instelling", "team-3"
    scope_name = models.CharField(_("scope (naam)"), max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.WACHTRIJ
    )
    progress = models.PositiveSmallIntegerField(_("voortgang (%)"), default=0)
    created_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    #: When a worker claimed it: a claim older than the task's time limit is a worker that
    #: died (the redelivered task may take the report over).
    started_at = models.DateTimeField(_("gestart op"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)
    #: The name in the default storage; random, never shown and never in a URL.
    file_name = models.CharField(_("bestand"), max_length=200, blank=True)
    file_size = models.PositiveIntegerField(_("grootte (bytes)"), null=True, blank=True)
    page_count = models.PositiveSmallIntegerField(_("aantal pagina's"), null=True, blank=True)
    #: What went wrong, in Dutch, for the person who asked (no technical details).
    error = models.CharField(_("foutmelding"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("jaarverslag")
        verbose_name_plural = _("jaarverslagen")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["institution", "team", "-created_at"], name="generated_report_scope"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="generated_report_progress_max_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school_year} {self.scope_name} ({self.status})"

    @property
    def waiting(self) -> bool:
        return self.status in (ReportStatus.WACHTRIJ, ReportStatus.BEZIG)

    @property
    def ready(self) -> bool:
        return self.status == ReportStatus.KLAAR and bool(self.file_name)

    @property
    def file_gone(self) -> bool:
        """Made, but its file is not kept any more (removed from storage, or a demo row
        that never had one): the page offers to make it again."""
        return self.status == ReportStatus.KLAAR and not self.file_name
