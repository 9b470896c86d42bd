"""Scale-out, shown (DESIGN §6: stateless web processes behind a load balancer, Celery
workers on more machines). Two gunicorn processes on two ports and two Celery worker
processes, all with production's settings against the same PostgreSQL and Redis — as two
machines would be — and the pages stay correct across them: a session started on one
works on the other and ends on both, wrong passwords and wrong tokens are counted
together, an answer sent to both at once counts once, and the reminder run sent to both
workers several times at once mails each person one digest.

Every request carries what the load balancer in front would add (docker-compose.yml's
proxy): ``X-Forwarded-Proto: https`` and ``X-Forwarded-For`` with the visitor's address.
"""

import email
import http.client
import os
import secrets
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import pytest
import redis
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core import mail
from django.db import connection
from django.utils import timezone

from bench.run import gunicorn
from entree.accounts.roles import Role
from entree.celery import app
from outflow.models import (
    ConfirmationLink,
    PartnerAnswer,
    PartnerHandover,
    Reminder,
    ReminderStatus,
)
from outflow.public import RATE_LIMIT
from outflow.services import link_send, partner_add
from students.models import ConsentPurpose, Status
from tests.factories import (
    PASSWORD,
    ConsentFactory,
    FollowUpContactFactory,
    HandoverFactory,
    NetworkContactFactory,
    OutflowFactory,
    StudentFactory,
    UserFactory,
)
from tests.waiting import wait_until

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
#: The Host header every request carries, as the load balancer passes it on.
HOST = "localhost"
ORIGIN = f"https://{HOST}"
SETTINGS = "tests.core.scale_out_settings"
WORKERS = ("scale-a", "scale-b")


# --- The processes ---------------------------------------------------------------------------


def _environment(mail_dir: Path) -> dict[str, str]:
    """What the compose file gives web and worker, pointed at this test run's database
    (committed data: the tests are transactional), Redis database and a mail folder."""
    database = connection.settings_dict  # the owner, on the test database by now
    owner = quote(database["USER"] or "", safe="")
    password = quote(database["PASSWORD"] or "", safe="")
    port = database["PORT"] or "5432"
    return {
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": f"{HOST},127.0.0.1",
        "DATABASE_URL": (
            f"postgres://{owner}:{password}@{database['HOST']}:{port}/{database['NAME']}"
        ),
        "DATABASE_APP_USER": settings.DATABASE_APP_USER,
        "DATABASE_APP_PASSWORD": settings.DATABASE_APP_PASSWORD,
        "REDIS_URL": settings.CACHES["default"]["LOCATION"],
        "CACHE_KEY_PREFIX": settings.CACHES["default"]["KEY_PREFIX"],
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        # One proxy in front, as in docker-compose.yml.
        "AXES_PROXY_COUNT": "1",
        "AXES_FAILURE_LIMIT": str(settings.AXES_FAILURE_LIMIT),
        # The logins here use a password only; the second step has tests of its own.
        "ENTREE_REQUIRE_2FA": "false",
        # An https address and mail that is really written: production's own check passes.
        "ENTREE_SITE_URL": ORIGIN,
        "ENTREE_LOCAL_RUN": "false",
        # Four slashes: an absolute folder (django-environ drops the first of the path).
        "EMAIL_URL": f"filemail:///{mail_dir}",
        "LOG_LEVEL": "WARNING",
    }


@pytest.fixture(scope="module")
def processes(django_db_setup, tmp_path_factory) -> Iterator[dict]:
    """Two web processes (the Dockerfile's gunicorn command line, bench/run.py) on free
    ports, sharing the test database and the test Redis."""
    folder = tmp_path_factory.mktemp("scale-out")
    mail_dir = folder / "mail"
    mail_dir.mkdir()
    environment = _environment(mail_dir)
    servers = [gunicorn(SETTINGS, environment, log=folder / f"web-{n}.log") for n in "ab"]
    try:
        for server in servers:  # both boot at the same time
            server.start()
        web = tuple(server.ready() for server in servers)
        yield {"web": web, "environment": environment, "mail": mail_dir, "folder": folder}
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.__exit__()


@pytest.fixture
def web(processes) -> tuple[str, str]:
    return processes["web"]


