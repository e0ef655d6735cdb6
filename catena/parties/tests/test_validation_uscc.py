"""Credit codes: Catena's quick check of compact codes gives python-stdnum's answers."""

from __future__ import annotations

import random

import pytest
from django.core.exceptions import ValidationError
from stdnum.cn import uscc as stdnum_uscc
from stdnum.exceptions import ValidationError as StdnumError

from catena.parties.validation import clean_uscc

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def stdnum_answer(value: str) -> str | None:
    try:
        return str(stdnum_uscc.validate(value))
    except StdnumError:
        return None


def catena_answer(value: str) -> str | None:
    try:
        return clean_uscc(value)
    except ValidationError:
        return None


def test_every_code_gets_the_answer_python_stdnum_gives():
    rng = random.Random(20241122)
    codes = []
    for _ in range(3000):
        body = "".join(rng.choice("0123456789") for _ in range(8)) + "".join(
            rng.choice(ALPHABET) for _ in range(9)
        )
        valid = body + stdnum_uscc.calc_check_digit(body)
        wrong = body + rng.choice(ALPHABET.replace(valid[-1], ""))
        codes += [valid, wrong, valid.lower(), f"{valid[:6]} {valid[6:]}", valid[:-1], valid + "0"]
    codes += ["", "91110000600037341L", "9111000060003734IL", "A1110000600037341L", "9111000060003734１L"]

    assert [catena_answer(c) for c in codes] == [stdnum_answer(c) for c in codes]


@pytest.mark.parametrize("value", ["91110000600037341M", "91110000600037341", "9111000060003734OL"])
def test_a_wrong_code_is_refused_with_the_credit_code_message(value):
    with pytest.raises(ValidationError) as caught:
        clean_uscc(value)

    assert caught.value.code == "party.invalid_uscc"


def test_separators_and_lower_case_are_accepted_and_compacted():
    assert clean_uscc("91110000 6000-37341l") == "91110000600037341L"
