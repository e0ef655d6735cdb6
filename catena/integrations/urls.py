from django.urls import path

from catena.integrations import views, views_webhooks

app_name = "integrations"
urlpatterns = [
    path("", views.import_list, name="import_list"),
    path("imports/new/", views.import_start, name="import_start"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/<int:pk>/mapping/", views.import_mapping, name="import_mapping"),
    path("imports/<int:pk>/commit/", views.import_commit, name="import_commit"),
    path("imports/<int:pk>/errors.csv", views.import_errors, name="import_errors"),
    path("templates/<str:kind>.csv", views.import_template, name="import_template"),
    path("export/<str:kind>/", views.export, name="export"),
    # webhooks (administrators)
    path("webhooks/", views_webhooks.webhook_list, name="webhook_list"),
    path("webhooks/new/", views_webhooks.webhook_create, name="webhook_create"),
    path("webhooks/carrier-keys/", views_webhooks.carrier_key_list, name="carrier_key_list"),
    path(
        "webhooks/carrier-keys/<int:pk>/revoke/", views_webhooks.carrier_key_revoke, name="carrier_key_revoke"
    ),
    path("webhooks/<int:pk>/", views_webhooks.webhook_detail, name="webhook_detail"),
    path("webhooks/<int:pk>/edit/", views_webhooks.webhook_update, name="webhook_update"),
    path("webhooks/<int:pk>/delete/", views_webhooks.webhook_delete, name="webhook_delete"),
    path("webhooks/<int:pk>/test/", views_webhooks.webhook_test, name="webhook_test"),
    path("webhooks/<int:pk>/secret/", views_webhooks.webhook_rotate_secret, name="webhook_rotate_secret"),
    path(
        "webhooks/<int:pk>/deliveries/<int:delivery_pk>/",
        views_webhooks.webhook_delivery_detail,
        name="webhook_delivery_detail",
    ),
    path(
        "webhooks/<int:pk>/deliveries/<int:delivery_pk>/redeliver/",
        views_webhooks.webhook_redeliver,
        name="webhook_redeliver",
    ),
]
