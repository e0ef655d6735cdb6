from django.urls import path

from catena.portal import views, views_carrier, views_customer, views_documents, views_invite, views_supplier

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("account/", views.account, name="account"),
    # supplier
    path("purchase-orders/", views_supplier.purchase_order_list, name="purchase_order_list"),
    path("purchase-orders/<int:pk>/", views_supplier.purchase_order_detail, name="purchase_order_detail"),
    path(
        "purchase-orders/<int:pk>/answer/", views_supplier.purchase_order_answer, name="purchase_order_answer"
    ),
    # carrier
    path("shipments/", views_carrier.shipment_list, name="shipment_list"),
    path("shipments/<int:pk>/", views_carrier.shipment_detail, name="shipment_detail"),
    path("shipments/<int:pk>/events/", views_carrier.shipment_event, name="shipment_event"),
    path(
        "shipments/<int:pk>/proof/",
        views_carrier.shipment_proof_of_delivery,
        name="shipment_proof_of_delivery",
    ),
    path("shipments/<int:pk>/proof/photo/", views_documents.shipment_pod, name="shipment_pod"),
    # customer
    path("orders/", views_customer.order_list, name="order_list"),
    path("orders/<int:pk>/", views_customer.order_detail, name="order_detail"),
    path("orders/<int:pk>/confirmation/", views_customer.order_confirmation, name="order_confirmation"),
    # invitations: the welcome link, and the administrators' pages reached from the party page
    path("welcome/<uidb64>/<token>/", views_invite.WelcomeView.as_view(), name="welcome"),
    path("staff/parties/<int:pk>/access/", views_invite.party_access, name="party_access"),
    path(
        "staff/parties/<int:pk>/access/<int:user_id>/link/",
        views_invite.party_access_link,
        name="party_access_link",
    ),
    path(
        "staff/parties/<int:pk>/access/<int:user_id>/revoke/",
        views_invite.party_access_revoke,
        name="party_access_revoke",
    ),
]
