"""What the annual report needs from the demo school beyond what the apps' seeders make
(issue 14): registered last (``ReportsConfig.ready``; ``entree.reports`` comes after the
apps it reads in ``INSTALLED_APPS``), it adds to the batch's students and changes nothing
the other seeders decide for students it does not touch.

1. Intake decisions of every kind in this school year and the one before, and "not
   placed" candidates handed back to their previous school (the students seeder dates
   the decisions at random in the last ten months and hands every one to the gemeente).
2. Closed records (``afgesloten``: the two years of follow-up are over) get what they
   went through: a start three to four years ago, an outflow, a closed checklist with the
   partner's confirmation and every follow-up contact done — so the older cohorts have
   results and the follow-up has positions about two years after outflow.

3. When every batch is in (``finish``), a handful of annual reports as management made
   them after the last school year: done, by whom and when. Their PDFs are not made: one
   report takes the worker seconds to minutes (figures and WeasyPrint), which the demo
   (and every test that seeds it) should not wait for, and a file would live only in
   the media folder of the checkout that seeded, not with a benchmark database that
   another checkout reuses. So the rows keep no file name: the list shows them done,
   without a download link that would lead nowhere.

Every student draws from ``student_random(seed, index, "reports")``: deterministic, and
independent of the batch size, like every seeder.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from entree.accounts.models import User
from entree.core.bulk import bulk_insert, bulk_set
from entree.core.demo import DEMO_INSTITUTION, DemoBatch, student_random
from entree.reports.figures.core import report_scopes
from entree.reports.models import GeneratedReport, ReportStatus
from entree.reports.report import SchoolYear
from outflow.models import (
    DEFAULT_SCHEDULE,
    ConfirmationChannel,
    ContactChannel,
    Destination,
    FollowUpContact,
    Handover,
    IntermediateStep,
    Outflow,
    PartnerAnswer,
    PartnerHandover,
    PartnerKind,
    Position,
)
from students.models import HandedOverTo, Intake, Status, Student, school_year_of
from students.services import add_months

_BULK = 1000
#: Closed records: where they went (a plausible mix, as the outflow demo's).
_DESTINATIONS = {
    Destination.MBO_NIVEAU2_PLUS: 40,
    Destination.WERK: 25,
    Destination.WERK_BBL: 8,
    Destination.BESCHUT: 4,
    Destination.UITKERING: 5,
    Destination.ANDER_ONDERWIJS: 4,
    Destination.GEEN: 14,
    Destination.ONBEKEND: 8,
}
_PARTNER_FOR = {
    Destination.MBO_NIVEAU2_PLUS: PartnerKind.NIVEAU2,
    Destination.WERK: PartnerKind.WERKGEVER,
    Destination.WERK_BBL: PartnerKind.WERKGEVER,
    Destination.BESCHUT: PartnerKind.GEMEENTE,
    Destination.UITKERING: PartnerKind.GEMEENTE,
}
_ANSWERS = {
    "goals_to_learn": "Zelfstandig een taak afmaken en hulp vragen als het niet lukt.",
    "regelzaken": "Geen openstaande regelzaken.",
    "support_needed": "Een vast aanspreekpunt in de eerste maanden.",
    "lifelong_learning": "Na een jaar kijken naar niveau 2 in de bbl.",
    "alternatives": "Via het Werkgeversservicepunt een plek in dezelfde branche.",
}
_NOT_PLACED = (Status.NIET_GEPLAATST, Status.HOGER_NIVEAU, Status.UITGESTELD)


@dataclass
class _Closed:
    outflows: list[Outflow] = field(default_factory=list)
    handovers: list[Handover] = field(default_factory=list)
    partners: list[PartnerHandover] = field(default_factory=list)
    contacts: list[FollowUpContact] = field(default_factory=list)


def seed(batch: DemoBatch) -> None:
    """Fill in the report's gaps for the batch's students (bulk updates and inserts)."""
    indexed = {student.pk: batch.start + offset for offset, student in enumerate(batch.students)}
    touched = [s for s in batch.students if s.status in (*_NOT_PLACED, Status.AFGESLOTEN)]
    intakes = {i.student_id: i for i in Intake.objects.filter(student__in=touched)}
    coordinators = _coordinators(batch)
    closed = _Closed()
    moved: list[Student] = []
    for student in touched:
        rng = student_random(batch.seed, indexed[student.pk], "reports")
        intake = intakes.get(student.pk)
        if student.status == Status.AFGESLOTEN:
            coordinator = coordinators.get(student.team_id)
            if coordinator is not None:
                _closed_record(rng, student, intake, coordinator, batch.today, closed)
                moved.append(student)
        elif intake is not None:
            _decision_day(rng, indexed[student.pk], student, intake, batch.today)
    bulk_set(moved, ["start_date", "cohort"])
    bulk_set(list(intakes.values()), ["decided_on", "handed_over_to", "handed_over_contact"])
    bulk_insert(closed.outflows)
    bulk_insert(closed.handovers)
    bulk_insert(closed.partners)
    bulk_insert(closed.contacts)


def _coordinators(batch: DemoBatch) -> dict[int, User]:
    """An uitstroomcoördinator per team (who registered the outflow of a closed record)."""
    found: dict[int, User] = {}
    for user in batch.users.values():
        if "uitstroomcoordinator" in user.roles:
            for team in user.teams.all():
                found.setdefault(team.pk, user)
    return found


def _decision_day(
    rng: random.Random, index: int, student: Student, intake: Intake, today: date
) -> None:
    """Candidates who were not placed were decided on this school year (even indexes) or
    the one before (odd): every kind of decision in both years of the report. Some "not
    placed" ones went back to their previous school rather than to the gemeente."""
    current = SchoolYear.containing(today)
    year = current.previous() if index % 2 else current
    last = min(year.ends_on, today - timedelta(days=1))
    intake.decided_on = year.starts_on + timedelta(
        days=rng.randint(0, max(0, (last - year.starts_on).days))
    )
    if student.status == Status.NIET_GEPLAATST and rng.random() < 0.4:
        intake.handed_over_to = HandedOverTo.VORIGE_SCHOOL
        intake.handed_over_contact = "Zorgcoördinator van de vorige school"


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(11, 0)))


