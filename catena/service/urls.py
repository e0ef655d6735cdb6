from django.urls import path

from catena.service.knowledge import views as knowledge_views
from catena.service.views import analytics, assignment, cases, desk, partners, promises, returns, surveys

app_name = "service"

urlpatterns = [
    path("analytics/", analytics.service_analytics, name="analytics"),
    path("cases/", cases.case_list, name="case_list"),
    path("cases/new/", cases.case_create, name="case_create"),
    path("cases/<int:pk>/", cases.case_detail, name="case_detail"),
    path("cases/<int:pk>/messages/", cases.case_message, name="case_message"),
    path("cases/<int:pk>/status/", cases.case_status, name="case_status"),
    path("cases/<int:pk>/assign/", cases.case_assign, name="case_assign"),
    path("cases/<int:pk>/merge/", cases.case_merge, name="case_merge"),
    path("cases/<int:pk>/presence/", desk.case_presence, name="case_presence"),
    path("cases/<int:pk>/canned/<int:response_id>/", desk.canned_fill, name="canned_fill"),
    path("canned/", desk.canned_list, name="canned_list"),
    path("canned/<int:pk>/", desk.canned_edit, name="canned_edit"),
    path("cases/<int:pk>/partner-tasks/", partners.partner_task_open, name="partner_task_open"),
    path("partner-tasks/", partners.partner_task_list, name="partner_task_list"),
    path("partner-tasks/<int:pk>/close/", partners.partner_task_close, name="partner_task_close"),
    path("partner-tasks/<int:pk>/evidence/", partners.partner_task_evidence, name="partner_task_evidence"),
    path("cases/<int:pk>/promises/", promises.promise_create, name="promise_create"),
    path("promises/", promises.promise_ledger, name="promise_ledger"),
    path("promises/<int:pk>/keep/", promises.promise_keep, name="promise_keep"),
    path("promises/<int:pk>/cancel/", promises.promise_cancel, name="promise_cancel"),
    path("surveys/", surveys.survey_list, name="survey_list"),
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

# returns and refunds (RMAs), and the return policies they are judged under
urlpatterns += [
    path("returns/", returns.return_list, name="return_list"),
    path("cases/<int:pk>/returns/", returns.case_return, name="case_return"),
    path("returns/policies/", returns.return_policies, name="return_policies"),
    path("returns/<int:pk>/", returns.return_detail, name="return_detail"),
    path("returns/<int:pk>/<slug:step>/", returns.return_step, name="return_step"),
    path("refunds/<int:pk>/<slug:step>/", returns.refund_step, name="refund_step"),
]

# /settings/ (namespace settings_service): assignment rules, agents' profiles and duty
settings_urlpatterns = [
    path("assignment-rules/", assignment.assignment_rule_list, name="assignment_rule_list"),
    path("assignment-rules/new/", assignment.assignment_rule_create, name="assignment_rule_create"),
    path("assignment-rules/<int:pk>/", assignment.assignment_rule_edit, name="assignment_rule_edit"),
    path(
        "assignment-rules/<int:pk>/delete/", assignment.assignment_rule_delete, name="assignment_rule_delete"
    ),
    path("agents/", assignment.agent_list, name="agent_list"),
    path("agents/<int:pk>/", assignment.agent_edit, name="agent_edit"),
    path(
        "agents/<int:pk>/<str:kind>/<int:item>/remove/",
        assignment.agent_duty_remove,
        name="agent_duty_remove",
    ),
]
