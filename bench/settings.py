"""Settings for ``make bench``: production's, runnable on a laptop.

Everything that costs time in production stays on (DEBUG off, the same middleware, cached
templates, WhiteNoise with the manifest, sessions in Redis, persistent connections). Only
what needs a real domain and TLS is relaxed: no HTTPS redirect, no 2FA step for the
benchmark's logins, demo data allowed (the benchmark database is seeded with it), mail
printed and an http site address (``ENTREE_LOCAL_RUN``). The
floor page is added to the URLs (``bench.urls``).
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-" + "k3y-not-secret-" * 4)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("ENTREE_REQUIRE_2FA", "false")
os.environ.setdefault("ENTREE_DEMO_DATA_ALLOWED", "true")
# No mail server and no https address on a laptop (production refuses both otherwise).
os.environ.setdefault("ENTREE_LOCAL_RUN", "true")

from entree.settings.production import *  # noqa: E402, F403

ROOT_URLCONF = "bench.urls"
# Plain HTTP on localhost: cookies without the Secure flag, or the load generator's
# session would be refused nowhere but also never sent back by a browser.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# The "caseload CSV" case measures the stream from the web worker (what every caseload
# below the threshold gets, and the worst case of that path); above the threshold a
# Celery worker makes the file and the web worker only renders a page.
CASELOAD_EXPORT_ASYNC_THRESHOLD = 10**9
