"""The deployment files (Dockerfile, docker-compose.yml, .env.example) agree with the code.

Nothing here runs Docker: the files are parsed and compared with the settings, so a renamed
variable, a dropped health check or a root container fails the suite, not a deployment.
"""

import json
import re
from pathlib import Path

import pytest
import yaml

from students.forms import IMPORT_MAX_BYTES

ROOT = Path(__file__).resolve().parents[2]
SERVICES = {"db", "redis", "migrate", "web", "proxy", "worker", "beat", "privacy-worker"}
APP_SERVICES = ("migrate", "web", "worker", "beat", "privacy-worker")
LONG_RUNNING_APP_SERVICES = ("web", "worker", "beat", "privacy-worker")
#: The services that connect as the owner: migrate, and the retention job's worker (it
#: anonymises the audit's event tables too, docs/decisions.md "Database roles").
OWNER_SERVICES = ("migrate", "privacy-worker")

# env.str("NAME"), env.list("NAME"), env.db(\n "NAME"), env_bool("NAME"), env_int("NAME") ...
ENV_READ = re.compile(r"\b(?:env\.\w+|env_bool|env_int)\(\s*[\"']([A-Z][A-Z0-9_]*)[\"']")
OS_ENV_READ = re.compile(
    r"\bos\.(?:environ\.get\(|environ\.setdefault\(|environ\[|getenv\()\s*[\"']([A-Z][A-Z0-9_]*)[\"']"
)
# "NAME=value" or "# NAME=value" at the start of a line of .env.example.
DOCUMENTED = re.compile(r"^#?[ \t]*([A-Z][A-Z0-9_]*)=", re.MULTILINE)


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def services(compose) -> dict:
    return compose["services"]


def _command(service: dict) -> str:
    command = service.get("command", "")
    return " ".join(command) if isinstance(command, list) else command


def _environment(service: dict) -> dict:
    environment = service.get("environment") or {}
    if isinstance(environment, list):
        return dict(item.partition("=")[::2] for item in environment)
    return environment


def _healthcheck_test(service: dict) -> str:
    healthcheck = service.get("healthcheck") or {}
    assert not healthcheck.get("disable"), "health check is switched off"
    test = healthcheck.get("test", "")
    return " ".join(test) if isinstance(test, list) else test


def _depends_on(service: dict) -> dict:
    depends_on = service.get("depends_on") or {}
    assert isinstance(depends_on, dict), "depends_on needs conditions, not a bare list"
    return {name: spec.get("condition") for name, spec in depends_on.items()}


def _variables_read(paths) -> set[str]:
    names: set[str] = set()
    for path in paths:
        source = path.read_text(encoding="utf-8")
        names.update(ENV_READ.findall(source))
        names.update(OS_ENV_READ.findall(source))
    return names


def _variables_read_by_settings() -> set[str]:
    paths = [*sorted((ROOT / "entree" / "settings").glob("*.py")), ROOT / "entree" / "env.py"]
    return _variables_read(paths)


def _variables_read_by_the_app() -> set[str]:
    return _variables_read(sorted((ROOT / "entree").rglob("*.py")))


def _documented_variables() -> set[str]:
    return set(DOCUMENTED.findall((ROOT / ".env.example").read_text(encoding="utf-8")))


