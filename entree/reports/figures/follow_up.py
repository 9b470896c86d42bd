"""Block "Nazorg": the follow-up contacts that fell due in the school year, and where the
leavers of the school year stand on the labour market about one and two years later
(inspectorate tables 5.3a and 5.3b, DESIGN §4)."""

from datetime import date

from django.conf import settings
from django.db.models import (
    Case,
    DateField,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entree.core.types import StrOrPromise
from outflow.models import ContactChannel, FollowUpContact, Position

from .cube import Dim, TableSpec, join
from .handover import DIPLOMA
from .national import reference
from .populations import CONTACTS, LEAVERS, plus


def _timing() -> Case:
    # The grace is the escalation's (ENTREE_FOLLOW_UP_ESCALATE_DAYS): a contact done
    # within it was done on time; an open one past it is late.
    days = int(settings.ENTREE_FOLLOW_UP_ESCALATE_DAYS)
    overdue_before = timezone.localdate().toordinal() - days
    return Case(
        When(
            Q(done_on__isnull=True, due_on__lt=_date(overdue_before)),
            then=Value("open_te_laat"),
        ),
        When(done_on__isnull=True, then=Value("open")),
        When(done_on__lte=plus(F("due_on"), f"{days} days"), then=Value("op_tijd")),
        default=Value("te_laat"),
    )


def _date(ordinal: int) -> Value:
    return Value(date.fromordinal(ordinal), output_field=DateField())


TIMING = Dim(
    "timing",
    _timing,
    (
        ("op_tijd", _("Gedaan, op tijd")),
        ("te_laat", _("Gedaan, te laat")),
        ("open", _("Nog open, nog niet te laat")),
        ("open_te_laat", _("Nog open, te laat")),
    ),
)

REACH = Dim(
    "reach",
    Case(
        When(done_on__isnull=True, then=Value("niet_gedaan")),
        When(reached=True, channel=ContactChannel.ZELF, then=Value("zelf")),
        When(reached=True, then=Value("bereikt")),
        default=Value("niet_bereikt"),
    ),
    (
        ("bereikt", _("Bereikt door school")),
        ("zelf", _("Zelf ingevuld door de oud-student")),
        ("niet_bereikt", _("Niet bereikt")),
        ("niet_gedaan", _("Nog niet gedaan")),
    ),
)

_POSITIONS = (
    (Position.WERKNEMER.value, _("Werknemer")),
    (Position.UITKERING.value, _("Uitkering")),
    (Position.ONDERWIJS.value, _("Onderwijs")),
    (Position.ANDERS.value, _("Anders")),
    (Position.ONBEKEND.value, _("Onbekend")),
)

#: How far from 1 October a contact may lie to count as "about" that day.
WINDOW_DAYS = 183


def _position_at(years_after: int) -> Coalesce:
    """The position at the done contact closest to 1 October ``years_after`` years after
    the start of the school year of outflow (CBS, appendix III: leavers of 2014-2015 in
    October 2015 and October 2016); on a tie the earlier contact. A contact that did not
    reach the leaver, or none within half a year of that day: unknown."""
    day = Func(
        OuterRef("year_key"),
        template=f"make_date(%(expressions)s + {int(years_after)}, 10, 1)",
        output_field=DateField(),
    )
    closest = (
        FollowUpContact.objects.filter(
            outflow=OuterRef("pk"),
            done_on__gte=plus(day, f"-{WINDOW_DAYS} days"),
            done_on__lte=plus(day, f"{WINDOW_DAYS} days"),
        )
        .annotate(
            distance=Func(
                F("done_on"),
                day,
                template="ABS(%(expressions)s)",
                arg_joiner=" - ",
                output_field=IntegerField(),
            ),
            known=Case(When(reached=True, then=F("position")), default=Value(Position.ONBEKEND)),
        )
        .order_by("distance", "done_on")
        .values("known")[:1]
    )
    return Coalesce(Subquery(closest), Value(Position.ONBEKEND))


POSITION_1 = Dim("position_1", _position_at(1), _POSITIONS)
POSITION_2 = Dim("position_2", _position_at(2), _POSITIONS)
LEARNING_PATH = Dim(
    "learning_path",
    "student__learning_path",
    (
        ("bol", _("bol (schoolgebonden)")),
        ("bbl", _("bbl (werkend leren)")),
        ("examendeelnemer", _("examendeelnemer")),
    ),
)

_MEASURED = _(
    "Uitstromers van dit schooljaar (uitstroomdatum 1 augustus – 31 juli). De positie op "
    "de arbeidsmarkt is die van het gedane contactmoment dat het dichtst bij 1 oktober ligt "
    "(zoals het CBS meet; bij gelijke afstand het eerdere), hoogstens een half jaar ervoor "
    "of erna; niet bereikt of geen contact: onbekend. De inspectie (tabel 5.3a/b) kent "
    "alleen werknemer, uitkering en anders; 'terug naar onderwijs' valt bij haar onder "
    "anders en staat hier apart."
)
_ONE = _("Gemeten rond 1 oktober na het schooljaar van uitstroom (ongeveer een jaar later).")
_TWO = _("Gemeten rond 1 oktober een jaar later (ongeveer twee jaar na uitstroom).")


def _position_table(key: str, title: StrOrPromise, rows: Dim, columns: Dim) -> TableSpec:
    moment = "oktober_2015" if columns is POSITION_1 else "oktober_2016"
    table = "5.3a" if rows is LEARNING_PATH else "5.3b"
    return TableSpec(
        key=key,
        title=title,
        definition=join(_MEASURED, _ONE if columns is POSITION_1 else _TWO),
        population=LEAVERS,
        row_header=_("Leerweg") if rows is LEARNING_PATH else _("Diploma"),
        rows=rows,
        columns=columns,
        percent_of="row",
        chart="stacked",
        national=lambda: reference(table, moment=moment),
    )


TABLES = [
    TableSpec(
        key="follow_up_contacts",
        title=_("Contactmomenten nazorg: op tijd en bereikt"),
        definition=_(
            "Contactmomenten van de nazorg (1, 3, 6, 12, 18 en 24 maanden na uitstroom, of het "
            "schema van de instelling) die in dit schooljaar vielen, tot vandaag. Op tijd: "
            "gedaan binnen de termijn waarna de school een herinnering escaleert. Bereikt: de "
            "oud-student is gesproken of heeft zelf de check-in ingevuld (apart geteld)."
        ),
        population=CONTACTS,
        row_header=_("Contactmoment"),
        rows=TIMING,
        columns=REACH,
        percent_of="row",
        chart="stacked",
    ),
    _position_table(
        "follow_up_position_1y_learning_path",
        _("Positie op de arbeidsmarkt na ongeveer een jaar, naar leerweg"),
        LEARNING_PATH,
        POSITION_1,
    ),
    _position_table(
        "follow_up_position_2y_learning_path",
        _("Positie op de arbeidsmarkt na ongeveer twee jaar, naar leerweg"),
        LEARNING_PATH,
        POSITION_2,
    ),
    _position_table(
        "follow_up_position_1y_diploma",
        _("Positie op de arbeidsmarkt na ongeveer een jaar, naar diploma"),
        DIPLOMA,
        POSITION_1,
    ),
    _position_table(
        "follow_up_position_2y_diploma",
        _("Positie op de arbeidsmarkt na ongeveer twee jaar, naar diploma"),
        DIPLOMA,
        POSITION_2,
    ),
]
