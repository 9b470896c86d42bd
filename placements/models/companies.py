"""Host companies (leerbedrijven) and their praktijkopleiders, shared by every team of the
institution and known by their KvK number."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from entree.accounts.models import Institution
from entree.core.dates import validate_past_date
from entree.core.history import track_personal_data
from entree.core.models import NOTE_LENGTH, BoundedTextField, PublicIdModel
from entree.core.validators import validate_kvk, validate_phone


class Sector(models.TextChoices):
    """Where a company works. The first seven are the guideline's promising sectors
    (guideline 2020 §4.3, "Kansrijke sectoren op de arbeidsmarkt")."""

    AGRARISCH = "agrarisch", _("Agrarisch en groen")
    LOGISTIEK = "logistiek", _("Logistiek en transport")
    HOUT = "hout", _("Hout en meubel")
    METAAL = "metaal_constructie", _("Metaal en constructie")
    RETAIL = "retail", _("Verkoop en retail")
    HORECA = "horeca", _("Horeca en voeding")
    ZORG = "zorg", _("Zorg en welzijn")
    BOUW = "bouw", _("Bouw en onderhoud")
    TECHNIEK = "techniek_installatie", _("Techniek en installatie")
    MOBILITEIT = "mobiliteit", _("Mobiliteit (auto, fiets, tweewielers)")
    PROCESINDUSTRIE = "procesindustrie", _("Procesindustrie en productie")
    SCHOONMAAK = "schoonmaak_facilitair", _("Schoonmaak en facilitaire dienstverlening")
    DIENSTVERLENING = "dienstverlening", _("Zakelijke en publieke dienstverlening")
    ANDERS = "anders", _("Anders")


#: The guideline's promising sectors: marked as such in the company form and lists.
PROMISING_SECTORS = frozenset(
    {
        Sector.AGRARISCH,
        Sector.LOGISTIEK,
        Sector.HOUT,
        Sector.METAAL,
        Sector.RETAIL,
        Sector.HORECA,
        Sector.ZORG,
    }
)


@track_personal_data()
class Company(PublicIdModel):
    """A host company (leerbedrijf), shared by every team of the institution."""

    institution = models.ForeignKey(
        Institution, verbose_name=_("instelling"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("naam"), max_length=200)
    kvk_number = models.CharField(
        _("KvK-nummer"),
        max_length=8,
        validators=[validate_kvk],
        help_text=_("Acht cijfers, zoals op het uittreksel van de Kamer van Koophandel."),
    )
    sector = models.CharField(_("sector"), max_length=30, choices=Sector.choices)
    sbb_recognised = models.BooleanField(_("erkend leerbedrijf (SBB)"), default=False)
    sbb_number = models.CharField(_("SBB-erkenningsnummer"), max_length=20, blank=True)
    sbb_checked_on = models.DateField(
        _("erkenning laatst gecontroleerd op"),
        null=True,
        blank=True,
        validators=[validate_past_date],
    )
    address = models.CharField(_("adres"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    city = models.CharField(_("plaats"), max_length=100, blank=True)
    notes = BoundedTextField(_("notities"), max_length=NOTE_LENGTH, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("toegevoegd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("leerbedrijf")
        verbose_name_plural = _("leerbedrijven")
        ordering = ["name", "id"]
        constraints = [
            # The natural key: nobody adds the same company twice.
            models.UniqueConstraint(
                fields=["institution", "kvk_number"], name="company_kvk_unique_per_institution"
            ),
            models.CheckConstraint(
                condition=models.Q(kvk_number__regex=r"^[0-9]{8}$"), name="company_kvk_8_digits"
            ),
        ]
        indexes = [
            models.Index(fields=["institution", "name", "id"], name="company_institution_name"),
            models.Index(fields=["institution", "sector"], name="company_institution_sector"),
        ]

    def __str__(self) -> str:
        return self.name


@track_personal_data()
class CompanyContact(PublicIdModel):
    """A contact person at the company, usually the praktijkopleider (workplace trainer)."""

    company = models.ForeignKey(
        Company, verbose_name=_("leerbedrijf"), on_delete=models.PROTECT, related_name="contacts"
    )
    name = models.CharField(_("naam"), max_length=200)
    role = models.CharField(_("functie"), max_length=200, blank=True)
    phone = models.CharField(
        _("telefoonnummer"), max_length=20, blank=True, validators=[validate_phone]
    )
    email = models.EmailField(_("e-mailadres"), blank=True)
    #: A praktijkopleider who left the company stays on old placements but is no longer
    #: offered for new ones.
    active = models.BooleanField(_("werkt hier nog"), default=True)

    class Meta:
        verbose_name = _("praktijkopleider")
        verbose_name_plural = _("praktijkopleiders")
        ordering = ["-active", "name", "id"]

    def __str__(self) -> str:
        return self.name
