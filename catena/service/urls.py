from django.urls import path

from catena.service.views import assignment, cases, partners, promises

app_name = "service"

urlpatterns = [
    path("cases/", cases.case_list, name="case_list"),
    path("cases/new/", cases.case_create, name="case_create"),
    path("cases/<int:pk>/", cases.case_detail, name="case_detail"),
    path("cases/<int:pk>/messages/", cases.case_message, name="case_message"),
    path("cases/<int:pk>/status/", cases.case_status, name="case_status"),
    path("cases/<int:pk>/assign/", cases.case_assign, name="case_assign"),
    path("cases/<int:pk>/merge/", cases.case_merge, name="case_merge"),
    path("cases/<int:pk>/partner-tasks/", partners.partner_task_open, name="partner_task_open"),
    path("partner-tasks/", partners.partner_task_list, name="partner_task_list"),
    path("partner-tasks/<int:pk>/close/", partners.partner_task_close, name="partner_task_close"),
    path("partner-tasks/<int:pk>/evidence/", partners.partner_task_evidence, name="partner_task_evidence"),
    path("cases/<int:pk>/promises/", promises.promise_create, name="promise_create"),
    path("promises/", promises.promise_ledger, name="promise_ledger"),
    path("promises/<int:pk>/keep/", promises.promise_keep, name="promise_keep"),
    path("promises/<int:pk>/cancel/", promises.promise_cancel, name="promise_cancel"),
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
