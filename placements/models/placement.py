"""The work placement (bpv): its small lifecycle, the three-party agreement, the learning
goals and certificates, the outcome, and the visits of the bpv-begeleider."""

from django.conf import settings
from django.db import models
from django.db.models import ExpressionWrapper, F, Func
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entree.core.dates import PlausibleDate, validate_past_date
from entree.core.history import track_personal_data
from entree.core.models import NOTE_LENGTH, BoundedTextField, PublicIdModel
from students.models import Student

from .companies import Company, CompanyContact

#: A placement is planned at most two years ahead; further is a typing error.
validate_placement_date = PlausibleDate(years_ahead=2)


class PlacementStatus(models.TextChoices):
    ZOEKEND = "zoekend", _("Zoekend")
    LOPEND = "lopend", _("Lopend")
    AFGEROND = "afgerond", _("Afgerond")
    AFGEBROKEN = "afgebroken", _("Afgebroken")


#: The placement's own small lifecycle; ``placements.services`` refuses every other move.
PLACEMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    PlacementStatus.ZOEKEND: frozenset({PlacementStatus.LOPEND, PlacementStatus.AFGEBROKEN}),
    PlacementStatus.LOPEND: frozenset({PlacementStatus.AFGEROND, PlacementStatus.AFGEBROKEN}),
    PlacementStatus.AFGEROND: frozenset(),
    PlacementStatus.AFGEBROKEN: frozenset(),
}
#: A placement that is over: only its outcome can still be recorded.
ENDED_STATUSES = frozenset({PlacementStatus.AFGEROND, PlacementStatus.AFGEBROKEN})


class Outcome(models.TextChoices):
    """What the placement led to (DESIGN §4: converted into a paid job, or not)."""

    BAAN = "baan", _("Betaalde baan")
    BBL_BAAN = "bbl_baan", _("Baan met bbl (werkend leren)")
    BANENAFSPRAAK = "banenafspraak", _("Baan via de banenafspraak")
    GEEN_BAAN = "geen_baan", _("Geen baan")


#: Outcomes that count as "the placement became a job".
JOB_OUTCOMES = frozenset({Outcome.BAAN, Outcome.BBL_BAAN, Outcome.BANENAFSPRAAK})


class StopReason(models.TextChoices):
    STUDENT = "student", _("Op verzoek van de student")
    BEDRIJF = "bedrijf", _("Op verzoek van het leerbedrijf")
    MATCH = "match", _("Geen goede match")
    LEEFGEBIED = "leefgebied", _("Problemen in een leefgebied (zorg, wonen, geld)")
    ANDERE_PLEK = "andere_plek", _("Student gaat naar een andere plek")
    ANDERS = "anders", _("Anders")


def _midpoint() -> ExpressionWrapper:
    # start + (end - start) / 2: in PostgreSQL date − date is a number of days.
    days = Func(F("end_date"), F("start_date"), template="(%(expressions)s)", arg_joiner=" - ")
    return ExpressionWrapper(F("start_date") + days / 2, output_field=models.DateField())


