"""Validators for contact details, shared by every app's models (and so by every page,
API call and import that saves through a service's ``full_clean``)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# What people type around the digits: spaces, dashes, dots, slashes, brackets, and the
# "(0)" that is written between a country code and a Dutch area code.
_SEPARATORS = re.compile(r"[\s\-./()]")
_TRUNK_ZERO = re.compile(r"^(\+|00)(\d{1,3})\s*\(0\)")
#: Dutch numbers: ten digits from 0 (06-12345678, 020-1234567), or an 0800/0900/0906/0909
#: service number of 8 to 11 digits.
_DUTCH = re.compile(r"^(0[1-9]\d{8}|090[069]\d{4,7}|0800\d{4,7})$")
#: International: + or 00, a country code not starting with 0, at most 15 digits in all
#: (ITU-T E.164) and at least 8 (the shortest numbers in use, with their country code).
_INTERNATIONAL = re.compile(r"^(\+|00)([1-9]\d{7,14})$")
#: A Dutch number written internationally: +31 and the nine digits after the 0.
_DUTCH_INTERNATIONAL = re.compile(r"^31(?:[1-9]\d{8}|90[069]\d{4,7}|800\d{4,7})$")

PHONE_MESSAGE = _(
    "Vul een geldig telefoonnummer in: een Nederlands nummer van 10 cijfers, zoals "
    "06-12345678 of 020-1234567, of een internationaal nummer met landcode, zoals "
    "+32 470 12 34 56."
)


def validate_phone(value: str) -> None:
    """A Dutch or an international telephone number, written as people write them."""
    if not value:
        return
    if re.search(r"[^\d\s\-./()+]", value) or value.count("+") > 1:
        raise ValidationError(PHONE_MESSAGE, code="invalid_phone")
    digits = _SEPARATORS.sub("", _TRUNK_ZERO.sub(r"\1\2", value.strip()))
    if "+" in digits[1:]:
        raise ValidationError(PHONE_MESSAGE, code="invalid_phone")
    if _DUTCH.match(digits):
        return
    international = _INTERNATIONAL.match(digits)
    if international:
        number = international.group(2)
        if not number.startswith("31") or _DUTCH_INTERNATIONAL.match(number):
            return
    raise ValidationError(PHONE_MESSAGE, code="invalid_phone")


KVK_MESSAGE = _(
    "Een KvK-nummer heeft acht cijfers, zoals 12345678 (zie het uittreksel van de Kamer "
    "van Koophandel)."
)


def normalise_kvk(value: str) -> str:
    """A KvK number as typed ("1234 5678", "12.345.678") reduced to its digits."""
    return re.sub(r"[\s.\-]", "", value or "")


def validate_kvk(value: str) -> None:
    """The eight digits of a Dutch Chamber of Commerce (KvK) number."""
    if not re.fullmatch(r"[0-9]{8}", value or ""):
        raise ValidationError(KVK_MESSAGE, code="invalid_kvk")
