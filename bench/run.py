"""``make bench``: what each page costs under load, next to the cheapest page possible.

1. Per size (``--sizes``, default 10,000 and 100,000 students) a benchmark database
   ``entree_bench_<students>s_<teams>t_huge_seed<seed>_<day>_d<data>``: created, migrated and
   seeded once (``seed_demo --teams 50 --huge-team``: ~14 min for 100,000 on a busy
   2-core machine, of which ~12 seeding and ANALYZE; ~2 min for 10,000), then reused.
   One student of the largest realistic team gets 10,000 access-log lines (the record
   export's worst case after years of use). Every run ends the preparation with
   ``VACUUM ANALYZE``, as autovacuum would have done in production.
2. The app is served by gunicorn exactly as the Dockerfile starts it (gthread, 3 workers,
   2 threads, 60 s timeout) with ``bench.settings`` (production's, minus TLS and 2FA).
3. ApacheBench (``ab``, Debian package apache2-utils) sends each page with 16 concurrent
   connections, interleaved with the floor — a bare 50-row table from one indexed query,
   same gunicorn, same middleware — so that both see the same machine load. Three rounds.
4. One table: median and p95 (over all requests of all rounds), spread (highest minus
   lowest round p95), queries per request (counted once in-process), and p95 as a multiple
   of the floor's p95 of the same size. The same rows go to
   ``bench/results/<commit>.json``.

Run ``make bench`` (or ``.venv/bin/python bench/run.py --help``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DAY = date(2026, 11, 22)  # the seed's reference day: the same data on every run
SEED = 2026
#: Raised whenever an app's demo seeder adds data (2: the plans app's plans, versions and
#: meetings; 3: the placements app's companies, placements and visits; 4: the outflow app's
#: leavers and their checklists; 5: their follow-up contacts; 7: the annual report's closed
#: records and intake decisions of last school year; 8: the national mix of issue 16 —
#: three in four students have left and have their follow-up contacts — and a handful of
#: annual reports made by management), so a database built before is not reused without
#: them.
DATA_VERSION = 8
TEAMS = 50
CONNECTIONS = 16
#: A token no link has (the length of a real one): what a guesser sends.
WRONG_TOKEN = "bench-wrong-token-" + "x" * 25
#: The rows of the flood measurement (``--only`` matches this).
FLOOD = "wrong-token flood"
#: The flood's own answers (a name for ``flood``'s cases).
FLOOD_ANSWERS = "public: wrong tokens (flood, over the limit)"


@dataclass
class Case:
    """One address as one user. ``heavy`` pages get fewer requests and one round."""

    name: str
    user: str  # "": a page without login (no cookie; the public rate limit applies)
    path: str
    heavy: bool = False
    post: str = ""  # a file with a multipart body: the request is a POST
    group: str = "list"  # list (caseload-like, the 3x/5x target), page, export


@dataclass
class Row:
    name: str
    students: int
    median_ms: float
    p95_ms: float
    spread_ms: float
    first_byte_ms: float
    queries: int
    requests: int
    failed: int
    floor_p95_ms: float = 0.0
    ratio: float = 0.0
    group: str = "list"
    round_p95s: list[float] = field(default_factory=list)


# --- the parent: one child process per size, one table ---------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="student counts, comma-separated")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=48, help="per page per round")
    parser.add_argument("--only", default="", help="regex: measure only matching pages")
    parser.add_argument("--label", default="", help="added to the result file's name")
    parser.add_argument("--one-size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if shutil.which("ab") is None:
        sys.exit("make bench needs ApacheBench: apt-get install apache2-utils")
    if args.one_size:
        child(args)
        return
    rows: list[Row] = []
    began = time.monotonic()
    for size in [int(s) for s in args.sizes.split(",") if s.strip()]:
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            command = [PYTHON, __file__, "--one-size", str(size), "--out", out.name]
            command += ["--rounds", str(args.rounds), "--requests", str(args.requests)]
            command += ["--only", args.only] if args.only else []
            subprocess.run(command, check=True, cwd=ROOT)
            rows += [Row(**r) for r in json.loads(Path(out.name).read_text())]
    print_table(rows)
    commit = git("rev-parse", "--short", "HEAD") + (
        "-dirty" if git("status", "--porcelain") else ""
    )
    result = {
        "commit": commit,
        "machine": machine(),
        "connections": CONNECTIONS,
        "rounds": args.rounds,
        "seconds": round(time.monotonic() - began),
        "rows": [asdict(r) for r in rows],
    }
    target = ROOT / "bench" / "results" / f"{commit}{'-' + args.label if args.label else ''}.json"
    target.parent.mkdir(exist_ok=True)
    target.write_text(json.dumps(result, indent=1) + "\n")
    print(f"\n{target.relative_to(ROOT)}  ({result['seconds']} s)")


def print_table(rows: list[Row]) -> None:
    print(
        f"\n{'page':<46} {'students':>8} {'median':>8} {'p95':>8} {'spread':>7} "
        f"{'1st byte':>8} {'queries':>7} {'x floor':>7}"
    )
    for r in rows:
        failed = f"  ({r.failed} of {r.requests} failed)" if r.failed else ""
        print(
            f"{r.name:<46} {r.students:>8} {ms(r.median_ms):>8} {ms(r.p95_ms):>8} "
            f"{ms(r.spread_ms):>7} {ms(r.first_byte_ms):>8} {r.queries:>7} "
            f"{r.ratio:>7.1f}{failed}"
        )


def ms(value: float) -> str:
    return f"{value / 1000:.2f}s" if value >= 1000 else f"{value:.0f}ms"


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()


def machine() -> str:
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = Path("/proc/meminfo").read_text().split("\n")[0].split()[1]
    return f"{os.cpu_count()} cores, {cpu}, {int(memory) // 1024 // 1024 + 1} GB"


# --- the child: one size ---------------------------------------------------------------


def database_url(name: str) -> str:
    base = os.environ.get("DATABASE_URL") or dotenv().get("DATABASE_URL")
    parts = urlsplit(base or "postgres://postgres@127.0.0.1:5432/entree")
    return urlunsplit(parts._replace(path=f"/{name}"))


def dotenv() -> dict[str, str]:
    values: dict[str, str] = {}
    path = ROOT / ".env"
    if path.exists():
        for line in path.read_text().splitlines():
            if "=" in line and not line.lstrip().startswith("#"):
                key, value = line.split("=", 1)
                values[key.strip()] = value.strip()
    return values


def child(args: argparse.Namespace) -> None:
    size = args.one_size
    name = f"entree_bench_{size}s_{TEAMS}t_huge_seed{SEED}_{DAY:%Y%m%d}_d{DATA_VERSION}"
    os.environ["DATABASE_URL"] = database_url(name)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    sys.path.insert(0, str(ROOT))
    build_database(name, size)
    import django

    django.setup()
    from bench import prepare
    from outflow import public

    prepared = prepare.prepare()
    # As the owner (the application's role may not vacuum): fresh statistics and a
    # visibility map, as autovacuum keeps them in production.
    owner_sql(name, "VACUUM ANALYZE")
    cases = [c for c in cases_for(prepared) if not args.only or re.search(args.only, c.name)]
    queries = {}
    for c in cases:
        prepare.rate_limit_reset()
        queries[c.name] = prepare.count_queries(prepared.cookies.get(c.user, ""), c.path, c.post)
    floor = Case("floor (50 rows, 1 query)", "mentor", "/bench/floor/")
    rows = []
    with gunicorn() as base:
        floor_p95s: list[float] = []
        samples: dict[str, list[tuple[float, float, float, int, int]]] = {c.name: [] for c in cases}
        floor_samples: list[tuple[float, float, float, int, int]] = []
        for round_ in range(args.rounds):
            for case in cases:
                if case.heavy and round_ > 0:
                    continue
                n = max(CONNECTIONS, args.requests // 3) if case.heavy else args.requests
                concurrency = 1 if case.post else CONNECTIONS
                n = 3 if case.post else n
                if not case.user:
                    # A page without login as its visitor sees it: under the limit of
                    # requests per address (the flood below measures the limited answer).
                    prepare.rate_limit_reset()
                    n = min(n, public.RATE_LIMIT)
                floor_samples.append(ab(base, floor, prepared.cookies, args.requests, CONNECTIONS))
                samples[case.name].append(ab(base, case, prepared.cookies, n, concurrency))
                print(f"  {size} round {round_ + 1}: {case.name}", file=sys.stderr, flush=True)
        if not floor_samples:  # --only matched no page (the report PDF alone, say)
            floor_samples.append(ab(base, floor, prepared.cookies, args.requests, CONNECTIONS))
        floor_p95 = statistics.median(s[1] for s in floor_samples)
        floor_p95s = [s[1] for s in floor_samples]
        rows.append(
            summarise(
                floor,
                size,
                floor_samples,
                queries=prepare.count_queries(prepared.cookies["mentor"], floor.path, ""),
                floor_p95=floor_p95,
            )
        )
        rows[0].spread_ms = max(floor_p95s) - min(floor_p95s)
        for case in cases:
            rows.append(summarise(case, size, samples[case.name], queries[case.name], floor_p95))
        if not args.only or re.search(args.only, FLOOD):
            rows += flood_rows(base, prepared, size, args)
    from bench import jobs

    if not args.only or re.search(args.only, "reminder run"):
        rows += [Row(**row) for row in jobs.reminder_rows(size, DAY)]
    if not args.only or re.search(args.only, jobs.REPORT_PDF):
        rows += [Row(**row) for row in jobs.report_pdf_rows(size, DAY)]
    if not args.only or re.search(args.only, jobs.ANONYMISATION):
        rows += [Row(**row) for row in jobs.anonymisation_rows(size)]
    Path(args.out).write_text(json.dumps([asdict(r) for r in rows]))


def flood_rows(base: str, prepared, size: int, args: argparse.Namespace) -> list[Row]:
    """The site for logged-in users while 16 connections send wrong tokens to the pages
    without login: the floor and the caseload quiet, then under the flood, per round; and
    the flood's own answers (limited by Redis after 30 requests from one address). Every
    ratio is to the quiet floor of this measurement."""
    from bench import prepare

    floor = Case("floor (50 rows, 1 query)", "mentor", "/bench/floor/")
    page = Case("caseload", "mentor", "/studenten/")
    quiet: dict[str, list] = {floor.name: [], page.name: []}
    loud: dict[str, list] = {floor.name: [], page.name: []}
    attacked: list = []
    for round_ in range(args.rounds):
        for case in (floor, page):
            quiet[case.name].append(ab(base, case, prepared.cookies, args.requests, CONNECTIONS))
        with flood(base, prepared.cookies) as attack:
            for case in (floor, page):
                loud[case.name].append(ab(base, case, prepared.cookies, args.requests, CONNECTIONS))
        attacked += attack.results
        print(f"  {size} round {round_ + 1}: {FLOOD}", file=sys.stderr, flush=True)
    quiet_floor = statistics.median(s[1] for s in quiet[floor.name])
    rows = []
    for case in (floor, page):
        queries = prepare.count_queries(prepared.cookies[case.user], case.path, "")
        for label, runs in (("quiet (flood check)", quiet), (f"under {FLOOD}", loud)):
            named = Case(f"{case.name.split(' (')[0]}: {label}", case.user, case.path)
            rows.append(summarise(named, size, runs[case.name], queries, quiet_floor))
    if attacked:
        wrong = Case(FLOOD_ANSWERS, "", f"/bevestigen/{WRONG_TOKEN}/", group="public")
        limited = prepare.limited_queries(wrong.path)
        rows.append(summarise(wrong, size, attacked, limited, quiet_floor))
    prepare.rate_limit_reset()
    return rows


def summarise(case: Case, size: int, runs: list, queries: int, floor_p95: float) -> Row:
    """``runs``: (median, p95, first byte, requests, failed) per ab run. Median and p95 of
    the whole are the medians over the runs (ab gives percentiles, not the raw times)."""
    p95s = [r[1] for r in runs]
    return Row(
        name=case.name,
        students=size,
        median_ms=statistics.median(r[0] for r in runs),
        p95_ms=statistics.median(p95s),
        spread_ms=max(p95s) - min(p95s),
        first_byte_ms=statistics.median(r[2] for r in runs),
        queries=queries,
        requests=sum(r[3] for r in runs),
        failed=sum(r[4] for r in runs),
        floor_p95_ms=floor_p95,
        ratio=statistics.median(p95s) / floor_p95 if floor_p95 else 0.0,
        group=case.group,
        round_p95s=p95s,
    )


def owner_sql(name: str, sql: str) -> None:
    """Run ``sql`` in database ``name`` as the owner of DATABASE_URL, outside a transaction."""
    import psycopg2

    owner = urlsplit(database_url(name))
    connection = psycopg2.connect(
        dbname=name,
        user=owner.username or "postgres",
        password=owner.password,
        host=owner.hostname,
        port=owner.port or 5432,
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(sql)
    connection.close()


def build_database(name: str, size: int) -> None:
    """Create, migrate and seed the benchmark database unless a finished one exists."""
    import psycopg2

    admin = urlsplit(database_url("postgres"))
    connection = psycopg2.connect(
        dbname="postgres",
        user=admin.username or "postgres",
        password=admin.password,
        host=admin.hostname,
        port=admin.port or 5432,
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            print(f"Creating database {name}", file=sys.stderr)
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    manage = [PYTHON, "manage.py"]
    subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], check=True, cwd=ROOT, env=env)
    seed = [*manage, "seed_demo", "--seed", str(SEED), "--students", str(size)]
    seed += ["--today", DAY.isoformat(), "--teams", str(TEAMS), "--huge-team"]
    # A finished seed answers "niets veranderd" at once; an interrupted one carries on.
    began = time.monotonic()
    seeded = subprocess.run(seed, check=True, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    if "niets veranderd" not in seeded.stdout:
        # Statistics for the new rows at once (the app's role may not ANALYZE): a database
        # just built is queried like one that autovacuum has looked at.
        owner_sql(name, "ANALYZE")
        print(f"Built {name} in {time.monotonic() - began:.0f} s", file=sys.stderr)
    # Always: the manifest must name every static file of this checkout, as the image's
    # collectstatic does at build time (a stale one makes pages fail).
    subprocess.run(
        [*manage, "collectstatic", "--no-input", "-v", "0"], check=True, cwd=ROOT, env=env
    )


def cases_for(prepared) -> list[Case]:
    s = prepared.student
    h = prepared.heavy_log_student
    p = prepared.planned_student
    b = prepared.placed_student
    c = prepared.busy_company
    o, pt = prepared.leaver, prepared.partner
    # The pages without login (issue 12/13): a live link each, when the data allowed one.
    public = [
        Case(name, "", path, group="public")
        for name, path, token in (
            ("public: partner confirmation", "/bevestigen/{}/", prepared.confirm_token),
            ("public: leaver check-in", "/nazorg/{}/", prepared.checkin_token),
            ("public: wrong token (under the limit)", "/bevestigen/{}/", WRONG_TOKEN),
        )
        if token
        for path in [path.format(token)]
    ]
    return public + [
        Case("caseload", "mentor", "/studenten/"),
        Case("caseload: filter signal", "mentor", "/studenten/?signal=studieadvies"),
        Case("caseload: search", "mentor", "/studenten/?q=jan"),
        Case("caseload: page 20", "mentor", "/studenten/?pagina=20"),
        Case("caseload: huge team", "huge", "/studenten/"),
        Case("coordinator's caseload", "coordinator", "/studenten/"),
        Case("student page", "mentor", f"/studenten/{s}/", group="page"),
        Case("tab: intake", "mentor", f"/studenten/{s}/intake/", group="page"),
        Case("tab: netwerk", "mentor", f"/studenten/{s}/netwerk/", group="page"),
        Case("tab: studieadvies", "mentor", f"/studenten/{s}/studieadvies/", group="page"),
        Case("tab: regie", "mentor", f"/studenten/{s}/regie/", group="page"),
        Case("caseload: plan signal", "mentor", "/studenten/?signal=stap_te_laat"),
        Case("tab: plan", "mentor", f"/studenten/{p}/plan/", group="page"),
        Case("plan: compare versions", "mentor", f"/studenten/{p}/plan/vergelijken/", group="page"),
        Case("plan: edit form", "mentor", f"/studenten/{p}/plan/bewerken/", group="page"),
        Case("API plan", "mentor", f"/api/v1/students/{p}/plan/", group="page"),
        Case("plan PDF (student)", "mentor", f"/studenten/{p}/plan/plan.pdf", group="export"),
        Case("caseload: bpv signal", "mentor", "/studenten/?signal=bpv_bezoek_nodig"),
        Case("tab: bpv", "mentor", f"/studenten/{b}/bpv/", group="page"),
        Case("bpv: companies", "mentor", "/bpv/leerbedrijven/"),
        Case("bpv: companies search", "mentor", "/bpv/leerbedrijven/?zoek=super"),
        Case("bpv: company (long history)", "mentor", f"/bpv/leerbedrijven/{c}/", group="page"),
        Case("bpv: to visit", "mentor", "/bpv/te-bezoeken/"),
        Case("API placements", "mentor", f"/api/v1/students/{b}/placements/", group="page"),
        Case("API companies", "mentor", "/api/v1/companies/"),
        Case(
            "caseload: handover signal", "coordinator", "/studenten/?signal=overdracht_onbevestigd"
        ),
        Case("tab: uitstroom", "coordinator", f"/studenten/{o}/uitstroom/", group="page"),
        Case(
            "outflow: partner page",
            "coordinator",
            f"/studenten/{o}/uitstroom/partner/{pt}/",
            group="page",
        ),
        Case("API outflow", "coordinator", f"/api/v1/students/{o}/outflow/", group="page"),
        Case("follow-up: overview", "coordinator", "/uitstroom/"),
        Case("follow-up: contacts late", "coordinator", "/uitstroom/nazorg/?stand=te_laat"),
        Case("follow-up: contacts done", "coordinator", "/uitstroom/nazorg/?stand=gedaan"),
        Case("follow-up: tasks", "coordinator", "/uitstroom/taken/"),
        Case("follow-up: notifications", "coordinator", "/meldingen/"),
        Case("API follow-up contacts", "coordinator", "/api/v1/follow-up/contacts/?state=te_laat"),
        Case("API notifications", "coordinator", "/api/v1/notifications/"),
        Case("management figures (all teams)", "manager", "/kerncijfers/"),
        # The annual report (issue 14): last school year, the one with complete figures.
        Case(
            "report: dashboard last year",
            "manager",
            "/kerncijfers/?schooljaar=2025-2026&reikwijdte=instelling",
            group="page",
        ),
        Case(
            "report JSON (API)",
            "manager",
            "/api/v1/reports/annual/?school_year=2025-2026&scope=instelling",
            group="page",
        ),
        Case(
            "report CSV (one table)",
            "manager",
            "/kerncijfers/2025-2026/instelling/inflow_prior_education.csv",
            group="export",
        ),
        Case("API list", "mentor", "/api/v1/students/"),
        Case("API list: huge team", "huge", "/api/v1/students/"),
        Case("API detail", "mentor", f"/api/v1/students/{s}/", group="page"),
        Case(
            "record JSON (10k log lines)", "mentor", f"/studenten/{h}/inzage.json", group="export"
        ),
        Case(
            "record PDF (10k log lines)",
            "mentor",
            f"/studenten/{h}/inzage.pdf",
            heavy=True,
            group="export",
        ),
        Case("caseload CSV", "mentor", "/studenten/export.csv", heavy=True, group="export"),
        Case(
            "import 10,000 rows (dry run)",
            "beheer",
            "/studenten/import/",
            heavy=True,
            post=prepared.import_body,
            group="export",
        ),
    ]


class gunicorn:
    """The Dockerfile's command line, on a free local port, for the ``with`` block.

    ``settings`` and ``env`` choose what it serves (the benchmark: ``bench.settings``; the
    scale-out test, tests/core/test_scale_out.py: production's against the test database);
    ``log`` receives its output (default: none)."""

    def __init__(
        self,
        settings: str = "bench.settings",
        env: dict[str, str] | None = None,
        log: Path | None = None,
    ) -> None:
        self.settings = settings
        self.env = env or {}
        self.log = log

    def __enter__(self) -> str:
        self.start()
        return self.ready()

    def start(self) -> None:
        """Start it without waiting (``ready`` waits), so that several start together."""
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        command = [
            PYTHON,
            "-m",
            "gunicorn",
            "entree.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
        ]
        command += [
            "--worker-class",
            "gthread",
            "--workers",
            "3",
            "--threads",
            "2",
            "--timeout",
            "60",
        ]
        env = {**os.environ, **self.env, "DJANGO_SETTINGS_MODULE": self.settings}
        output = self.log.open("ab") if self.log else subprocess.DEVNULL
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=output)
        if self.log:
            output.close()  # the child has its own copy
        self.base = f"http://127.0.0.1:{port}"

    def ready(self) -> str:
        """The base URL once the health check answers (at most a minute)."""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                urllib.request.urlopen(f"{self.base}/healthz", timeout=2)
                return self.base
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError("gunicorn did not start" + (f"; see {self.log}" if self.log else ""))

    def terminate(self) -> None:
        """Ask it to stop (graceful), without waiting: several stop together."""
        if hasattr(self, "process") and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)

    def __exit__(self, *exc: object) -> None:
        if not hasattr(self, "process"):
            return
        self.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def ab(
    base: str, case: Case, cookies: dict, n: int, concurrency: int
) -> tuple[float, float, float, int, int]:
    """One ApacheBench run: (median ms, p95 ms, median first byte ms, requests, failed)."""
    with tempfile.NamedTemporaryFile(suffix=".csv") as percentiles:
        command = ab_command(base, case, cookies, n, concurrency, percentiles.name)
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        return ab_result(output, percentiles.name, n)


def ab_command(
    base: str, case: Case, cookies: dict, n: int, concurrency: int, percentiles: str
) -> list[str]:
    command = ["ab", "-n", str(n), "-c", str(min(concurrency, n)), "-s", "90"]
    command += ["-H", "Accept-Language: nl", "-e", percentiles]
    if case.user:  # "": a page without login gets no cookie
        cookie = f"sessionid={cookies[case.user]}; csrftoken={cookies['csrf']}"
        command += ["-H", f"Cookie: {cookie}"]
    if case.post:
        boundary = Path(case.post).read_bytes().split(b"\r\n", 1)[0][2:].decode()
        command += ["-p", case.post, "-T", f"multipart/form-data; boundary={boundary}"]
        command += ["-H", f"X-CSRFToken: {cookies['csrf']}"]
    return [*command, base + case.path]


def ab_result(output: str, percentiles: str, n: int) -> tuple[float, float, float, int, int]:
    table = {
        int(p): float(t)
        for p, t in (line.split(",") for line in Path(percentiles).read_text().splitlines()[1:])
    }
    failed = int(re.search(r"Failed requests:\s+(\d+)", output).group(1))
    non_2xx = re.search(r"Non-2xx responses:\s+(\d+)", output)
    failed += int(non_2xx.group(1)) if non_2xx else 0
    waiting = re.search(r"Waiting:\s+\d+\s+\d+\s+[\d.]+\s+(\d+)", output)
    # With only a few requests (the import) ab leaves the upper percentiles at 0.
    p95 = table[95] if table[95] >= table[50] else max(table.values())
    return table[50], p95, float(waiting.group(1)) if waiting else 0.0, n, failed


class flood:
    """Wrong tokens on both pages without login, 16 connections in all, in the background
    of the ``with`` block (ApacheBench until interrupted, which makes it report)."""

    def __init__(self, base: str, cookies: dict) -> None:
        self.base, self.cookies = base, cookies

    def __enter__(self) -> flood:
        self.runs = []
        for path in (f"/bevestigen/{WRONG_TOKEN}/", f"/nazorg/{WRONG_TOKEN}/"):
            percentiles = tempfile.NamedTemporaryFile(suffix=".csv")
            case = Case(FLOOD_ANSWERS, "", path)
            command = ab_command(
                self.base, case, self.cookies, 10**6, CONNECTIONS // 2, percentiles.name
            )
            process = subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
            )
            self.runs.append((process, percentiles))
        time.sleep(1)  # past the limit's first 30 requests: the flood as it lasts
        return self

    def __exit__(self, *exc: object) -> None:
        self.results = []
        for process, percentiles in self.runs:
            process.send_signal(signal.SIGINT)
            output = process.communicate(timeout=120)[0]
            done = re.search(r"Complete requests:\s+(\d+)", output)
            n = int(done.group(1)) if done else 0
            # Interrupted before any answer: no percentiles to read.
            with contextlib.suppress(AttributeError, KeyError, ValueError):
                self.results.append(ab_result(output, percentiles.name, n))
            percentiles.close()


if __name__ == "__main__":
    main()
