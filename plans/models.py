"""The integral plan for education, work and care (guideline 2020 §4.2 and §4.3).

One plan per student. The plan is *versioned*: every change is saved as a new, complete
version, and a version once written is never changed — PostgreSQL refuses UPDATE and
DELETE on versions and on everything in them, as it does for consent. The current plan is
the version with the highest number; what the plan said on any day, and what changed
between any two versions, can always be shown.

Items (steps, provisions, obstacles) carry a ``key`` that stays the same from version to
version, so a comparison can say "this step changed" rather than "one step removed, one
added".
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entree.core.history import track_personal_data
from entree.core.models import PublicIdModel, append_only
from students.models import DomainState, LifeDomain, NetworkContact, Student


class PlanRoute(models.TextChoices):
    """The route after entree; the guideline says decide as early as possible."""

    KWALIFICEREND = "kwalificerend", _("Kwalificerend: door naar niveau 2")
    ARBEIDSMARKT = "arbeidsmarkt", _("Arbeidsmarktroute: naar werk")


class EndAdvice(models.TextChoices):
    """The team's advice at the end of the programme (DESIGN §4)."""

    DOORSTROOM_NIVEAU2 = "doorstroom_niveau2", _("Doorstromen naar niveau 2")
    ARBEIDSMARKT = "arbeidsmarkt", _("Aan het werk (arbeidsmarkt)")


class StepOwner(models.TextChoices):
    STUDENT = "student", _("Student")
    MENTOR = "mentor", _("Mentor")
    WERKGEVER = "werkgever", _("Werkgever / leerbedrijf")
    PARTNER = "partner", _("Partner uit het netwerk")


class StepStatus(models.TextChoices):
    OPEN = "open", _("Nog te doen")
    BEZIG = "bezig", _("Bezig")
    KLAAR = "klaar", _("Klaar")
    VERVALLEN = "vervallen", _("Vervallen")


#: Steps that still ask for something.
OPEN_STEP_STATUSES = frozenset({StepStatus.OPEN, StepStatus.BEZIG})


class ProvisionKind(models.TextChoices):
    """Provisions a student may be entitled to during the programme (DESIGN §4)."""

    JOBCOACHING = "jobcoaching", _("Jobcoaching")
    BESCHUT_WERK = "beschut_werk", _("Beschut werk")
    BANENAFSPRAAK = "banenafspraak", _("Doelgroepregister / banenafspraak")
    LOONKOSTENSUBSIDIE = "loonkostensubsidie", _("Loonkostensubsidie")
    NO_RISK_POLIS = "no_risk_polis", _("No-riskpolis")
    WERKPLEKAANPASSING = "werkplekaanpassing", _("Werkplekaanpassing")


class ObstacleStatus(models.TextChoices):
    OPEN = "open", _("Nog te regelen")
    BEZIG = "bezig", _("Wordt geregeld")
    GEREGELD = "geregeld", _("Geregeld")


@track_personal_data()
class Plan(PublicIdModel):
    """The student's integral plan; its content lives in its versions."""

    student = models.OneToOneField(
        Student, verbose_name=_("student"), on_delete=models.PROTECT, related_name="plan"
    )
    #: The newest version, kept on the plan so lists and signals reach it with a join.
    #: Set by ``plans.services`` in the transaction that writes the version.
    current = models.OneToOneField(
        "PlanVersion",
        verbose_name=_("huidige versie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("integraal plan")
        verbose_name_plural = _("integrale plannen")

    def __str__(self) -> str:
        return str(_("Integraal plan"))


@track_personal_data()
class PlanVersion(models.Model):
    """One complete version of the plan. Append-only (database triggers)."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("versie"))
    route = models.CharField(_("route"), max_length=20, choices=PlanRoute.choices, blank=True)
    # The labour-market route's preparation (guideline 2020 §4.2: "zet in een vroeg stadium
    # in op een soepele overgang van school naar werk").
    prepare_placement = models.BooleanField(_("bpv-plek met uitzicht op werk"), default=False)
    prepare_support = models.BooleanField(_("extra ondersteuning geregeld"), default=False)
    prepare_next_phase = models.BooleanField(
        _("partners voor de volgende levensfase betrokken"), default=False
    )
    preparation_note = models.TextField(_("toelichting voorbereiding op werk"), blank=True)
    goal = models.TextField(_("doel van de student (waar wil je werken?)"), blank=True)
    strengths = models.TextField(_("sterke kanten"), blank=True)
    # The return ticket (retourticket): what the student takes along, and coming back.
    ticket_certificate = models.BooleanField(_("certificaat"), default=False)
    ticket_praktijkverklaring = models.BooleanField(_("praktijkverklaring"), default=False)
    ticket_mbo_verklaring = models.BooleanField(_("mbo-verklaring"), default=False)
    ticket_agreement = models.TextField(
        _("afspraak over later terugkomen voor niveau 2"), blank=True
    )
    end_advice = models.CharField(
        _("advies aan het eind van de opleiding"),
        max_length=20,
        choices=EndAdvice.choices,
        blank=True,
    )
    supporters: "models.ManyToManyField[NetworkContact, PlanSupporter]" = models.ManyToManyField(
        NetworkContact,
        verbose_name=_("wie ondersteunt"),
        through="PlanSupporter",
        related_name="+",
        blank=True,
    )
    reason = models.CharField(_("waarom deze versie"), max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # A default, not auto_now_add: the demo data write versions with dates in the past.
    recorded_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("planversie")
        verbose_name_plural = _("planversies")
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number_unique"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="plan_version_from_1"),
        ]
        triggers = [append_only("plan_version_append_only")]

    def __str__(self) -> str:
        return str(_("Versie %(number)s") % {"number": self.number})


@track_personal_data()
class PlanSupporter(models.Model):
    """A contact from the student's network who supports the student in this version."""

    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="+")
    contact = models.ForeignKey(NetworkContact, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("ondersteuner")
        verbose_name_plural = _("ondersteuners")
        constraints = [
            models.UniqueConstraint(fields=["version", "contact"], name="plan_supporter_once")
        ]
        triggers = [append_only("plan_supporter_append_only")]

    def __str__(self) -> str:
        return str(self.contact)


class PlanItem(models.Model):
    """What steps, provisions and obstacles share: their version and their stable key."""

    key = models.UUIDField(_("kenmerk"), default=uuid.uuid4, editable=False)

    class Meta:
        abstract = True


@track_personal_data()
class PlanStep(PlanItem):
    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="steps")
    description = models.CharField(_("stap"), max_length=300)
    owner = models.CharField(_("wie"), max_length=20, choices=StepOwner.choices)
    partner = models.ForeignKey(
        NetworkContact,
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    due_on = models.DateField(_("klaar op"))
    status = models.CharField(
        _("status"), max_length=20, choices=StepStatus.choices, default=StepStatus.OPEN
    )

    class Meta:
        verbose_name = _("stap")
        verbose_name_plural = _("stappen")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="plan_step_key_once"),
            models.CheckConstraint(
                condition=~models.Q(owner="partner") | models.Q(partner__isnull=False),
                name="plan_step_partner_named",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="plan_step_status_due")]
        triggers = [append_only("plan_step_append_only")]

    def __str__(self) -> str:
        return self.description


