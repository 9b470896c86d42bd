"""``manage.py benchmark``: how fast are the pages and endpoints on this data?

Timings belong here, not in tests (DESIGN §6). It runs in-process through Django's test
client against the configured database, as the demo users, and prints per request the
median and 95th-percentile time and the number of queries. For a national-scale run:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/entree_bench make migrate
    DATABASE_URL=... .venv/bin/python manage.py seed_demo --students 100000
    DATABASE_URL=... .venv/bin/python manage.py benchmark
"""

import statistics
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from entree.accounts.models import User
from entree.core.demo import DEMO_USERS
from students.models import Student
from students.selectors import students_visible_to


class Command(BaseCommand):
    help = "Meet de snelheid van de belangrijkste pagina's en API-lijsten op deze database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--repeat", type=int, default=20, help="Metingen per adres.")

    def handle(self, *args: Any, repeat: int, **options: Any) -> None:
        if not settings.ENTREE_DEMO_DATA_ALLOWED:
            raise CommandError(
                "De benchmark leest dossiers en schrijft in het inzagelog: alleen op een "
                "database met demogegevens (ENTREE_DEMO_DATA_ALLOWED=true), nooit in productie."
            )
        if repeat < 3:
            raise CommandError("--repeat moet minstens 3 zijn.")
        # The first demo user of each role: for the mentor that is the largest team (Zorg
        # en Retail, ~64% of the students), the worst case for lists and exports.
        emails: dict[str, str] = {}
        for email, _f, _l, roles, _t in DEMO_USERS:
            emails.setdefault(roles[0], email)
        mentor = User.objects.filter(email=emails["mentor"]).first()
        manager = User.objects.filter(email=emails["management"]).first()
        if mentor is None or manager is None:
            raise CommandError("Geen demogebruikers gevonden: draai eerst `seed_demo`.")
        student = Student.objects.filter(regiehouder=mentor).order_by("pk").first()
        total = Student.objects.count()
        self.stdout.write(
            f"{total} studenten; {repeat} metingen per adres; {mentor.email} ziet er "
            f"{students_visible_to(mentor).count()}.\n"
        )
        self.stdout.write(f"{'adres':<48} {'mediaan':>9} {'p95':>9} {'queries':>8}")

        cases = [
            (mentor, "/studenten/"),
            (mentor, "/studenten/?signal=studieadvies"),
            (mentor, "/studenten/?q=jan"),
            (mentor, "/api/v1/students/"),
            (mentor, "/api/v1/students/?status=actief&page_size=200"),
            (mentor, "/studenten/export.csv"),
            (manager, "/kerncijfers/"),
        ]
        if student is not None:
            cases += [
                (mentor, f"/studenten/{student.uuid}/"),
                (mentor, f"/studenten/{student.uuid}/intake/"),
                (mentor, f"/studenten/{student.uuid}/netwerk/"),
            ]
        for user, path in cases:
            label = path.replace(str(student.uuid), "<uuid>") if student else path
            self._measure(user, path, repeat, label=label)

    def _measure(self, user: User, path: str, repeat: int, *, label: str = "") -> None:
        client = Client(SERVER_NAME="localhost")
        client.force_login(user)
        client.get(path)  # warm-up: connections, template cache
        timings, queries = [], 0
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get(path)
                if hasattr(response, "streaming_content"):
                    b"".join(response.streaming_content)
                timings.append(time.perf_counter() - start)
            queries = len(captured.captured_queries)
            if response.status_code != 200:
                raise CommandError(f"{path} gaf {response.status_code}")
        timings.sort()
        p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
        label = label or path
        label = label if len(label) <= 48 else label[:45] + "..."
        self.stdout.write(
            f"{label:<48} {statistics.median(timings) * 1000:>7.1f}ms {p95 * 1000:>7.1f}ms "
            f"{queries:>8}"
        )
