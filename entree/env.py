"""The one place where configuration is read from the environment.

Every setting that may differ between machines comes through ``env`` (django-environ).
A value that cannot be parsed stops the process with a message naming the variable, so a
typo in production never falls back silently to a default.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

# A local .env is read for development convenience; real deployments set the environment.
_dotenv = BASE_DIR / ".env"
if _dotenv.is_file():
    environ.Env.read_env(str(_dotenv))

_TRUE = {"1", "true", "yes", "on", "ja"}
_FALSE = {"0", "false", "no", "off", "nee", ""}


def env_bool(name: str, *, default: bool) -> bool:
    """A boolean that refuses anything but a clear yes or no.

    django-environ reads an unknown word such as ``ture`` as False; for switches like
    DEBUG or the 2FA requirement that silent fallback is dangerous, so we fail loudly.
    """
    raw = env.str(name, default=None)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is geen geldige ja/nee-waarde; gebruik true/false of 1/0."
    )


def env_int(name: str, *, default: int, minimum: int = 0) -> int:
    """A whole number of at least ``minimum``, or a clear error naming the variable."""
    raw = env.str(name, default=None)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is geen geheel getal.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={value} moet minstens {minimum} zijn.")
    return value
