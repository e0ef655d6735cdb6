from django.urls import path

from catena.workspace import views

app_name = "workspace"
urlpatterns = [
    path("", views.my_day, name="my_day"),
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/read-all/", views.notification_read_all, name="notification_read_all"),
    path("notifications/<int:pk>/open/", views.notification_open, name="notification_open"),
    path("notifications/preferences/", views.preference_edit, name="preference_edit"),
    path("activities/new/", views.activity_schedule, name="activity_schedule"),
    path("activities/<int:pk>/complete/", views.activity_complete, name="activity_complete"),
    path("activities/<int:pk>/cancel/", views.activity_cancel, name="activity_cancel"),
    path("activities/<int:pk>/reschedule/", views.activity_reschedule, name="activity_reschedule"),
    path("follow/", views.follow_toggle, name="follow_toggle"),
    path("panel/<str:target_type>/<int:target_id>/", views.activity_panel, name="activity_panel"),
]
