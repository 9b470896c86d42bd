"""The placements' section of the student's complete record (AVG art. 15): every
placement with its company, praktijkopleider, bpv-begeleider, period, agreement, course
and outcome, its learning goals and certificates, and every visit with its report. A
fixed number of queries, however many placements and visits there are."""

from typing import Any
from uuid import UUID

from django.db.models import F, Prefetch
from django.utils.translation import gettext_lazy

from entree.core.records import choice, field_labels, person, register_section
from placements.models import Placement, PlacementCertificate, PlacementGoal, Visit
from plans.models import PlanStep
from students.models import Student


def _step_descriptions(student: Student, keys: set[UUID]) -> dict[UUID, str]:
    """What the linked plan steps say, in the newest version that holds them (one query)."""
    if not keys:
        return {}
    steps = PlanStep.objects.filter(version__plan__student=student, key__in=keys).order_by(
        "version__number"
    )
    return dict(steps.values_list("key", "description"))


def placements_section(student: Student) -> list[dict[str, Any]]:
    """Every placement, oldest first (a search without a start date last)."""
    placements = list(
        Placement.objects.filter(student=student)
        .select_related("company", "trainer", "supervisor")
        .prefetch_related(
            Prefetch("goals", queryset=PlacementGoal.objects.order_by("id")),
            Prefetch("certificates", queryset=PlacementCertificate.objects.order_by("id")),
            Prefetch(
                "visits",
                queryset=Visit.objects.select_related("recorded_by").order_by("visited_on", "id"),
            ),
        )
        .order_by(F("start_date").asc(nulls_last=True), "id")
    )
    steps = _step_descriptions(
        student,
        {g.plan_step_key for p in placements for g in p.goals.all() if g.plan_step_key},
    )
    return [
        {
            "placement": str(p),
            "company": p.company.name if p.company else None,
            "kvk_number": p.company.kvk_number if p.company else None,
            "trainer": p.trainer.name if p.trainer else None,
            "supervisor": person(p.supervisor),
            "start_date": p.start_date,
            "end_date": p.end_date,
            "days_per_week": p.days_per_week,
            "hours_per_week": p.hours_per_week,
            "part_time": p.part_time,
            "signed_school_on": p.signed_school_on,
            "signed_student_on": p.signed_student_on,
            "signed_guardian_on": p.signed_guardian_on,
            "signed_company_on": p.signed_company_on,
            "status": choice(p, "status"),
            "started_on": p.started_on,
            "ended_on": p.ended_on,
            "stop_reason": choice(p, "stop_reason"),
            "stop_note": p.stop_note,
            "outcome": choice(p, "outcome"),
            "outcome_on": p.outcome_on,
            "notes": p.notes,
            "goals": [
                {
                    "description": g.description,
                    "plan_step": steps.get(g.plan_step_key) if g.plan_step_key else None,
                    "achieved": g.achieved,
                }
                for g in p.goals.all()
            ],
            "certificates": [
                {
                    "kind": choice(c, "kind"),
                    "other": c.other,
                    "obtained_on": c.obtained_on,
                }
                for c in p.certificates.all()
            ],
            "visits": [
                {
                    "visited_on": v.visited_on,
                    "kind": choice(v, "kind"),
                    "rating": choice(v, "rating"),
                    "employer_view": v.employer_view,
                    "notes": v.notes,
                    "recorded_by": person(v.recorded_by),
                }
                for v in p.visits.all()
            ],
        }
        for p in placements
    ]


register_section(
    "bpv",
    gettext_lazy("Beroepspraktijkvorming (bpv-plekken en bezoeken)"),
    placements_section,
    labels=field_labels(
        Placement,
        PlacementGoal,
        PlacementCertificate,
        Visit,
        placement=gettext_lazy("bpv-plek"),
        company=gettext_lazy("leerbedrijf"),
        kvk_number=gettext_lazy("KvK-nummer"),
        plan_step=gettext_lazy("stap in het integraal plan"),
        kind=gettext_lazy("soort"),
        notes=gettext_lazy("notities en verslag"),
        goals=gettext_lazy("leerdoelen op de werkvloer"),
        certificates=gettext_lazy("certificaten"),
        visits=gettext_lazy("bezoeken"),
    ),
)
