from django.urls import path

from catena.integrations.views import imports, webhooks

app_name = "integrations"
urlpatterns = [
    path("", imports.import_list, name="import_list"),
    path("imports/new/", imports.import_start, name="import_start"),
    path("imports/<int:pk>/", imports.import_detail, name="import_detail"),
    path("imports/<int:pk>/mapping/", imports.import_mapping, name="import_mapping"),
    path("imports/<int:pk>/commit/", imports.import_commit, name="import_commit"),
    path("imports/<int:pk>/errors.csv", imports.import_errors, name="import_errors"),
    path("templates/<str:kind>.csv", imports.import_template, name="import_template"),
    path("export/<str:kind>/", imports.export, name="export"),
    # webhooks (administrators)
    path("webhooks/", webhooks.webhook_list, name="webhook_list"),
    path("webhooks/new/", webhooks.webhook_create, name="webhook_create"),
    path("webhooks/carrier-keys/", webhooks.carrier_key_list, name="carrier_key_list"),
    path("webhooks/carrier-keys/<int:pk>/revoke/", webhooks.carrier_key_revoke, name="carrier_key_revoke"),
    path("webhooks/<int:pk>/", webhooks.webhook_detail, name="webhook_detail"),
    path("webhooks/<int:pk>/edit/", webhooks.webhook_update, name="webhook_update"),
    path("webhooks/<int:pk>/delete/", webhooks.webhook_delete, name="webhook_delete"),
    path("webhooks/<int:pk>/test/", webhooks.webhook_test, name="webhook_test"),
    path("webhooks/<int:pk>/secret/", webhooks.webhook_rotate_secret, name="webhook_rotate_secret"),
    path(
        "webhooks/<int:pk>/deliveries/<int:delivery_pk>/",
        webhooks.webhook_delivery_detail,
        name="webhook_delivery_detail",
    ),
    path(
        "webhooks/<int:pk>/deliveries/<int:delivery_pk>/redeliver/",
        webhooks.webhook_redeliver,
        name="webhook_redeliver",
    ),
]
