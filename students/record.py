"""The students app's sections of a student's complete record (AVG art. 15).

Registered with :mod:`entree.core.records` when the app is ready. Each builder reads
everything the app holds on the student — personal and programme data, intake, network,
consent history, study advice, regie transfers — plus the two audit trails: who *read*
the record (the access log, this export included) and who *changed* what (pghistory).
Every builder runs a fixed number of queries, however long the history.
"""

from datetime import datetime

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Count, Max, Min, Model
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pghistory.models import Events

from entree.audit.models import AccessLog
from entree.core.records import choice, person, register_section
from entree.core.types import StrOrPromise
from students import selectors
from students.models import (
    Consent,
    Intake,
    LifeDomain,
    LifeDomainAssessment,
    NetworkContact,
    RegieTransfer,
    Student,
    StudyAdvice,
)
from students.registries import history_parents


def _labels(*models: type[Model], **extra: StrOrPromise) -> dict[str, StrOrPromise]:
    """Field name → verbose name (the first model that has the field wins), plus extras."""
    labels: dict[str, StrOrPromise] = {}
    for model in models:
        for field in model._meta.concrete_fields:
            labels.setdefault(field.name, field.verbose_name)
    labels.update(extra)
    return labels


def _local(moment: datetime | None) -> datetime | None:
    return timezone.localtime(moment) if moment else None


# --- Student ------------------------------------------------------------------------------


def student_section(student: Student) -> dict:
    """Personal and programme data. ``student`` comes with team, institution and
    regiehouder already joined (``student_access``)."""
    return {
        "id": student.uuid,
        "student_number": student.student_number,
        "first_name": student.first_name,
        "last_name_prefix": student.last_name_prefix,
        "last_name": student.last_name,
        "date_of_birth": student.date_of_birth,
        "email": student.email,
        "phone": student.phone,
        "address": student.address,
        "postcode": student.postcode,
        "city": student.city,
        "institution": student.institution.name,
        "team": student.team.name,
        "status": choice(student, "status"),
        "regiehouder": person(student.regiehouder),
        "start_date": student.start_date,
        "cohort": student.cohort,
        "learning_path": choice(student, "learning_path"),
        "profile": choice(student, "profile"),
        "prior_education": choice(student, "prior_education"),
        "prior_education_level": choice(student, "prior_education_level"),
        "referral_route": choice(student, "referral_route"),
        "study_advice_due_on": student.study_advice_due_on,
        "created_at": _local(student.created_at),
        "updated_at": _local(student.updated_at),
    }


# --- Intake -------------------------------------------------------------------------------


def intake_section(student: Student) -> dict | None:
    """The intake with its five life domains (state, note, the partner who acts)."""
    intake = selectors.intake_of(student)
    if intake is None:
        return None
    assessed = {d.domain: d for d in intake.domains.all()}
    domains = []
    for domain in LifeDomain:
        assessment = assessed.get(domain)
        domains.append(
            {
                "domain": {"code": domain.value, "label": str(domain.label)},
                "state": choice(assessment, "state") if assessment else None,
                "note": assessment.note if assessment else "",
                "partner": assessment.partner.name if assessment and assessment.partner else None,
            }
        )
    return {
        "referrer": intake.referrer,
        "handover_file": choice(intake, "handover_file"),
        "dutch_level": choice(intake, "dutch_level"),
        "maths_level": choice(intake, "maths_level"),
        "language_level": choice(intake, "language_level"),
        "motivation": intake.motivation,
        "route_indication": choice(intake, "route_indication"),
        "higher_level_considered": intake.higher_level_considered,
        "higher_level_note": intake.higher_level_note,
        "outcome": choice(intake, "outcome"),
        "outcome_motivation": intake.outcome_motivation,
        "handed_over_to": choice(intake, "handed_over_to"),
        "handed_over_contact": intake.handed_over_contact,
        "decided_on": intake.decided_on,
        "decided_by": person(intake.decided_by),
        "created_at": _local(intake.created_at),
        "updated_at": _local(intake.updated_at),
        "domains": domains,
    }


# --- Network, consent, study advice, regie ------------------------------------------------


