"""Who sees which student — decided here, for pages, API, exports and reports alike.

The rules (DESIGN §2):

* a **mentor** has the full record of the students they are regiehouder for, and reads
  the students of their own teams;
* an **uitstroomcoördinator** has the full record of the students in outflow or aftercare
  in their teams (and of any student they are regiehouder for);
* **management** and the **functioneel beheerder** see no individual student, ever;
* a student who does not exist and one the user may not see give the same 404.
"""

from datetime import date, timedelta
from uuid import UUID

import django_filters
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
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
from students.models import (
    ACTIVE_STATUSES,
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
)


def _team_ids(user) -> set[int]:
    # Cached on the user object: pages call the rules several times per request.
    cached = getattr(user, "_entree_team_ids", None)
    if cached is None:
        cached = set(user.teams.values_list("pk", flat=True))
        user._entree_team_ids = cached
    return cached


def students_visible_to(user) -> QuerySet[Student]:
    """Every student ``user`` may read. Empty for roles without student access."""
    if not works_with_students(user):
        return Student.objects.none()
    teams = _team_ids(user)
    visible = Q(regiehouder=user)
    if has_role(user, Role.MENTOR):
        visible |= Q(team_id__in=teams)
    if has_role(user, Role.COORDINATOR):
        visible |= Q(team_id__in=teams, status__in=OUTFLOW_STATUSES)
    return Student.objects.filter(visible)


def student_can_edit(user, student: Student) -> bool:
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


def student_get_for_user(
    *, user, uuid: UUID | str, part: str, channel: Channel, path: str = ""
) -> Student:
    """One student's record for ``user``, recording the read in the access log.

    Raises Http404 both when the student does not exist and when the user may not see
    them, so that nobody can probe for the existence of a record.
    """
    try:
        student = (
            students_visible_to(user)
            .select_related("team", "institution", "regiehouder")
            .get(uuid=uuid)
        )
    except (Student.DoesNotExist, ValidationError, ValueError, TypeError):
        raise Http404 from None
    access_record(user=user, student_uuid=student.uuid, part=part, channel=channel, path=path)
    return student


class Signal(models.TextChoices):
    """What a caseload row warns about. Computed in PostgreSQL, never per row in Python."""

    INTAKE_INCOMPLETE = "intake_onvolledig", _("Intake niet afgerond")
    STUDY_ADVICE_DUE = "studieadvies", _("Studieadvies nodig")
    TURNS_18 = "wordt_18", _("Wordt binnenkort 18")
    NO_REGIEHOUDER = "geen_regiehouder", _("Geen regiehouder")


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


def valid_regiehouder() -> Q:
    """The student's regiehouder can actually hold regie: active, in the student's team,
    a mentor — or, once the student is in outflow or aftercare, a coordinator — and a
    person, never a system account. A mentor who left the team keeps the record until
    someone takes over, but the team sees the student as 'no regiehouder' (DESIGN §2:
    nobody without a working regiehouder)."""
    in_team = Exists(
        User.teams.through.objects.filter(
            user_id=OuterRef("regiehouder_id"), team_id=OuterRef("team_id")
        )
    )
    role = Q(regiehouder__roles__contains=[Role.MENTOR]) | Q(
        regiehouder__roles__contains=[Role.COORDINATOR], status__in=OUTFLOW_STATUSES
    )
    person = Q(regiehouder__is_active=True, regiehouder__is_system_account=False)
    return Q(regiehouder__isnull=False) & person & Q(in_team) & role


def students_left_without_regie(user: User) -> int:
    """How many active students still name ``user`` as regiehouder although ``user`` can no
    longer hold regie for them (deactivated, left the team, lost the role). A count only:
    it is shown to the beheerder, who sees no student records."""
    return (
        Student.objects.filter(regiehouder=user, status__in=ACTIVE_STATUSES)
        .exclude(valid_regiehouder())
        .count()
    )


def regie_warning(user) -> str | None:
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


def signal_conditions(today: date) -> dict[Signal, Q]:
    """One Q per signal, so the same rule filters and annotates."""
    born_from, born_until = _eighteenth_birthday_window(today)
    return {
        Signal.INTAKE_INCOMPLETE: Q(status__in=[Status.AANGEMELD, Status.INTAKE]),
        Signal.STUDY_ADVICE_DUE: Q(
            status=Status.ACTIEF, study_advice_due_on__lte=today + STUDY_ADVICE_WARNING
        ),
        Signal.TURNS_18: Q(date_of_birth__gt=born_from, date_of_birth__lte=born_until)
        & Q(status__in=ACTIVE_STATUSES),
        Signal.NO_REGIEHOUDER: ~valid_regiehouder() & Q(status__in=ACTIVE_STATUSES),
    }


def with_signals(queryset: QuerySet[Student], today: date) -> QuerySet[Student]:
    """Annotate ``signal_<code>`` booleans (and ``study_advice_overdue``)."""
    annotations = {
        f"signal_{code}": Case(
            When(condition, then=True), default=False, output_field=BooleanField()
        )
        for code, condition in signal_conditions(today).items()
    }
    annotations["study_advice_overdue"] = Case(
        When(status=Status.ACTIEF, study_advice_due_on__lt=today, then=True),
        default=False,
        output_field=BooleanField(),
    )
    return queryset.annotate(**annotations)


def signal_counts(queryset: QuerySet[Student], today: date) -> list[tuple[Signal, int]]:
    """How many of ``queryset`` carry each signal: one aggregate query, for the caseload's
    shortcuts ("Geen regiehouder (3)")."""
    totals = queryset.order_by().aggregate(
        **{
            code.value: Count("pk", filter=condition)
            for code, condition in signal_conditions(today).items()
        }
    )
    return [(code, totals[code.value]) for code in Signal]


def signals_of(student: Student) -> list[Signal]:
    """The signals annotated by :func:`with_signals`, in display order."""
    return [code for code in Signal if getattr(student, f"signal_{code.value}", False)]


def caseload_for_user(user, *, today: date | None = None) -> QuerySet[Student]:
    """The visible students with their signals, the ones the user holds first."""
    today = today or timezone.localdate()
    qs = students_visible_to(user).select_related("team", "regiehouder")
    qs = with_signals(qs, today).annotate(
        is_mine=Case(When(regiehouder=user, then=True), default=False, output_field=BooleanField())
    )
    return qs.order_by("-is_mine", "last_name", "first_name", "id")


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
        label=_("Signaal"), choices=Signal.choices, method="filter_signal", empty_label=_("Alle")
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

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        words = Q()
        for word in value.split():
            words &= (
                Q(first_name__icontains=word)
                | Q(last_name_prefix__icontains=word)
                | Q(last_name__icontains=word)
            )
        return queryset.filter(Q(student_number__iexact=value) | words)

    def filter_signal(self, queryset, name, value):
        return queryset.filter(**{f"signal_{value}": True}) if value else queryset

    def filter_mine(self, queryset, name, value):
        if value != "ja":
            return queryset
        if self.request is None:  # every caller passes the request: "mine" needs the user
            raise TypeError("StudentFilter needs request= for the 'mine' filter.")
        return queryset.filter(regiehouder=self.request.user)

    @property
    def qs(self):
        if not self.is_bound or self.is_valid():
            return super().qs
        # An invalid filter value gives the page's error message, not a 500.
        raise ValidationError(self.errors)


def cohorts_for_user(user) -> list[str]:
    """The cohorts among the visible students, newest first, for the filter's choices."""
    return list(
        students_visible_to(user)
        .exclude(cohort="")
        .order_by("-cohort")
        .values_list("cohort", flat=True)
        .distinct()
    )


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
