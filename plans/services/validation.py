"""The rules a plan must meet before it is saved (Dutch messages, per field)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from entree.core.dates import PlausibleDate
from plans.models import (
    EndAdvice,
    ObstacleStatus,
    PlanRoute,
    ProvisionKind,
    StepOwner,
    StepStatus,
)
from students.models import LifeDomain, NetworkContact, Status, Student

from .data import TEXT_FIELDS, PlanData

#: A plan is made for a placed student and kept up to date until the end of aftercare
#: (the outflow brings it up to date a last time).
PLAN_STATUSES = frozenset({Status.GEPLAATST, Status.ACTIEF, Status.UITGESTROOMD, Status.NAZORG})
#: A plan looks ahead further than one school year (a wage subsidy runs for years), but a
#: date more than three years out is a typing error: the shared date rules (issue 7).
validate_plan_date = PlausibleDate(years_ahead=3)
#: Free text in a version: the same limit as the intake's motivation.
TEXT_MAX = 2000


def _date_problem(day: date | None, *, required: bool = True) -> str | None:
    """Why ``day`` is no plausible plan date (the shared rules' own words), or None."""
    if day is None:
        return str(_("geef een datum.")) if required else None
    try:
        validate_plan_date(day)
    except ValidationError as error:
        return error.messages[0]
    return None


def plan_problems(*, student: Student, data: PlanData) -> dict[str, list[str]]:
    """Every reason to refuse ``data``, by field ("steps", "route", …), in Dutch. Empty
    when the plan can be saved. Items are named by their number ("Stap 2: …")."""
    errors: dict[str, list[str]] = {}

    def add(key: str, message: str) -> None:
        errors.setdefault(key, []).append(message)

    for name in TEXT_FIELDS:
        if len(getattr(data, name)) > TEXT_MAX:
            add(name, _("Schrijf hier hooguit %(max)s tekens.") % {"max": TEXT_MAX})
    if data.route and data.route not in PlanRoute.values:
        add("route", _("Kies een route."))
    if data.end_advice and data.end_advice not in EndAdvice.values:
        add("end_advice", _("Kies een advies."))
    network = (
        {c.pk for c in data.supporters}
        | {s.partner.pk for s in data.steps if s.partner is not None}
        | {o.partner.pk for o in data.obstacles if o.partner is not None}
    )
    if network:
        own = set(
            NetworkContact.objects.filter(student=student, pk__in=network).values_list(
                "pk", flat=True
            )
        )
    else:
        own = set()
    if any(c.pk not in own for c in data.supporters):
        add("supporters", _("Kies ondersteuners uit het netwerk van deze student."))
    for number, step in enumerate(data.steps, start=1):
        label = _("Stap %(number)s") % {"number": number}
        if not step.description:
            add("steps", _("%(item)s: beschrijf de stap.") % {"item": label})
        if step.owner not in StepOwner.values:
            add("steps", _("%(item)s: kies wie de stap zet.") % {"item": label})
        if step.status not in StepStatus.values:
            add("steps", _("%(item)s: kies een status.") % {"item": label})
        if problem := _date_problem(step.due_on):
            add("steps", f"{label}: {problem}")
        if step.owner == StepOwner.PARTNER and step.partner is None:
            add("steps", _("%(item)s: kies de partner die de stap zet.") % {"item": label})
        if step.partner is not None and step.partner.pk not in own:
            add(
                "steps",
                _("%(item)s: de partner hoort niet bij het netwerk van deze student.")
                % {"item": label},
            )
    for number, provision in enumerate(data.provisions, start=1):
        label = _("Voorziening %(number)s") % {"number": number}
        if provision.kind not in ProvisionKind.values:
            add("provisions", _("%(item)s: kies een voorziening.") % {"item": label})
        if (problem := _date_problem(provision.starts_on)) or (
            problem := _date_problem(provision.ends_on, required=False)
        ):
            add("provisions", f"{label}: {problem}")
        elif (
            provision.ends_on is not None
            and provision.starts_on is not None
            and provision.ends_on < provision.starts_on
        ):
            add(
                "provisions",
                _("%(item)s: de einddatum ligt vóór de startdatum.") % {"item": label},
            )
    for number, obstacle in enumerate(data.obstacles, start=1):
        label = _("Regelzaak %(number)s") % {"number": number}
        if obstacle.domain not in LifeDomain.values:
            add("obstacles", _("%(item)s: kies het leefgebied.") % {"item": label})
        if not obstacle.description:
            add(
                "obstacles", _("%(item)s: beschrijf wat er geregeld moet worden.") % {"item": label}
            )
        if obstacle.status not in ObstacleStatus.values:
            add("obstacles", _("%(item)s: kies een status.") % {"item": label})
        if obstacle.partner is not None and obstacle.partner.pk not in own:
            add(
                "obstacles",
                _("%(item)s: de partner hoort niet bij het netwerk van deze student.")
                % {"item": label},
            )
    return errors
