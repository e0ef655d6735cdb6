"""The id an export gives each party, so that importing the file again updates, never duplicates.

Parties typed into Catena have neither a credit code nor an external id, so before this an
exported file re-imported as a second copy of each of them. The export now writes a Catena id per
row: the party's key with a short signature under this installation's secret key. An import
matches a row by it first; an id from another installation, a changed one or one of a party
since deleted matches nothing, and the row falls back to the credit code and the external id.
"""

from __future__ import annotations

from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "catena.integrations.party-export-id"
SIGNATURE_LENGTH = 10


def _signature(pk: int) -> str:
    return salted_hmac(SALT, str(pk)).hexdigest()[:SIGNATURE_LENGTH]


def party_export_id(pk: int) -> str:
    """``P123-5f0c2a9e1b``: stable for a party within this installation."""
    return f"P{pk}-{_signature(pk)}"


def party_pk_from_export_id(value: str) -> int | None:
    """The party key an export id names, or None when it is not one of this installation's."""
    text = (value or "").strip()
    head, _dash, signature = text.partition("-")
    if not head.startswith("P") or not head[1:].isdigit() or len(head) > 20:
        return None
    pk = int(head[1:])
    return pk if constant_time_compare(signature, _signature(pk)) else None
