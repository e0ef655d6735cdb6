"""URL map: pages per app, the API under /api/v1/, health checks."""

from django.contrib import admin
from django.urls import include, path

from catena.accounts.urls import settings_urlpatterns as account_settings
from catena.accounts.views import signin
from catena.api import api, url_tree
from catena.core.views import favicon, healthz, readyz
from catena.fulfilment.views.orders import quote_accept
from catena.integrations.views import start
from catena.parties.urls import settings_urlpatterns as party_settings
from catena.portal.urls import settings_urlpatterns as portal_settings
from catena.sales.urls import settings_urlpatterns as sales_settings
from catena.service.urls import settings_urlpatterns as service_settings
from catena.workspace.urls import settings_urlpatterns as workspace_settings

# /settings/: each app's own settings pages, with one navigation (components/settings_nav.html)
settings_urlpatterns = [
    *account_settings,
    path("start/", start.first_run_checklist, name="start"),
    path("start/dismiss/", start.first_run_dismiss, name="start_dismiss"),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("favicon.ico", favicon, name="favicon"),
    # Django's language switch, which also remembers a signed-in user's choice
    path("i18n/setlang/", signin.set_language, name="set_language"),
    path("api/v1/", url_tree(api)),
    path("admin/", admin.site.urls),
    path("accounts/", include("catena.accounts.urls")),
    path("settings/", include((settings_urlpatterns, "settings"))),
    path("settings/", include((party_settings, "settings_parties"))),
    path("settings/", include((sales_settings, "settings_sales"))),
    path("settings/", include((portal_settings, "settings_portal"))),
    path("settings/", include((workspace_settings, "settings_workspace"))),
    path("settings/", include((service_settings, "settings_service"))),
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
    path("service/", include("catena.service.urls")),
    # a survey's answer page: public, its link's token is the credential
    path("s/", include("catena.service.survey_urls")),
    path("", include("catena.insights.urls")),
]
