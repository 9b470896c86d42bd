"""The student: who they are, where they are in the programme (the status lifecycle) and
who holds responsibility for them (the regiehouder), with the code lists for their
programme details and the school-year helper."""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from entree.accounts.models import Institution, Team
from entree.core.dates import validate_birth_date, validate_start_date
from entree.core.history import track_personal_data
from entree.core.models import PublicIdModel
from entree.core.search import searchable
from entree.core.types import StrOrPromise
from entree.core.validators import validate_phone


class LearningPath(models.TextChoices):
    BOL = "bol", _("bol (schoolgebonden)")
    BBL = "bbl", _("bbl (werkend leren)")
    EXAMENDEELNEMER = "examendeelnemer", _("examendeelnemer")


class Profile(models.TextChoices):
    """The nine qualification profiles plus 'not yet chosen' (DESIGN §4)."""

    BOUWEN = "ass_bouwen_wonen_onderhoud", _("Assistent bouwen, wonen en onderhoud")
    ZORG = "ass_dienstverlening_zorg", _("Assistent dienstverlening en zorg")
    HORECA = "ass_horeca_voeding", _("Assistent horeca, voeding of voedingsindustrie")
    INSTALLATIE = (
        "ass_installatie_constructietechniek",
        _("Assistent installatie- en constructietechniek"),
    )
    LOGISTIEK = "ass_logistiek", _("Assistent logistiek")
    MOBILITEIT = "ass_mobiliteitsbranche", _("Assistent mobiliteitsbranche")
    PROCESTECHNIEK = "ass_procestechniek", _("Assistent procestechniek")
    RETAIL = "ass_verkoop_retail", _("Assistent verkoop/retail")
    GROEN = "ass_plant_groene_leefomgeving", _("Assistent plant of (groene) leefomgeving")
    NOG_NIET = "entree_kwalificatiedossier", _("Entree-kwalificatiedossier (nog niet gekozen)")


class PriorEducation(models.TextChoices):
    """The inspectorate's five groups plus 'unknown' (report table 2.2a)."""

    GEEN_DIPLOMA_VO = "geen_diploma_vo", _("Voortgezet onderwijs zonder diploma")
    PRAKTIJKONDERWIJS = "praktijkonderwijs", _("Praktijkonderwijs")
    ISK = "isk", _("Internationale schakelklas (isk)")
    VSO = "vso", _("Voortgezet speciaal onderwijs (vso)")
    VO_MET_DIPLOMA = "vo_met_diploma", _("Vo met diploma (lbo/vbo/lwt)")
    ONBEKEND = "onbekend", _("Onbekend")


class PriorEducationLevel(models.TextChoices):
    """Sub-level for 'left secondary school without diploma'."""

    BRUGJAAR = "brugjaar", _("brugjaar")
    VMBO_BASIS = "vmbo_basis", _("vmbo-basis")
    VMBO_KADER = "vmbo_kader", _("vmbo-kader")
    VMBO_GT = "vmbo_gt", _("vmbo-g/t")
    HAVO = "havo", _("havo")


class ReferralRoute(models.TextChoices):
    EIGEN_INITIATIEF = "eigen_initiatief", _("Eigen initiatief")
    LEERPLICHT_RMC = "leerplicht_rmc", _("Leerplicht / Doorstroompunt (RMC)")
    PRO_VSO_ISK = "pro_vso_isk", _("Pro-, vso- of isk-school")
    GEMEENTE = "gemeente", _("Gemeente (werk en inkomen, re-integratie, inburgering)")
    ANDERS = "anders", _("Anders")


