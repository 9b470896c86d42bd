"""Blocks "Resultaat" and "Vervolg": the cohort one year after the start (inspectorate
tables 5.1a and 5.1b, appendix V tables B15a and B17)."""

from django.db.models import Case, F, Q, Value, When
from django.utils.translation import gettext_lazy as _

from outflow.models import CONTINUES_IN_MBO

from .cube import Dim, TableSpec, join
from .inflow import LEARNING_PATH, PRIOR_EDUCATION
from .national import reference
from .populations import COHORT

#: The student left (an outflow) on or before the day twelve months after the start.
_LEFT_IN_YEAR = Q(outflow__left_on__lte=F("one_year_after_start"))

RESULT = Dim(
    "result_one_year",
    Case(
        When(_LEFT_IN_YEAR & Q(outflow__diploma=True), then=Value("diploma")),
        When(_LEFT_IN_YEAR, then=Value("geen_diploma")),
        default=Value("nog_ingeschreven"),
    ),
    (
        ("diploma", _("Diploma")),
        ("geen_diploma", _("Geen diploma (vertrokken)")),
        ("nog_ingeschreven", _("Nog ingeschreven")),
    ),
)

DESTINATION = Dim(
    "destination_one_year",
    Case(
        When(
            _LEFT_IN_YEAR & Q(outflow__destination__in=sorted(CONTINUES_IN_MBO)),
            then=Value("doorstroom_niveau2"),
        ),
        When(_LEFT_IN_YEAR & Q(outflow__diploma=True), then=Value("uitstroom_met_diploma")),
        When(_LEFT_IN_YEAR, then=Value("uitval_zonder_diploma")),
        default=Value("nog_in_entree"),
    ),
    (
        ("doorstroom_niveau2", _("Doorstroom naar niveau 2")),
        ("uitstroom_met_diploma", _("Uitstroom met diploma")),
        ("uitval_zonder_diploma", _("Uitval zonder diploma")),
        ("nog_in_entree", _("Nog in entree")),
    ),
)

_ONE_YEAR = _(
    "Het instroomcohort van dit schooljaar (zie de instroom), gemeten op de dag twaalf "
    "maanden na de startdatum. 'Diploma binnen een jaar': uitgestroomd met entreediploma op "
    "of vóór start + 12 maanden (precies twaalf maanden telt mee); de uitstroomdatum is de "
    "diplomadatum. Wie op die dag nog niet is uitgestroomd, telt als nog ingeschreven — ook "
    "wanneer die dag nog moet komen: voor het lopende jaar is het beeld voorlopig."
)

RESULT_TABLES = [
    TableSpec(
        key="results_learning_path",
        title=_("Resultaat één jaar na de start, naar leerweg"),
        definition=join(
            _ONE_YEAR,
            _(
                "Zoals tabel 5.1a van de inspectie ('Entreediploma één jaar na de start'): "
                "wel een diploma, geen diploma (vertrokken zonder diploma), nog ingeschreven."
            ),
        ),
        population=COHORT,
        row_header=_("Leerweg"),
        rows=LEARNING_PATH,
        columns=RESULT,
        percent_of="row",
        chart="stacked",
        national=lambda: reference("5.1a"),
    ),
    TableSpec(
        key="results_prior_education",
        title=_("Resultaat één jaar na de start, naar vooropleiding"),
        definition=join(
            _ONE_YEAR,
            _(
                "Het landelijke cijfer is het nominale rendement naar vooropleiding van de "
                "inspectie (bijlage V, tabel B17: 'het behalen van een entreediploma binnen "
                "1 jaar')."
            ),
        ),
        population=COHORT,
        row_header=_("Vooropleiding"),
        rows=PRIOR_EDUCATION,
        columns=RESULT,
        percent_of="row",
        chart="stacked",
        national=lambda: reference("B17", column="diploma"),
    ),
]

_UITVAL = _(
    "Uitval volgt de inspectie: 'de student heeft geen entreediploma behaald in T en heeft "
    "geen inschrijving in het bekostigde mbo in T+1' — hier: vertrokken zonder "
    "entreediploma en niet naar mbo niveau 2 of hoger of een bbl-baan. Doorstroom naar "
    "niveau 2: vertrokken naar mbo niveau 2 of hoger of een bbl-baan (met of zonder "
    "diploma). Uitstroom met diploma: met diploma vertrokken naar iets anders."
)

DESTINATION_TABLES = [
    TableSpec(
        key="destinations_learning_path",
        title=_("Vervolg één jaar na de start, naar leerweg"),
        definition=join(
            _ONE_YEAR, _UITVAL, _("Zoals tabel 5.1b ('Vervolg op entreeopleiding na één jaar').")
        ),
        population=COHORT,
        row_header=_("Leerweg"),
        rows=LEARNING_PATH,
        columns=DESTINATION,
        percent_of="row",
        chart="stacked",
        national=lambda: reference("5.1b"),
    ),
    TableSpec(
        key="destinations_prior_education",
        title=_("Vervolg één jaar na de start, naar vooropleiding"),
        definition=join(
            _ONE_YEAR,
            _UITVAL,
            _("Het landelijke cijfer is de uitval naar vooropleiding (bijlage V, tabel B15a)."),
        ),
        population=COHORT,
        row_header=_("Vooropleiding"),
        rows=PRIOR_EDUCATION,
        columns=DESTINATION,
        percent_of="row",
        chart="stacked",
        national=lambda: reference("B15a", column="uitval_zonder_diploma"),
    ),
]
