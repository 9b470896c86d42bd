"""Block "Datakwaliteit": how far a manager can trust the rest — what is missing in the
records the other blocks count."""

from django.db.models import Case, Q, Value, When
from django.utils.translation import gettext_lazy as _

from entree.core.types import StrOrPromise
from outflow.models import Destination, Position
from students.models import PriorEducation, Status

from .cube import Dim, TableSpec
from .populations import COHORT, CONTACTS, LEAVERS

_YES_NO = (("ja", _("Aantal")), ("nee", _("Niet")))

#: The intake fields the inflow and the inspectorate's questions rely on.
_INTAKE_FIELDS = (
    "dutch_level",
    "maths_level",
    "language_level",
    "route_indication",
    "handover_file",
    "motivation",
)


def _flag(name: str, condition: Q, label: StrOrPromise) -> Dim:
    return Dim(
        name,
        Case(When(condition, then=Value("ja")), default=Value("nee")),
        _YES_NO,
        label=label,
    )


_INTAKE_MISSING = Q(intake__isnull=True)
for _field in _INTAKE_FIELDS:
    _INTAKE_MISSING |= Q(**{f"intake__{_field}": ""})

TABLES = [
    TableSpec(
        key="quality_cohort",
        title=_("Datakwaliteit van het instroomcohort"),
        definition=_(
            "Van de studenten van het instroomcohort: hoeveel nu geen regiehouder hebben "
            "(terwijl hun traject niet is afgesloten), van wie de intake ontbreekt of "
            "onvolledig is (niveau Nederlands, rekenen, taal, route-indicatie, "
            "overdrachtsdossier of motivatie leeg) en van wie de vooropleiding onbekend is."
        ),
        population=COHORT,
        row_header=_("Ontbreekt"),
        flags=(
            _flag(
                "no_regiehouder",
                Q(regiehouder__isnull=True) & ~Q(status=Status.AFGESLOTEN),
                _("Geen regiehouder"),
            ),
            _flag("intake_incomplete", _INTAKE_MISSING, _("Intake ontbreekt of is onvolledig")),
            _flag(
                "prior_unknown",
                Q(prior_education=PriorEducation.ONBEKEND),
                _("Vooropleiding onbekend"),
            ),
        ),
        percent_of="row",
    ),
    TableSpec(
        key="quality_leavers",
        title=_("Datakwaliteit van de uitstroom"),
        definition=_(
            "Van de uitstromers van dit schooljaar: hoeveel een onbekende bestemming hebben "
            "en bij hoeveel geen eindgesprek is vastgelegd."
        ),
        population=LEAVERS,
        row_header=_("Ontbreekt"),
        flags=(
            _flag(
                "destination_unknown",
                Q(destination=Destination.ONBEKEND),
                _("Bestemming onbekend"),
            ),
            _flag("no_exit_interview", Q(exit_interview_on__isnull=True), _("Geen eindgesprek")),
        ),
        percent_of="row",
    ),
    TableSpec(
        key="quality_contacts",
        title=_("Datakwaliteit van de nazorg"),
        definition=_(
            "Van de contactmomenten nazorg die in dit schooljaar vielen: bij hoeveel het "
            "contact is gedaan maar de positie op de arbeidsmarkt onbekend bleef (niet "
            "bereikt, of positie 'onbekend')."
        ),
        population=CONTACTS,
        row_header=_("Ontbreekt"),
        flags=(
            _flag(
                "position_unknown",
                Q(done_on__isnull=False)
                & (Q(reached=False) | Q(position__in=["", Position.ONBEKEND])),
                _("Positie onbekend na contact"),
            ),
        ),
        percent_of="row",
    ),
]
