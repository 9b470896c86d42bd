"""The caseload: the visible students with their signals, mine first, with search and
filters shared by the page, the CSV export and the API."""

from datetime import date

import django_filters
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db.models import (
    BooleanField,
    Case,
    Q,
    QuerySet,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entree.accounts.models import User
from entree.core.search import search_words
from students.models import (
    LearningPath,
    Profile,
    Status,
    Student,
    school_year_of,
    student_search_text,
)
from students.registries import signal_choices

from .signals import with_signals
from .visibility import students_visible_to, through_teams


def caseload_for_user(user: User, *, today: date | None = None) -> QuerySet[Student]:
    """The visible students with their signals (and ``is_mine``), by name.

    Ordered by name only, which the (team, name) and (regiehouder, name) indexes serve
    for a page of 50; the page puts the user's own students first with
    :class:`MineFirst`, as two index-served queries instead of sorting every visible
    student by a computed "mine" column (docs/performance.md)."""
    today = today or timezone.localdate()
    qs = students_visible_to(user).select_related("team", "regiehouder")
    qs = with_signals(qs, today).annotate(
        is_mine=Case(When(regiehouder=user, then=True), default=False, output_field=BooleanField())
    )
    return qs.order_by(*CASELOAD_ORDER)


#: The caseload's order within each section; the indexes on (team | regiehouder, name)
#: end in these columns.
CASELOAD_ORDER = ("last_name", "first_name", "id")


class MineFirst:
    """The caseload rows for a Paginator: the user's own students first, then the others,
    each by name. Counting and slicing are two queries each, both served by an index, so a
    page costs what it shows whatever the team's size.

    ``rows`` is the (filtered) caseload of :func:`caseload_for_user` for ``user``.
    """

    def __init__(self, rows: QuerySet[Student], user: User) -> None:
        self.mine = rows.filter(regiehouder=user)
        # The others are those seen through the teams: said as the team condition alone
        # (not the "mine OR team" of the visibility rule), an index range serves them.
        self.others = rows.exclude(regiehouder=user).filter(through_teams(user))
        self._mine_count: int | None = None

    def mine_count(self) -> int:
        if self._mine_count is None:
            self._mine_count = self.mine.count()
        return self._mine_count

    def count(self) -> int:
        return self.mine_count() + self.others.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Student]:
        if not isinstance(index, slice):
            raise TypeError("MineFirst takes slices only (a page).")
        start, stop = index.start or 0, index.stop
        mine = self.mine_count()
        rows: list[Student] = []
        if start < mine:
            rows += list(self.mine[start : min(stop, mine)])
        if stop > mine:
            rows += list(self.others[max(0, start - mine) : stop - mine])
        return rows


class StudentFilter(django_filters.FilterSet):
    """Search and filters of the caseload, shared by the page, the CSV export and the API."""

    q = django_filters.CharFilter(label=_("Zoeken"), method="search")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Status.choices, empty_label=_("Alle")
    )
    profile = django_filters.ChoiceFilter(
        label=_("Uitstroomprofiel"), choices=Profile.choices, empty_label=_("Alle")
    )
    learning_path = django_filters.ChoiceFilter(
        label=_("Leerweg"), choices=LearningPath.choices, empty_label=_("Alle")
    )
    cohort = django_filters.CharFilter(
        label=_("Cohort"),
        validators=[
            RegexValidator(r"^\d{4}-\d{4}$", message=_("Schrijf het cohort als 2025-2026."))
        ],
    )
    signal = django_filters.ChoiceFilter(
        label=_("Signaal"), choices=signal_choices, method="filter_signal", empty_label=_("Alle")
    )
    mine = django_filters.ChoiceFilter(
        label=_("Regiehouder"),
        choices=[("ja", _("Alleen mijn studenten"))],
        empty_label=_("Iedereen"),
        method="filter_mine",
    )

    class Meta:
        model = Student
        fields = ["q", "status", "profile", "learning_path", "cohort", "signal", "mine"]

    def search(self, queryset: QuerySet[Student], name: str, value: str) -> QuerySet[Student]:
        """Every word must occur in the name or the number, in any case and without
        accents: "Brese" finds Bresé, "Jansen, Noor" (as the list shows names) finds Noor
        Jansen, "50012" finds 5001234. One trigram index serves it (student_search)."""
        words = search_words(value)
        if not words:
            return queryset
        queryset = queryset.annotate(search_text=student_search_text())
        return queryset.filter(*(Q(search_text__contains=word) for word in words))

    def filter_signal(
        self, queryset: QuerySet[Student], name: str, value: str
    ) -> QuerySet[Student]:
        return queryset.filter(**{f"signal_{value}": True}) if value else queryset

    def filter_mine(self, queryset: QuerySet[Student], name: str, value: str) -> QuerySet[Student]:
        if value != "ja":
            return queryset
        if self.request is None:  # every caller passes the request: "mine" needs the user
            raise TypeError("StudentFilter needs request= for the 'mine' filter.")
        return queryset.filter(regiehouder=self.request.user.pk)

    @property
    def qs(self) -> QuerySet[Student]:
        if not self.is_bound or self.is_valid():
            return super().qs
        # An invalid filter value gives the page's error message, not a 500.
        raise ValidationError(self.errors)


#: How many school years back the cohort filter offers.
COHORT_YEARS = 8


def cohort_choices(today: date | None = None) -> list[str]:
    """The cohorts to offer in the filter, newest first: next school year back to
    COHORT_YEARS before this one. Derived from the calendar (a cohort is a school year),
    not from the students: a DISTINCT over every visible student cost as much as the page
    itself."""
    today = today or timezone.localdate()
    this_year = int(school_year_of(today)[:4])
    return [f"{year}-{year + 1}" for year in range(this_year + 1, this_year - COHORT_YEARS, -1)]
