"""Production: every security switch on. ``manage.py check --deploy`` must be silent."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ENTREE_SITE_URL, SECRET_KEY, env, env_bool, env_int

DEBUG = env_bool("DJANGO_DEBUG", default=False)
if DEBUG:
    raise ImproperlyConfigured("DJANGO_DEBUG mag in productie niet aan staan.")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY ontbreekt of is te kort (minstens 50 tekens, willekeurig)."
    )
# An empty list would answer every request with 400 (or, worse, tempt someone into "*"):
# refuse to start instead, like the other unsafe settings.
ALLOWED_HOSTS = [
    host.strip() for host in env.list("DJANGO_ALLOWED_HOSTS", default=[]) if host.strip()
]
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS ontbreekt of is leeg; geef de hostnamen van de site, "
        "gescheiden door komma's."
    )

ENTREE_REQUIRE_2FA = env_bool("ENTREE_REQUIRE_2FA", default=True)

# TLS is terminated by the load balancer, which sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# The health check is called over plain HTTP by the orchestrator inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Login throttling must see the visitor's address, not the load balancer's: the number of
# trusted proxies in front of the app decides which X-Forwarded-For entry is the client.
TRUSTED_PROXY_COUNT = env_int("AXES_PROXY_COUNT", default=1, minimum=0)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", default=31_536_000, minimum=3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=True)

ENTREE_DEMO_DATA_ALLOWED = env_bool("ENTREE_DEMO_DATA_ALLOWED", default=False)

# One-time tokens go out by mail (a partner's confirmation link, a leaver's check-in link)
# and every link in a mail is built on ENTREE_SITE_URL. A mail backend that prints or drops
# mail would put live tokens in the log or lose the mail; a site address without https
# would send links that can be read on the way, or that lead to localhost. So production
# refuses both, unless ENTREE_LOCAL_RUN says that these are production's settings on one's
# own machine (docker compose without TLS and without a mail server): never in real use.
ENTREE_LOCAL_RUN = env_bool("ENTREE_LOCAL_RUN", default=False)
UNSENT_MAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}
if not ENTREE_LOCAL_RUN:
    if globals()["EMAIL_BACKEND"] in UNSENT_MAIL_BACKENDS:
        raise ImproperlyConfigured(
            "EMAIL_URL ontbreekt of verstuurt geen mail (console, locmem, dummy); geef de "
            "mailserver, bijvoorbeeld smtp+tls://gebruiker:wachtwoord@mail.example.nl:587. "
            "Alleen voor een proefopstelling op de eigen machine: ENTREE_LOCAL_RUN=true."
        )
    if not ENTREE_SITE_URL.startswith("https://"):
        raise ImproperlyConfigured(
            f"ENTREE_SITE_URL={ENTREE_SITE_URL!r} moet met https:// beginnen: de links in "
            "e-mails worden erop gebouwd. Alleen voor een proefopstelling op de eigen "
            "machine: ENTREE_LOCAL_RUN=true."
        )
