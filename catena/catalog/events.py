"""The domain events of the catalogue and its price lists (declared here, emitted by
``catalog.services``)."""

from __future__ import annotations

from catena.core.events import EventPayload, FieldsChanged, Imported, declare


@declare("product.created", subject="catalog.product", example={"sku": "BRG-6204-2RS"})
class ProductCreated(EventPayload):
    """A product was added to the catalogue."""

    sku: str
    """Its stock-keeping unit code."""


@declare("product.updated", subject="catalog.product", example={"fields": ["list_price", "name"]})
class ProductUpdated(FieldsChanged):
    """A product's fields changed."""


@declare("product.deleted", subject="catalog.product", example={"sku": "BRG-6204-2RS"})
class ProductDeleted(EventPayload):
    """A product was deleted from the catalogue (the subject id no longer exists)."""

    sku: str
    """The SKU it had."""


@declare(
    "product.imported",
    subject="integrations.importjob",
    example={"job": 14, "created": [311, 312], "updated": [57]},
)
class ProductsImported(Imported):
    """A chunk of a products import committed (one event per chunk of up to 2,000 rows): these
    products were created or updated. The subject is the import job."""


# --- price lists ------------------------------------------------------------------------------


@declare("price_list.created", subject="catalog.pricelist", example={"name": "经销商价 2027"})
class PriceListCreated(EventPayload):
    """A price list was created."""

    name: str
    """Its name."""


@declare(
    "price_list.updated",
    subject="catalog.pricelist",
    example={"fields": ["items"], "product": 311, "min_quantity": "100", "unit_price": "12.80"},
)
class PriceListUpdated(FieldsChanged):
    """A price list or its items changed. When one price break was set, the event names it."""

    product: int | None = None
    """The product of the price break that was set (absent otherwise)."""
    min_quantity: str | None = None
    """Its minimum quantity (decimal, as text; absent otherwise)."""
    unit_price: str | None = None
    """Its unit price (decimal, as text; absent otherwise)."""


@declare("price_list.deleted", subject="catalog.pricelist", example={"name": "经销商价 2027"})
class PriceListDeleted(EventPayload):
    """A price list was deleted."""

    name: str
    """The name it had."""
