"""Use cases of quotes: write one with its lines, send it, revise it (a new version under the same
number, the old one frozen), record the customer's answer, expire it, and turn an accepted quote
into a sales order in one step. One module per topic: ``drafts`` (the draft, its header and its
lines) and ``lifecycle`` (sending, revising, the answer, expiry, acceptance); every use case is
importable from here (``from catena.sales.services import quotes``).

Each runs in one transaction, checks the actor's rights before writing and emits a domain event.
``actor=None`` means a trusted system caller and skips the rights check.
"""

from catena.sales.services.quotes.drafts import (
    HEADER_FIELDS,
    LINE_FIELDS,
    QUOTE_VALID_DAYS,
    QuoteLineInput,
    add_quote_line,
    create_quote,
    delete_quote_line,
    update_quote,
    update_quote_line,
)
from catena.sales.services.quotes.lifecycle import (
    accept_quote_as_order,
    expire_overdue_quotes,
    expire_quote,
    quote_versions,
    reject_quote,
    revise_quote,
    send_quote,
)

__all__ = [
    "HEADER_FIELDS",
    "LINE_FIELDS",
    "QUOTE_VALID_DAYS",
    "QuoteLineInput",
    "accept_quote_as_order",
    "add_quote_line",
    "create_quote",
    "delete_quote_line",
    "expire_overdue_quotes",
    "expire_quote",
    "quote_versions",
    "reject_quote",
    "revise_quote",
    "send_quote",
    "update_quote",
    "update_quote_line",
]
