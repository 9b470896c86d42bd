"""Block "Instroom": who started in the school year, and the intake decisions taken in it."""

from django.db.models import Case, F, Q, Value, When
from django.utils.translation import gettext_lazy as _

from students.models import (
    HandedOverTo,
    LearningPath,
    Placeability,
    PriorEducation,
    Profile,
    ReferralRoute,
)

from .cube import Dim, TableSpec, join
from .national import reference
from .populations import COHORT, INTAKES

_COHORT = _(
    "Instroomcohort: de studenten van wie de eerste start in entree in dit schooljaar "
    "(1 augustus – 31 juli) valt en die echt begonnen zijn (nu actief, of uitgestroomd). "
    "Het cohort volgt de inspectie: 'een student is ingedeeld bij een cohort op het moment "
    "dat deze voor het eerst instroomt in een entreeopleiding' (Themaonderzoek 2018, "
    "bijlage III). Een student telt in het team waarin hij nu zit."
)


def _choices(choices: type) -> tuple[tuple[str, str], ...]:
    return tuple(choices.choices)  # type: ignore[attr-defined]


PRIOR_EDUCATION = Dim("prior_education", "prior_education", _choices(PriorEducation))
LEARNING_PATH = Dim("learning_path", "learning_path", _choices(LearningPath))
PROFILE = Dim("profile", "profile", _choices(Profile))
REFERRAL = Dim("referral_route", "referral_route", _choices(ReferralRoute))

#: ``age_at_start``: see :data:`.populations.COHORT`.
AGE_BAND = Dim(
    "age_band",
    Case(
        When(Q(age_at_start__lt=18), then=Value("onder_18")),
        When(Q(age_at_start__lte=22), then=Value("18_22")),
        When(Q(age_at_start__lte=26), then=Value("23_26")),
        default=Value("27_plus"),
    ),
    (
        ("onder_18", _("Jonger dan 18")),
        ("18_22", _("18 tot en met 22")),
        ("23_26", _("23 tot en met 26")),
        ("27_plus", _("27 en ouder")),
    ),
)

INTAKE_OUTCOME = Dim(
    "intake_outcome",
    Case(
        When(
            Q(outcome=Placeability.NIET_GEPLAATST, handed_over_to=HandedOverTo.VORIGE_SCHOOL),
            then=Value("niet_geplaatst_vorige_school"),
        ),
        When(Q(outcome=Placeability.NIET_GEPLAATST), then=Value("niet_geplaatst_gemeente")),
        default=F("outcome"),
    ),
    (
        (Placeability.GEPLAATST.value, _("Geplaatst")),
        (Placeability.HOGER_NIVEAU.value, _("Advies: start op niveau 2 of hoger")),
        ("niet_geplaatst_gemeente", _("Niet geplaatst, warm overgedragen aan de gemeente")),
        (
            "niet_geplaatst_vorige_school",
            _("Niet geplaatst, warm overgedragen aan de vorige school"),
        ),
        (Placeability.UITGESTELD.value, _("Uitgesteld (eerst leefgebieden op orde)")),
    ),
)


TABLES = [
    TableSpec(
        key="inflow_prior_education",
        title=_("Instroom naar vooropleiding"),
        definition=join(
            _COHORT,
            _(
                "Vooropleiding in de vijf groepen van de inspectie plus 'onbekend' (tabel 2.2a); "
                "'vo met diploma' is de groep 'vo (incl. vbo)' van de inspectie."
            ),
        ),
        population=COHORT,
        row_header=_("Vooropleiding"),
        rows=PRIOR_EDUCATION,
        chart="bar",
        national=lambda: reference("2.2a", category_is_row=True),
    ),
    TableSpec(
        key="inflow_learning_path",
        title=_("Instroom naar leerweg"),
        definition=join(_COHORT, _("Leerweg: bol, bbl of examendeelnemer (nu).")),
        population=COHORT,
        row_header=_("Leerweg"),
        rows=LEARNING_PATH,
        chart="bar",
    ),
    TableSpec(
        key="inflow_profile",
        title=_("Instroom naar uitstroomprofiel"),
        definition=join(
            _COHORT,
            _(
                "Het uitstroomprofiel dat nu is vastgelegd; 'entree-kwalificatiedossier' is nog "
                "niet gekozen. De landelijke cijfers (tabel 2.3b) zijn aantallen, geen percentages."
            ),
        ),
        population=COHORT,
        row_header=_("Uitstroomprofiel"),
        rows=PROFILE,
        chart="bar",
        national=lambda: reference("2.3b", category_is_row=True),
    ),
    TableSpec(
        key="inflow_age",
        title=_("Instroom naar leeftijd bij de start"),
        definition=join(
            _COHORT, _("Leeftijd in hele jaren op de startdatum (de inspectie meet op 1 oktober).")
        ),
        population=COHORT,
        row_header=_("Leeftijd"),
        rows=AGE_BAND,
        chart="bar",
    ),
    TableSpec(
        key="inflow_referral",
        title=_("Instroom naar aanmeldroute"),
        definition=join(_COHORT, _("Via wie de student is aangemeld.")),
        population=COHORT,
        row_header=_("Aangemeld via"),
        rows=REFERRAL,
        chart="bar",
    ),
    TableSpec(
        key="intake_outcomes",
        title=_("Besluiten na de intake"),
        definition=_(
            "Intakes met een besluit over de plaatsbaarheid dat in dit schooljaar is genomen "
            "(besluitdatum tussen 1 augustus en 31 juli), naar het besluit zoals het nu "
            "staat: een uitgestelde intake die later tot plaatsing leidde, telt als "
            "geplaatst. Wie niet geplaatst wordt, is altijd met een schriftelijke motivatie "
            "warm overgedragen aan de gemeente of de vorige school."
        ),
        population=INTAKES,
        row_header=_("Besluit"),
        rows=INTAKE_OUTCOME,
        chart="bar",
    ),
]
