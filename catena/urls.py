"""URL map: pages per app, the API under /api/v1/, health checks."""

from django.contrib import admin
from django.urls import include, path

from catena.api import api, url_tree
from catena.core.views import healthz, readyz
from catena.fulfilment.views.orders import quote_accept

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", url_tree(api)),
    path("admin/", admin.site.urls),
    path("accounts/", include("catena.accounts.urls")),
    path("me/", include("catena.workspace.urls")),
    path("parties/", include("catena.parties.urls")),
    path("products/", include("catena.catalog.urls")),
    path("interactions/", include("catena.comms.urls")),
    path("data/", include("catena.integrations.urls")),
    path("portal/", include("catena.portal.urls")),
    # accepting a quote places an order and starts its flow: fulfilment's view at the quote's address
    path("sales/quotes/<int:pk>/accept/", quote_accept, name="quote_accept"),
    path("sales/", include("catena.sales.urls")),
    path("orders/", include("catena.fulfilment.urls")),
    path("", include("catena.insights.urls")),
]
