from django.urls import path

from catena.insights import views

app_name = "insights"
urlpatterns = [
    path("", views.home, name="home"),
    path("flow/", views.flow, name="flow"),
    path("flow/recompute/", views.flow_recompute, name="flow_recompute"),
    path("flow/runs/<int:run_id>/", views.flow_run, name="flow_run"),
    path("flow/stuck/", views.flow_stuck, name="flow_stuck"),
    path("flow/partners/<str:kind>/", views.flow_partners, name="flow_partners"),
]