class celery_worker:
    """``celery -A entree worker`` as docker-compose.yml starts it, as its own process."""

    def __init__(self, name: str, environment: dict[str, str], log: Path) -> None:
        self.name = name
        command = [sys.executable, "-m", "celery", "-A", "entree", "worker", "--loglevel=INFO"]
        command += ["--concurrency=2", f"--hostname={name}@%h"]
        env = {**os.environ, **environment, "DJANGO_SETTINGS_MODULE": SETTINGS}
        with log.open("ab") as output:
            self.process = subprocess.Popen(  # noqa: S603 - a fixed command line
                command, cwd=ROOT, env=env, stdout=output, stderr=output
            )

    def terminate(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # warm shutdown: finish the task at hand

    def wait(self) -> None:
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def workers(processes) -> Iterator[list[str]]:
    """Two worker processes on the test Redis broker (started per test: the suite empties
    the Redis database, the broker's queue bindings with it, before every test)."""
    app.control.purge()
    folder = processes["folder"]
    started: list[celery_worker] = []
    try:
        for name in WORKERS:
            log = folder / f"worker-{name}.log"
            started.append(celery_worker(name, processes["environment"], log))
        assert wait_until(lambda: len(_answering_workers()) == 2, seconds=60), (
            f"the workers did not start; see {folder}"
        )
        yield [worker.name for worker in started]
    finally:
        for worker in started:
            worker.terminate()
        for worker in started:
            worker.wait()


def _answering_workers() -> set[str]:
    replies = app.control.ping(timeout=0.5)
    return {name.split("@")[0] for reply in replies for name in reply} & set(WORKERS)


# --- A visitor behind the load balancer ------------------------------------------------------


class Response:
    def __init__(self, status: int, headers: http.client.HTTPMessage, body: str) -> None:
        self.status = status
        self.headers = headers
        self.text = body

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")


class Visitor:
    """A browser at ``address``, its requests passed on by the load balancer: to either
    web process, with one cookie jar."""

    def __init__(self, address: str = "203.0.113.10") -> None:
        self.address = address
        self.cookies: dict[str, str] = {}

    def request(self, base: str, method: str, path: str, data: dict | None = None) -> Response:
        parts = urlsplit(base)
        headers = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.address,
            "Accept-Language": "nl",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if method == "POST":
            body = urlencode(data or {})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = ORIGIN
        server = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        try:
            server.request(method, path, body=body, headers=headers)
            answer = server.getresponse()
            response = Response(answer.status, answer.headers, answer.read().decode())
        finally:
            server.close()
        for header in answer.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value or morsel.value == '""':
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def get(self, base: str, path: str) -> Response:
        return self.request(base, "GET", path)

    def post(self, base: str, path: str, data: dict | None = None) -> Response:
        """A form post with the CSRF token of this browser's cookie."""
        return self.request(
            base, "POST", path, {"csrfmiddlewaretoken": self.cookies["csrftoken"], **(data or {})}
        )

    def log_in(self, base: str, username: str, password: str) -> Response:
        self.get(base, "/account/inloggen/")
        return self.post(base, "/account/inloggen/", {"username": username, "password": password})


def _hashed_for_production(user) -> None:
    """The test settings hash passwords with MD5 (fast), which production's settings do
    not accept: give ``user`` a PBKDF2 hash, as production makes them (with few rounds;
    a successful login upgrades it)."""
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt(), iterations=1000)
    user.save(update_fields=["password"])


# --- Sessions ----------------------------------------------------------------------------------


def test_a_session_started_on_one_web_process_works_on_the_other_and_ends_on_both(
    web, student, alice
):
    a, b = web
    _hashed_for_production(alice)
    browser = Visitor()
    assert browser.get(b, "/studenten/").status == 302  # no session yet: to the login page

    logged_in = browser.log_in(a, alice.email, PASSWORD)
    assert logged_in.status == 302 and logged_in.location == "/", logged_in.text[:500]

    caseload = browser.get(b, "/studenten/")
    assert caseload.status == 200
    assert student.last_name in caseload.text  # alice's caseload, served by the other one
    assert browser.get(a, "/studenten/").status == 200

    assert browser.post(b, "/account/uitloggen/").status == 302
    for base in (a, b):
        after = browser.get(base, "/studenten/")
        assert after.status == 302 and after.location.startswith("/account/inloggen/")


# --- Rate limits -------------------------------------------------------------------------------


def test_wrong_passwords_on_both_web_processes_are_counted_together(web, alice):
    a, b = web
    _hashed_for_production(alice)
    visitor = Visitor("203.0.113.20")
    limit = settings.AXES_FAILURE_LIMIT
    for attempt in range(1, limit + 1):  # 3 on one, 2 on the other
        wrong = visitor.log_in((a, b)[attempt % 2], alice.email, "niet-het-wachtwoord")
        # The form again with its error; the attempt that reaches the limit is refused.
        assert wrong.status == (429 if attempt == limit else 200), (attempt, wrong.status)

    for base in (a, b):  # now locked on both, even with the right password
        assert visitor.log_in(base, alice.email, PASSWORD).status == 429
    # The lock is for this account from this address, not for the account everywhere.
    assert Visitor("203.0.113.21").log_in(b, alice.email, PASSWORD).status == 302


@pytest.fixture
def partner(team, alice, dave):
    """A leaver's employer, with consent to share, on the open handover checklist."""
    student = StudentFactory(team=team, regiehouder=dave, status=Status.UITGESTROOMD)
    handover = HandoverFactory(
        outflow=OutflowFactory(student=student, left_on=timezone.localdate() - timedelta(days=7))
    )
    contact = NetworkContactFactory(
        student=student, kind="werkgever", name="Bert", email="bert@werkgever.example.test"
    )
    ConsentFactory(
        student=student, contact=contact, purpose=ConsentPurpose.GEGEVENS_DELEN, recorded_by=alice
    )
    return partner_add(handover=handover, by=dave, kind="werkgever", contact=contact)