@track_personal_data()
class Placement(PublicIdModel):
    """One work placement (bpv) of one student."""

    student = models.ForeignKey(
        Student, verbose_name=_("student"), on_delete=models.PROTECT, related_name="placements"
    )
    company = models.ForeignKey(
        Company,
        verbose_name=_("leerbedrijf"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements",
    )
    trainer = models.ForeignKey(
        CompanyContact,
        verbose_name=_("praktijkopleider"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements",
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bpv-begeleider"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements_supervised",
    )
    start_date = models.DateField(
        _("startdatum"), null=True, blank=True, validators=[validate_placement_date]
    )
    end_date = models.DateField(
        _("einddatum"), null=True, blank=True, validators=[validate_placement_date]
    )
    #: Halfway the placement: the first visit is due. Computed by PostgreSQL.
    midpoint = models.GeneratedField(
        expression=_midpoint(), output_field=models.DateField(), db_persist=True
    )
    days_per_week = models.PositiveSmallIntegerField(_("dagen per week"), null=True, blank=True)
    hours_per_week = models.PositiveSmallIntegerField(_("uren per week"), null=True, blank=True)
    part_time = models.BooleanField(
        _("deeltijd"),
        default=False,
        help_text=_("Naast een andere bpv-plek in dezelfde week."),
    )
    # The three-party agreement (praktijkovereenkomst): the date each party signed.
    signed_school_on = models.DateField(
        _("getekend door de school op"), null=True, blank=True, validators=[validate_past_date]
    )
    signed_student_on = models.DateField(
        _("getekend door de student op"), null=True, blank=True, validators=[validate_past_date]
    )
    signed_guardian_on = models.DateField(
        _("getekend door ouder of voogd op"),
        null=True,
        blank=True,
        validators=[validate_past_date],
        help_text=_("Nodig zolang de student jonger is dan 18."),
    )
    signed_company_on = models.DateField(
        _("getekend door het leerbedrijf op"),
        null=True,
        blank=True,
        validators=[validate_past_date],
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=PlacementStatus.choices,
        default=PlacementStatus.ZOEKEND,
    )
    #: The day the placement was started (zoekend → lopend); empty for a search that
    #: never started. What the company's figures count as "a placement".
    started_on = models.DateField(_("gestart op"), null=True, blank=True)
    ended_on = models.DateField(
        _("beëindigd op"), null=True, blank=True, validators=[validate_past_date]
    )
    stop_reason = models.CharField(
        _("reden van afbreken"), max_length=20, choices=StopReason.choices, blank=True
    )
    stop_note = models.CharField(_("toelichting afbreken"), max_length=500, blank=True)
    outcome = models.CharField(_("resultaat"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_on = models.DateField(
        _("resultaat per"), null=True, blank=True, validators=[validate_past_date]
    )
    notes = BoundedTextField(_("notities"), max_length=NOTE_LENGTH, blank=True)

    class Meta:
        verbose_name = _("bpv-plek")
        verbose_name_plural = _("bpv-plekken")
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gt=F("start_date")),
                name="placement_end_after_start",
            ),
            # Started placements have everything the agreement and the visits rely on. A
            # search can be broken off before anything was signed (zoekend → afgebroken):
            # it never started.
            models.CheckConstraint(
                condition=models.Q(started_on__isnull=True)
                | models.Q(
                    company__isnull=False,
                    start_date__isnull=False,
                    end_date__isnull=False,
                    signed_school_on__isnull=False,
                    signed_student_on__isnull=False,
                    signed_company_on__isnull=False,
                ),
                name="placement_started_with_agreement",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["lopend", "afgerond"])
                | models.Q(started_on__isnull=False),
                name="placement_running_was_started",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="afgebroken") | ~models.Q(stop_reason=""),
                name="placement_stop_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(outcome="") | models.Q(outcome_on__isnull=False),
                name="placement_outcome_dated",
            ),
        ]
        indexes = [
            models.Index(fields=["student", "status"], name="placement_student_status"),
            models.Index(fields=["supervisor", "status"], name="placement_supervisor_status"),
            models.Index(fields=["company", "-start_date"], name="placement_company_start"),
            models.Index(fields=["status", "end_date"], name="placement_status_end"),
        ]

    def __str__(self) -> str:
        if self.company_id is None:
            return str(_("Bpv-plek (nog zoekend)"))
        return str(self.company)

    @property
    def agreement_signed(self) -> bool:
        """School, student and company signed; the guardian too while the student was
        under 18 (checked by the service when the placement starts)."""
        return None not in (self.signed_school_on, self.signed_student_on, self.signed_company_on)

    @property
    def converted(self) -> bool:
        return self.outcome in JOB_OUTCOMES


