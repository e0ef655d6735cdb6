"""Importing products. The SKU finds an existing product, which the row then updates (filled
cells overwrite, empty cells keep the stored value). Rules: ``catalog.services.clean_product``;
the catalog writes the rows (``catalog.services.write_imported_products``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from catena.accounts import roles
from catena.catalog.choices import Unit
from catena.catalog.models import Product
from catena.catalog.services import clean_product, write_imported_products
from catena.integrations.columns.values import boolean_value, coded_value
from catena.integrations.importers.base import (
    CREATE,
    UPDATE,
    Importer,
    RowPlan,
)
from catena.integrations.importers.checks import check_lengths

TEXT_KEYS = ("sku", "name", "gtin", "description")
MONEY_KEYS = ("standard_cost", "list_price")
MONEY_NOISE = str.maketrans("", "", ",，¥￥$€ 元")


class ProductImporter(Importer):
    model = Product

    def __init__(self, actor: Any, *, job: models.Model) -> None:
        super().__init__(actor)
        self.job = job  # the subject of the event that announces each written chunk
        self.seen_sku: dict[str, int] = {}
        self.seen_gtin: dict[str, int] = {}

    def check_mapping(self, mapped_fields: Iterable[str]) -> None:
        if (
            self.actor is not None
            and "standard_cost" in set(mapped_fields)
            and not roles.can_read_field(self.actor, "product.standard_cost")
        ):
            raise ValidationError(
                _("You may not set the standard cost; remove that column from the mapping.")
            )

    def _data(self, plan: RowPlan) -> dict[str, Any]:
        v, errors = plan.values, plan.errors
        data: dict[str, Any] = {k: v[k] for k in TEXT_KEYS if v.get(k)}
        if v.get("unit"):
            data["unit"] = coded_value("unit", v["unit"], Unit)
        if v.get("currency"):
            data["currency"] = coded_value("currency", v["currency"]).upper()
        for key in MONEY_KEYS:
            if v.get(key):
                data[key] = v[key].translate(MONEY_NOISE)
        if v.get("is_active"):
            flag = boolean_value(v["is_active"])
            if flag is None:
                errors.add("is_active", _("Enter yes or no."), code="invalid")
            else:
                data["is_active"] = flag
        check_lengths(Product, data, errors, {"sku": "sku", "name": "name"})
        if v.get("category") and any(len(part.strip()) > 100 for part in v["category"].split("/")):
            errors.add("category", _("At most %(limit)s characters.") % {"limit": 100}, code="too_long")
        return data

    def plan(self, rows: Sequence[tuple[int, dict[str, str]]]) -> list[RowPlan]:
        plans = [RowPlan(row=number, values=values) for number, values in rows]
        skus = {p.values.get("sku") for p in plans if p.values.get("sku")}
        existing = {p.sku: p for p in Product.objects.filter(sku__in=skus)}
        for plan in plans:
            data = self._data(plan)
            sku = data.get("sku", "")
            for key, seen, message in (
                ("sku", self.seen_sku, _("The same SKU is already on row %(row)s.")),
                ("gtin", self.seen_gtin, _("The same GTIN is already on row %(row)s.")),
            ):
                value = data.get(key)
                if value:
                    first = seen.setdefault(value, plan.row)
                    if first != plan.row:
                        plan.errors.add(key, message % {"row": first})
            instance = existing.get(sku)
            if instance is None:
                data.setdefault("sku", "")
                data.setdefault("name", "")
            try:
                cleaned = clean_product(data, instance=instance)
            except ValidationError as exc:
                for key, errors in exc.update_error_dict({}).items():
                    plan.errors.capture(key, ValidationError(errors))
                cleaned = {}
            plan.data = cleaned
            plan.target = instance
            plan.action = UPDATE if instance is not None else CREATE
        return plans

    def write(self, plans: Sequence[RowPlan]) -> None:
        def values(plan: RowPlan) -> dict[str, Any]:
            category = plan.values.get("category")
            return {**plan.data, "category": category} if category else dict(plan.data)

        write_imported_products(
            self.job,
            [values(plan) for plan in plans if plan.action == CREATE],
            [(plan.target, values(plan)) for plan in plans if plan.action == UPDATE],
            actor=self.actor,
        )
