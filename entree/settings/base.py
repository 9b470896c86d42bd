"""Settings shared by every environment. Environment-specific modules override a few."""

from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from entree.env import BASE_DIR, env, env_bool, env_int

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
DEBUG = env_bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS: list[str] = env.list("DJANGO_ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS: list[str] = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "pgtrigger",
    "pghistory",
    # Project: cross-cutting apps first, then the domain apps in their dependency order.
    "entree.core",
    "entree.accounts",
    "entree.audit",
    "students",
    "plans",
    "placements",
    "outflow",
    # Reads every app above (and seeds its demo additions after theirs).
    "entree.reports",
    # Cross-cutting, but after the apps it reads: its tab comes last on the student page.
    "entree.privacy",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Dutch unless the user chose English (not the browser's Accept-Language).
    "entree.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "entree.accounts.middleware.SessionLifetimeMiddleware",
    "entree.accounts.middleware.TwoFactorRequiredMiddleware",
    "entree.accounts.middleware.NoStoreForUsersMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    # Axes must be last: it turns a locked-out login into its own response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "entree.urls"
WSGI_APPLICATION = "entree.wsgi.application"
ASGI_APPLICATION = "entree.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "entree.accounts.context_processors.navigation",
                "outflow.notifications.unread_count",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
# Two roles (docs/decisions.md, "Database roles"). DATABASE_URL names the owner, who creates
# the tables: only `migrate` connects as it. Everything else connects to the same database as
# DATABASE_APP_USER, a role that owns nothing and cannot change the audit trail
# (entree/core/database_roles.py); `migrate` creates it and gives it its rights.
_OWNER_DATABASE = env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/entree")
DATABASE_OWNER = {"USER": _OWNER_DATABASE["USER"], "PASSWORD": _OWNER_DATABASE["PASSWORD"]}
DATABASE_APP_USER = env.str("DATABASE_APP_USER", default="entree_app")
DATABASE_APP_PASSWORD = env.str("DATABASE_APP_PASSWORD", default="")
if not DATABASE_APP_USER or DATABASE_OWNER["USER"] == DATABASE_APP_USER:
    raise ImproperlyConfigured(
        "DATABASE_APP_USER moet een andere databasegebruiker zijn dan de eigenaar in DATABASE_URL."
    )
# PostgreSQL's JIT compiler off for the application's connections: it compiles any query
# whose estimated cost passes jit_above_cost, and the caseload's signal counts (an EXISTS
# per signal) pass it at a few hundred students. Compiling took ~300 ms of a 340 ms query
# that runs in ~40 ms without it, on every page view (docs/performance.md). JIT pays off
# for long analytical scans, which this application does not run on the web path.
_DATABASE_OPTIONS = _OWNER_DATABASE.setdefault("OPTIONS", {})
_DATABASE_OPTIONS["options"] = " ".join(
    filter(None, [_DATABASE_OPTIONS.get("options"), "-c jit=off"])
)
DATABASES = {
    "default": {
        **_OWNER_DATABASE,
        "USER": DATABASE_APP_USER,
        "PASSWORD": DATABASE_APP_PASSWORD,
    },
}
# Persistent connections measured ~1.6x throughput on the 2-core target machine (DESIGN §6).
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# The retention job alone connects as the owner: anonymising must also scrub the audit's
# event tables, which the application role may not change (entree/privacy/services). Only
# the privacy worker (compose's `privacy-worker`, queue "privacy") is given a DATABASE_URL
# with the owner's password; web, worker and beat cannot open this connection.
DATABASES["owner"] = {**_OWNER_DATABASE, "CONN_MAX_AGE": 0}
PRIVACY_DATABASE = "owner"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache, sessions, Celery broker -------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6379/0")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="entree"),
    }
}

# --- Accounts and login security ------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTHENTICATION_BACKENDS = [
    # Axes first, so a locked-out account is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "entree.accounts.backends.PersonBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Throttling: five wrong passwords for one account from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", default=5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", default=15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The login form posts the e-mail address as "username" (Django's AuthenticationForm).
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# The visitor's address behind TRUSTED_PROXY_COUNT reverse proxies (X-Forwarded-For, counted
# from the right); 0 (here, `make run`) uses the direct peer. Production defaults to 1.
AXES_CLIENT_IP_CALLABLE = "entree.accounts.client_ip.client_ip"
TRUSTED_PROXY_COUNT = env_int("AXES_PROXY_COUNT", default=0, minimum=0)
AXES_VERBOSE = False
# Failed-login records hold e-mail addresses and IP addresses: kept this many days.
LOGIN_ATTEMPT_RETENTION_DAYS = env_int("LOGIN_ATTEMPT_RETENTION_DAYS", default=30, minimum=1)

# Sessions live in Redis so web processes stay stateless (DESIGN §6: scale out).
SESSION_ENGINE = "django.contrib.sessions.backends.cache"
# Idle timeout: a session unused this long ends (a shared computer in a classroom).
SESSION_IDLE_TIMEOUT = timedelta(minutes=env_int("SESSION_IDLE_MINUTES", default=30, minimum=1))
# Absolute lifetime: however active, a session ends after a working day.
SESSION_ABSOLUTE_LIFETIME = timedelta(
    hours=env_int("SESSION_ABSOLUTE_HOURS", default=10, minimum=1)
)
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_LIFETIME.total_seconds())
SESSION_COOKIE_HTTPONLY = True
# A closed browser ends the session on its side too (shared classroom computers).
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Flash messages can name a student: keep them server-side, not in a readable cookie.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Two-factor authentication (TOTP). Production sets this to true for every user.
ENTREE_REQUIRE_2FA = env_bool("ENTREE_REQUIRE_2FA", default=False)

