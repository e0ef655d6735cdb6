from django.urls import path

from catena.portal.views import (
    articles,
    carrier,
    cases,
    customer,
    documents,
    home,
    invitations,
    invite,
    partner_tasks,
    returns,
    supplier,
    surveys,
)

app_name = "portal"
urlpatterns = [
    path("", home.home, name="home"),
    path("account/", home.account, name="account"),
    path("account/preferences/", home.account_preferences, name="account_preferences"),
    # supplier
    path("purchase-orders/", supplier.purchase_order_list, name="purchase_order_list"),
    path("purchase-orders/<int:pk>/", supplier.purchase_order_detail, name="purchase_order_detail"),
    path("purchase-orders/<int:pk>/answer/", supplier.purchase_order_answer, name="purchase_order_answer"),
    # carrier
    path("shipments/", carrier.shipment_list, name="shipment_list"),
    path("shipments/<int:pk>/", carrier.shipment_detail, name="shipment_detail"),
    path("shipments/<int:pk>/events/", carrier.shipment_event, name="shipment_event"),
    path(
        "shipments/<int:pk>/proof/",
        carrier.shipment_proof_of_delivery,
        name="shipment_proof_of_delivery",
    ),
    path("shipments/<int:pk>/proof/photo/", documents.shipment_pod, name="shipment_pod"),
    # carrier, supplier, manufacturer: what the service desk asks them to answer for
    path("issues/", partner_tasks.partner_task_list, name="partner_task_list"),
    path("issues/<int:pk>/", partner_tasks.partner_task_detail, name="partner_task_detail"),
    path("issues/<int:pk>/answer/", partner_tasks.partner_task_answer, name="partner_task_answer"),
    path("issues/<int:pk>/evidence/", partner_tasks.partner_task_evidence, name="partner_task_evidence"),
    # customer
    path("orders/", customer.order_list, name="order_list"),
    path("orders/<int:pk>/", customer.order_detail, name="order_detail"),
    path("orders/<int:pk>/confirmation/", customer.order_confirmation, name="order_confirmation"),
    # customer: service requests (cases)
    path("cases/", cases.case_list, name="case_list"),
    path("cases/new/", cases.case_create, name="case_create"),
    path("cases/<int:pk>/", cases.case_detail, name="case_detail"),
    path("cases/<int:pk>/reply/", cases.case_reply, name="case_reply"),
    path("cases/<int:pk>/files/", cases.case_file, name="case_file"),
    # customer: the help centre (the knowledge base's public articles)
    path("help/", articles.help_list, name="help_list"),
    path("help/suggestions/", articles.help_suggestions, name="help_suggestions"),
    path("help/<int:pk>/", articles.help_article, name="help_article"),
    path("help/<int:pk>/feedback/", articles.help_feedback, name="help_feedback"),
    path("surveys/<int:pk>/", surveys.survey_answer, name="survey_answer"),
    path("orders/<int:pk>/lines/<int:line_pk>/return/", returns.return_request, name="return_request"),
    # invitations: the welcome link, and the administrators' pages reached from the party page
    path("welcome/<uidb64>/<token>/", invite.WelcomeView.as_view(), name="welcome"),
    path("staff/parties/<int:pk>/access/", invite.party_access, name="party_access"),
    path(
        "staff/parties/<int:pk>/access/<int:user_id>/link/",
        invite.party_access_link,
        name="party_access_link",
    ),
    path(
        "staff/parties/<int:pk>/access/<int:user_id>/revoke/",
        invite.party_access_revoke,
        name="party_access_revoke",
    ),
]

# Mounted under /settings/ by ``catena/urls.py`` (namespace ``settings_portal``).
settings_urlpatterns = [
    path("portal-invitations/", invitations.invitation_list, name="invitation_list"),
    path("portal-invitations/<int:pk>/revoke/", invitations.invitation_revoke, name="invitation_revoke"),
]
