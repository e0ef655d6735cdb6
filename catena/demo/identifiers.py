"""Valid identifiers for demo data: credit codes, phone numbers, GTINs.

Every value passes the same validation as user input (``python-stdnum``, ``phonenumbers``), so
demo data never shows a record the forms would refuse.
"""

from __future__ import annotations

import random

from stdnum import ean
from stdnum.cn import uscc as stdnum_uscc

from catena.demo.places import City

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
# Mobile prefixes of China Mobile, Unicom and Telecom.
MOBILE_PREFIXES = tuple(
    str(prefix)
    for prefix in (*range(130, 140), 150, 151, 152, 153, *range(155, 160), 166, 173, *range(175, 179))
    + (180, 181, 182, 183, *range(185, 190), 191, 198, 199)
)

# USCC registration authority + entity type: 91 company, 92 sole trader, 93 co-operative.
COMPANY = "91"
SOLE_TRADER = "92"


def organisation_code(rng: random.Random) -> str:
    """A 9-character organisation code (GB 11714) with its check character.

    Codes issued since 2015 start with "MA"; older ones are digits.
    """
    if rng.random() < 0.55:
        body = "MA" + "".join(rng.choice(USCC_ALPHABET) for _ in range(6))
    else:
        body = "".join(rng.choice("0123456789") for _ in range(8))
    total = sum(_char_value(ch) * w for ch, w in zip(body, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return body + ("X" if check == 10 else "0" if check == 11 else str(check))


def _char_value(ch: str) -> int:
    return int(ch) if ch.isdigit() else ord(ch) - 55


def uscc(rng: random.Random, city: City, *, entity: str = COMPANY) -> str:
    """An 18-character Unified Social Credit Code registered in ``city`` (GB 32100-2015)."""
    division = city.code[:4] + f"{rng.randint(2, 18):02d}"
    first17 = entity + division + organisation_code(rng)
    return first17 + stdnum_uscc.calc_check_digit(first17)


def mobile(rng: random.Random) -> str:
    """A mainland mobile number in E.164 form."""
    return f"+86{rng.choice(MOBILE_PREFIXES)}{rng.randrange(10**8):08d}"


def landline(rng: random.Random, city: City) -> str:
    """A landline in ``city`` in E.164 form; local numbers start with 2–8."""
    rest = city.subscriber_digits - 1
    return f"+86{city.area_code}{rng.randint(2, 8)}{rng.randrange(10**rest):0{rest}d}"


def gtin13(company_prefix: int, item: int) -> str:
    """An EAN-13 with a Chinese (690–699) GS1 prefix and a correct check digit."""
    first12 = f"69{company_prefix % 100000:05d}{item % 100000:05d}"
    return first12 + ean.calc_check_digit(first12)