def network_section(student: Student) -> list[dict]:
    return [
        {
            "name": contact.name,
            "id": contact.uuid,
            "kind": choice(contact, "kind"),
            "organisation": contact.organisation,
            "role": contact.role,
            "phone": contact.phone,
            "email": contact.email,
            "note": contact.note,
            "created_at": _local(contact.created_at),
        }
        for contact in NetworkContact.objects.filter(student=student).order_by("created_at", "id")
    ]


def consent_section(student: Student) -> list[dict]:
    """Every consent record, oldest first: the history, withdrawals included."""
    consents = (
        Consent.objects.filter(student=student)
        .select_related("contact", "recorded_by")
        .order_by("recorded_at", "id")
    )
    return [
        {
            "on": consent.on,
            "contact": consent.contact.name,
            "purpose": choice(consent, "purpose"),
            "given": consent.given,
            "note": consent.note,
            "recorded_by": person(consent.recorded_by),
            "recorded_at": _local(consent.recorded_at),
        }
        for consent in consents
    ]


def study_advice_section(student: Student) -> list[dict]:
    advices = (
        StudyAdvice.objects.filter(student=student)
        .select_related("recorded_by")
        .order_by("given_on", "id")
    )
    return [
        {
            "given_on": advice.given_on,
            "decision": choice(advice, "decision"),
            "motivation": advice.motivation,
            "postponed_until": advice.postponed_until,
            "recorded_by": person(advice.recorded_by),
        }
        for advice in advices
    ]


def regie_section(student: Student) -> list[dict]:
    transfers = (
        RegieTransfer.objects.filter(student=student)
        .select_related("from_user", "to_user", "by")
        .order_by("at", "id")
    )
    return [
        {
            "at": _local(transfer.at),
            "from_user": person(transfer.from_user),
            "to_user": person(transfer.to_user),
            "reason": transfer.reason,
            "by": person(transfer.by),
        }
        for transfer in transfers
    ]


# --- The two audit trails -----------------------------------------------------------------


def access_log_section(student: Student) -> list[dict]:
    """Who read this record, summarised: one row per reader, part and channel with how
    often and the first and last time, in order of the first read — the export being made
    included, because the caller logs it before the record is built.

    A summary, not every line: a record read daily for years has tens of thousands of
    lines, which made the PDF take minutes (docs/performance.md). One GROUP BY in
    PostgreSQL on the indexed student column; the full list is :func:`access_log_entries`.
    """
    groups = (
        AccessLog.objects.filter(student_uuid=student.uuid)
        .values("user", "part", "channel")
        .annotate(times=Count("id"), first=Min("at"), last=Max("at"), first_id=Min("id"))
        .order_by("first", "first_id")
    )
    rows = list(groups)
    users = get_user_model().objects.in_bulk({row["user"] for row in rows})
    # An unsaved log line per group gives the labels exactly as a single line shows them.
    labelled = [AccessLog(part=row["part"], channel=row["channel"]) for row in rows]
    return [
        {
            "user": person(users.get(row["user"])),
            "part": choice(line, "part"),
            "channel": choice(line, "channel"),
            "times": row["times"],
            "first": _local(row["first"]),
            "last": _local(row["last"]),
        }
        for row, line in zip(rows, labelled, strict=True)
    ]


def access_log_entries(student: Student) -> list[dict]:
    """Every recorded read of this record, oldest first: only on request (the JSON export
    with ``?inzagelog=volledig``), because it grows with every read."""
    entries = (
        AccessLog.objects.filter(student_uuid=student.uuid)
        .select_related("user")
        .order_by("at", "id")
    )
    return [
        {
            "at": _local(entry.at),
            "user": person(entry.user),
            "part": choice(entry, "part"),
            "channel": choice(entry, "channel"),
        }
        for entry in entries.iterator(chunk_size=2000)
    ]


_ACTIONS = {
    "insert": gettext_lazy("aangemaakt"),
    "update": gettext_lazy("gewijzigd"),
    "delete": gettext_lazy("verwijderd"),
}
#: Changes to these say nothing about the person: every save touches them.
_NOISE = frozenset({"updated_at"})


