"""What the plan adds to the caseload's signals (``students.registries``): each a
condition PostgreSQL evaluates over the student, reaching the plan through
``Plan.current``."""

from datetime import date, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from plans.models import OPEN_STEP_STATUSES, PlanProvision, PlanStep, PlanVersion, ProgressMeeting
from students.models import AdviceDecision, Status, StudyAdvice
from students.registries import Signal
from students.services import add_months

#: A provision that ends within this many days needs a decision: extend, or what next.
PROVISION_WARNING = timedelta(days=30)
#: The guideline: decide the route as early as possible; three months after the start the
#: caseload asks for it.
ROUTE_DECISION_MONTHS = 3


def meeting_interval() -> timedelta:
    """How long an active student may go without a progress meeting (configurable)."""
    return timedelta(weeks=settings.ENTREE_PLAN_MEETING_WEEKS)


def _no_recent_meeting(today: date) -> Q:
    since = today - meeting_interval()
    recent = ProgressMeeting.objects.filter(student=OuterRef("pk"), held_on__gt=since)
    return Q(status=Status.ACTIEF, start_date__lte=since) & ~Q(Exists(recent))


def _provision_ending(today: date) -> Q:
    ending = PlanProvision.objects.filter(
        version=OuterRef("plan__current"),
        ends_on__gte=today,
        ends_on__lte=today + PROVISION_WARNING,
    )
    return Q(status=Status.ACTIEF) & Q(Exists(ending))


def _steps_overdue(today: date) -> Q:
    late = PlanStep.objects.filter(
        version=OuterRef("plan__current"), status__in=OPEN_STEP_STATUSES, due_on__lt=today
    )
    return Q(status=Status.ACTIEF) & Q(Exists(late))


def _route_undecided(today: date) -> Q:
    started_before = add_months(today, -ROUTE_DECISION_MONTHS)
    decided = Q(plan__current__route__gt="")
    return Q(status=Status.ACTIEF, start_date__lte=started_before) & ~decided


def _plan_after_advice(today: date) -> Q:
    """The latest study advice is negative or postponed, and no plan version was written
    after it (the advice asks for a revision)."""
    later_advice = StudyAdvice.objects.filter(
        student=OuterRef("student"), given_on__gt=OuterRef("given_on")
    )
    revised = PlanVersion.objects.filter(
        plan__student=OuterRef("student"), recorded_at__gt=OuterRef("created_at")
    )
    asking = StudyAdvice.objects.filter(
        student=OuterRef("pk"),
        decision__in=[AdviceDecision.NEGATIEF, AdviceDecision.UITGESTELD],
    ).filter(~Q(Exists(later_advice)), ~Q(Exists(revised)))
    return Q(status=Status.ACTIEF) & Q(Exists(asking))


#: Also read by the plan page, which asks for the revision in the same words.
PLAN_AFTER_ADVICE = Signal(
    "plan_bijstellen", _("Plan bijstellen na studieadvies"), _plan_after_advice
)

PLAN_SIGNALS = (
    Signal("geen_voortgangsgesprek", _("Voortgangsgesprek nodig"), _no_recent_meeting),
    Signal("stap_te_laat", _("Stap in plan te laat"), _steps_overdue),
    Signal("voorziening_loopt_af", _("Voorziening loopt af"), _provision_ending),
    Signal("route_onbeslist", _("Route nog niet gekozen"), _route_undecided),
    PLAN_AFTER_ADVICE,
)
