from django.urls import path

from catena.service import views
from catena.service.views import promises

app_name = "service"

urlpatterns = [
    path("cases/", views.case_list, name="case_list"),
    path("cases/new/", views.case_create, name="case_create"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/messages/", views.case_message, name="case_message"),
    path("cases/<int:pk>/status/", views.case_status, name="case_status"),
    path("cases/<int:pk>/assign/", views.case_assign, name="case_assign"),
    path("cases/<int:pk>/merge/", views.case_merge, name="case_merge"),
    path("cases/<int:pk>/promises/", promises.promise_create, name="promise_create"),
    path("promises/", promises.promise_ledger, name="promise_ledger"),
    path("promises/<int:pk>/keep/", promises.promise_keep, name="promise_keep"),
    path("promises/<int:pk>/cancel/", promises.promise_cancel, name="promise_cancel"),
]
