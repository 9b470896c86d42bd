"""What placements add to the caseload's signals (``students.registries``): conditions
PostgreSQL evaluates over the student (guideline 2020 §4.3: the bpv-begeleider visits
every student at least twice per placement; the labour-market route needs a place early).
"""

from datetime import date

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from placements.models import VISITS_WANTED, Placement, PlacementStatus, Visit
from placements.selectors import LAST_VISIT_WINDOW
from plans.models import PlanRoute
from students.models import Status
from students.registries import Signal
from students.services import add_months

#: A student on the labour-market route without a started placement this long after the
#: start is signalled.
NO_PLACEMENT_MONTHS = 1


def _running() -> Q:
    return Q(student=OuterRef("pk"), status=PlacementStatus.LOPEND)


def _no_visit_past_midpoint(today: date) -> Q:
    """A running placement past its midpoint without any visit."""
    visited = Visit.objects.filter(placement=OuterRef("pk"))
    late = Placement.objects.filter(_running(), midpoint__lte=today).filter(~Q(Exists(visited)))
    return Q(Exists(late))


def _too_few_visits(today: date) -> Q:
    """A running placement ending within 14 days (or already past its end) with fewer
    than two visits."""
    enough = (
        Visit.objects.filter(placement=OuterRef("pk"))
        .order_by()
        .values("placement")
        .annotate(n=Count("pk"))
        .filter(n__gte=VISITS_WANTED)
    )
    # Also past its end date while still running: the visits are still missing.
    ending = Placement.objects.filter(_running(), end_date__lte=today + LAST_VISIT_WINDOW).filter(
        ~Q(Exists(enough))
    )
    return Q(Exists(ending))


def _no_placement(today: date) -> Q:
    """An active student on the labour-market route, started at least a month ago, with
    no placement that started (a search alone is no placement)."""
    started = Placement.objects.filter(
        student=OuterRef("pk"), status__in=[PlacementStatus.LOPEND, PlacementStatus.AFGEROND]
    )
    return Q(
        status=Status.ACTIEF,
        start_date__lte=add_months(today, -NO_PLACEMENT_MONTHS),
        plan__current__route=PlanRoute.ARBEIDSMARKT,
    ) & ~Q(Exists(started))


PLACEMENT_SIGNALS = (
    Signal("bpv_bezoek_nodig", _("Bpv-bezoek nodig"), _no_visit_past_midpoint),
    Signal("bpv_te_weinig_bezoeken", _("Bpv eindigt: te weinig bezoeken"), _too_few_visits),
    Signal("geen_bpv", _("Nog geen bpv-plek"), _no_placement),
)
