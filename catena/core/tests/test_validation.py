"""The one collector of field errors: every problem of a call at once, each with its code."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from catena.core.validation import Errors


def test_nothing_collected_raises_nothing() -> None:
    errors = Errors()

    errors.raise_if_any()


def test_every_error_is_reported_at_once_with_its_code() -> None:
    # Given problems on two fields, one of them twice
    errors = Errors()
    errors.add("name", "This field is required.", code="required")
    errors.add("uscc", "Another party already has this credit code.", code="party.uscc_taken")
    errors.add("name", "At most 200 characters.")

    # When the collector raises
    with pytest.raises(ValidationError) as raised:
        errors.raise_if_any()

    # Then one error names every field, each message in order with its own code
    found = {field: [(e.message, e.code) for e in items] for field, items in raised.value.error_dict.items()}
    assert found == {
        "name": [("This field is required.", "required"), ("At most 200 characters.", "invalid")],
        "uscc": [("Another party already has this credit code.", "party.uscc_taken")],
    }


def test_a_captured_error_keeps_its_code_and_fills_in_its_parameters() -> None:
    # Given a validator's error with parameters and one without a code
    errors = Errors()
    errors.capture(
        "postcode",
        ValidationError("Enter %(count)d digits.", code="address.invalid_postcode", params={"count": 6}),
    )
    errors.capture("notes", ValidationError(["Too long.", "Bad text."]))

    # When the collector raises
    with pytest.raises(ValidationError) as raised:
        errors.raise_if_any()

    # Then the message is filled in, the code kept, and a missing code is the generic one
    assert raised.value.message_dict == {
        "postcode": ["Enter 6 digits."],
        "notes": ["Too long.", "Bad text."],
    }
    assert [e.code for e in raised.value.error_dict["postcode"]] == ["address.invalid_postcode"]
    assert [e.code for e in raised.value.error_dict["notes"]] == ["invalid", "invalid"]
