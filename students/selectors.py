"""Who sees which student — decided here, for pages, API, exports and reports alike.

The rules (DESIGN §2):

* a **mentor** has the full record of the students they are regiehouder for, and reads
  the students of their own teams;
* an **uitstroomcoördinator** has the full record of the students in outflow or aftercare
  in their teams (and of any student they are regiehouder for);
* **management** and the **functioneel beheerder** see no individual student, ever;
* a student who does not exist and one the user may not see give the same 404.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

import django_filters
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import RegexValidator
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    When,
)
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from entree.accounts.models import User
from entree.accounts.roles import Role, has_role, works_with_students
from entree.audit.models import Channel
from entree.audit.services import access_record
from entree.core.search import search_words
from students.models import (
    ACTIVE_STATUSES,
    INTAKE_OPEN_STATUSES,
    OUTFLOW_STATUSES,
    Consent,
    ConsentPurpose,
    Intake,
    LearningPath,
    LifeDomainAssessment,
    NetworkContact,
    Profile,
    Status,
    Student,
    StudyAdvice,
    school_year_of,
    student_search_text,
)
from students.registries import ShownSignal, Signal, signal_choices, signals


def _team_ids(user: User) -> set[int]:
    # Cached on the user object: pages call the rules several times per request.
    cached = getattr(user, "_entree_team_ids", None)
    if cached is None:
        cached = set(user.teams.values_list("pk", flat=True))
        user._entree_team_ids = cached  # type: ignore[attr-defined]  # per-request cache
    return cached


def students_visible_to(user: User) -> QuerySet[Student]:
    """Every student ``user`` may read. Empty for roles without student access."""
    if not works_with_students(user):
        return Student.objects.none()
    return Student.objects.filter(Q(regiehouder=user) | _through_teams(user))


def _through_teams(user: User) -> Q:
    """The students ``user`` sees through their teams (not as regiehouder)."""
    teams = _team_ids(user)
    visible = Q(pk__in=[])  # matches nothing
    if has_role(user, Role.MENTOR):
        visible |= Q(team_id__in=teams)
    if has_role(user, Role.COORDINATOR):
        visible |= Q(team_id__in=teams, status__in=OUTFLOW_STATUSES)
    return visible


def student_can_edit(user: User, student: Student) -> bool:
    """May ``user`` change this student's record (the 'full record')?"""
    if not works_with_students(user):
        return False
    if student.regiehouder_id == user.pk:
        return True
    return bool(
        has_role(user, Role.COORDINATOR)
        and student.status in OUTFLOW_STATUSES
        and student.team_id in _team_ids(user)
    )


@dataclass(frozen=True)
class StudentAccess:
    """One student opened by one user: the row (with team, institution, regiehouder and
    the signals annotated) and whether the user may change the record."""

    student: Student
    can_edit: bool

    @property
    def signals(self) -> list[ShownSignal]:
        return signals_of(self.student)


#: Refused edits of a record one may read: the same words on the page and in the API.
EDIT_REFUSED = _("U mag dit dossier niet wijzigen: u bent niet de regiehouder.")


def student_access(
    user: User,
    uuid: UUID | str,
    *,
    part: str,
    channel: Channel,
    path: str = "",
    require_edit: bool = False,
    today: date | None = None,
) -> StudentAccess:
    """Open one student's record for ``user`` — the only way pages, API, exports and every
    later app open a student.

    1. One query fetches the row among the students ``user`` may see, with what the
       record's header shows (team, institution, regiehouder, signals).
    2. A student who does not exist and one the user may not see both raise Http404, so
       nobody can probe for the existence of a record.
    3. With ``require_edit`` a user who may only read gets PermissionDenied (and nothing
       is logged: nothing was shown).
    4. The read is written to the access log with its ``part`` and ``channel``.
    """
    try:
        student = (
            with_signals(students_visible_to(user), today or timezone.localdate())
            .select_related("team", "institution", "regiehouder")
            .get(uuid=uuid)
        )
    except (Student.DoesNotExist, ValidationError, ValueError, TypeError):
        raise Http404 from None
    access = StudentAccess(student=student, can_edit=student_can_edit(user, student))
    if require_edit and not access.can_edit:
        raise PermissionDenied(EDIT_REFUSED)  # refused before anything is read: no log line
    access_record(user=user, student_uuid=student.uuid, part=part, channel=channel, path=path)
    return access


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


def regie_eligible(*, prefix: str = "", in_outflow: Q | bool) -> Q:
    """Who may hold regie, as a condition on a user (``prefix`` reaches the user from
    another model, e.g. ``"regiehouder__"``): an active person — never a system account —
    who is a mentor, or an outflow coordinator once the student is in outflow or
    aftercare (DESIGN §2). Membership of the student's team is checked by the caller,
    because it is shaped differently from a student's row and from a user's. The one
    definition behind the 'no regiehouder' signal, the candidates and the hand-over."""
    person = Q(**{f"{prefix}is_active": True, f"{prefix}is_system_account": False})
    role = Q(**{f"{prefix}roles__contains": [Role.MENTOR]})
    coordinator = Q(**{f"{prefix}roles__contains": [Role.COORDINATOR]})
    if isinstance(in_outflow, Q):
        role |= coordinator & in_outflow
    elif in_outflow:
        role |= coordinator
    return person & role


