"""Hand-overs of responsibility (regie) for a student: an append-only log next to the
current regiehouder on :class:`~students.models.student.Student`."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from entree.core.models import append_only

from .student import Student


class RegieTransfer(models.Model):
    """An explicit hand-over of responsibility (regie) for a student. Append-only."""

    student = models.ForeignKey(
        Student, verbose_name=_("student"), on_delete=models.PROTECT, related_name="transfers"
    )
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("van"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("naar"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.CharField(_("reden"), max_length=300)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("tijdstip"), auto_now_add=True)

    class Meta:
        verbose_name = _("overdracht regie")
        verbose_name_plural = _("overdrachten regie")
        ordering = ["-at", "-id"]
        triggers = [append_only("regietransfer_append_only")]

    def __str__(self) -> str:
        return f"{self.from_user} → {self.to_user}"
