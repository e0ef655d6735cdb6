"""The Django admin is for operators (database fixes, the event outbox), not for users: it is
branded so, and no page of the application links to it; users set Catena up under /settings/."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from catena.core.models import Event

admin.site.site_header = _("Catena operations")
admin.site.site_title = _("Catena operations")
admin.site.index_title = _("Operators' tools: the application's settings are under /settings/")
admin.site.site_url = None


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("id", "name", "subject_type", "subject_id", "occurred_at", "dispatched_at", "attempts")
    list_filter = ("name", "subject_type")
    search_fields = ("subject_id",)
    readonly_fields = [f.name for f in Event._meta.fields]
