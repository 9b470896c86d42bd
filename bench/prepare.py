"""The Django side of ``make bench``: logins, the students to open, the worst-case access
log and the import file, and the number of queries each page runs. Imported by
``bench/run.py`` after ``django.setup()`` with ``bench.settings``."""

import csv
import io
import re
import secrets
import tempfile
from dataclasses import dataclass

from django.core import mail
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from entree.accounts.models import User
from entree.audit.models import AccessLog
from outflow import public
from outflow.models import FollowUpContact, Outflow, PartnerAnswer, PartnerHandover
from outflow.services import link_send
from outflow.services.checkin import ASK_AHEAD, checkin_link_make
from placements.models import Company
from students.models import OUTFLOW_STATUSES, Status, Student

#: The benchmark's users: the largest realistic team's mentor, a mentor of the huge team,
#: the coordinator of three teams, management of all teams and the beheerder (import).
USERS = {
    "mentor": "mentor@demo.example.test",
    "huge": "mentor.t50.1@demo.example.test",
    "coordinator": "coordinator@demo.example.test",
    "manager": "manager.all@demo.example.test",
    "beheer": "beheer@demo.example.test",
}
HEAVY_LOG_LINES = 10_000
IMPORT_ROWS = 10_000


@dataclass
class Prepared:
    cookies: dict[str, str]
    student: str
    heavy_log_student: str
    import_body: str
    #: A student with a plan of several versions (the plan pages).
    planned_student: str
    #: A student with placements and visits (the bpv tab and its API).
    placed_student: str
    #: The company with the longest placement history (its page).
    busy_company: str
    #: A leaver of the coordinator with partners on the checklist, and one partner row.
    leaver: str
    partner: str
    #: Live one-time links with a known token, made fresh by the services as a coordinator
    #: makes them (the demo keeps only hashes); "" when the data hold none to make.
    confirm_token: str = ""
    checkin_token: str = ""


def prepare() -> Prepared:
    users = {key: User.objects.get(email=email) for key, email in USERS.items()}
    cookies = {}
    for key, user in users.items():
        client = Client(SERVER_NAME="localhost")
        client.force_login(user)
        cookies[key] = client.cookies["sessionid"].value
    # Django accepts an unmasked 32-character secret in both the cookie and the header.
    cookies["csrf"] = secrets.token_hex(16)
    mine = Student.objects.filter(regiehouder=users["mentor"], status=Status.ACTIEF).order_by("pk")
    student, heavy = mine[0], mine[1]
    _fill_access_log(heavy, users["mentor"])
    planned = mine.filter(plan__current__number__gte=3).first() or student
    placed = (
        mine.annotate(visits=Count("placements__visits"))
        .filter(visits__gte=2)
        .order_by("-visits", "pk")
        .first()
        or student
    )
    busy = (
        Company.objects.filter(institution=student.institution_id)
        .annotate(history=Count("placements"))
        .order_by("-history", "pk")
        .first()
    )
    leaver = (
        Outflow.objects.filter(
            student__regiehouder=users["coordinator"], student__status=Status.UITGESTROOMD
        )
        .annotate(partners=Count("handover__partners"))
        .filter(partners__gte=1)
        .order_by("-partners", "pk")
        .first()
    )
    partner = leaver.handover.partners.order_by("pk").first() if leaver else None
    return Prepared(
        cookies,
        str(student.uuid),
        str(heavy.uuid),
        _import_body(),
        str(planned.uuid),
        str(placed.uuid),
        str(busy.uuid) if busy else "",
        str(leaver.student.uuid) if leaver else str(student.uuid),
        str(partner.uuid) if partner else "",
        _confirm_token(),
        _checkin_token(),
    )


#: How many candidates to try for a fresh link before giving up (the data may hold none).
LINK_CANDIDATES = 50
#: The address the load generator and the in-process client come from.
BENCH_ADDRESS = "127.0.0.1"


def _confirm_token() -> str:
    """A partner-confirmation link made by ``link_send`` as the student's regiehouder
    would send it; the token is read from the mail (in memory, nobody is mailed). A GET
    of the page does not use the link up: only the partner's answer does."""
    partners = (
        PartnerHandover.objects.filter(handover__closed_at__isnull=True, contact__isnull=False)
        .exclude(answer=PartnerAnswer.IN_CONTACT)
        .exclude(contact__email="")
        .select_related("handover__outflow__student__regiehouder")
        .order_by("pk")[:LINK_CANDIDATES]
    )
    for partner in partners:
        by = partner.handover.outflow.student.regiehouder
        if by is None:
            continue
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            mail.outbox = []
            try:
                link_send(partner=partner, by=by)
            except (ValidationError, PermissionDenied):
                continue
            found = re.search(r"/bevestigen/([^/\s]+)/", str(mail.outbox[-1].body))
            mail.outbox = []
        if found:
            return found.group(1)
    return ""


