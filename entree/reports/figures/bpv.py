"""Block "Bpv": the work placements started in the school year, by sector (DESIGN §4,
guideline 2020 §4.3)."""

from django.db.models import Case, Count, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual
from django.utils.translation import gettext_lazy as _

from placements.models import JOB_OUTCOMES, VISITS_WANTED, Outcome, Sector, Visit

from .cube import Dim, TableSpec, join
from .populations import PLACEMENTS, plus

SECTOR = Dim("sector", "company__sector", tuple(Sector.choices))

_VISITS = Coalesce(
    Subquery(
        Visit.objects.filter(placement=OuterRef("pk"))
        .order_by()
        .values("placement")
        .annotate(n=Count("*"))
        .values("n")
    ),
    0,
)
VISITS = Dim(
    "visits",
    Case(
        When(GreaterThanOrEqual(_VISITS, VISITS_WANTED), then=Value("twee_of_meer")),
        default=Value("minder_dan_twee"),
    ),
    (
        ("twee_of_meer", _("Twee of meer bezoeken")),
        ("minder_dan_twee", _("Minder dan twee bezoeken")),
    ),
)

_SIGNED_BEFORE_START = Q(
    signed_school_on__lte=F("start_date"),
    signed_student_on__lte=F("start_date"),
    signed_company_on__lte=F("start_date"),
) & (
    # An adult on the first day, or a parent or guardian signed too.
    Q(student__date_of_birth__lte=plus(F("start_date"), "-18 years"))
    | Q(signed_guardian_on__lte=F("start_date"))
)
AGREEMENT = Dim(
    "agreement",
    Case(When(_SIGNED_BEFORE_START, then=Value("voor_de_start")), default=Value("niet_op_tijd")),
    (
        ("voor_de_start", _("Getekend vóór de start")),
        ("niet_op_tijd", _("Niet (volledig) vóór de start getekend")),
    ),
)

JOB = Dim(
    "job",
    Case(
        When(outcome__in=sorted(JOB_OUTCOMES), then=Value("baan")),
        When(outcome=Outcome.GEEN_BAAN, then=Value("geen_baan")),
        default=Value("nog_open"),
    ),
    (
        ("baan", _("Omgezet in een baan")),
        ("geen_baan", _("Geen baan")),
        ("nog_open", _("Nog geen resultaat")),
    ),
)

_PLACEMENTS = _(
    "Bpv-plekken die in dit schooljaar gestart zijn (de dag van zoekend naar lopend), met "
    "de sector van het leerbedrijf. Een student met twee plekken telt twee keer; de plek "
    "telt in het team waarin de student nu zit."
)

TABLES = [
    TableSpec(
        key="bpv_visits",
        title=_("Bpv-plekken met minstens twee bezoeken, naar sector"),
        definition=join(
            _PLACEMENTS,
            _(
                "De richtlijn: de bpv-begeleider bezoekt iedere student minstens twee keer per "
                "bpv-plek. Telefonische en videobezoeken tellen mee."
            ),
        ),
        population=PLACEMENTS,
        row_header=_("Sector"),
        rows=SECTOR,
        columns=VISITS,
        percent_of="row",
        chart="stacked",
    ),
    TableSpec(
        key="bpv_agreement",
        title=_("Praktijkovereenkomst getekend vóór de start, naar sector"),
        definition=join(
            _PLACEMENTS,
            _(
                "Getekend door school, student en leerbedrijf — en een ouder of voogd als de "
                "student op de startdag jonger was dan 18 — op of vóór de startdatum."
            ),
        ),
        population=PLACEMENTS,
        row_header=_("Sector"),
        rows=SECTOR,
        columns=AGREEMENT,
        percent_of="row",
        chart="stacked",
    ),
    TableSpec(
        key="bpv_outcome",
        title=_("Bpv-plekken omgezet in een baan, naar sector"),
        definition=join(
            _PLACEMENTS,
            _(
                "Omgezet in een baan: een betaalde baan, een baan met bbl of een baan via de "
                "banenafspraak. Nog geen resultaat: de plek loopt nog of het resultaat is niet "
                "vastgelegd."
            ),
        ),
        population=PLACEMENTS,
        row_header=_("Sector"),
        rows=SECTOR,
        columns=JOB,
        percent_of="row",
        chart="stacked",
    ),
]
