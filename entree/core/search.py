"""Searching names the way people type them: any case, without accents, in part.

PostgreSQL's ``unaccent`` is not IMMUTABLE (its dictionary could change), so it cannot be
used in an index. The migration that adds the first search index creates
``entree_unaccent(text)``, an IMMUTABLE wrapper with a fixed dictionary — the usual
PostgreSQL recipe — and a trigram (``pg_trgm``) GIN index on the searched expression
makes ``LIKE '%part%'`` fast at national scale. Queries must use the very same expression
(:func:`searchable`) for PostgreSQL to use the index.
"""

import unicodedata

from django.db.models import Expression, F, Func, TextField, Value
from django.db.models.functions import Concat, Lower

#: SQL for the migration that introduces search (see the module docstring).
CREATE_UNACCENT_FUNCTION = """
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE OR REPLACE FUNCTION entree_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;
"""
DROP_UNACCENT_FUNCTION = "DROP FUNCTION IF EXISTS entree_unaccent(text);"


class ImmutableUnaccent(Func):
    function = "entree_unaccent"
    output_field = TextField()


def searchable(*fields: str) -> Func:
    """``lower(entree_unaccent(field1 || ' ' || field2 …))``: one text to search in."""
    parts: list[Expression | F] = []
    for name in fields:
        if parts:
            parts.append(Value(" "))
        parts.append(F(name))
    text = Concat(*parts, output_field=TextField()) if len(parts) > 1 else parts[0]
    return Lower(ImmutableUnaccent(text))


def search_words(query: str) -> list[str]:
    """The words of a search as the index holds them: lower case, accents dropped, and
    the comma of "Achternaam, Voornaam" (the way lists show names) ignored."""
    decomposed = unicodedata.normalize("NFKD", query.replace(",", " "))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.lower().split()