@track_personal_data()
class PlanProvision(PlanItem):
    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="provisions")
    kind = models.CharField(_("voorziening"), max_length=20, choices=ProvisionKind.choices)
    starts_on = models.DateField(_("vanaf"))
    ends_on = models.DateField(_("tot en met"), null=True, blank=True)
    note = models.CharField(_("toelichting"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("voorziening")
        verbose_name_plural = _("voorzieningen")
        ordering = ["starts_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="plan_provision_key_once"),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="plan_provision_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["ends_on"], name="plan_provision_ends")]
        triggers = [append_only("plan_provision_append_only")]

    def __str__(self) -> str:
        return self.get_kind_display()


@track_personal_data()
class PlanObstacle(PlanItem):
    """A regelzaak: something in one of the life domains that can block the way (housing,
    income, debts, care), with the partner contact who acts on it."""

    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="obstacles")
    domain = models.CharField(_("leefgebied"), max_length=20, choices=LifeDomain.choices)
    description = models.CharField(_("regelzaak"), max_length=300)
    partner = models.ForeignKey(
        NetworkContact,
        verbose_name=_("partner die het oppakt"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ObstacleStatus.choices, default=ObstacleStatus.OPEN
    )

    class Meta:
        verbose_name = _("regelzaak")
        verbose_name_plural = _("regelzaken")
        ordering = ["domain", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="plan_obstacle_key_once")
        ]
        triggers = [append_only("plan_obstacle_append_only")]

    def __str__(self) -> str:
        return self.description


@track_personal_data()
class ProgressMeeting(PublicIdModel):
    """A progress meeting (voortgangsgesprek) in the triangle school–student–employer. It
    re-assesses the five life domains and revises the plan: the version it produced is
    saved in the same transaction. Append-only, like the versions."""

    student = models.ForeignKey(
        Student, verbose_name=_("student"), on_delete=models.PROTECT, related_name="meetings"
    )
    held_on = models.DateField(_("datum gesprek"))
    with_student = models.BooleanField(_("student was erbij"), default=True)
    with_employer = models.BooleanField(_("werkgever / praktijkopleider was erbij"), default=False)
    others = models.CharField(_("verder aanwezig"), max_length=300, blank=True)
    notes = models.TextField(_("verslag"), blank=True)
    version = models.OneToOneField(
        PlanVersion,
        verbose_name=_("planversie"),
        on_delete=models.PROTECT,
        related_name="meeting",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # A default, not auto_now_add: the demo data write versions with dates in the past.
    recorded_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("voortgangsgesprek")
        verbose_name_plural = _("voortgangsgesprekken")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["student", "-held_on"], name="meeting_student_held")]
        triggers = [append_only("progress_meeting_append_only")]

    def __str__(self) -> str:
        return str(_("Voortgangsgesprek"))


@track_personal_data()
class MeetingDomain(models.Model):
    """A life domain as re-assessed in a progress meeting."""

    meeting = models.ForeignKey(ProgressMeeting, on_delete=models.PROTECT, related_name="domains")
    domain = models.CharField(_("leefgebied"), max_length=20, choices=LifeDomain.choices)
    state = models.CharField(_("beoordeling"), max_length=20, choices=DomainState.choices)
    note = models.CharField(_("toelichting"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("leefgebied in gesprek")
        verbose_name_plural = _("leefgebieden in gesprek")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "domain"], name="meeting_domain_once"),
            models.CheckConstraint(
                condition=~models.Q(state="zorg") | ~models.Q(note=""),
                name="meeting_domain_zorg_explained",
            ),
        ]
        triggers = [append_only("meeting_domain_append_only")]

    def __str__(self) -> str:
        return f"{self.get_domain_display()}: {self.get_state_display()}"


class PlanPart(models.TextChoices):
    """The parts of the record this app shows; the access log names them."""

    PLAN = "plan", _("Integraal plan")
    PLAN_PDF = "plan (pdf)", _("Integraal plan (document voor de student)")
