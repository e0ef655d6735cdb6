from django.urls import path

from catena.integrations import views

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
]