def _closed_record(
    rng: random.Random,
    student: Student,
    intake: Intake | None,
    coordinator: User,
    today: date,
    closed: _Closed,
) -> None:
    """Start three to four years ago, left within a year, followed for two years since."""
    start = today - timedelta(days=rng.randint(1000, 1300))
    student.start_date, student.cohort = start, school_year_of(start)
    if intake is not None:
        intake.decided_on = start - timedelta(days=14)
    left_on = min(start + timedelta(days=rng.randint(150, 365)), today - timedelta(days=760))
    diploma = rng.random() < 0.7
    destination = rng.choices(list(_DESTINATIONS), weights=list(_DESTINATIONS.values()))[0]
    outflow = Outflow(
        student=student,
        left_on=left_on,
        diploma=diploma,
        with_praktijkverklaring=not diploma,
        destination=destination,
        # Some without an exit interview on record: the data-quality table has them.
        exit_interview_on=(
            left_on - timedelta(days=rng.randint(0, 10)) if rng.random() < 0.85 else None
        ),
        exit_interview_notes="Terug- en vooruitgekeken met de student.",
        registered_by=coordinator,
        registered_at=_moment(left_on),
    )
    handover = Handover(
        outflow=outflow,
        intermediate_step=IntermediateStep.GEEN,
        closed_at=_moment(left_on + timedelta(days=rng.randint(10, 40))),
        closed_by=coordinator,
        **_ANSWERS,
    )
    closed.outflows.append(outflow)
    closed.handovers.append(handover)
    kinds = [PartnerKind.DOORSTROOMPUNT] if outflow.dropout else []
    if (kind := _PARTNER_FOR.get(destination)) and kind not in kinds:
        kinds.append(kind)
    for kind in kinds:
        day = left_on + timedelta(days=rng.randint(0, 5))
        closed.partners.append(
            PartnerHandover(
                handover=handover,
                kind=kind,
                contacted_on=day,
                contacted_by=coordinator,
                meeting_on=day,
                meeting_by=coordinator,
                answer=PartnerAnswer.IN_CONTACT,
                answered_on=day + timedelta(days=3),
                first_contact_on=day + timedelta(days=2),
                answer_channel=ConfirmationChannel.TELEFOON,
            )
        )
    for month in DEFAULT_SCHEDULE:
        closed.contacts.append(_contact(rng, outflow, month, coordinator))


def _contact(
    rng: random.Random, outflow: Outflow, month: int, coordinator: User
) -> FollowUpContact:
    due = add_months(outflow.left_on, month)
    reached = rng.random() < 0.8
    self_answered = reached and rng.random() < 0.3
    return FollowUpContact(
        outflow=outflow,
        month=month,
        due_on=due,
        done_on=due + timedelta(days=rng.randint(0, 21)),
        reached=reached,
        channel=ContactChannel.ZELF
        if self_answered
        else rng.choice([ContactChannel.TELEFOON, ContactChannel.BERICHT]),
        position=(
            rng.choices(
                [Position.WERKNEMER, Position.ONDERWIJS, Position.UITKERING, Position.ANDERS],
                weights=[50, 30, 12, 8],
            )[0]
            if reached
            else ""
        ),
        same_place=rng.random() < 0.75 if reached else None,
        hours_per_week=rng.choice([16, 24, 32, 36, 38]) if reached else None,
        recorded_by=None if self_answered else coordinator,
    )


#: Annual reports per manager in the demo (the institution first, then their teams).
REPORTS_PER_MANAGER = 3


def finish(today: date) -> None:
    """The annual reports of the last school year that management made in October: a
    handful per manager, done, without their file (see the module's docstring)."""
    year = SchoolYear.containing(today).previous()
    managers = User.objects.filter(roles__contains=["management"], is_active=True).order_by("pk")
    reports: list[tuple[GeneratedReport, datetime]] = []
    for number, manager in enumerate(managers):
        for offset, scope in enumerate(report_scopes(manager)[:REPORTS_PER_MANAGER]):
            day = year.ends_on + timedelta(days=62 + 7 * number + offset)
            asked = timezone.make_aware(
                datetime.combine(min(day, today - timedelta(days=1)), time(9, 30 + offset))
            )
            institution = scope.name.split(" — ")[0]
            report = GeneratedReport(
                requested_by=manager,
                school_year=year.label,
                institution_id=scope.institution_id,
                team_id=scope.team_id,
                scope_key=scope.key,
                # Named as the finished demo school will be called.
                scope_name=scope.name.replace(institution, DEMO_INSTITUTION, 1),
                status=ReportStatus.KLAAR,
                progress=100,
                started_at=asked + timedelta(seconds=5),
                finished_at=asked + timedelta(minutes=2),
            )
            reports.append((report, asked))
    GeneratedReport.objects.bulk_create([report for report, _asked in reports])
    for report, asked in reports:
        report.created_at = asked  # not the day of seeding (auto_now_add)
    bulk_set([report for report, _asked in reports], ["created_at"])
