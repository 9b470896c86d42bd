"""Documents from ``docs/`` shown as pages of the site (e.g. the CSV import format).

The Markdown files are part of the code base — written and reviewed like code, never typed
in by a user — so their HTML is trusted. They are rendered once per process and file
version.
"""

from functools import cache
from pathlib import Path

import markdown
from django.utils.safestring import SafeString, mark_safe


def render_markdown(path: Path) -> tuple[str, SafeString]:
    """``(title, body HTML)`` of a Markdown document: its first ``# heading`` becomes the
    page's title (the layout's ``<h1>``), the rest the body, with pipe tables as tables."""
    return _render(path, path.stat().st_mtime_ns)


@cache
def _render(path: Path, _version: int) -> tuple[str, SafeString]:
    text = path.read_text(encoding="utf-8")
    title, _, body = text.partition("\n")
    if not title.startswith("# "):
        title, body = "", text
    html = markdown.markdown(body, extensions=["tables", "sane_lists"], output_format="html")
    # Trusted: a file from the repository (see the module docstring), not user input.
    return title.removeprefix("# ").strip(), mark_safe(html)  # noqa: S308
