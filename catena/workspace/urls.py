from django.urls import URLPattern, path

from catena.workspace import views

app_name = "workspace"
urlpatterns: list[URLPattern] = [
    path("search", views.search_results, name="search"),
    path("search/page", views.search_page, name="search_page"),
]
