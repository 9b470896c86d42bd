"""The caseload signals: the students app's own, and annotating and counting every
registered one in PostgreSQL."""

from datetime import date, timedelta

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Q,
    QuerySet,
    When,
)
from django.utils.translation import gettext_lazy as _

from students.models import (
    ACTIVE_STATUSES,
    INTAKE_OPEN_STATUSES,
    Status,
    Student,
)
from students.registries import ShownSignal, Signal, signals

from .regie import valid_regiehouder

#: How far ahead the caseload warns that a study advice falls due.
STUDY_ADVICE_WARNING = timedelta(days=14)
#: The 18-/18+ transition (guideline 2020 §4.2): warn this many days before the birthday.
TURNS_18_WINDOW = timedelta(days=60)


def _eighteenth_birthday_window(today: date) -> tuple[date, date]:
    """Birth dates of people who turn 18 between today and today + 60 days."""

    def years_back(day: date, years: int) -> date:
        try:
            return day.replace(year=day.year - years)
        except ValueError:  # 29 February
            return day.replace(year=day.year - years, day=28)

    return years_back(today, 18), years_back(today + TURNS_18_WINDOW, 18)


def _intake_open(today: date) -> Q:
    return Q(status__in=INTAKE_OPEN_STATUSES)


def _study_advice_due(today: date) -> Q:
    return Q(status=Status.ACTIEF, study_advice_due_on__lte=today + STUDY_ADVICE_WARNING)


def _study_advice_overdue(today: date) -> Q:
    return Q(status=Status.ACTIEF, study_advice_due_on__lt=today)


def _turns_18(today: date) -> Q:
    born_from, born_until = _eighteenth_birthday_window(today)
    return Q(date_of_birth__gt=born_from, date_of_birth__lte=born_until) & Q(
        status__in=ACTIVE_STATUSES
    )


def _no_regiehouder(today: date) -> Q:
    return ~valid_regiehouder() & Q(status__in=ACTIVE_STATUSES)


#: The students app's own signals, registered from ``StudentsConfig.ready()``; later apps
#: add theirs through :func:`students.registries.register_signal`.
STUDENT_SIGNALS = (
    Signal("intake_onvolledig", _("Intake niet afgerond"), _intake_open),
    Signal(
        "studieadvies",
        _("Studieadvies nodig"),
        _study_advice_due,
        urgent=_study_advice_overdue,
        urgent_label=_("Studieadvies nodig – te laat"),
    ),
    Signal("wordt_18", _("Wordt binnenkort 18"), _turns_18),
    Signal("geen_regiehouder", _("Geen regiehouder"), _no_regiehouder),
)


def with_signals(queryset: QuerySet[Student], today: date) -> QuerySet[Student]:
    """Annotate every registered signal as ``signal_<code>`` (and ``signal_<code>_urgent``
    where the signal has a sharper state), evaluated by PostgreSQL in the same query."""
    annotations = {}
    for signal in signals():
        annotations[signal.annotation] = Case(
            When(signal.condition(today), then=True), default=False, output_field=BooleanField()
        )
        if signal.urgent is not None:
            annotations[signal.urgent_annotation] = Case(
                When(signal.urgent(today), then=True),
                default=False,
                output_field=BooleanField(),
            )
    return queryset.annotate(**annotations)


def signal_counts(queryset: QuerySet[Student], today: date) -> list[tuple[Signal, int]]:
    """How many of ``queryset`` carry each signal: one aggregate query, for the caseload's
    shortcuts ("Geen regiehouder (3)")."""
    registered = signals()
    totals = queryset.order_by().aggregate(
        **{signal.code: Count("pk", filter=signal.condition(today)) for signal in registered}
    )
    return [(signal, totals[signal.code]) for signal in registered]


def signals_of(student: Student) -> list[ShownSignal]:
    """The signals :func:`with_signals` annotated on ``student``, in display order, each
    with the label the row shows (the urgent one where that state holds)."""
    shown = []
    for signal in signals():
        if not getattr(student, signal.annotation, False):
            continue
        urgent = signal.urgent_label is not None and getattr(
            student, signal.urgent_annotation, False
        )
        label = signal.urgent_label if urgent and signal.urgent_label else signal.label
        shown.append(ShownSignal(code=signal.code, label=label))
    return shown
