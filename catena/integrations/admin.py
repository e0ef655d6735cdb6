from django.contrib import admin
from django.http import HttpRequest

from catena.integrations.models import CarrierInboundKey, ImportJob, WebhookDelivery, WebhookSubscription


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = (
        "original_filename",
        "kind",
        "mode",
        "status",
        "total_rows",
        "created_count",
        "created_by",
    )
    list_filter = ("kind", "status", "mode")
    search_fields = ("original_filename", "created_by__username")
    list_select_related = ("created_by",)
    readonly_fields = [f.name for f in ImportJob._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    """Read-only here: subscriptions are managed on the webhook pages (the secret is never shown)."""

    list_display = ("name", "url", "is_active", "consecutive_failures", "created_at")
    list_filter = ("is_active",)
    search_fields = ("name", "url")
    exclude = ("secret",)
    readonly_fields = [f.name for f in WebhookSubscription._meta.fields if f.name != "secret"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ("idempotency_key", "subscription", "status", "attempts", "response_code", "created_at")
    list_filter = ("status",)
    search_fields = ("idempotency_key",)
    list_select_related = ("subscription",)
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields]
    raw_id_fields = ("event",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(CarrierInboundKey)
class CarrierInboundKeyAdmin(admin.ModelAdmin):
    list_display = ("prefix", "carrier", "name", "created_at", "last_used_at", "revoked_at")
    search_fields = ("prefix", "carrier__name")
    list_select_related = ("carrier",)
    exclude = ("key_hash", "salt")
    readonly_fields = [f.name for f in CarrierInboundKey._meta.fields if f.name not in ("key_hash", "salt")]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
