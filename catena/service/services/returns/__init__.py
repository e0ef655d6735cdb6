"""Returns and refunds: return policies (``policies``), return authorisations with their lines
(``authorisations``) and the refunds on them (``refunds``)."""

from catena.service.services.returns.authorisations import (
    ReturnLineInput,
    authorise_return,
    close_return,
    delivered_quantity,
    inspect_return,
    receive_return,
    record_return_shipment,
    reject_return,
    request_return,
)
from catena.service.services.returns.policies import policy_in_force, publish_policy
from catena.service.services.returns.refunds import (
    approve_refund,
    may_approve,
    propose_refund,
    refundable,
    reject_refund,
    settle_refund,
)

__all__ = [
    "ReturnLineInput",
    "approve_refund",
    "authorise_return",
    "close_return",
    "delivered_quantity",
    "inspect_return",
    "may_approve",
    "policy_in_force",
    "propose_refund",
    "publish_policy",
    "receive_return",
    "record_return_shipment",
    "refundable",
    "reject_refund",
    "reject_return",
    "request_return",
    "settle_refund",
]
