"""The domain events of the catalogue (declared here, emitted by ``catalog.services``)."""

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
