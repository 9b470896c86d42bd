"""One student's complete record, for the right of access (AVG art. 15).

Every app that holds data about a student registers a *section* here from its
``AppConfig.ready()``: a key, a title and a builder that turns the student into plain
data. The export then holds everything the system knows about that person without this
module — or the students app — knowing which apps exist: ``plans``, ``placements`` and
``outflow`` add their sections as they land, and no app has to import "upwards"
(DESIGN §3).

Builders return JSON-able data (``DjangoJSONEncoder``: dates, datetimes and UUIDs are
allowed) in the API's vocabulary: keys are field names, a choice is
``{"code": ..., "label": ...}``. :func:`record_blocks` lays the same data out for the
PDF, with the labels the section gives for its keys.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from entree.accounts.models import User
from entree.core.types import StrOrPromise

Builder = Callable[[Any], Any]


@dataclass(frozen=True)
class Section:
    key: str
    title: StrOrPromise
    builder: Builder
    #: Human labels for the keys the builder uses (lazy translations), for the PDF.
    labels: Mapping[str, StrOrPromise] = field(default_factory=dict)
    #: Placed after every other section, whenever the others register (the audit trails).
    trailing: bool = False


_sections: dict[str, Section] = {}


def register_section(
    key: str,
    title: StrOrPromise,
    builder: Builder,
    *,
    labels: Mapping[str, StrOrPromise] | None = None,
    trailing: bool = False,
) -> None:
    """Add a section to every student's record. Sections appear in registration order,
    which follows ``INSTALLED_APPS`` — the order of the student's path through school —
    with the ``trailing`` ones (who read and who changed the record) at the end."""
    known = _sections.get(key)
    if known is not None and known.builder is not builder:
        raise ImproperlyConfigured(f"Record section {key!r} is registered twice.")
    _sections[key] = Section(
        key=key, title=title, builder=builder, labels=labels or {}, trailing=trailing
    )


def sections() -> list[Section]:
    """The registered sections in the order of the record."""
    return sorted(_sections.values(), key=lambda section: section.trailing)  # stable sort


def build_record(student: Model) -> dict[str, Any]:
    """``{section key: data}`` for ``student``, every registered section in order.

    The caller has checked that the user may see the complete record and has logged the
    access; builders read without further checks.
    """
    return {section.key: section.builder(student) for section in sections()}


def choice(instance: Any, name: str) -> dict[str, str] | None:
    """A choice field as its stored code and its label; ``None`` when nothing is chosen."""
    code = getattr(instance, name)
    if code in (None, ""):
        return None
    return {"code": code, "label": str(getattr(instance, f"get_{name}_display")())}


def person(user: User | None) -> str | None:
    """A colleague by name only, as in the API: staff ids are not part of the record."""
    return user.get_full_name() if user else None


def field_labels(*models: type[Model], **extra: StrOrPromise) -> dict[str, StrOrPromise]:
    """A section's labels: the verbose names of the models' fields (the first model
    that has a field of that name wins), and ``extra`` for keys that are no field."""
    labels: dict[str, StrOrPromise] = {}
    for model in models:
        for f in model._meta.get_fields():
            verbose = getattr(f, "verbose_name", None)
            if verbose is not None:
                labels.setdefault(f.name, verbose)
    return {**labels, **extra}


# --- Layout for the PDF -------------------------------------------------------------------


@dataclass
class Block:
    """One piece of the PDF: a heading, a definition list, a table or an 'empty' line."""

    kind: str  # "heading" | "fields" | "table" | "empty"
    text: str = ""
    level: int = 3
    #: fields: ``[(label, value)]``; table: ``[[(value, css class)]]``
    rows: list = field(default_factory=list)
    #: table: ``[(label, css class)]`` — ``nowrap``, ``words`` (break between words) or ""
    columns: list = field(default_factory=list)


#: Lists of records with at most this many columns become a table; wider ones a list of
#: definition lists, which stay readable on A4.
MAX_TABLE_COLUMNS = 7


def display(value: Any) -> str:
    """A value as a reader expects it: labels not codes, Dutch dates, 'ja'/'nee'."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, dict) and set(value) == {"code", "label"}:
        return str(value["label"])
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "d-m-Y H:i")
    if isinstance(value, date):
        return date_format(value, "d-m-Y")
    if isinstance(value, list | tuple):
        return ", ".join(display(item) for item in value)
    if isinstance(value, UUID):
        return str(value)
    return str(value)


def _is_scalar(value: Any) -> bool:
    if isinstance(value, dict):
        return set(value) == {"code", "label"}
    if isinstance(value, list | tuple):
        return all(not isinstance(item, dict | list | tuple) for item in value)
    return True


