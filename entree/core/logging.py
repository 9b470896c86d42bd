"""Logging filters: what must never reach a log file."""

import logging
import re

#: Paths that carry a one-time secret (a partner's confirmation link, a leaver's check-in
#: link at the site's root — not the staff pages under /studenten/…/nazorg/): the token is
#: replaced by "…" in every log line, whatever logged it (a 405, a CSRF refusal, a 500, the
#: development server's request log).
SECRET_PATH = re.compile(r"(?<![\w/.-])(/(?:bevestigen|nazorg)/)[^/\s\"'?]+")


class MaskSecretPaths(logging.Filter):
    """Rewrite a record whose message holds a secret-bearing path, before any handler
    writes it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "/bevestigen/" in message or "/nazorg/" in message:
            record.msg = SECRET_PATH.sub(r"\1…", message)
            record.args = ()
        return True
