from django.urls import path

from catena.service import views
from catena.service.knowledge import views as knowledge_views

app_name = "service"

urlpatterns = [
    path("cases/", views.case_list, name="case_list"),
    path("cases/new/", views.case_create, name="case_create"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/messages/", views.case_message, name="case_message"),
    path("cases/<int:pk>/status/", views.case_status, name="case_status"),
    path("cases/<int:pk>/assign/", views.case_assign, name="case_assign"),
    path("cases/<int:pk>/merge/", views.case_merge, name="case_merge"),
]

# the knowledge base (catena/service/knowledge/views.py)
urlpatterns += [
    path("kb/", knowledge_views.article_list, name="article_list"),
    path("kb/new/", knowledge_views.article_create, name="article_create"),
    path("kb/suggestions/", knowledge_views.article_suggestions, name="article_suggestions"),
    path("kb/<int:pk>/", knowledge_views.article_detail, name="article_detail"),
    path("kb/<int:pk>/edit/", knowledge_views.article_edit, name="article_edit"),
    path("kb/<int:pk>/status/", knowledge_views.article_status, name="article_status"),
]
