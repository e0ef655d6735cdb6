from django.urls import URLPattern, path

from catena.workspace.views import activities, comments, files, notifications, plans, search

app_name = "workspace"
urlpatterns: list[URLPattern] = [
    path("", activities.my_day, name="my_day"),
    path("search", search.search_results, name="search"),
    path("search/page", search.search_page, name="search_page"),
    path("notifications/", notifications.notification_list, name="notification_list"),
    path("notifications/read-all/", notifications.notification_read_all, name="notification_read_all"),
    path("notifications/<int:pk>/open/", notifications.notification_open, name="notification_open"),
    path("notifications/preferences/", notifications.preference_edit, name="preference_edit"),
    path("activities/new/", activities.activity_schedule, name="activity_schedule"),
    path("activities/<int:pk>/complete/", activities.activity_complete, name="activity_complete"),
    path("activities/<int:pk>/cancel/", activities.activity_cancel, name="activity_cancel"),
    path("activities/<int:pk>/reschedule/", activities.activity_reschedule, name="activity_reschedule"),
    path("activities/apply-plan/", plans.plan_apply, name="plan_apply"),
    path("follow/", activities.follow_toggle, name="follow_toggle"),
    path("panel/<str:target_type>/<int:target_id>/", activities.activity_panel, name="activity_panel"),
    path("panel/<str:target_type>/<int:target_id>/schedule/", activities.activity_form, name="activity_form"),
    path("files/<int:pk>/download/", files.attachment_download, name="attachment_download"),
    path("files/<int:pk>/remove/", files.attachment_remove, name="attachment_remove"),
    path("files/<str:target_type>/<int:target_id>/", files.files_panel, name="files_panel"),
    path("comments/<int:pk>/edit/", comments.comment_edit, name="comment_edit"),
    path("comments/<int:pk>/delete/", comments.comment_delete, name="comment_delete"),
    path("comments/<str:target_type>/<int:target_id>/", comments.comments_panel, name="comments_panel"),
    path("mentions/", comments.mention_list, name="mention_candidates"),
]

# /settings/activity-plans/: the plans' settings (namespace ``settings_workspace``)
settings_urlpatterns: list[URLPattern] = [
    path("activity-plans/", plans.plan_list, name="plan_list"),
    path("activity-plans/new/", plans.plan_create, name="plan_create"),
    path("activity-plans/<int:pk>/", plans.plan_edit, name="plan_edit"),
]