# seed_demo creates demo accounts with a published password: never in production.
ENTREE_DEMO_DATA_ALLOWED = env_bool("ENTREE_DEMO_DATA_ALLOWED", default=True)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Entree volgsysteem")

# Weeks an active student may go without a progress meeting before the caseload warns.
ENTREE_PLAN_MEETING_WEEKS = env_int("ENTREE_PLAN_MEETING_WEEKS", default=10)

# The address of the site as people outside reach it: the links in e-mails (a partner's
# confirmation link) are built on it, never on the Host header of a request.
ENTREE_SITE_URL = env.str("ENTREE_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# A partner's one-time confirmation link expires after this many days (issue 12).
ENTREE_CONFIRMATION_LINK_DAYS = env_int("ENTREE_CONFIRMATION_LINK_DAYS", default=14)
# A follow-up contact this many days overdue is escalated to the team's lead (issue 13).
ENTREE_FOLLOW_UP_ESCALATE_DAYS = env_int("ENTREE_FOLLOW_UP_ESCALATE_DAYS", default=14)

# --- Internationalisation: Dutch first, English complete ------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The choice in the footer is remembered for a year on that browser (not only the session).
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------------------
STATIC_URL = "static/"
# Development and test settings set None: WhiteNoise serves from the app folders there.
STATIC_ROOT: Path | None = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded and generated files (export files with student data): never served by a URL of
# their own — views check who may read them.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Content-Security-Policy: nothing inline, nothing from elsewhere ------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# --- Audit (django-pghistory) ---------------------------------------------------------
# Event tables are append-only: triggers refuse UPDATE and DELETE on them.
PGHISTORY_APPEND_ONLY = True
PGHISTORY_MIDDLEWARE_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")

# --- API ------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: a refused or missing credential then answers 401 with
        # "WWW-Authenticate: Token", which tells a system client what to send.
        "entree.core.api.SystemTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["entree.core.api.IsAuthenticatedAndVerified"],
    "DEFAULT_PAGINATION_CLASS": "entree.core.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "entree.core.schema.AutoSchema",
    "EXCEPTION_HANDLER": "entree.core.api.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Entree volgsysteem API",
    "DESCRIPTION": (
        "JSON-API van het trajectvolgsysteem voor de entreeopleiding. Elke gebruiker ziet "
        "precies de studenten die de pagina's ook tonen; onbekend en verboden geven "
        "allebei 404."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_PERMISSIONS": ["entree.core.api.IsAuthenticatedAndVerified"],
    "ENUM_NAME_OVERRIDES": {
        "ReferenceLevelEnum": "students.models.ReferenceLevel",
        "StudentStatusEnum": "students.models.Status",
        "StepStatusEnum": "plans.models.StepStatus",
        "ObstacleStatusEnum": "plans.models.ObstacleStatus",
        "PlacementStatusEnum": "placements.models.PlacementStatus",
        "PlacementOutcomeEnum": "placements.models.Outcome",
        "OutcomeEnum": "students.models.Placeability",  # the name it had before bpv
        "VisitKindEnum": "placements.models.VisitKind",
        "CertificateKindEnum": "placements.models.Certificate",
    },
}

# --- Celery -----------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", default=300, minimum=1)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", default=240, minimum=1)
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Anonymising runs on its own queue, served by the one worker that has the owner's
# password (docs: DESIGN §6, "the application cannot alter its audit trail").
CELERY_TASK_ROUTES = {"entree.privacy.tasks.*": {"queue": "privacy"}}

# --- Large exports ------------------------------------------------------------------------
# A caseload CSV of more rows than this is made by a Celery worker (a download when ready)
# instead of streamed by the web worker; its file is deleted after the retention.
CASELOAD_EXPORT_ASYNC_THRESHOLD = env_int(
    "CASELOAD_EXPORT_ASYNC_THRESHOLD", default=2000, minimum=1
)
CASELOAD_EXPORT_RETENTION = timedelta(
    hours=env_int("CASELOAD_EXPORT_RETENTION_HOURS", default=24, minimum=1)
)

# --- The annual report ----------------------------------------------------------------------
# Seconds the figures of a school year are kept and shared by every scope and request
# (entree/reports/figures/core.py); 0 counts afresh on every request.
REPORT_FIGURES_SECONDS = env_int("REPORT_FIGURES_SECONDS", default=600, minimum=0)

# --- Mail ---------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="entree-volgsysteem@localhost")
# EMAIL_URL, e.g. smtp+tls://user:password@mail.example.nl:587 (django-environ format).
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))

# --- Logging: no personal data, ever --------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"mask_secrets": {"()": "entree.core.logging.MaskSecretPaths"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["mask_secrets"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Axes would log the e-mail address tried; keep that out of the logs.
        "axes": {"level": "WARNING"},
        # WeasyPrint logs every step of every page at INFO: hundreds of lines per annual
        # report in the worker's log. Its warnings (a refused resource) still show.
        "weasyprint": {"level": "WARNING"},
    },
}
