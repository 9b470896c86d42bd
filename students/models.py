"""The student record: who the student is, where they are in the programme, and who holds
responsibility for them (the regiehouder)."""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from entree.accounts.models import Institution, Team
from entree.core.history import track_personal_data
from entree.core.models import PublicIdModel, append_only


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
#: Students who must have a regiehouder: everybody not yet closed.
ACTIVE_STATUSES = frozenset(set(Status) - {Status.AFGESLOTEN})


def school_year_of(day: date) -> str:
    """The school year (1 Aug – 31 Jul) a date falls in, as ``2025-2026``."""
    first = day.year if day.month >= 8 else day.year - 1
    return f"{first}-{first + 1}"


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
    last_name_prefix = models.CharField(_("tussenvoegsel"), max_length=20, blank=True)
    last_name = models.CharField(_("achternaam"), max_length=150)
    date_of_birth = models.DateField(_("geboortedatum"))
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=20, blank=True)
    address = models.CharField(_("adres"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    city = models.CharField(_("woonplaats"), max_length=100, blank=True)
    start_date = models.DateField(_("startdatum"), null=True, blank=True)
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
            models.Index(fields=["study_advice_due_on"], name="student_advice_due"),
            models.Index(fields=["date_of_birth"], name="student_birth_date"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name_prefix, self.last_name) if p)

    @property
    def sort_name(self) -> str:
        prefix = f", {self.last_name_prefix}" if self.last_name_prefix else ""
        return f"{self.last_name}, {self.first_name}{prefix}"


# --- Intake -------------------------------------------------------------------------------


class HandoverFile(models.TextChoices):
    ONTVANGEN = "ontvangen", _("Ontvangen")
    NIET_ONTVANGEN = "niet_ontvangen", _("Niet ontvangen")
    NIET_VAN_TOEPASSING = "nvt", _("Niet van toepassing")


class DutchLevel(models.TextChoices):
    """CEFR level for non-native speakers; A2 is the usual minimum (DESIGN §4)."""

    MOEDERTAAL = "moedertaal", _("Nederlands is moedertaal")
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"


class ReferenceLevel(models.TextChoices):
    """Maths and Dutch-language reference levels (referentieniveaus)."""

    ONDER_1F = "onder_1F", _("Onder 1F")
    F1 = "1F", "1F"
    F2 = "2F", "2F"


class Route(models.TextChoices):
    KWALIFICEREND = "kwalificerend", _("Kwalificerend (doorstroom naar niveau 2)")
    ARBEIDSMARKT = "arbeidsmarkt", _("Arbeidsmarktgericht (naar werk)")
    NOG_ONBEKEND = "nog_onbekend", _("Nog niet te zeggen")


class Placeability(models.TextChoices):
    GEPLAATST = "geplaatst", _("Geplaatst")
    HOGER_NIVEAU = "hoger_niveau", _("Advies: start op niveau 2 of hoger")
    NIET_GEPLAATST = "niet_geplaatst", _("Niet geplaatst")
    UITGESTELD = "uitgesteld", _("Uitgesteld (eerst leefgebieden op orde)")


class HandedOverTo(models.TextChoices):
    GEMEENTE = "gemeente", _("Gemeente")
    VORIGE_SCHOOL = "vorige_school", _("Vorige school")


#: Prior education for which the inspectorate wants a higher level checked explicitly.
HIGHER_LEVEL_CHECK_LEVELS = frozenset(
    {PriorEducationLevel.VMBO_KADER, PriorEducationLevel.VMBO_GT, PriorEducationLevel.HAVO}
)


@track_personal_data()
class Intake(PublicIdModel):
    """The inclusive intake (guideline 2020 §4.2), one per student."""

    student = models.OneToOneField(
        Student, verbose_name=_("student"), on_delete=models.CASCADE, related_name="intake"
    )
    referrer = models.CharField(
        _("verwezen door"),
        max_length=200,
        blank=True,
        help_text=_("Persoon of organisatie die de student aanmeldde of doorverwees."),
    )
    handover_file = models.CharField(
        _("overdrachtsdossier vorige school"),
        max_length=20,
        choices=HandoverFile.choices,
        blank=True,
    )
    dutch_level = models.CharField(
        _("niveau Nederlands (ERK)"), max_length=12, choices=DutchLevel.choices, blank=True
    )
    maths_level = models.CharField(
        _("rekenen"), max_length=10, choices=ReferenceLevel.choices, blank=True
    )
    language_level = models.CharField(
        _("taal"), max_length=10, choices=ReferenceLevel.choices, blank=True
    )
    motivation = models.TextField(_("motivatie en doel van de student"), blank=True)
    route_indication = models.CharField(
        _("vroege route-indicatie"), max_length=20, choices=Route.choices, blank=True
    )
    higher_level_considered = models.BooleanField(
        _("hoger niveau overwogen"), null=True, blank=True
    )
    higher_level_note = models.TextField(_("toelichting hoger niveau"), blank=True)
    outcome = models.CharField(
        _("besluit plaatsbaarheid"), max_length=20, choices=Placeability.choices, blank=True
    )
    outcome_motivation = models.TextField(_("motivatie besluit"), blank=True)
    handed_over_to = models.CharField(
        _("warm overgedragen aan"), max_length=20, choices=HandedOverTo.choices, blank=True
    )
    handed_over_contact = models.CharField(
        _("contactpersoon overdracht"), max_length=200, blank=True
    )
    decided_on = models.DateField(_("besluit genomen op"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("besluit genomen door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("intake")
        verbose_name_plural = _("intakes")
        constraints = [
            # Nobody is refused, postponed or sent elsewhere without a written reason.
            models.CheckConstraint(
                condition=~models.Q(outcome__in=["niet_geplaatst", "uitgesteld", "hoger_niveau"])
                | ~models.Q(outcome_motivation=""),
                name="intake_outcome_needs_motivation",
            ),
            # ... and a candidate who is not placed is handed over, so they stay in view.
            models.CheckConstraint(
                condition=~models.Q(outcome="niet_geplaatst") | ~models.Q(handed_over_to=""),
                name="intake_not_placed_needs_handover",
            ),
        ]

    def __str__(self) -> str:
        return f"Intake {self.student}"


class LifeDomain(models.TextChoices):
    """The 'big five' life domains (DESIGN §4)."""

    ZORG = "hulpverlening_zorg", _("Hulpverlening en zorg")
    WONEN = "wonen", _("Wonen")
    FINANCIEN = "financien", _("Financiën")
    SCHOOL = "school", _("School")
    WERK = "werk", _("Werk")


class DomainState(models.TextChoices):
    OP_ORDE = "op_orde", _("Op orde")
    AANDACHT = "aandacht", _("Aandacht")
    ZORG = "zorg", _("Zorg")


class ContactKind(models.TextChoices):
    VORIGE_SCHOOL = "vorige_school", _("Vorige school")
    GEMEENTE = "gemeente", _("Consulent gemeente")
    DOORSTROOMPUNT = "doorstroompunt", _("Doorstroompunt (RMC)")
    LEERPLICHT = "leerplicht", _("Leerplichtambtenaar")
    JEUGDZORG = "jeugdzorg", _("Jeugdhulp")
    ZORGAANBIEDER = "zorgaanbieder", _("Zorgaanbieder / hulpverlener")
    JOBCOACH = "jobcoach", _("Jobcoach")
    OUDER = "ouder", _("Ouder of verzorger")
    RECLASSERING = "reclassering", _("Reclassering")
    BEWINDVOERDER = "bewindvoerder", _("Bewindvoerder / schuldhulp")
    WERKGEVER = "werkgever", _("Werkgever")
    ANDERS = "anders", _("Anders")


@track_personal_data()
class NetworkContact(PublicIdModel):
    """A person or organisation around the student (the support network)."""

    student = models.ForeignKey(
        Student, verbose_name=_("student"), on_delete=models.CASCADE, related_name="contacts"
    )
    kind = models.CharField(_("soort"), max_length=20, choices=ContactKind.choices)
    organisation = models.CharField(_("organisatie"), max_length=200, blank=True)
    name = models.CharField(_("naam"), max_length=200)
    role = models.CharField(_("functie of rol"), max_length=200, blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=20, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    note = models.TextField(_("notitie"), blank=True)

    class Meta:
        verbose_name = _("netwerkcontact")
        verbose_name_plural = _("netwerkcontacten")
        ordering = ["kind", "name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"


@track_personal_data()
class LifeDomainAssessment(PublicIdModel):
    """One life domain as assessed at the intake: state, note and the partner who acts."""

    intake = models.ForeignKey(
        Intake, verbose_name=_("intake"), on_delete=models.CASCADE, related_name="domains"
    )
    domain = models.CharField(_("leefgebied"), max_length=20, choices=LifeDomain.choices)
    state = models.CharField(_("beoordeling"), max_length=10, choices=DomainState.choices)
    note = models.TextField(_("toelichting"), blank=True)
    partner = models.ForeignKey(
        NetworkContact,
        verbose_name=_("partner die actie onderneemt"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("beoordeling leefgebied")
        verbose_name_plural = _("beoordelingen leefgebieden")
        constraints = [
            models.UniqueConstraint(fields=["intake", "domain"], name="one_assessment_per_domain")
        ]

    def __str__(self) -> str:
        return f"{self.get_domain_display()}: {self.get_state_display()}"


class ConsentPurpose(models.TextChoices):
    BETREKKEN = "betrekken", _("Betrekken bij intake en begeleiding")
    GEGEVENS_DELEN = "gegevens_delen", _("Gegevens delen (o.a. bij warme overdracht)")


class Consent(models.Model):
    """The student's consent to involve a contact or share information with them.

    Append-only: a withdrawal is a new record, never an edit, so it is always clear what
    was allowed at any moment. The current state per contact and purpose is the latest
    record. Database triggers refuse UPDATE and DELETE.
    """

    student = models.ForeignKey(
        Student, verbose_name=_("student"), on_delete=models.PROTECT, related_name="consents"
    )
    contact = models.ForeignKey(
        NetworkContact,
        verbose_name=_("contact"),
        on_delete=models.PROTECT,
        related_name="consents",
    )
    purpose = models.CharField(_("doel"), max_length=20, choices=ConsentPurpose.choices)
    given = models.BooleanField(_("toestemming gegeven"))
    on = models.DateField(_("datum"))
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")
        ordering = ["-recorded_at", "-id"]
        triggers = [append_only("consent_append_only")]

    def __str__(self) -> str:
        state = _("gegeven") if self.given else _("ingetrokken")
        return f"{self.get_purpose_display()}: {state}"


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
    given_on = models.DateField(_("datum"))
    motivation = models.TextField(_("motivatie"))
    postponed_until = models.DateField(_("uitgesteld tot"), null=True, blank=True)
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


# --- Access log ---------------------------------------------------------------------------


class RecordPart(models.TextChoices):
    """The parts of a student's record whose reads the access log names (see entree.audit)."""

    DOSSIER = "dossier", _("Overzicht")
    GEGEVENS = "gegevens", _("Persoonsgegevens")
    INTAKE = "intake", _("Intake")
    NETWERK = "netwerk", _("Netwerk")
    TOESTEMMING = "toestemming", _("Toestemmingen")
    STUDIEADVIES = "studieadvies", _("Studieadvies")
    REGIE = "regie", _("Regie")
    VOLLEDIG_DOSSIER = "volledig dossier (export)", _("Volledig dossier (inzageverzoek)")
    CASELOAD_EXPORT = "caseload-export", _("Caseload-export (CSV)")
    IMPORT = "import", _("Import uit het studentinformatiesysteem")
    IMPORT_PROEF = "import (proef)", _("Proefimport uit het studentinformatiesysteem")
