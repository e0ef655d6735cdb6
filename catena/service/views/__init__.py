"""The service desk's pages, one module per topic: ``cases`` (the queue, a new case, a case's page
and its actions) and ``promises`` (making, keeping and cancelling promises, the promise ledger).
The case pages are importable from here too, as ``urls`` names them."""

from catena.service.views.cases import (
    case_assign,
    case_create,
    case_detail,
    case_list,
    case_merge,
    case_message,
    case_status,
)

__all__ = [
    "case_assign",
    "case_create",
    "case_detail",
    "case_list",
    "case_merge",
    "case_message",
    "case_status",
]
