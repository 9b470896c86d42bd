"""The ``path`` filter of list rows: the same address as ``{% url %}``, resolved once."""

import uuid

from django.template import engines
from django.urls import set_script_prefix

from entree.core.templatetags import paths


def _render(source: str, **context) -> str:
    return engines["django"].from_string("{% load paths %}" + source).render(context)


def test_a_rows_path_is_what_the_url_tag_gives():
    row = uuid.uuid4()
    for name in ("students:detail", "bpv:company", "outflow:outflow", "followup:task_done"):
        expected = _render("{% url name row %}", name=name, row=row)
        assert _render("{{ row|path:name }}", name=name, row=row) == expected
        assert str(row) in expected


def test_a_rows_path_follows_the_script_prefix():
    """Behind a proxy that serves the site under a prefix, the cached pattern must not keep
    the address of another prefix."""
    row = uuid.uuid4()
    before = _render("{{ row|path:'students:detail' }}", row=row)
    set_script_prefix("/entree/")
    try:
        assert _render("{{ row|path:'students:detail' }}", row=row) == "/entree" + before
    finally:
        set_script_prefix("/")
    assert paths.path(row, "students:detail") == before
