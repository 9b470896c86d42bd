"""The Django side of ``make bench``: logins, the students to open, the worst-case access
log and the import file, and the number of queries each page runs. Imported by
``bench/run.py`` after ``django.setup()`` with ``bench.settings``."""

import csv
import io
import secrets
import tempfile
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext

from entree.accounts.models import User
from entree.audit.models import AccessLog
from outflow.models import Outflow
from placements.models import Company
from students.models import Status, Student

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
    )


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
    client = Client(SERVER_NAME="localhost")
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
