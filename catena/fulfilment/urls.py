"""Staff pages of the order flow, mounted under /orders/."""

from django.urls import path

from catena.fulfilment.views import order_360, order_actions, orders, purchasing, shipping, templates

app_name = "fulfilment"
urlpatterns = [
    path("", orders.order_list, name="order_list"),
    path("export/", orders.order_export, name="order_export"),
    path("new/", orders.order_create, name="order_create"),
    path("new/line/", orders.order_line_row, name="order_line_row"),
    path("new/ship-to/", orders.order_ship_to, name="order_ship_to"),
    path("customers/search/", orders.customer_search, name="customer_search"),
    path("products/search/", orders.product_search, name="product_search"),
    path("<int:pk>/", order_360.order_detail, name="order_detail"),
    path("<int:pk>/move/", order_actions.order_move, name="order_move"),
    path("<int:pk>/status/", order_actions.order_status, name="order_status"),
    path("<int:pk>/assign/", order_actions.order_assign, name="order_assign"),
    path("<int:pk>/note/", order_actions.order_note, name="order_note"),
    path("<int:pk>/invoices/", order_actions.order_invoice, name="order_invoice"),
    path("<int:pk>/plan/", order_actions.order_plan, name="order_plan"),
    path("<int:pk>/purchase/", order_actions.order_purchase, name="order_purchase"),
    path("<int:pk>/ship/", order_actions.order_ship, name="order_ship"),
    path("purchase-orders/", purchasing.po_list, name="po_list"),
    path("purchase-orders/<int:pk>/", purchasing.po_detail, name="po_detail"),
    path("purchase-orders/<int:pk>/send/", purchasing.po_send, name="po_send"),
    path("purchase-orders/<int:pk>/answer/", purchasing.po_answer, name="po_answer"),
    path("purchase-orders/<int:pk>/accept-date/", purchasing.po_accept, name="po_accept"),
    path("purchase-orders/<int:pk>/receive/", purchasing.po_receive, name="po_receive"),
    path("purchase-orders/<int:pk>/cancel/", purchasing.po_cancel, name="po_cancel"),
    path("work-orders/", purchasing.wo_list, name="wo_list"),
    path("work-orders/<int:pk>/", purchasing.wo_detail, name="wo_detail"),
    path("work-orders/<int:pk>/status/", purchasing.wo_status, name="wo_status"),
    path("shipments/", shipping.shipment_list, name="shipment_list"),
    path("shipments/<int:pk>/", shipping.shipment_detail, name="shipment_detail"),
    path("shipments/<int:pk>/events/", shipping.shipment_event, name="shipment_event"),
    path("shipments/<int:pk>/proof-of-delivery/", shipping.shipment_pod, name="shipment_pod"),
    path(
        "shipments/<int:pk>/proof-of-delivery/photo/",
        shipping.shipment_pod_photo,
        name="shipment_pod_photo",
    ),
    path("flow-templates/", templates.template_list, name="template_list"),
    path("flow-templates/new/", templates.template_create, name="template_create"),
    path("flow-templates/<int:pk>/", templates.template_detail, name="template_detail"),
    path(
        "flow-templates/<int:pk>/default/",
        templates.template_make_default,
        name="template_make_default",
    ),
    path("flow-templates/<int:pk>/steps/", templates.step_add, name="step_add"),
    path("flow-templates/<int:pk>/steps/<int:step_id>/", templates.step_update, name="step_update"),
    path("flow-templates/<int:pk>/steps/<int:step_id>/remove/", templates.step_remove, name="step_remove"),
]
