"""URL map: pages per app, the API under /api/v1/, health checks."""

from django.contrib import admin
from django.urls import include, path

from catena.api import api
from catena.core.views import healthz, readyz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("accounts/", include("catena.accounts.urls")),
    path("parties/", include("catena.parties.urls")),
    path("products/", include("catena.catalog.urls")),
    path("interactions/", include("catena.comms.urls")),
    path("data/", include("catena.integrations.urls")),
    path("portal/", include("catena.portal.urls")),
    path("sales/", include("catena.sales.urls")),
    path("orders/", include("catena.fulfilment.urls")),
    path("", include("catena.insights.urls")),
]