class Certificate(models.TextChoices):
    """Extra certificates that help turn a placement into a job (guideline 2020 §4.3)."""

    VCA = "vca", _("VCA (basisveiligheid)")
    HEFTRUCK = "heftruck", _("Heftruckcertificaat")
    REACHTRUCK = "reachtruck", _("Reachtruckcertificaat")
    BHV = "bhv", _("Bedrijfshulpverlening (BHV)")
    EHBO = "ehbo", _("EHBO")
    HYGIENECODE = "hygienecode", _("Hygiënecode / HACCP")
    SOCIALE_HYGIENE = "sociale_hygiene", _("Sociale hygiëne")
    KASSA = "kassa", _("Kassa- en kassiercertificaat")
    ANDERS = "anders", _("Ander certificaat")


@track_personal_data()
class PlacementGoal(models.Model):
    """A learning goal at work (guideline 2020 §4.3: "doelen van de student op de
    werkvloer"), optionally tied to a step of the student's integral plan by the step's
    stable key — the link survives new versions of the plan."""

    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="goals")
    description = models.CharField(_("leerdoel"), max_length=300)
    plan_step_key = models.UUIDField(_("stap in het integraal plan"), null=True, blank=True)
    achieved = models.BooleanField(_("behaald"), default=False)

    class Meta:
        verbose_name = _("leerdoel op de werkvloer")
        verbose_name_plural = _("leerdoelen op de werkvloer")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.description


@track_personal_data()
class PlacementCertificate(models.Model):
    """An extra certificate to earn during the placement, and when it was earned."""

    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="certificates")
    kind = models.CharField(_("certificaat"), max_length=20, choices=Certificate.choices)
    other = models.CharField(_("naam van het certificaat"), max_length=100, blank=True)
    obtained_on = models.DateField(
        _("behaald op"), null=True, blank=True, validators=[validate_past_date]
    )

    class Meta:
        verbose_name = _("certificaat")
        verbose_name_plural = _("certificaten")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="anders") | ~models.Q(other=""),
                name="placement_certificate_other_named",
            ),
        ]

    def __str__(self) -> str:
        return self.other if self.kind == Certificate.ANDERS else self.get_kind_display()


class VisitKind(models.TextChoices):
    OP_LOCATIE = "op_locatie", _("Op de werkplek")
    TELEFOON = "telefoon", _("Telefonisch")
    VIDEO = "video", _("Videobellen")


class VisitRating(models.TextChoices):
    """How the placement goes, in the begeleider's judgement after hearing the employer."""

    GOED = "goed", _("Gaat goed")
    AANDACHT = "aandacht", _("Vraagt aandacht")
    ZORGEN = "zorgen", _("Gaat niet goed")


#: The guideline: the bpv-begeleider visits every student at least twice per placement.
VISITS_WANTED = 2


@track_personal_data()
class Visit(PublicIdModel):
    """A visit (or call) of the bpv-begeleider during the placement."""

    placement = models.ForeignKey(
        Placement, verbose_name=_("bpv-plek"), on_delete=models.PROTECT, related_name="visits"
    )
    visited_on = models.DateField(_("datum bezoek"), validators=[validate_past_date])
    kind = models.CharField(_("soort bezoek"), max_length=20, choices=VisitKind.choices)
    rating = models.CharField(_("hoe gaat het"), max_length=20, choices=VisitRating.choices)
    employer_view = BoundedTextField(_("wat zegt de werkgever"), max_length=NOTE_LENGTH, blank=True)
    notes = BoundedTextField(_("verslag"), max_length=NOTE_LENGTH, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("bpv-bezoek")
        verbose_name_plural = _("bpv-bezoeken")
        ordering = ["-visited_on", "-id"]
        indexes = [models.Index(fields=["placement", "visited_on"], name="visit_placement_day")]

    def __str__(self) -> str:
        return str(_("Bezoek van %(day)s") % {"day": self.visited_on.strftime("%d-%m-%Y")})


class PlacementPart(models.TextChoices):
    """The parts of the record this app shows; the access log names them."""

    BPV = "bpv", _("Beroepspraktijkvorming (bpv)")
