"""The English translation is complete and the catalogue matches the source texts."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
SOURCES = ["entree", "students", "plans", "placements", "outflow", "templates", "locale"]


def _entries(text: str) -> dict[str, str]:
    """msgid → msgstr for every entry (multi-line strings joined), header excluded."""
    entries = {}
    pattern = re.compile(
        r'^msgid ((?:".*"\n)+)(?:msgid_plural (?:".*"\n)+)?((?:msgstr(?:\[\d\])? (?:".*"\n)+)+)',
        re.M,
    )
    for match in pattern.finditer(text + "\n"):
        msgid = "".join(re.findall(r'"(.*)"', match.group(1)))
        msgstr = "".join(re.findall(r'"(.*)"', match.group(2)))
        if msgid:
            entries[msgid] = msgstr
    return entries


def test_every_text_has_an_english_translation():
    text = PO.read_text(encoding="utf-8")
    missing = [msgid for msgid, msgstr in _entries(text).items() if not msgstr]
    assert missing == []
    assert "#, fuzzy" not in text


def test_catalogue_contains_every_text_in_the_source(tmp_path):
    # makemessages runs in a copy of the project, so the working tree is never touched.
    for name in SOURCES:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("*.mo"))
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    result = subprocess.run(  # noqa: S603 - fixed command line
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-location", "-v", "0"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "entree.settings.development"},
    )
    assert result.returncode == 0, result.stderr
    fresh = set(_entries((tmp_path / "locale/en/LC_MESSAGES/django.po").read_text("utf-8")))
    committed = set(_entries(PO.read_text(encoding="utf-8")))
    assert sorted(fresh - committed) == [], "run `make makemessages` and translate the new texts"


@pytest.mark.django_db
def test_pages_render_in_english_when_chosen(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/account/inloggen/"})
    response = client.get("/account/inloggen/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Log in" in html
    client.post("/i18n/setlang/", {"language": "nl", "next": "/account/inloggen/"})
    with translation.override("nl"):
        dutch = client.get("/account/inloggen/").content.decode()
    assert "Inloggen" in dutch


@pytest.mark.django_db
def test_an_english_browser_gets_dutch_until_the_user_chooses_english(client):
    """Issue 7.10: the login page was English on an English browser, although the product
    is Dutch-first. The browser's Accept-Language no longer decides; the user's choice
    does, and it is remembered (a cookie for a year, not just for the session)."""
    english_browser = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}
    html = client.get("/account/inloggen/", **english_browser).content.decode()
    assert '<html lang="nl">' in html and "Inloggen" in html

    chosen = client.post(
        "/i18n/setlang/", {"language": "en", "next": "/account/inloggen/"}, **english_browser
    )
    cookie = chosen.cookies["django_language"]
    assert cookie.value == "en"
    assert int(cookie["max-age"]) >= 365 * 24 * 60 * 60

    dutch_browser = {"HTTP_ACCEPT_LANGUAGE": "nl-NL,nl;q=0.9"}
    html = client.get("/account/inloggen/", **dutch_browser).content.decode()
    assert '<html lang="en">' in html and "Log in" in html
