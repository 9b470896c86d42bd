"""The (binding) study advice (bindend studieadvies), due four months after the start."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from entree.core.dates import validate_past_date, validate_planned_date
from entree.core.history import track_personal_data
from entree.core.models import MOTIVATION_LENGTH, BoundedTextField, PublicIdModel

from .student import Student


class AdviceDecision(models.TextChoices):
    POSITIEF = "positief", _("Positief")
    NEGATIEF = "negatief", _("Negatief (bindend)")
    UITGESTELD = "uitgesteld", _("Uitgesteld")


@track_personal_data()
class StudyAdvice(PublicIdModel):
    """The (binding) study advice, due four months after the start (DESIGN §4)."""

    student = models.ForeignKey(
        Student,
        verbose_name=_("student"),
        on_delete=models.CASCADE,
        related_name="study_advices",
    )
    decision = models.CharField(_("advies"), max_length=12, choices=AdviceDecision.choices)
    given_on = models.DateField(_("datum"), validators=[validate_past_date])
    motivation = BoundedTextField(_("motivatie"), max_length=MOTIVATION_LENGTH)
    postponed_until = models.DateField(
        _("uitgesteld tot"), null=True, blank=True, validators=[validate_planned_date]
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("studieadvies")
        verbose_name_plural = _("studieadviezen")
        ordering = ["-given_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decision="uitgesteld", postponed_until__isnull=False)
                | (~models.Q(decision="uitgesteld") & models.Q(postponed_until__isnull=True)),
                name="advice_postponed_needs_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(motivation=""), name="advice_needs_motivation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} ({self.given_on:%d-%m-%Y})"
