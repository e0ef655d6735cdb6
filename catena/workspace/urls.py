from django.urls import URLPattern, path

from catena.workspace.views import comments, files, search

app_name = "workspace"
urlpatterns: list[URLPattern] = [
    path("search", search.search_results, name="search"),
    path("search/page", search.search_page, name="search_page"),
    path("files/<int:pk>/download/", files.attachment_download, name="attachment_download"),
    path("files/<int:pk>/remove/", files.attachment_remove, name="attachment_remove"),
    path("files/<str:target_type>/<int:target_id>/", files.files_panel, name="files_panel"),
    path("comments/<int:pk>/edit/", comments.comment_edit, name="comment_edit"),
    path("comments/<int:pk>/delete/", comments.comment_delete, name="comment_delete"),
    path("comments/<str:target_type>/<int:target_id>/", comments.comments_panel, name="comments_panel"),
    path("mentions/", comments.mention_list, name="mention_candidates"),
]