class Status(models.TextChoices):
    """The lifecycle: aangemeld → intake → geplaatst / niet geplaatst / hoger niveau /
    uitgesteld → actief → uitgestroomd → nazorg → afgesloten."""

    AANGEMELD = "aangemeld", _("Aangemeld")
    INTAKE = "intake", _("In intake")
    GEPLAATST = "geplaatst", _("Geplaatst")
    NIET_GEPLAATST = "niet_geplaatst", _("Niet geplaatst")
    HOGER_NIVEAU = "hoger_niveau", _("Advies hoger niveau")
    UITGESTELD = "uitgesteld", _("Uitgesteld")
    ACTIEF = "actief", _("Actief")
    UITGESTROOMD = "uitgestroomd", _("Uitgestroomd")
    NAZORG = "nazorg", _("Nazorg")
    AFGESLOTEN = "afgesloten", _("Afgesloten")


#: Students the outflow coordinator works with (DESIGN §2).
OUTFLOW_STATUSES = frozenset({Status.UITGESTROOMD, Status.NAZORG})
#: While no final placement decision is taken: the intake can be filled in and decided.
INTAKE_OPEN_STATUSES = frozenset({Status.AANGEMELD, Status.INTAKE, Status.UITGESTELD})

_DECISIONS = frozenset(
    {Status.GEPLAATST, Status.NIET_GEPLAATST, Status.HOGER_NIVEAU, Status.UITGESTELD}
)
#: The one table of the lifecycle: from each status, the statuses a student may move to.
#: ``students.services.student_set_status`` refuses every other move, whichever app asks.
STATUS_TRANSITIONS: dict[str, frozenset[str]] = {
    # An intake is started, or a candidate is turned down before any intake field is
    # filled in (guideline 2020 §4.2: a written motivation and a warm handover suffice).
    Status.AANGEMELD: frozenset({Status.INTAKE}) | _DECISIONS,
    Status.INTAKE: _DECISIONS,
    # A postponed intake is resumed, decided, or postponed again with a new motivation.
    Status.UITGESTELD: frozenset({Status.INTAKE}) | _DECISIONS,
    # A placed candidate starts, or never comes and the record is closed.
    Status.GEPLAATST: frozenset({Status.ACTIEF, Status.AFGESLOTEN}),
    # Not placed or advised a higher level: handed over warmly, then closed.
    Status.NIET_GEPLAATST: frozenset({Status.AFGESLOTEN}),
    Status.HOGER_NIVEAU: frozenset({Status.AFGESLOTEN}),
    # Outflow is registered for an active student (the outflow app).
    Status.ACTIEF: frozenset({Status.UITGESTROOMD}),
    # After outflow: two years of aftercare, or closed at once (a leaver who declines it).
    Status.UITGESTROOMD: frozenset({Status.NAZORG, Status.AFGESLOTEN}),
    Status.NAZORG: frozenset({Status.AFGESLOTEN}),
    Status.AFGESLOTEN: frozenset(),
}
#: Students who must have a regiehouder: everybody not yet closed.
ACTIVE_STATUSES = frozenset(set(Status) - {Status.AFGESLOTEN})


#: One rule for page, API and import: a sub-level belongs only to 'left secondary school
#: without diploma' (also a check constraint on the table).
PRIOR_LEVEL_REFUSED = _("Een niveau hoort alleen bij 'voortgezet onderwijs zonder diploma'.")


def prior_level_problem(prior_education: str, level: str) -> StrOrPromise | None:
    """Why this combination of prior education and sub-level is refused, or None."""
    if level and prior_education != PriorEducation.GEEN_DIPLOMA_VO:
        return PRIOR_LEVEL_REFUSED
    return None


def school_year_of(day: date) -> str:
    """The school year (1 Aug – 31 Jul) a date falls in, as ``2025-2026``."""
    first = day.year if day.month >= 8 else day.year - 1
    return f"{first}-{first + 1}"


def student_search_text() -> models.Func:
    """What the caseload searches in: first name, tussenvoegsel, last name and number."""
    return searchable("first_name", "last_name_prefix", "last_name", "student_number")


