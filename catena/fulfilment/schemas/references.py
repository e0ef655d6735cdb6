"""Short references to records that the fulfilment schemas embed: a product, an order, a stage."""

from __future__ import annotations

from ninja import Schema


class ProductRefOut(Schema):
    id: int
    sku: str
    name: str


class OrderRefOut(Schema):
    id: int
    number: str


class StageRefOut(Schema):
    code: str
    name: str
