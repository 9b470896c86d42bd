"""The visits of the bpv-begeleider: logging one, or correcting it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from entree.accounts.models import User
from placements.models import ENDED_STATUSES, Placement, Visit, VisitKind, VisitRating
from students.services.common import validated_save

from .data import VisitData
from .placement import _full_clean, _locked, _require


@transaction.atomic
def visit_save(
    *, by: User, placement: Placement, data: VisitData, visit: Visit | None = None
) -> Visit:
    """Log a visit of the bpv-begeleider (on site, by phone or video), or correct one.

    Rules: the placement has started; the visit falls within the placement (not before
    its start, not after its end) and not in the future; kind and how it goes are chosen.
    """
    record_placement = _locked(placement)
    _require(by, record_placement)
    if visit is not None and visit.placement_id != placement.pk:
        raise ValidationError(_("Dit bezoek hoort niet bij deze bpv-plek."))
    errors: dict[str, list[str]] = {}
    if record_placement.started_on is None:
        errors["__all__"] = [_("Een bezoek hoort bij een bpv-plek die begonnen is.")]
    if data.kind not in VisitKind.values:
        errors["kind"] = [_("Kies hoe het bezoek ging: op de werkplek, telefonisch of video.")]
    if data.rating not in VisitRating.values:
        errors["rating"] = [_("Kies hoe het gaat op de bpv-plek.")]
    day = data.visited_on
    if day is None:
        errors["visited_on"] = [_("Vul de datum van het bezoek in.")]
    else:
        start, end = record_placement.start_date, record_placement.ended_on
        if record_placement.status in ENDED_STATUSES and end is None:
            end = record_placement.end_date
        if start and day < start:
            errors["visited_on"] = [_("Het bezoek ligt vóór de start van de bpv-plek.")]
        elif end and day > end:
            errors["visited_on"] = [_("Het bezoek ligt na het einde van de bpv-plek.")]
    record = visit or Visit(placement=record_placement, recorded_by=by)
    for name in ("visited_on", "kind", "rating", "employer_view", "notes"):
        value = getattr(data, name)
        setattr(record, name, value.strip() if isinstance(value, str) else value)
    _full_clean(record, errors, exclude=("placement", "recorded_by"))
    if errors:
        raise ValidationError({k: list(dict.fromkeys(v)) for k, v in errors.items()})
    validated_save(record)
    return record