def _student_events(student: Student) -> list[Events]:
    """The write events of the student and of every tracked record that points at them
    (in any app), plus those of records that reach the student through a registered
    parent (``students.registries.register_history_parent``: a life-domain assessment
    points at the intake). One query, plus one per parent that has events."""
    events = list(Events.objects.references(student))
    seen = {(e.pgh_model, e.pgh_id) for e in events}
    for parent in history_parents():
        ids = {e.pgh_obj_id for e in events if e.pgh_obj_model == parent._meta.label}
        if not ids:
            continue
        # The parent's own events came with an earlier query; here only what points at it.
        for event in Events.objects.references([parent(pk=int(pk)) for pk in ids]).exclude(
            pgh_obj_model=parent._meta.label
        ):
            if (event.pgh_model, event.pgh_id) not in seen:
                seen.add((event.pgh_model, event.pgh_id))
                events.append(event)
    events.sort(key=lambda e: (e.pgh_created_at, e.pgh_model, e.pgh_id))
    return events


def history_section(student: Student) -> list[dict]:
    """Who changed what and when: the *names* of the fields that changed, not the old
    values (the current values are in the sections above)."""
    events = _student_events(student)
    user_ids = {(e.pgh_context or {}).get("user") for e in events} - {None}
    users = get_user_model().objects.in_bulk(user_ids) if user_ids else {}
    field_labels: dict[str, dict[str, str]] = {}
    rows = []
    for event in events:
        label = event.pgh_obj_model
        if label not in field_labels:
            model = apps.get_model(label)
            field_labels[label] = {
                "": str(model._meta.verbose_name),
                **{f.attname: str(f.verbose_name) for f in model._meta.concrete_fields},
            }
        names = field_labels[label]
        context = event.pgh_context or {}
        if context.get("user") is not None:
            user = users.get(context["user"])
            who = person(user) if user else _("onbekende gebruiker")
        elif context.get("command"):
            who = _("systeem (%(command)s)") % {"command": context["command"]}
        else:
            who = _("systeem")
        changed = sorted(set(event.pgh_diff or {}) - _NOISE)
        rows.append(
            {
                "at": _local(event.pgh_created_at),
                "by": who,
                "action": {
                    "code": event.pgh_label,
                    "label": str(_ACTIONS.get(event.pgh_label, "")),
                },
                "record": names[""],
                "record_id": (event.pgh_data or {}).get("uuid"),
                "fields": [names.get(name, name) for name in changed],
            }
        )
    return rows


# --- Registration -------------------------------------------------------------------------

register_section(
    "student",
    gettext_lazy("Persoonsgegevens en opleiding"),
    student_section,
    labels=_labels(Student, id=gettext_lazy("publiek id")),
)
register_section(
    "intake",
    gettext_lazy("Intake en leefgebieden"),
    intake_section,
    labels=_labels(Intake, LifeDomainAssessment, domains=gettext_lazy("leefgebieden")),
)
register_section(
    "netwerk",
    gettext_lazy("Netwerk"),
    network_section,
    labels=_labels(NetworkContact, id=gettext_lazy("publiek id")),
)
register_section(
    "toestemmingen",
    gettext_lazy("Toestemmingen"),
    consent_section,
    labels=_labels(Consent, contact=gettext_lazy("contact")),
)
register_section(
    "studieadviezen",
    gettext_lazy("Studieadviezen"),
    study_advice_section,
    labels=_labels(StudyAdvice),
)
register_section(
    "regie", gettext_lazy("Overdrachten van de regie"), regie_section, labels=_labels(RegieTransfer)
)
register_section(
    "inzagelog",
    gettext_lazy("Wie heeft het dossier ingezien"),
    access_log_section,
    labels={
        **_labels(AccessLog),
        "times": gettext_lazy("aantal keer"),
        "first": gettext_lazy("eerste keer"),
        "last": gettext_lazy("laatste keer"),
    },
    trailing=True,
)
register_section(
    "wijzigingen",
    gettext_lazy("Wijzigingen in het dossier"),
    history_section,
    labels={
        "at": gettext_lazy("tijdstip"),
        "by": gettext_lazy("door"),
        "action": gettext_lazy("actie"),
        "record": gettext_lazy("onderdeel"),
        "record_id": gettext_lazy("publiek id"),
        "fields": gettext_lazy("gewijzigde velden"),
    },
    trailing=True,
)
