"""Reading the integral plan. The caller has opened the student with
``students.selectors.student_access`` (visibility and the access log); these read what
belongs to that student, in a fixed number of queries."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, Prefetch, QuerySet
from django.http import Http404

from entree.core.records import display
from entree.core.types import StrOrPromise
from plans.models import (
    MeetingDomain,
    PlanObstacle,
    PlanProvision,
    PlanStep,
    PlanVersion,
    ProgressMeeting,
)
from plans.services import VERSION_FIELDS
from students.models import ConsentPurpose, Student
from students.selectors import network_of


def _with_content(queryset: QuerySet[PlanVersion]) -> QuerySet[PlanVersion]:
    return queryset.select_related("recorded_by").prefetch_related(
        "supporters",
        Prefetch("steps", queryset=PlanStep.objects.select_related("partner")),
        "provisions",
        Prefetch("obstacles", queryset=PlanObstacle.objects.select_related("partner")),
    )


def versions_of(student: Student) -> list[PlanVersion]:
    """Every version of the student's plan, newest first, without their items (one query)."""
    return list(
        PlanVersion.objects.filter(plan__student=student)
        .select_related("recorded_by", "meeting")
        .order_by("-number")
    )


def current_version(student: Student) -> PlanVersion | None:
    """The current plan (the highest version) with everything in it (five queries)."""
    return (
        _with_content(PlanVersion.objects.filter(plan__student=student)).order_by("-number").first()
    )


def version_of(student: Student, number: int) -> PlanVersion:
    """One version of this student's plan with its content; 404 when there is none."""
    version = _with_content(
        PlanVersion.objects.filter(plan__student=student, number=number)
    ).first()
    if version is None:
        raise Http404
    return version


def sharing_allowed(student: Student) -> set[int]:
    """The network contacts the student currently allows information to be shared with
    (the latest consent record per contact). A regelzaak is routed to its partner only
    then; otherwise the page says consent is missing. Two queries."""
    contacts, _history = network_of(student)
    return {
        contact.pk
        for contact in contacts
        if (consent := contact.current_consents.get(ConsentPurpose.GEGEVENS_DELEN))  # type: ignore[attr-defined]
        and consent.given
    }


def meetings_of(student: Student) -> list[ProgressMeeting]:
    """The student's progress meetings, newest first, with their life domains."""
    return list(
        ProgressMeeting.objects.filter(student=student)
        .select_related("version", "recorded_by")
        .prefetch_related(Prefetch("domains", queryset=MeetingDomain.objects.order_by("id")))
    )


# --- What changed between two versions ---------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    label: StrOrPromise
    old: str
    new: str


@dataclass(frozen=True)
class ItemChange:
    """One step, provision, obstacle or supporter: added, removed or changed."""

    kind: StrOrPromise  # "Stap", "Voorziening", …
    change: str  # "toegevoegd" | "verwijderd" | "gewijzigd"
    label: str
    fields: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class PlanDiff:
    older: PlanVersion
    newer: PlanVersion
    fields: tuple[FieldChange, ...]
    items: tuple[ItemChange, ...]

    @property
    def empty(self) -> bool:
        return not self.fields and not self.items


def _label(model: type[Model], name: str) -> StrOrPromise:
    return model._meta.get_field(name).verbose_name  # type: ignore[union-attr]


def _shown(instance: Model, name: str) -> str:
    getter: Callable[[], Any] | None = getattr(instance, f"get_{name}_display", None)
    value = getter() if getter is not None and getattr(instance, name) else getattr(instance, name)
    return display(value)


def _compare(old: Model, new: Model, names: tuple[str, ...]) -> tuple[FieldChange, ...]:
    return tuple(
        FieldChange(_label(type(new), name), _shown(old, name), _shown(new, name))
        for name in names
        if _shown(old, name) != _shown(new, name)
    )


_ITEMS: tuple[tuple[str, type[Model], tuple[str, ...]], ...] = (
    ("steps", PlanStep, ("description", "owner", "partner", "due_on", "status")),
    ("provisions", PlanProvision, ("kind", "starts_on", "ends_on", "note")),
    ("obstacles", PlanObstacle, ("domain", "description", "partner", "status")),
)


def plan_diff(older: PlanVersion, newer: PlanVersion) -> PlanDiff:
    """What changed from ``older`` to ``newer``, field by field and item by item. Items are
    matched by their key, so an edited step shows as changed, not as removed and added.
    Both versions come from :func:`version_of` (their content prefetched)."""
    fields = _compare(older, newer, VERSION_FIELDS)
    items: list[ItemChange] = []
    old_supporters = {c.pk: c for c in older.supporters.all()}
    new_supporters = {c.pk: c for c in newer.supporters.all()}
    supporter = str(_label(PlanVersion, "supporters"))
    for pk in new_supporters.keys() - old_supporters.keys():
        items.append(ItemChange(supporter, "toegevoegd", str(new_supporters[pk])))
    for pk in old_supporters.keys() - new_supporters.keys():
        items.append(ItemChange(supporter, "verwijderd", str(old_supporters[pk])))
    for related, model, names in _ITEMS:
        kind = str(model._meta.verbose_name)
        before = {item.key: item for item in getattr(older, related).all()}
        after = {item.key: item for item in getattr(newer, related).all()}
        for key, item in after.items():
            if key not in before:
                items.append(ItemChange(kind, "toegevoegd", str(item)))
            elif changed := _compare(before[key], item, names):
                items.append(ItemChange(kind, "gewijzigd", str(item), changed))
        for key, item in before.items():
            if key not in after:
                items.append(ItemChange(kind, "verwijderd", str(item)))
    return PlanDiff(older=older, newer=newer, fields=fields, items=tuple(items))
