"""One set of plausibility rules for dates, for every app (issue 7).

A date typed into a page, sent through the API or read from an import is checked by the
same validators: they sit on the model fields, and every service saves through
``full_clean()``, so the page's form, the API's serializer and the import's planner all
show the same Dutch message on the same field. Later apps put the same validators on
their own dates (a placement start, an outflow date, a follow-up contact).

The limits never drift out from under a stored record: a lower limit is a fixed date
(nothing in this system happened before entree existed) or an age that only grows, and an
upper limit moves forward with today. So a record that was valid when saved stays valid
when it is saved again years later (a regie transfer, anonymisation).
"""

import calendar
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

#: The entree programme started on 1 August 2014: no start, advice or decision before it.
ENTREE_EXISTS_SINCE = date(2014, 8, 1)
#: Plausible ages of a student when registered (entree is 16+; a pro/vso pupil may be
#: registered earlier, an adult sent by the gemeente much later).
MIN_AGE, MAX_AGE = 12, 80


def add_years(day: date, years: int) -> date:
    """``day`` moved by whole years; 29 February becomes the 28th in other years."""
    year = day.year + years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def age_on(born: date, on: date) -> int:
    """Completed years of age on a day."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


@deconstructible
class PlausibleDate:
    """A date of something at school: not before ``not_before`` and not more than
    ``years_ahead`` years after today (0: not in the future at all)."""

    def __init__(self, *, years_ahead: int = 0, not_before: date = ENTREE_EXISTS_SINCE) -> None:
        self.years_ahead = years_ahead
        self.not_before = not_before

    def __call__(self, value: date) -> None:
        today = timezone.localdate()
        if value < self.not_before:
            raise ValidationError(
                _("Deze datum ligt vóór %(earliest)s; dat kan niet kloppen."),
                code="date_too_early",
                params={"earliest": date_format(self.not_before, "j F Y")},
            )
        if self.years_ahead == 0 and value > today:
            raise ValidationError(_("Deze datum ligt in de toekomst."), code="date_in_future")
        if value > add_years(today, self.years_ahead):
            raise ValidationError(
                _("Deze datum ligt meer dan %(years)s jaar in de toekomst; dat kan niet kloppen."),
                code="date_too_late",
                params={"years": self.years_ahead},
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PlausibleDate) and (self.years_ahead, self.not_before) == (
            other.years_ahead,
            other.not_before,
        )

    def __hash__(self) -> int:
        return hash((self.years_ahead, self.not_before))


@deconstructible
class PlausibleBirthDate:
    """A birth date giving an age of ``MIN_AGE`` to ``MAX_AGE`` today. The message
    names the age, never the date (import messages never repeat a birth date)."""

    def __call__(self, value: date) -> None:
        today = timezone.localdate()
        if value > today:
            raise ValidationError(_("Deze datum ligt in de toekomst."), code="date_in_future")
        age = age_on(value, today)
        if not MIN_AGE <= age <= MAX_AGE:
            raise ValidationError(
                _(
                    "Dit geeft een leeftijd van %(age)s jaar; dat kan niet kloppen "
                    "(%(min)s tot en met %(max)s jaar)."
                ),
                code="implausible_age",
                params={"age": age, "min": MIN_AGE, "max": MAX_AGE},
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PlausibleBirthDate)

    def __hash__(self) -> int:
        return hash(PlausibleBirthDate)


#: The validators the apps put on their date fields.
validate_birth_date = PlausibleBirthDate()
#: The start of the programme: up to a year ahead (registered before the summer).
validate_start_date = PlausibleDate(years_ahead=1)
#: Something that happened (an advice given, a decision, a consent): not in the future.
validate_past_date = PlausibleDate(years_ahead=0)
#: A date something is planned for (an advice postponed until): up to a year ahead.
validate_planned_date = PlausibleDate(years_ahead=1)
