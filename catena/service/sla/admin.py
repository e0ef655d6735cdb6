"""SLA policies in the operators' admin."""

from django.contrib import admin

from catena.service.models import SlaPolicy


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