@track_personal_data()
class Student(PublicIdModel):
    institution = models.ForeignKey(
        Institution, verbose_name=_("instelling"), on_delete=models.PROTECT, related_name="+"
    )
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="students"
    )
    student_number = models.CharField(_("studentnummer"), max_length=20)
    first_name = models.CharField(_("voornaam"), max_length=100)
    # The longest voorvoegsel in the BRP's table (e.g. "uijt te de") has 10 characters.
    last_name_prefix = models.CharField(_("tussenvoegsel"), max_length=10, blank=True)
    last_name = models.CharField(_("achternaam"), max_length=150)
    date_of_birth = models.DateField(_("geboortedatum"), validators=[validate_birth_date])
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(
        _("telefoonnummer"), max_length=20, blank=True, validators=[validate_phone]
    )
    address = models.CharField(_("adres"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    city = models.CharField(_("woonplaats"), max_length=100, blank=True)
    start_date = models.DateField(
        _("startdatum"), null=True, blank=True, validators=[validate_start_date]
    )
    cohort = models.CharField(
        _("cohort"),
        max_length=9,
        blank=True,
        db_index=True,
        help_text=_("Schooljaar van de eerste start in entree (1 augustus – 31 juli)."),
    )
    learning_path = models.CharField(_("leerweg"), max_length=20, choices=LearningPath.choices)
    profile = models.CharField(
        _("uitstroomprofiel"), max_length=40, choices=Profile.choices, default=Profile.NOG_NIET
    )
    prior_education = models.CharField(
        _("vooropleiding"),
        max_length=20,
        choices=PriorEducation.choices,
        default=PriorEducation.ONBEKEND,
    )
    prior_education_level = models.CharField(
        _("niveau vooropleiding"), max_length=12, choices=PriorEducationLevel.choices, blank=True
    )
    referral_route = models.CharField(
        _("aangemeld via"),
        max_length=20,
        choices=ReferralRoute.choices,
        default=ReferralRoute.EIGEN_INITIATIEF,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.AANGEMELD, db_index=True
    )
    regiehouder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("regiehouder"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="students_in_charge",
    )
    # The date by which the (binding) study advice must be given: four months after the
    # start, or the new date of a postponed advice; empty once a final advice is given.
    # Kept on the row (not computed) so the caseload can filter and index on it.
    study_advice_due_on = models.DateField(_("studieadvies uiterlijk"), null=True, blank=True)

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("studenten")
        ordering = ["last_name", "first_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "student_number"],
                name="student_number_unique_per_institution",
            ),
            models.CheckConstraint(
                condition=models.Q(prior_education="geen_diploma_vo")
                | models.Q(prior_education_level=""),
                name="student_prior_level_only_without_diploma",
            ),
        ]
        indexes = [
            models.Index(fields=["team", "status"], name="student_team_status"),
            models.Index(fields=["regiehouder", "status"], name="student_regie_status"),
            # The caseload's page of 50, by name within the team / the user's own students
            # (selectors.MineFirst): an index range in order, no sort of the whole team.
            models.Index(
                fields=["team", "last_name", "first_name", "id"], name="student_team_name"
            ),
            models.Index(
                fields=["regiehouder", "last_name", "first_name", "id"], name="student_regie_name"
            ),
            models.Index(fields=["study_advice_due_on"], name="student_advice_due"),
            models.Index(fields=["date_of_birth"], name="student_birth_date"),
            # The caseload's search has a trigram index on student_search_text(),
            # "student_search", made by migration 0005: Django renders an OpClass around
            # this function call with the parentheses in the wrong place.
        ]

    def __str__(self) -> str:
        return self.full_name

    def set_start_date(self, day: date) -> None:
        """Set the start of the programme and with it the cohort: the school year of the
        first entree start (inspectorate 2018, appendix III). The one place both change."""
        self.start_date = day
        self.cohort = school_year_of(day)

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name_prefix, self.last_name) if p)

    @property
    def sort_name(self) -> str:
        prefix = f", {self.last_name_prefix}" if self.last_name_prefix else ""
        return f"{self.last_name}, {self.first_name}{prefix}"
