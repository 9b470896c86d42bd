"""Block "Uitstroom en warme overdracht": the students who left in the school year, the
guideline's checklist and the receiving partners' confirmation (guideline 2020 §4.4)."""

from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.utils.translation import gettext_lazy as _

from outflow.models import HANDOVER_QUESTIONS, PartnerAnswer, PartnerHandover, PartnerKind

from .cube import Dim, TableSpec, join
from .populations import LEAVERS

DIPLOMA = Dim(
    "entree_diploma",
    Case(When(diploma=True, then=Value("diploma")), default=Value("geen_diploma")),
    (("diploma", _("Met entreediploma")), ("geen_diploma", _("Zonder entreediploma"))),
)

_ALL_ANSWERED = Q(handover__isnull=False)
for _question in HANDOVER_QUESTIONS:
    _ALL_ANSWERED &= ~Q(**{f"handover__{_question}": ""})

CHECKLIST = Dim(
    "checklist",
    Case(When(_ALL_ANSWERED, then=Value("volledig")), default=Value("onvolledig")),
    (
        ("volledig", _("Checklist volledig")),
        ("onvolledig", _("Checklist onvolledig of niet begonnen")),
    ),
)

_PARTNER_CODES = (
    ("bevestigd", _("Bevestigd door de partner")),
    ("niet_bevestigd", _("Op de checklist, nog niet bevestigd")),
    ("niet_op_de_lijst", _("Niet op de checklist")),
)


def _partner(kind: PartnerKind) -> Dim:
    on_list = PartnerHandover.objects.filter(handover__outflow=OuterRef("pk"), kind=kind)
    return Dim(
        f"partner_{kind.value}",
        Case(
            When(Exists(on_list.filter(answer=PartnerAnswer.IN_CONTACT)), then=Value("bevestigd")),
            When(Exists(on_list), then=Value("niet_bevestigd")),
            default=Value("niet_op_de_lijst"),
        ),
        _PARTNER_CODES,
        label=kind.label,
    )


_LEAVERS = _(
    "Studenten met een uitstroomdatum in dit schooljaar (1 augustus – 31 juli), met of "
    "zonder diploma, in het team waarin ze nu zitten."
)

TABLES = [
    TableSpec(
        key="outflow_checklist",
        title=_("Uitstromers met een volledige checklist warme overdracht"),
        definition=join(
            _LEAVERS,
            _(
                "Volledig: alle zes vragen van de checklist uit de richtlijn beantwoord (doelen "
                "die de student nog leert op de werkvloer, regelzaken, benodigde "
                "ondersteuning, blijven leren bij de werkgever, alternatieven, tussenstap); "
                "'niets' is ook een antwoord."
            ),
        ),
        population=LEAVERS,
        row_header=_("Diploma"),
        rows=DIPLOMA,
        columns=CHECKLIST,
        percent_of="row",
        chart="stacked",
    ),
    TableSpec(
        key="outflow_partners",
        title=_("Warme overdracht bevestigd, per partner"),
        definition=join(
            _LEAVERS,
            _(
                "Per soort partner: bij hoeveel uitstromers die partner op de checklist staat "
                "en bevestigd heeft in contact te zijn met de student. Een overdracht telt pas "
                "als gedaan wanneer de partner dat bevestigt. Een rij telt alle uitstromers."
            ),
        ),
        population=LEAVERS,
        row_header=_("Partner"),
        flags=tuple(_partner(kind) for kind in PartnerKind),
        shown=tuple(code for code, _ in _PARTNER_CODES),
        percent_of="row",
        chart="stacked",
    ),
]
