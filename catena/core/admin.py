from django.contrib import admin

from catena.core.models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("id", "name", "subject_type", "subject_id", "occurred_at", "dispatched_at", "attempts")
    list_filter = ("name", "subject_type")
    search_fields = ("subject_id",)
    readonly_fields = [f.name for f in Event._meta.fields]
