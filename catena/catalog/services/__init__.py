"""Use cases of the catalog, one module per topic: ``products`` (products, categories and their
import) and ``price_lists`` (price lists and their prices with quantity breaks).

The products' names are importable from here as well (``from catena.catalog import services``).
"""

from catena.catalog.services.products import (
    IMPORT_BATCH,
    PRODUCT_FIELDS,
    clean_product,
    create_product,
    delete_product,
    get_or_create_category,
    update_product,
    write_imported_products,
)

__all__ = [
    "IMPORT_BATCH",
    "PRODUCT_FIELDS",
    "clean_product",
    "create_product",
    "delete_product",
    "get_or_create_category",
    "update_product",
    "write_imported_products",
]
