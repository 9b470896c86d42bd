"""Abstract building blocks shared by every app's models."""

import uuid
from typing import Any

import pgtrigger
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class BaseModel(models.Model):
    """Creation and modification times on every row."""

    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        abstract = True


class PublicIdModel(BaseModel):
    """A record that is addressed from outside by a random UUID, never by its sequential id.

    Sequential ids in URLs let anyone count and enumerate students; the UUID does not.
    """

    uuid = models.UUIDField(_("publiek id"), default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True


class BoundedTextField(models.TextField):
    """Free text with a maximum length that every writer respects.

    Django's ``TextField`` passes ``max_length`` only to the form's widget; here it is also
    a validator, so ``full_clean()`` in the services refuses an over-long text from the
    API or the import just as the page does. The database column stays ``text``.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.max_length is not None:
            self.validators.append(MaxLengthValidator(self.max_length))


#: Lengths of free text (issue 7): a note is a few sentences, a motivation a paragraph or
#: two. Enough for what each field is for; a whole report belongs in the school's files.
NOTE_LENGTH = 1000
MOTIVATION_LENGTH = 2000


def field_label(model: type[models.Model], name: str) -> str:
    """The verbose name of one of ``model``'s own fields, as text (column headers, messages)."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):  # a reverse relation has no verbose name
        raise FieldDoesNotExist(f"{model.__name__}.{name} is not a field with a label.")
    return str(field.verbose_name)


def append_only(name: str) -> pgtrigger.Protect:
    """A trigger that refuses UPDATE and DELETE: for logs and records that must never be
    rewritten (the access log, consent, regie transfers). Corrections are new rows."""
    return pgtrigger.Protect(name=name, operation=pgtrigger.Update | pgtrigger.Delete)