def _checkin_token() -> str:
    """A leaver's check-in link for a due contact, made by ``checkin_link_make`` as the
    coordinator makes one to copy into a message."""
    contacts = (
        FollowUpContact.objects.filter(
            done_on__isnull=True,
            outflow__student__status__in=OUTFLOW_STATUSES,
            due_on__lte=timezone.localdate() + ASK_AHEAD,
        )
        .select_related("outflow__student__regiehouder")
        .order_by("-due_on", "pk")[:LINK_CANDIDATES]
    )
    for contact in contacts:
        by = contact.outflow.student.regiehouder
        if by is None:
            continue
        try:
            _, url = checkin_link_make(contact=contact, by=by, by_email=False)
        except (ValidationError, PermissionDenied):
            continue
        return url.rstrip("/").rsplit("/", 1)[-1]
    return ""


def rate_limit_reset() -> None:
    """Forget the bench address's requests to the pages without login: a page measured
    as its visitors see it must start under the limit (a flood before it tripped it)."""
    cache.delete_many([public.rate_key(scope, BENCH_ADDRESS) for scope in ("confirm", "checkin")])


def limited_queries(path: str) -> int:
    """Queries of one request to a page without login once the address is over the
    limit (the answer a flood of wrong tokens gets)."""
    client = Client(SERVER_NAME="localhost", REMOTE_ADDR=BENCH_ADDRESS)
    for _ in range(public.RATE_LIMIT + 1):
        client.get(path)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}")
    return len(captured.captured_queries)


def _fill_access_log(student: Student, mentor: User) -> None:
    """Years of reads of one student: 10,000 lines by the team's mentors, over all parts."""
    have = AccessLog.objects.filter(student_uuid=student.uuid).count()
    if have >= HEAVY_LOG_LINES:
        return
    readers = list(User.objects.filter(teams=student.team_id).values_list("pk", flat=True))
    parts = ["dossier", "intake", "netwerk", "studieadvies", "regie", "export"]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO audit_accesslog (at, user_id, student_uuid, part, channel, path)
            SELECT now() - (i || ' hours')::interval,
                   (%(readers)s::bigint[])[1 + i %% array_length(%(readers)s::bigint[], 1)],
                   %(uuid)s, (%(parts)s::text[])[1 + i %% 6], 'web', ''
            FROM generate_series(1, %(n)s) AS i
            """,
            {"readers": readers, "uuid": student.uuid, "parts": parts, "n": HEAVY_LOG_LINES - have},
        )


def _import_body() -> str:
    """A multipart POST of a 10,000-row SIS file (existing students, one in ten renamed),
    as the import page's dry run receives it."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["studentnummer", "voornaam", "achternaam", "geboortedatum", "team", "leerweg"])
    rows = Student.objects.order_by("student_number").values_list(
        "student_number", "first_name", "last_name", "date_of_birth", "team__name", "learning_path"
    )[:IMPORT_ROWS]
    for i, (number, first, last, born, team, path) in enumerate(rows):
        writer.writerow(
            [number, first + ("x" if i % 10 == 0 else ""), last, born.isoformat(), team, path]
        )
    boundary = "benchboundary" + secrets.token_hex(8)
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="dry_run"\r\n\r\non\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="sis.csv"\r\n'
        f"Content-Type: text/csv\r\n\r\n{out.getvalue()}\r\n--{boundary}--\r\n"
    )
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, newline="") as f:
        f.write(body)
    return f.name


def count_queries(sessionid: str, path: str, post: str) -> int:
    """Queries of one request, in-process, after a warm-up request."""
    client = Client(SERVER_NAME="localhost", REMOTE_ADDR=BENCH_ADDRESS)
    if sessionid:  # "": a page without login
        client.cookies["sessionid"] = sessionid
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            if post:
                with open(post, "rb") as file:
                    body = file.read()
                boundary = body.split(b"\r\n", 1)[0][2:].decode()
                response = client.generic(
                    "POST", path, body, content_type=f"multipart/form-data; boundary={boundary}"
                )
            else:
                response = client.get(path)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
    return len(captured.captured_queries)
