"""The telephone rule (issue 7.9): Dutch and international numbers as people write them."""

import pytest
from django.core.exceptions import ValidationError

from entree.core.validators import validate_phone


@pytest.mark.parametrize(
    "number",
    [
        "06-12345678",
        "0612345678",
        "06 1234 5678",
        "020-1234567",
        "(020) 123 45 67",
        "0800-1234",
        "0900 1234567",
        "+31 6 12345678",
        "+31 (0)6 12345678",
        "0031 20 1234567",
        "+32 470 12 34 56",  # Belgium
        "+49 30 1234567",  # Germany
        "+90 532 123 45 67",  # Turkey
        "+212 6 12 34 56 78",  # Morocco
        "",
    ],
)
def test_dutch_and_international_numbers_are_accepted(number):
    validate_phone(number)


@pytest.mark.parametrize(
    "number",
    [
        "abc",
        "06-1234567",  # a digit short
        "06-123456789",  # a digit too many
        "6 12345678",  # no 0 or country code
        "12345",
        "+31 6 1234567",  # Dutch number written internationally, a digit short
        "+0 123456789",  # no country code starts with 0
        "+1 234",  # too short to be a number
        "+123 4567 8901 23456",  # more than 15 digits (E.164)
        "06-1234567x",
        "06+12345678",
        "bel mij",
    ],
)
def test_anything_else_is_refused_with_a_dutch_example(number):
    with pytest.raises(ValidationError) as error:
        validate_phone(number)
    assert "06-12345678" in error.value.messages[0]
