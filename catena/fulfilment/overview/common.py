"""What the party page's cards and tabs from fulfilment share: the roles they concern, the
statuses they count, how far back on-time rates look."""

from __future__ import annotations

from datetime import timedelta

from catena.fulfilment.choices import ShipmentStatus
from catena.parties.choices import PartyRoleType

OPEN_LINES = 5
RATE_WINDOW = timedelta(days=365)
# a supplier's on-time rate counts at most its latest this many receipts of the year
RATE_SAMPLE = 1000
OPEN_SHIPMENT_STATUSES = (
    ShipmentStatus.PLANNED,
    ShipmentStatus.PICKED_UP,
    ShipmentStatus.IN_TRANSIT,
    ShipmentStatus.OUT_FOR_DELIVERY,
    ShipmentStatus.EXCEPTION,
)
SUPPLYING = (PartyRoleType.SUPPLIER, PartyRoleType.MANUFACTURER)
