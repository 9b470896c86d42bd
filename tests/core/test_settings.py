"""Configuration: secure defaults, loud failures, a clean ``check --deploy``."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from entree.env import env_bool, env_int

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "entree.settings.production",
    "DJANGO_SECRET_KEY": "k3y-for-the-deploy-check-" + "x9Qz" * 10,
    "DJANGO_ALLOWED_HOSTS": "entree.example.test",
    "ENTREE_SITE_URL": "https://entree.example.test",
    "EMAIL_URL": "smtp+tls://entree:geheim@mail.example.test:587",
    "ENTREE_LOCAL_RUN": "false",
}


def _manage(*args, env_overrides: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(env_overrides)
    return subprocess.run(  # noqa: S603 - fixed command line, no user input
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_check_deploy_without_warnings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION_ENV, "DJANGO_SECRET_KEY": ""}
    result = _manage("check", env_overrides=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_debug():
    result = _manage("check", env_overrides={**PRODUCTION_ENV, "DJANGO_DEBUG": "true"})
    assert result.returncode != 0
    assert "DJANGO_DEBUG" in result.stderr


@pytest.mark.parametrize("hosts", [None, "", " , "])
def test_production_refuses_to_start_without_allowed_hosts(hosts):
    """Issue 8.6: an empty DJANGO_ALLOWED_HOSTS stops the process instead of a warning."""
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_ALLOWED_HOSTS"}
    if hosts is not None:
        env["DJANGO_ALLOWED_HOSTS"] = hosts
    result = _manage("check", env_overrides=env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("EMAIL_URL", "consolemail://"),
        ("EMAIL_URL", "memorymail://"),
        ("EMAIL_URL", "dummymail://"),
        ("ENTREE_SITE_URL", "http://entree.example.test"),
        ("ENTREE_SITE_URL", "http://127.0.0.1:8000"),
    ],
)
def test_production_refuses_mail_that_is_not_sent_and_links_without_https(variable, value):
    """Issue 16 (left from issue 12): the one-time tokens in mail would be printed in the
    log, lost, or sent as links readable on the way."""
    result = _manage("check", env_overrides={**PRODUCTION_ENV, variable: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and variable in result.stderr


def test_a_local_run_of_production_settings_may_print_mail_and_link_to_http():
    env = {
        **PRODUCTION_ENV,
        "EMAIL_URL": "consolemail://",
        "ENTREE_SITE_URL": "http://localhost:8000",
        "ENTREE_LOCAL_RUN": "true",
    }
    code = (
        "from django.conf import settings; print(settings.EMAIL_BACKEND, settings.ENTREE_SITE_URL)"
    )
    result = _manage("shell", "--no-imports", "-c", code, env_overrides=env)
    assert result.stdout.split() == [
        "django.core.mail.backends.console.EmailBackend",
        "http://localhost:8000",
    ], result.stderr


def test_production_requires_two_factor_by_default():
    code = "from django.conf import settings; print(settings.ENTREE_REQUIRE_2FA, settings.DEBUG)"
    result = _manage("shell", "--no-imports", "-c", code, env_overrides=PRODUCTION_ENV)
    assert result.stdout.split() == ["True", "False"], result.stderr


def test_a_misspelt_boolean_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("SOME_SWITCH", "ture")
    with pytest.raises(ImproperlyConfigured, match="SOME_SWITCH"):
        env_bool("SOME_SWITCH", default=False)


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("ja", True), ("False", False), ("0", False)]
)
def test_booleans_accept_clear_words(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_SWITCH", raw)
    assert env_bool("SOME_SWITCH", default=not expected) is expected


def test_a_non_number_or_too_small_number_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("SOME_NUMBER", "tien")
    with pytest.raises(ImproperlyConfigured, match="SOME_NUMBER"):
        env_int("SOME_NUMBER", default=1)
    monkeypatch.setenv("SOME_NUMBER", "0")
    with pytest.raises(ImproperlyConfigured, match="minstens 1"):
        env_int("SOME_NUMBER", default=1, minimum=1)


def test_development_settings_default_to_debug_and_test_settings_do_not():
    from django.conf import settings

    assert settings.DEBUG is False  # the test settings
    result = _manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
        env_overrides={"DJANGO_SETTINGS_MODULE": "entree.settings.development"},
    )
    assert result.stdout.strip() == "True", result.stderr
