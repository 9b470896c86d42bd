"""The support network around a student: the contacts (school, gemeente, care, family),
the intake's assessment of the five life domains with the partner who acts on each, and
the student's consent to involve a contact or share information with them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from entree.core.dates import validate_past_date
from entree.core.history import track_personal_data
from entree.core.models import NOTE_LENGTH, BoundedTextField, PublicIdModel, append_only
from entree.core.validators import validate_phone

from .intake import Intake
from .student import Student


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
    phone = models.CharField(
        _("telefoonnummer"), max_length=20, blank=True, validators=[validate_phone]
    )
    email = models.EmailField(_("e-mailadres"), blank=True)
    note = BoundedTextField(_("notitie"), max_length=NOTE_LENGTH, blank=True)

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
    note = BoundedTextField(_("toelichting"), max_length=NOTE_LENGTH, blank=True)
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
        # One order everywhere (page, API, record, PDF): the order of ``LifeDomain``.
        ordering = [
            models.Case(
                *(models.When(domain=code, then=index) for index, code in enumerate(LifeDomain)),
                output_field=models.IntegerField(),
            )
        ]
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
    on = models.DateField(_("datum"), validators=[validate_past_date])
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