def _dockerfile() -> list[tuple[str, str]]:
    """The Dockerfile as (INSTRUCTION, arguments) pairs, continuation lines joined."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text(encoding="utf-8"))
    instructions = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            keyword, _, arguments = stripped.partition(" ")
            instructions.append((keyword.upper(), arguments.strip()))
    return instructions


# --- docker-compose.yml -------------------------------------------------------------------


def test_compose_file_defines_the_production_stack(services):
    assert set(services) == SERVICES
    assert services["db"]["image"].startswith("postgres:15")
    assert services["redis"]["image"].startswith("redis:7")
    # The data outlives the container: a named volume, not the container's own layer.
    assert any(
        volume.endswith(":/var/lib/postgresql/data") and not volume.startswith((".", "/"))
        for volume in services["db"]["volumes"]
    )


def test_database_redis_and_web_report_their_health(services):
    assert "pg_isready" in _healthcheck_test(services["db"])
    assert "redis-cli ping" in _healthcheck_test(services["redis"])
    web_check = _healthcheck_test(services["web"])
    assert "http://localhost:8000/healthz" in web_check
    assert "urllib" in web_check, "the slim image has no curl or wget"


def test_database_and_redis_are_published_on_loopback_only(services):
    assert "127.0.0.1:5432:5432" in services["db"]["ports"]
    assert "127.0.0.1:6379:6379" in services["redis"]["ports"]


def test_migrate_runs_the_migrations_once_when_database_and_redis_are_healthy(services):
    migrate = services["migrate"]
    assert re.search(r"\bmanage\.py migrate\b.*--no-input", _command(migrate))
    # A one-off job: restarting it after it exited would run it forever.
    assert migrate.get("restart", "no") == "no"
    assert _depends_on(migrate) == {"db": "service_healthy", "redis": "service_healthy"}


@pytest.mark.parametrize("name", LONG_RUNNING_APP_SERVICES)
def test_app_services_start_after_migrations_on_healthy_database_and_redis(services, name):
    assert _depends_on(services[name]) == {
        "db": "service_healthy",
        "redis": "service_healthy",
        "migrate": "service_completed_successfully",
    }


def test_web_serves_the_app_with_gunicorn_on_port_8000(services):
    command = _command(services["web"])
    assert command.startswith("gunicorn ")
    assert "entree.wsgi:application" in command
    assert re.search(r"--bind[= ]0\.0\.0\.0:8000\b", command)


def test_web_publishes_no_port_so_that_it_can_be_scaled(services):
    """Issue 16: `docker compose up --scale web=2` — two replicas cannot both take host
    port 8000; the proxy is the one way in."""
    assert "ports" not in services["web"]
    assert "container_name" not in services["web"]
    assert "container_name" not in services["worker"]


def test_the_proxy_publishes_port_8000_on_loopback_and_waits_for_a_healthy_web(services):
    proxy = services["proxy"]
    assert proxy["image"].startswith("nginx:")
    assert proxy["ports"] == ["127.0.0.1:8000:8000"]
    assert _depends_on(proxy) == {"web": "service_healthy"}
    assert "/healthz" in _healthcheck_test(proxy)
    assert "./deploy/nginx.conf:/etc/nginx/nginx.conf:ro" in proxy["volumes"]


def test_the_proxy_balances_over_every_web_replica_and_tells_the_app_who_asked():
    config = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    code = "\n".join(line.split("#")[0] for line in config.splitlines())
    # Re-resolved through Docker's DNS: replicas added or restarted are found.
    assert re.search(r"resolver\s+127\.0\.0\.11\b", code)
    assert re.search(r"upstream web \{[^}]*zone \w+[^}]*server web:8000 resolve;", code)
    assert re.search(r"listen 8000;", code)
    assert re.search(r"proxy_pass http://web;", code)
    # The visitor's address appended (the entry AXES_PROXY_COUNT=1 reads), the scheme, and
    # the Host with its port (Django's CSRF check compares it with the browser's Origin).
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in code
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in code
    assert "proxy_set_header Host $http_host;" in code
    assert "access_log off;" in code  # no personal data in logs
    # The import's 5 MB files pass (nginx refuses more than 1 MB by default).
    size = re.search(r"client_max_body_size (\d+)m;", code)
    assert size and int(size.group(1)) * 1024 * 1024 > IMPORT_MAX_BYTES


def test_the_proxy_answers_a_flood_of_wrong_tokens_before_it_reaches_the_app():
    config = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    code = "\n".join(line.split("#")[0] for line in config.splitlines())
    zone = re.search(r"limit_req_zone \$binary_remote_addr zone=(\w+):\w+ rate=(\d+)r/m;", code)
    assert zone
    public = re.search(r"location ~ \^/\(bevestigen\|nazorg\)/ \{([^}]*)\}", code)
    assert public and f"limit_req zone={zone.group(1)} " in public.group(1)
    assert "proxy_pass http://web;" in public.group(1)
    # The paths are the app's pages without login, and no page behind a login.
    from django.urls import resolve

    assert resolve("/bevestigen/abc/").url_name == "confirm"
    assert resolve("/nazorg/abc/").url_name == "checkin"


def test_the_app_trusts_exactly_the_one_proxy_in_front(services):
    for name in LONG_RUNNING_APP_SERVICES:
        assert _environment(services[name])["AXES_PROXY_COUNT"] == "${AXES_PROXY_COUNT:-1}"


def test_worker_runs_a_celery_worker_and_beat_runs_celery_beat(services):
    assert re.fullmatch(r"celery -A entree worker\b.*", _command(services["worker"]))
    beat = _command(services["beat"])
    assert re.fullmatch(r"celery -A entree beat\b.*", beat)
    # The app user cannot write to /app; the schedule file must live somewhere writable.
    assert "--schedule=/tmp/" in beat


def test_only_the_privacy_worker_takes_the_privacy_queue(services):
    assert re.fullmatch(
        r"celery -A entree worker --queues=privacy\b.*", _command(services["privacy-worker"])
    )
    # The ordinary worker takes the default queue only, never the owner's tasks.
    assert "--queues" not in _command(services["worker"])
    assert "-Q" not in _command(services["worker"]).split()


@pytest.mark.parametrize("name", APP_SERVICES)
def test_every_app_service_uses_the_production_settings_and_the_app_image(services, name):
    service = services[name]
    environment = _environment(service)
    assert environment["DJANGO_SETTINGS_MODULE"] == "entree.settings.production"
    assert environment["REDIS_URL"] == "redis://redis:6379/0"
    if name in OWNER_SERVICES:  # the owner of the tables
        assert re.fullmatch(
            r"postgres://entree:\$\{POSTGRES_PASSWORD:\?[^}]+\}@db:5432/entree",
            environment["DATABASE_URL"],
        )
    else:  # the application role; the owner's password is not theirs
        assert environment["DATABASE_URL"] == "postgres://entree@db:5432/entree"
    assert re.fullmatch(
        r"\$\{DATABASE_APP_PASSWORD:\?[^}]+\}", environment["DATABASE_APP_PASSWORD"]
    )
    assert service["build"] in (".", {"context": "."})
    assert service["image"] == services["web"]["image"]


def test_compose_refuses_to_start_without_the_secrets(services):
    web = _environment(services["web"])
    assert re.fullmatch(r"\$\{DJANGO_SECRET_KEY:\?[^}]+\}", web["DJANGO_SECRET_KEY"])
    db = _environment(services["db"])
    assert re.fullmatch(r"\$\{POSTGRES_PASSWORD:\?[^}]+\}", db["POSTGRES_PASSWORD"])
    assert "POSTGRES_HOST_AUTH_METHOD" not in db


def test_compose_turns_the_https_redirect_off_by_default_for_a_local_run(services):
    assert _environment(services["web"])["DJANGO_SECURE_SSL_REDIRECT"] == (
        "${DJANGO_SECURE_SSL_REDIRECT:-false}"
    )


def test_compose_allows_http_links_and_printed_mail_only_as_a_documented_local_run(services):
    """Production refuses both (issue 16); this file is a trial run on one's own machine
    unless .env says otherwise, and says how to make it real."""
    web = _environment(services["web"])
    assert web["ENTREE_LOCAL_RUN"] == "${ENTREE_LOCAL_RUN:-true}"
    assert web["ENTREE_SITE_URL"] == "${ENTREE_SITE_URL:-http://localhost:8000}"
    compose_text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    assert "#   ENTREE_LOCAL_RUN=false" in compose_text
    assert "#   ENTREE_SITE_URL=https://" in compose_text


def test_compose_passes_only_variables_the_app_reads(services):
    read = _variables_read_by_the_app()
    passed = set(_environment(services["web"])) - {"DJANGO_SETTINGS_MODULE"}
    assert passed - read == set()
    # A .env written for `make run` must not switch debug or demo accounts on here.
    assert {"DJANGO_DEBUG", "ENTREE_DEMO_DATA_ALLOWED"}.isdisjoint(passed)


# --- .env.example ---------------------------------------------------------------------------


def test_every_variable_the_settings_read_is_documented_in_env_example():
    read = _variables_read_by_settings()
    # The pattern really finds the reads (an empty set would make this test pass vacuously).
    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "ENTREE_REQUIRE_2FA", "EMAIL_URL"} <= read
    assert read - _documented_variables() == set()


def test_every_variable_in_env_example_is_read_by_the_app_or_by_compose():
    compose_text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    documented = _documented_variables()
    assert len(documented) >= 20
    read = _variables_read_by_the_app()
    compose_only = documented - read
    unused = {name for name in compose_only if "${" + name not in compose_text}
    assert unused == set()


def test_env_example_holds_no_values_that_are_set():
    active = re.findall(r"^[A-Z][A-Z0-9_]*=.*$", (ROOT / ".env.example").read_text(), re.MULTILINE)
    assert active == [], "every line in .env.example stays commented out"


# --- Dockerfile -------------------------------------------------------------------------------


def test_dockerfile_builds_on_python_311_slim_bookworm():
    assert _dockerfile()[0] == ("FROM", "python:3.11-slim-bookworm")


def test_dockerfile_runs_as_an_unprivileged_user():
    instructions = _dockerfile()
    users = [arguments for keyword, arguments in instructions if keyword == "USER"]
    assert users, "no USER line: the container would run as root"
    assert users[-1].split(":")[0] not in {"root", "0"}
    keywords = [keyword for keyword, _ in instructions]
    last_user = len(keywords) - 1 - keywords[::-1].index("USER")
    assert last_user < keywords.index("CMD")


def test_dockerfile_exposes_and_binds_port_8000_with_gunicorn():
    instructions = dict(_dockerfile())
    assert "8000" in instructions["EXPOSE"].split()
    command = json.loads(instructions["CMD"])
    assert command[:2] == ["gunicorn", "entree.wsgi:application"]
    assert re.search(r"--bind[= ]0\.0\.0\.0:8000\b", " ".join(command))


def test_dockerfile_prepares_static_files_and_translations_without_storing_a_secret():
    instructions = _dockerfile()
    runs = " ".join(arguments for keyword, arguments in instructions if keyword == "RUN")
    assert "manage.py compilemessages" in runs
    assert "manage.py collectstatic --no-input" in runs
    assert "pip install ." in runs or "pip install --no-deps ." in runs
    assert "[dev]" not in runs
    for keyword, arguments in instructions:
        if keyword in {"ENV", "ARG"}:
            assert "DJANGO_SECRET_KEY" not in arguments
            assert "DJANGO_ALLOWED_HOSTS" not in arguments
    environment = " ".join(arguments for keyword, arguments in instructions if keyword == "ENV")
    assert "DJANGO_SETTINGS_MODULE=entree.settings.production" in environment


def test_dockerignore_keeps_secrets_and_local_state_out_of_the_build():
    ignored = {
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {".env", ".venv", ".git", "staticfiles"} <= ignored
    assert any("__pycache__" in pattern for pattern in ignored)


def _ci_apt_packages() -> set[str]:
    """Every Debian package ``.ci/run`` installs on a fresh machine."""
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    packages: set[str] = set()
    for group in re.findall(r"need_apt\+=\(([^)]*)\)", script):
        packages.update(group.split())
    return packages


def test_readme_apt_line_lists_every_package_ci_installs():
    """Issue 7.12: the README's apt-get line lacked poppler-utils and the fonts CI installs,
    so a newcomer following it got a failing PDF test."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    apt_lines = " ".join(re.findall(r"apt-get install ([^`]*)`", readme.replace("\n", " ")))
    packages = _ci_apt_packages()
    assert {"poppler-utils", "fonts-dejavu-core"} <= packages
    missing = sorted(p for p in packages if p not in apt_lines.split())
    assert missing == []


def test_source_points_to_no_roadmap_that_does_not_exist():
    """Issue 7.12: the apps' placeholders pointed to "the README roadmap", which is not
    there; a pointer in the code must lead somewhere."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8").lower()
    for module in ROOT.glob("*/models.py"):
        text = module.read_text(encoding="utf-8").lower()
        if "roadmap" in text:
            assert "roadmap" in readme, f"{module.relative_to(ROOT)} points to a missing roadmap"