def valid_regiehouder() -> Q:
    """The student's regiehouder can actually hold regie (:func:`regie_eligible`) and is in
    the student's team. A mentor who left the team keeps the record until someone takes
    over, but the team sees the student as 'no regiehouder' (DESIGN §2: nobody without a
    working regiehouder)."""
    in_team = Exists(
        User.teams.through.objects.filter(
            user_id=OuterRef("regiehouder_id"), team_id=OuterRef("team_id")
        )
    )
    eligible = regie_eligible(prefix="regiehouder__", in_outflow=Q(status__in=OUTFLOW_STATUSES))
    return Q(regiehouder__isnull=False) & Q(in_team) & eligible


def regie_candidates(student: Student) -> QuerySet[User]:
    """Who can hold regie for this student: the mentors of the student's team, and — once
    the student is in outflow or aftercare — the team's outflow coordinators."""
    return (
        User.objects.filter(
            regie_eligible(in_outflow=student.status in OUTFLOW_STATUSES),
            teams=student.team_id,
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


def can_register_students(user: User) -> bool:
    """Only mentors register candidates: whoever registers becomes regiehouder, and a
    coordinator would be left holding a student they cannot see (docs/decisions.md)."""
    return has_role(user, Role.MENTOR)


REGISTER_REFUSED = _("Alleen mentoren melden kandidaten aan.")


def students_left_without_regie(user: User) -> int:
    """How many active students still name ``user`` as regiehouder although ``user`` can no
    longer hold regie for them (deactivated, left the team, lost the role). A count only:
    it is shown to the beheerder, who sees no student records."""
    return (
        Student.objects.filter(regiehouder=user, status__in=ACTIVE_STATUSES)
        .exclude(valid_regiehouder())
        .count()
    )


def regie_warning(user: User) -> str | None:
    """After the beheerder changed ``user``: students who lost their working regiehouder."""
    count = students_left_without_regie(user)
    if not count:
        return None
    return ngettext(
        "%(name)s is nog regiehouder van %(count)s student, maar kan die regie nu niet meer "
        "voeren. De student staat bij 'Geen regiehouder'; een mentor van het team neemt de "
        "regie over.",
        "%(name)s is nog regiehouder van %(count)s studenten, maar kan die regie nu niet meer "
        "voeren. De studenten staan bij 'Geen regiehouder'; een mentor van het team neemt de "
        "regie over.",
        count,
    ) % {"name": user.get_full_name(), "count": count}


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
        self.others = rows.exclude(regiehouder=user).filter(_through_teams(user))
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


def student_after_write(student: Student, *, today: date | None = None) -> Student:
    """``student`` read again after a service changed it, with team, regiehouder and the
    signals as they are now — for the answer to an API write. The caller opened the
    student (:func:`student_access`) or just created it."""
    return (
        with_signals(Student.objects.filter(pk=student.pk), today or timezone.localdate())
        .select_related("team", "regiehouder")
        .get()
    )


def contacts_of(student: Student) -> QuerySet[NetworkContact]:
    """The student's network contacts (one query when evaluated)."""
    return NetworkContact.objects.filter(student=student)


def consents_of(student: Student) -> QuerySet[Consent]:
    """Every consent record of the student, newest first, with contact and recorder."""
    return Consent.objects.filter(student=student).select_related("contact", "recorded_by")


def study_advices_of(student: Student) -> QuerySet[StudyAdvice]:
    """The student's study advices, newest first, with who recorded them."""
    return StudyAdvice.objects.filter(student=student).select_related("recorded_by")


def intake_of(student: Student) -> Intake | None:
    """The student's intake with its life domains and their partners (two queries)."""
    return (
        Intake.objects.filter(student=student)
        .select_related("decided_by")
        .prefetch_related(
            Prefetch("domains", queryset=LifeDomainAssessment.objects.select_related("partner"))
        )
        .first()
    )


def network_of(student: Student) -> tuple[list[NetworkContact], list[Consent]]:
    """The student's contacts, each with ``current_consents`` (purpose → latest record or
    None), and the whole consent history, newest first. Two queries."""
    contacts = list(student.contacts.all())
    consents = list(
        Consent.objects.filter(student=student).select_related("recorded_by", "contact")
    )
    current: dict[tuple[int, str], Consent] = {}
    for consent in consents:  # newest first: the first seen per (contact, purpose) counts
        current.setdefault((consent.contact_id, consent.purpose), consent)
    for contact in contacts:
        # A per-page attribute for the template, not a model field.
        contact.current_consents = {  # type: ignore[attr-defined]
            purpose: current.get((contact.pk, purpose)) for purpose in ConsentPurpose.values
        }
    return contacts, consents


def consent_is_given(*, contact: NetworkContact, purpose: str) -> bool:
    """Has the student *currently* consented (latest record) — asked before sharing."""
    latest = (
        Consent.objects.filter(contact=contact, purpose=purpose)
        .order_by("-recorded_at", "-id")
        .first()
    )
    return bool(latest and latest.given)


def student_uuids_with_number(number: str) -> list[UUID]:
    """The public ids of the students with this number, for the beheerder's access-log
    search (``entree.audit.subjects``). Ids only, never content: this is the one read that
    is not scoped to a user, because the log it filters is the beheerder's own."""
    return list(Student.objects.filter(student_number=number).values_list("uuid", flat=True))
