"""Use cases of price lists and their prices (with quantity breaks). Administrators and managers
write them; sales reads them for customers' terms and the prices of quotes and orders."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from catena.accounts.models import User
from catena.catalog.models import PriceList, PriceListItem, Product
from catena.core import access, events
from catena.core import field_checks as check
from catena.core.history import save_with_history
from catena.core.validation import Errors

PRICE_LIST_FIELDS = ("name", "currency", "valid_from", "valid_until", "is_active", "notes")


def _clean_price_list(
    data: Mapping[str, Any], errors: Errors, *, instance: PriceList | None
) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for key, value in data.items():
        if key not in PRICE_LIST_FIELDS:
            errors.add(key, _("Unknown field."), code="unknown_field")
        elif key == "name":
            cleaned[key] = check.text(errors, key, value, max_length=100, required=True)
            clash = PriceList.objects.filter(name=cleaned[key])
            if instance is not None:
                clash = clash.exclude(pk=instance.pk)
            if cleaned[key] and clash.exists():
                errors.add(key, _("Another price list has this name."), code="price_list.name_taken")
        elif key == "currency":
            cleaned[key] = check.currency(errors, key, value)
        elif key in ("valid_from", "valid_until"):
            cleaned[key] = None if value in (None, "") else check.day(errors, key, value)
        elif key == "is_active":
            cleaned[key] = bool(value)
        else:
            cleaned[key] = str(value or "")
    start = cleaned.get("valid_from", instance.valid_from if instance else None)
    end = cleaned.get("valid_until", instance.valid_until if instance else None)
    if start and end and end < start:
        errors.add("valid_until", _("The end comes before the start."), code="ends_before_start")
    return cleaned


@transaction.atomic
def create_price_list(*, actor: User | None, **fields: Any) -> PriceList:
    if actor is not None:
        access.ensure(actor, access.ADD, PriceList)
    errors = Errors()
    fields.setdefault("name", "")
    cleaned = _clean_price_list(fields, errors, instance=None)
    errors.raise_if_any()
    price_list = PriceList.objects.create(**cleaned)
    events.emit("price_list.created", price_list, actor=actor, payload={"name": price_list.name})
    return price_list


@transaction.atomic
def update_price_list(price_list: PriceList, *, actor: User | None, **changes: Any) -> PriceList:
    if actor is not None:
        access.ensure(actor, access.CHANGE, price_list)
    errors = Errors()
    cleaned = _clean_price_list(changes, errors, instance=price_list)
    errors.raise_if_any()
    for key, value in cleaned.items():
        setattr(price_list, key, value)
    price_list.save()
    events.emit("price_list.updated", price_list, actor=actor, payload={"fields": sorted(cleaned)})
    return price_list


@transaction.atomic
def delete_price_list(price_list: PriceList, *, actor: User | None) -> None:
    """Delete a price list no customer uses (raises ``ProtectedError`` otherwise)."""
    if actor is not None:
        access.ensure(actor, access.DELETE, price_list)
    events.emit("price_list.deleted", price_list, actor=actor, payload={"name": price_list.name})
    price_list.delete()


def _clean_break(
    errors: Errors, unit_price: Decimal | int | str, min_quantity: Decimal | int | str
) -> tuple[Decimal | None, Decimal | None]:
    return (
        check.money(errors, "unit_price", unit_price),
        check.quantity(errors, "min_quantity", min_quantity),
    )


def _break_taken(
    price_list: PriceList, product: Product, quantity: Decimal, *, other_than: PriceListItem | None = None
) -> PriceListItem | None:
    """The price of ``product`` from exactly ``quantity`` on, if the list has one already."""
    found = PriceListItem.objects.filter(price_list=price_list, product=product, min_quantity=quantity)
    if other_than is not None:
        found = found.exclude(pk=other_than.pk)
    return found.first()


def _break_taken_message() -> str:
    return _("This product already has a price from this quantity; change that price instead.")


def _price_set(item: PriceListItem, *, actor: User | None) -> None:
    save_with_history(item, actor=actor)
    events.emit(
        "price_list.updated",
        item.price_list,
        actor=actor,
        payload={
            "fields": ["items"],
            "product": item.product_id,
            "min_quantity": str(item.min_quantity),
            "unit_price": str(item.unit_price),
        },
    )


@transaction.atomic
def set_price(
    price_list: PriceList,
    *,
    actor: User | None,
    product: Product,
    unit_price: Decimal | int | str,
    min_quantity: Decimal | int | str = 1,
    replace: bool = True,
) -> PriceListItem:
    """Set the price of ``product`` from ``min_quantity`` on: adds that quantity break, or replaces
    its price when it exists (with ``replace=False`` an existing break is an error instead)."""
    if actor is not None:
        access.ensure(actor, access.CHANGE, price_list)
    errors = Errors()
    price, quantity = _clean_break(errors, unit_price, min_quantity)
    errors.raise_if_any()
    assert price is not None and quantity is not None
    item = _break_taken(price_list, product, quantity)
    if item is not None and not replace:
        errors.add("min_quantity", _break_taken_message(), code="price_break.taken")
        errors.raise_if_any()
    item = item or PriceListItem(price_list=price_list, product=product, min_quantity=quantity)
    item.unit_price = price
    _price_set(item, actor=actor)
    return item


@transaction.atomic
def change_price(
    item: PriceListItem,
    *,
    actor: User | None,
    unit_price: Decimal | int | str | None = None,
    min_quantity: Decimal | int | str | None = None,
) -> PriceListItem:
    """Change the unit price of a quantity break, or move the break to another quantity (not onto
    a break the product already has)."""
    if actor is not None:
        access.ensure(actor, access.CHANGE, item.price_list)
    errors = Errors()
    price, quantity = _clean_break(
        errors,
        item.unit_price if unit_price is None else unit_price,
        item.min_quantity if min_quantity is None else min_quantity,
    )
    errors.raise_if_any()
    assert price is not None and quantity is not None
    if _break_taken(item.price_list, item.product, quantity, other_than=item) is not None:
        errors.add("min_quantity", _break_taken_message(), code="price_break.taken")
        errors.raise_if_any()
    item.unit_price, item.min_quantity = price, quantity
    _price_set(item, actor=actor)
    return item


@transaction.atomic
def delete_price(item: PriceListItem, *, actor: User | None) -> None:
    price_list = item.price_list
    if actor is not None:
        access.ensure(actor, access.CHANGE, price_list)
    item._history_user = actor  # type: ignore[attr-defined]
    item.delete()
    events.emit("price_list.updated", price_list, actor=actor, payload={"fields": ["items"]})