def _link(partner, dave) -> str:
    link_send(partner=partner, by=dave)  # the mail goes out on commit (autocommit here)
    return mail.outbox[-1].body.split("/bevestigen/")[1].split("/")[0]


FORM = "Heeft u contact met de student?"
NEUTRAL = "Deze link werkt niet (meer)"
DONE = "Bedankt, uw antwoord is ontvangen"


def test_the_public_pages_count_requests_on_both_web_processes_together(web, partner, dave):
    a, b = web
    token = _link(partner, dave)
    visitor = Visitor("203.0.113.30")
    assert FORM in visitor.get(a, f"/bevestigen/{token}/").text  # request 1
    for number in range(2, RATE_LIMIT + 1):  # wrong tokens, half on each
        guess = visitor.get((a, b)[number % 2], f"/bevestigen/{secrets.token_urlsafe(32)}/")
        assert NEUTRAL in guess.text

    for base in (a, b):  # over the limit on both: the real link shows nothing either
        page = visitor.get(base, f"/bevestigen/{token}/").text
        assert NEUTRAL in page and FORM not in page
    # Counted per visitor address: the partner at another address still gets the form.
    assert FORM in Visitor("203.0.113.31").get(b, f"/bevestigen/{token}/").text


# --- Locks -------------------------------------------------------------------------------------


def test_one_link_answered_on_both_web_processes_at_once_counts_once(web, partner, dave):
    a, b = web
    token = _link(partner, dave)
    partner_browser = Visitor("203.0.113.40")
    assert FORM in partner_browser.get(a, f"/bevestigen/{token}/").text  # its CSRF cookie
    answer = {
        "answer": PartnerAnswer.IN_CONTACT,
        "first_contact_on": timezone.localdate().isoformat(),
        "contact_person_now": "Bert",
    }
    start = threading.Barrier(2)
    pages: list[str] = []

    def send(base: str) -> None:
        start.wait()
        pages.append(partner_browser.post(base, f"/bevestigen/{token}/", answer).text)

    threads = [threading.Thread(target=send, args=(base,)) for base in (a, b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(DONE in page for page in pages) == [False, True]  # one thanks, one neutral
    assert any(NEUTRAL in page for page in pages)
    assert ConfirmationLink.objects.get().used_at is not None
    record = PartnerHandover.objects.get(pk=partner.pk)
    assert record.answer == PartnerAnswer.IN_CONTACT


# --- Reminders exactly once with two workers ----------------------------------------------------


def _mails(folder: Path) -> list[email.message.Message]:
    """Every message the file backend wrote (one file per connection, messages separated
    by a line of dashes)."""
    messages = []
    for path in sorted(folder.iterdir()):
        for part in path.read_text().split("\n" + "-" * 79 + "\n"):
            if part.strip():
                messages.append(email.message_from_string(part))
    return messages


def _all_done(workers: list[str]) -> bool:
    """Nothing queued, nothing running, nothing reserved on either worker."""
    with redis.Redis.from_url(settings.CELERY_BROKER_URL) as broker:
        if broker.llen("celery"):
            return False
    inspect = app.control.inspect(destination=None, timeout=1)
    active, reserved = inspect.active() or {}, inspect.reserved() or {}
    return len(active) == len(workers) and not any([*active.values(), *reserved.values()])


@pytest.mark.celery
def test_the_reminder_run_sent_to_two_workers_at_once_mails_each_person_once(
    workers, processes, team, dave
):
    from outflow.tasks import remind_due

    other = UserFactory(roles=[Role.COORDINATOR], teams=[team])
    due = timezone.localdate() - timedelta(days=3)
    for coordinator in (dave, dave, other):  # dave has two due contacts: one digest
        leaver = StudentFactory(team=team, regiehouder=coordinator, status=Status.UITGESTROOMD)
        outflow = OutflowFactory(student=leaver, left_on=due - timedelta(days=30))
        FollowUpContactFactory(outflow=outflow, month=1, due_on=due)

    for _ in range(6):  # the hourly tick, six times at once: both workers take some
        remind_due.delay()
    assert wait_until(
        lambda: Reminder.objects.filter(status=ReminderStatus.SENT).count() == 3, seconds=60
    ), list(Reminder.objects.values_list("status", flat=True))
    assert wait_until(lambda: _all_done(workers), seconds=30)

    ran = app.control.inspect(timeout=1).stats() or {}
    remind_runs = {
        name.split("@")[0]: stats["total"].get("outflow.tasks.remind_due", 0)
        for name, stats in ran.items()
    }
    assert sum(remind_runs.values()) == 6
    assert all(remind_runs[name] for name in workers), remind_runs  # both took part

    digests = [m for m in _mails(processes["mail"]) if "aandacht" in m["Subject"]]
    recipients = Counter(message["To"] for message in digests)
    assert recipients == {dave.email: 1, other.email: 1}
    assert Reminder.objects.filter(status=ReminderStatus.SENT).count() == 3
