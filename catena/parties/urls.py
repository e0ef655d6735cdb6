from django.urls import path

from catena.parties.views import detail, edit, lists, parts, settings

app_name = "parties"
urlpatterns = [
    path("", lists.party_list, name="party_list"),
    path("new/", edit.party_create, name="party_create"),
    path("validate/", edit.party_validate, name="party_validate"),
    path("search/", lists.party_search, name="party_search"),
    path("bulk/", lists.party_bulk, name="party_bulk"),
    path("views/", lists.saved_view_create, name="saved_view_create"),
    path("views/<int:pk>/delete/", lists.saved_view_delete, name="saved_view_delete"),
    path("<int:pk>/", detail.party_detail, name="party_detail"),
    path("<int:pk>/edit/", edit.party_edit, name="party_edit"),
    path("<int:pk>/delete/", edit.party_delete, name="party_delete"),
    path("<int:pk>/contacts/new/", parts.contact_create, name="contact_create"),
    path("<int:pk>/contacts/<int:contact_id>/edit/", parts.contact_edit, name="contact_edit"),
    path("<int:pk>/contacts/<int:contact_id>/delete/", parts.contact_delete, name="contact_delete"),
    path("<int:pk>/points/new/", parts.point_create, name="point_create"),
    path("<int:pk>/points/<int:point_id>/delete/", parts.point_delete, name="point_delete"),
    path("<int:pk>/addresses/new/", parts.address_create, name="address_create"),
    path("<int:pk>/addresses/<int:address_id>/edit/", parts.address_edit, name="address_edit"),
    path("<int:pk>/addresses/<int:address_id>/delete/", parts.address_delete, name="address_delete"),
    path("<int:pk>/relationships/new/", parts.relationship_create, name="relationship_create"),
    path(
        "<int:pk>/relationships/<int:relationship_id>/delete/",
        parts.relationship_delete,
        name="relationship_delete",
    ),
]

# Mounted under /settings/ by ``catena/urls.py`` (namespace ``settings_parties``).
settings_urlpatterns = [
    path("custom-fields/", settings.custom_field_list, name="custom_field_list"),
    path("custom-fields/new/", settings.custom_field_create, name="custom_field_create"),
    path("custom-fields/<int:pk>/", settings.custom_field_edit, name="custom_field_edit"),
    path("custom-fields/<int:pk>/delete/", settings.custom_field_delete, name="custom_field_delete"),
    path("tags/", settings.tag_list, name="tag_list"),
    path("tags/<int:pk>/rename/", settings.tag_rename, name="tag_rename"),
    path("tags/<int:pk>/merge/", settings.tag_merge, name="tag_merge"),
    path("tags/<int:pk>/delete/", settings.tag_delete, name="tag_delete"),
]
