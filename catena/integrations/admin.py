from django.contrib import admin
from django.http import HttpRequest

from catena.integrations.models import ImportJob


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
