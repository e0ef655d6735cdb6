"""What the workspace's schemas share."""

from __future__ import annotations

from ninja import Field
from pydantic import BaseModel, ConfigDict

from catena.core.api_schemas import PageParams, RowId


class UserRefOut(BaseModel):
    # The same definition as ``parties.schemas.UserRefOut`` (the published schema of that name),
    # kept here because the workspace sits below parties.
    model_config = ConfigDict(from_attributes=True)

    id: int
    username: str
    display_name: str


class TargetParams(PageParams):
    target_type: str = Field(
        ...,
        max_length=100,
        description="The kind of record, `app_label.model`: `parties.party`, `parties.contact`, "
        "`sales.lead`, `sales.opportunity`, `sales.quote`, `sales.salesorder`, "
        "`fulfilment.purchaseorder`, `fulfilment.workorder` or `fulfilment.shipment`.",
    )
    target_id: RowId = Field(..., description="The record's id.")
