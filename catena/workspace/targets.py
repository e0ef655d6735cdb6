"""The kinds of record files and comments attach to, named by label so that the workspace needs
no import of the apps above it (the import contract forbids it): the models are looked up in
Django's registry when first needed, and whether a user may see one is the owning app's policy.

A target is published as ``app_label.model`` (``parties.party``) and its id."""

from __future__ import annotations

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models

# Every kind of record a user works on and may want a contract, drawing or photo on.
TARGET_LABELS = (
    "parties.party",
    "parties.contact",
    "sales.lead",
    "sales.opportunity",
    "sales.quote",
    "sales.salesorder",
    "fulfilment.purchaseorder",
    "fulfilment.workorder",
    "fulfilment.shipment",
)


def target_models() -> list[type[models.Model]]:
    """The target models that are installed."""
    found = []
    for label in TARGET_LABELS:
        try:
            found.append(apps.get_model(label))
        except LookupError:
            continue
    return found


def model_of(label: str) -> type[models.Model] | None:
    """The target model published as ``label``, or None when files and comments do not attach to
    that kind of record (or there is no such kind)."""
    label = label.strip().lower()
    if label not in TARGET_LABELS:
        return None
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def label_of(record: models.Model | type[models.Model]) -> str:
    return record._meta.label_lower


def is_target(record: models.Model) -> bool:
    return label_of(record) in TARGET_LABELS


def content_type_of(record: models.Model | type[models.Model]) -> ContentType:
    return ContentType.objects.get_for_model(record)


def label_of_type(content_type_id: int) -> str:
    """``app_label.model`` of a content type (cached by Django after the first look-up)."""
    content_type = ContentType.objects.get_for_id(content_type_id)
    return f"{content_type.app_label}.{content_type.model}"