def _label(labels: Mapping[str, StrOrPromise], key: str) -> str:
    label = str(labels.get(key) or key.replace("_", " "))
    return label[:1].upper() + label[1:]


def _is_identifier(key: str) -> bool:
    return key == "id" or key.endswith("_id")


def _is_moment(value: Any) -> bool:
    return value is None or isinstance(value, date)


#: A table column whose words are all at most this long breaks only between words: a
#: name or "aangemaakt" split in the middle ("Aalber-s") is hard to read. Longer words
#: (a pasted link) still break anywhere, so the table always fits the page.
SHORT_WORD = 20
#: What the unbreakable columns of one table may need together, in characters (A4 at the
#: table's 8pt holds about 110; each cell's padding counts as three).
UNBREAKABLE_BUDGET = 100


def _column_classes(cells: list[list[str]], moments: list[bool]) -> list[str]:
    """The CSS class per column: ``nowrap`` for dates, ``words`` for short words, "" for
    anything that may break anywhere. Within the page's width: dates first, then the
    columns that need least, so that as many as possible stay whole."""
    wants: list[tuple[int, str]] = []
    for column, moment in zip(cells, moments, strict=True):
        if moment:
            wants.append((max(len(text) for text in column), "nowrap"))
        else:
            need = max((len(word) for text in column for word in text.split()), default=0)
            wants.append((need, "words" if need <= SHORT_WORD else ""))
    classes = [""] * len(wants)
    budget = UNBREAKABLE_BUDGET
    order = sorted(range(len(wants)), key=lambda i: (wants[i][1] != "nowrap", wants[i][0]))
    for i in order:
        need, css = wants[i]
        if css and need + 3 <= budget:
            budget -= need + 3
            classes[i] = css
    return classes


def _table(items: list[dict], keys: list[str], labels: Mapping[str, StrOrPromise]) -> Block:
    headers = [_label(labels, k) for k in keys]
    values = [[display(item.get(k)) for k in keys] for item in items]
    # Date columns never wrap: "22-11-2026 08:00" broken over two lines is hard to read.
    moments = [all(_is_moment(item.get(k)) for item in items) for k in keys]
    cells = [[header, *(row[i] for row in values)] for i, header in enumerate(headers)]
    # (A date column's header may wrap between its words; its cells may not.)
    classes = _column_classes(
        [column[1:] if moment else column for column, moment in zip(cells, moments, strict=True)],
        moments,
    )
    return Block(
        "table",
        columns=[
            (header, "words" if css == "nowrap" else css)
            for header, css in zip(headers, classes, strict=True)
        ],
        rows=[list(zip(row, classes, strict=True)) for row in values],
    )


def _blocks(
    data: Any, labels: Mapping[str, StrOrPromise], level: int, *, in_list: bool = False
) -> list[Block]:
    if data in (None, {}, []):
        return [Block("empty", text=_("Niets vastgelegd."))]
    if isinstance(data, dict):
        if in_list:
            # The public ids of sub-records serve machines (the JSON), not the reader.
            data = {k: v for k, v in data.items() if not _is_identifier(k)}
        flat = [(k, v) for k, v in data.items() if _is_scalar(v)]
        nested = [(k, v) for k, v in data.items() if not _is_scalar(v)]
        blocks = [Block("fields", rows=[(_label(labels, k), display(v)) for k, v in flat])]
        for key, value in nested:
            blocks.append(Block("heading", text=_label(labels, key), level=level))
            blocks.extend(_blocks(value, labels, min(level + 1, 4)))
        return blocks
    if isinstance(data, list) and all(isinstance(item, dict) for item in data):
        keys = [k for k in dict.fromkeys(k for item in data for k in item) if not _is_identifier(k)]
        all_scalar = all(_is_scalar(item.get(k)) for item in data for k in keys)
        if all_scalar and len(keys) <= MAX_TABLE_COLUMNS:
            return [_table(data, keys, labels)]
        # A card per record, headed by its first value (builders put the name first).
        blocks = []
        for item in data:
            first, *rest = item.items() or [("", None)]
            heading = display(first[1])
            if isinstance(first[1], int) and not isinstance(first[1], bool):
                heading = f"{_label(labels, first[0])} {heading}"  # "Versie 4", not "4"
            blocks.append(Block("heading", text=heading, level=level))
            blocks.extend(_blocks(dict(rest), labels, min(level + 1, 4), in_list=True))
        return blocks
    return [Block("fields", rows=[("", display(data))])]


def record_blocks(record: dict[str, Any]) -> list[tuple[Section, list[Block]]]:
    """The record laid out for the PDF: per section its title and blocks."""
    return [
        (section, _blocks(record.get(section.key), section.labels, level=3))
        for section in sections()
    ]
