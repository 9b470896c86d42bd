"""Settings of the web and worker processes that tests/core/test_scale_out.py starts:
production's, as the compose stack runs them. Everything that differs per run (the test
database, the test Redis, the mail folder, the site address) comes through the environment,
as for the benchmark's ``bench.settings``. The one change here: static files are served
from the app folders, so the test needs no ``collectstatic`` into the checkout.
"""

from entree.settings.production import *  # noqa: F403

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
