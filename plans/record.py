"""The plan's sections of the student's complete record (AVG art. 15): every version of
the integral plan with its content, and every progress meeting. A fixed number of
queries, however many versions there are."""

from typing import Any

from django.db.models import Model, Prefetch
from django.utils.translation import gettext_lazy

from entree.core.records import choice, field_labels, person, register_section
from plans.models import (
    MeetingDomain,
    PlanObstacle,
    PlanProvision,
    PlanStep,
    PlanVersion,
    ProgressMeeting,
)
from plans.services import VERSION_FIELDS
from students.models import Student


def _value(instance: Model, name: str) -> Any:
    field = instance._meta.get_field(name)
    if getattr(field, "choices", None):
        return choice(instance, name)
    return getattr(instance, name)


def plan_section(student: Student) -> list[dict[str, Any]]:
    """Every version, oldest first, with its steps, provisions, obstacles and supporters."""
    versions = (
        PlanVersion.objects.filter(plan__student=student)
        .select_related("recorded_by")
        .prefetch_related(
            "supporters",
            Prefetch("steps", queryset=PlanStep.objects.select_related("partner")),
            Prefetch("provisions", queryset=PlanProvision.objects.all()),
            Prefetch("obstacles", queryset=PlanObstacle.objects.select_related("partner")),
        )
        .order_by("number")
    )
    return [
        {
            "number": version.number,
            "reason": version.reason,
            "recorded_by": person(version.recorded_by),
            "recorded_at": version.recorded_at,
            **{name: _value(version, name) for name in VERSION_FIELDS},
            "supporters": [contact.name for contact in version.supporters.all()],
            "steps": [
                {
                    "description": s.description,
                    "owner": choice(s, "owner"),
                    "partner": s.partner.name if s.partner else None,
                    "due_on": s.due_on,
                    "status": choice(s, "status"),
                }
                for s in version.steps.all()
            ],
            "provisions": [
                {
                    "kind": choice(p, "kind"),
                    "starts_on": p.starts_on,
                    "ends_on": p.ends_on,
                    "note": p.note,
                }
                for p in version.provisions.all()
            ],
            "obstacles": [
                {
                    "domain": choice(o, "domain"),
                    "description": o.description,
                    "partner": o.partner.name if o.partner else None,
                    "status": choice(o, "status"),
                }
                for o in version.obstacles.all()
            ],
        }
        for version in versions
    ]


def meetings_section(student: Student) -> list[dict[str, Any]]:
    """Every progress meeting, oldest first, with the five life domains."""
    meetings = (
        ProgressMeeting.objects.filter(student=student)
        .select_related("recorded_by", "version")
        .prefetch_related(Prefetch("domains", queryset=MeetingDomain.objects.order_by("id")))
        .order_by("held_on", "id")
    )
    return [
        {
            "held_on": m.held_on,
            "with_student": m.with_student,
            "with_employer": m.with_employer,
            "others": m.others,
            "notes": m.notes,
            "plan_version": m.version.number,
            "domains": [
                {"domain": choice(d, "domain"), "state": choice(d, "state"), "note": d.note}
                for d in m.domains.all()
            ],
            "recorded_by": person(m.recorded_by),
            "recorded_at": m.recorded_at,
        }
        for m in meetings
    ]


register_section(
    "integraal_plan",
    gettext_lazy("Integraal plan (alle versies)"),
    plan_section,
    labels=field_labels(
        PlanVersion,
        PlanStep,
        PlanProvision,
        PlanObstacle,
        steps=gettext_lazy("stappen"),
        provisions=gettext_lazy("voorzieningen"),
        obstacles=gettext_lazy("regelzaken"),
    ),
)
register_section(
    "voortgangsgesprekken",
    gettext_lazy("Voortgangsgesprekken"),
    meetings_section,
    labels=field_labels(
        ProgressMeeting,
        MeetingDomain,
        plan_version=gettext_lazy("planversie"),
        domains=gettext_lazy("leefgebieden"),
    ),
)
