"""SLA policies in the operators' admin."""

from django.contrib import admin

from catena.service.models import SlaClock, SlaPolicy


@admin.register(SlaPolicy)
class SlaPolicyAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "case_type",
        "priority",
        "tier",
        "first_response_minutes",
        "next_response_minutes",
        "resolution_minutes",
        "warning_percent",
        "is_active",
    )
    list_filter = ("is_active", "tier", "priority", "case_type")
    search_fields = ("name",)


@admin.register(SlaClock)
class SlaClockAdmin(admin.ModelAdmin):
    """Clocks are moved by the service desk's services; operators look, and fix only by hand."""

    list_display = (
        "id",
        "kind",
        "content_type",
        "object_id",
        "started_at",
        "due_at",
        "breached_at",
        "stopped_at",
    )
    list_filter = ("kind", "content_type")
    search_fields = ("object_id",)
    raw_id_fields = ("policy",)
