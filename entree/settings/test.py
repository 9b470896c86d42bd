"""Test settings: the real PostgreSQL and Redis, fast password hashing, no manifest."""

from .base import *  # noqa: F403
from .base import CACHES, DATABASE_OWNER, DATABASES, REST_FRAMEWORK, env

DEBUG = False
SECRET_KEY = "test-only-key-not-secret"  # noqa: S105 - used only by the test suite
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# A separate Redis database and key prefix keep test sessions away from a running app.
CACHES["default"]["LOCATION"] = env.str("TEST_REDIS_URL", default="redis://127.0.0.1:6379/15")
CACHES["default"]["KEY_PREFIX"] = "entree-test"
CELERY_BROKER_URL = CACHES["default"]["LOCATION"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Every test counts its own data afresh (tests/reports/test_figures_kept.py turns it on).
REPORT_FIGURES_SECONDS = 0
REST_FRAMEWORK = {**REST_FRAMEWORK, "TEST_REQUEST_DEFAULT_FORMAT": "json"}
# Serve static files from the app folders through WhiteNoise, without collectstatic.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Parallel runs (two developers, or CI beside a developer) each take their own test
# database and Redis database: TEST_DATABASE_NAME=test_entree_2 TEST_REDIS_URL=.../14.
DATABASES["default"]["TEST"] = {"NAME": env.str("TEST_DATABASE_NAME", default="test_entree")}
# The test runner creates, migrates and empties (TRUNCATE) the test database: the owner's
# work. Tests of the application role's limits switch to it with SET ROLE
# (tests/audit/test_database_roles.py).
DATABASES["default"].update(DATABASE_OWNER)
# The test database connection is the owner already: the retention job uses it (inside the
# test's transaction). tests/privacy shows that the application role could not do it.
del DATABASES["owner"]
PRIVACY_DATABASE = "default"
