"""Use cases of products: adding, changing and deleting them, their categories, and writing an
import's chunks in bulk."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history
from stdnum import ean
from stdnum.exceptions import ValidationError as StdnumError

from catena.accounts.models import User
from catena.catalog.choices import Unit
from catena.catalog.events import ProductCreated, ProductDeleted, ProductsImported, ProductUpdated
from catena.catalog.models import Category, Product
from catena.core import access, events, text
from catena.core.history import save_with_history
from catena.core.money import CURRENCIES, quantize
from catena.core.validation import Errors

PRODUCT_FIELDS = (
    "sku", "name", "category", "unit", "gtin", "currency", "standard_cost", "list_price", "is_active", "description",
)  # fmt: skip
CURRENCY_CODES = {code for code, _label in CURRENCIES}


def clean_product(data: dict[str, Any], *, instance: Product | None) -> dict[str, Any]:
    errors = Errors()
    cleaned: dict[str, Any] = {}
    for key, value in data.items():
        if key not in PRODUCT_FIELDS:
            errors.add(key, _("Unknown field."), code="unknown_field")
            continue
        cleaned[key] = value.strip() if isinstance(value, str) else value
    for key in ("sku", "name"):
        if (key in cleaned or instance is None) and not cleaned.get(key):
            errors.add(key, _("This field is required."), code="required")
        elif isinstance(cleaned.get(key), str):
            _check(errors, key, text.check_name, cleaned[key])
    if isinstance(cleaned.get("description"), str):
        _check(errors, "description", text.check_long_text, cleaned["description"])
    if cleaned.get("sku"):
        clash = Product.objects.filter(sku=cleaned["sku"])
        if instance is not None:
            clash = clash.exclude(pk=instance.pk)
        if clash.exists():
            errors.add("sku", _("Another product already has this SKU."), code="product.sku_taken")
    if "unit" in cleaned and cleaned["unit"] not in Unit.values:
        errors.add(
            "unit",
            _("“%(value)s” is not one of the allowed values.") % {"value": cleaned["unit"]},
            code="invalid_choice",
        )
    if "currency" in cleaned and cleaned["currency"] not in CURRENCY_CODES:
        errors.add(
            "currency",
            _("“%(value)s” is not one of the allowed values.") % {"value": cleaned["currency"]},
            code="invalid_choice",
        )
    if cleaned.get("gtin"):
        try:
            cleaned["gtin"] = str(ean.validate(cleaned["gtin"]))
        except StdnumError:
            errors.add(
                "gtin",
                _("Not a valid GTIN (8, 12, 13 or 14 digits with a check digit)."),
                code="product.invalid_gtin",
            )
        else:
            clash = Product.objects.filter(gtin=cleaned["gtin"])
            if instance is not None:
                clash = clash.exclude(pk=instance.pk)
            if clash.exists():
                errors.add("gtin", _("Another product already has this GTIN."), code="product.gtin_taken")
    elif "gtin" in cleaned:
        cleaned["gtin"] = None
    for key in ("standard_cost", "list_price"):
        value = cleaned.get(key)
        if value in (None, ""):
            if key in cleaned:
                cleaned[key] = None
            continue
        try:
            amount = quantize(Decimal(str(value)))
        except (InvalidOperation, ValueError):
            errors.add(key, _("Enter an amount."))
            continue
        if amount < 0:
            errors.add(key, _("Must not be negative."))
        elif amount >= Decimal("1e16"):
            errors.add(key, _("Amount too large."))
        cleaned[key] = amount
    category = cleaned.get("category")
    if category is not None and not isinstance(category, Category):
        found = Category.objects.filter(pk=category).first() if str(category).isdecimal() else None
        if found is None:
            errors.add("category", _("No such category."), code="unknown_reference")
        cleaned["category"] = found
    errors.raise_if_any()
    return cleaned


def _check(errors: Errors, field: str, check: Callable[[str], None], value: str) -> None:
    try:
        check(value)
    except ValidationError as exc:
        errors.capture(field, exc)


def _refuse_unreadable(actor: User | None, fields: dict[str, Any]) -> None:
    """Whoever may not read the standard cost may not set it either (the policy's field rule)."""
    if (
        actor is not None
        and "standard_cost" in fields
        and "standard_cost" not in access.visible_fields(actor, Product)
    ):
        raise ValidationError({"standard_cost": [_("You may not set the standard cost.")]})


@transaction.atomic
def create_product(*, actor: User | None, **fields: Any) -> Product:
    if actor is not None:
        access.ensure(actor, access.ADD, Product)
    _refuse_unreadable(actor, fields)
    product = Product(**clean_product(fields, instance=None))
    save_with_history(product, actor=actor)
    events.emit(ProductCreated(sku=product.sku), product, actor=actor)
    return product


@transaction.atomic
def update_product(product: Product, *, actor: User | None, **changes: Any) -> Product:
    if actor is not None:
        access.ensure(actor, access.CHANGE, product)
    _refuse_unreadable(actor, changes)
    for key, value in clean_product(changes, instance=product).items():
        setattr(product, key, value)
    save_with_history(product, actor=actor)
    events.emit(ProductUpdated(fields=sorted(changes)), product, actor=actor)
    return product


@transaction.atomic
def delete_product(product: Product, *, actor: User | None) -> None:
    if actor is not None:
        access.ensure(actor, access.DELETE, product)
    events.emit(ProductDeleted(sku=product.sku), product, actor=actor)
    product._history_user = actor  # type: ignore[attr-defined]
    product.delete()


@transaction.atomic
def get_or_create_category(path: str) -> Category | None:
    """A category from a path such as ``电子/手机`` (created as needed)."""
    parent = None
    for name in [p.strip() for p in path.split("/") if p.strip()]:
        parent, _created = Category.objects.get_or_create(parent=parent, name=name[:100])
    return parent


IMPORT_BATCH = 1000


def _differs(product: Product, key: str, value: Any) -> bool:
    if key == "category":  # compare ids, so that no row loads its category
        return product.category_id != (value.pk if value is not None else None)
    return bool(getattr(product, key) != value)


def write_imported_products(
    job: models.Model,
    creates: list[dict[str, Any]],
    updates: list[tuple[Product, dict[str, Any]]],
    *,
    actor: User | None,
) -> None:
    """Write a chunk of a products import in bulk, with field history: ``creates`` are the
    cleaned values (``clean_product``) of new products, ``updates`` stored products with the
    cleaned values that change them (a ``category`` path is found or created). One
    ``product.imported`` event announces the chunk, with ``job`` as its subject. Runs in the
    caller's transaction (one per chunk)."""
    if actor is not None:
        access.ensure(actor, access.IMPORT, Product)
    for values in [*creates, *(values for _product, values in updates)]:
        _refuse_unreadable(actor, values)
    categories: dict[str, Category | None] = {}

    def resolved(values: dict[str, Any]) -> dict[str, Any]:
        values = dict(values)
        if values.get("category"):
            path = values["category"]
            if path not in categories:
                categories[path] = get_or_create_category(path)
            values["category"] = categories[path]
        else:
            values.pop("category", None)
        return values

    now = timezone.now()
    new = [Product(**resolved(values)) for values in creates]
    changed: list[Product] = []
    fields: set[str] = set()
    for product, values in updates:
        diff = {k: v for k, v in resolved(values).items() if _differs(product, k, v)}
        if diff:
            for key, value in diff.items():
                setattr(product, key, value)
            product.updated_at = now
            fields.update(diff)
            changed.append(product)
    if new:
        bulk_create_with_history(new, Product, batch_size=IMPORT_BATCH, default_user=actor)
    if changed:
        bulk_update_with_history(
            changed, Product, sorted(fields | {"updated_at"}), batch_size=IMPORT_BATCH, default_user=actor
        )
    if new or updates:
        events.emit(
            ProductsImported(job=job.pk, created=[p.pk for p in new], updated=[p.pk for p, _v in updates]),
            job,
            actor=actor,
        )
