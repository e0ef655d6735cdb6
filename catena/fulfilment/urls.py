"""Staff pages of the order flow, mounted under /orders/."""

from django.urls import path

from catena.fulfilment import (
    views_order_360,
    views_orders,
    views_purchasing,
    views_shipping,
    views_templates,
)

app_name = "fulfilment"
urlpatterns = [
    path("", views_orders.order_list, name="order_list"),
    path("export/", views_orders.order_export, name="order_export"),
    path("new/", views_orders.order_create, name="order_create"),
    path("new/line/", views_orders.order_line_row, name="order_line_row"),
    path("new/ship-to/", views_orders.order_ship_to, name="order_ship_to"),
    path("customers/search/", views_orders.customer_search, name="customer_search"),
    path("products/search/", views_orders.product_search, name="product_search"),
    path("<int:pk>/", views_order_360.order_detail, name="order_detail"),
    path("<int:pk>/move/", views_order_360.order_move, name="order_move"),
    path("<int:pk>/status/", views_order_360.order_status, name="order_status"),
    path("<int:pk>/assign/", views_order_360.order_assign, name="order_assign"),
    path("<int:pk>/note/", views_order_360.order_note, name="order_note"),
    path("<int:pk>/invoices/", views_order_360.order_invoice, name="order_invoice"),
    path("<int:pk>/plan/", views_order_360.order_plan, name="order_plan"),
    path("<int:pk>/purchase/", views_order_360.order_purchase, name="order_purchase"),
    path("<int:pk>/ship/", views_order_360.order_ship, name="order_ship"),
    path("purchase-orders/", views_purchasing.po_list, name="po_list"),
    path("purchase-orders/<int:pk>/", views_purchasing.po_detail, name="po_detail"),
    path("purchase-orders/<int:pk>/send/", views_purchasing.po_send, name="po_send"),
    path("purchase-orders/<int:pk>/answer/", views_purchasing.po_answer, name="po_answer"),
    path("purchase-orders/<int:pk>/accept-date/", views_purchasing.po_accept, name="po_accept"),
    path("purchase-orders/<int:pk>/receive/", views_purchasing.po_receive, name="po_receive"),
    path("purchase-orders/<int:pk>/cancel/", views_purchasing.po_cancel, name="po_cancel"),
    path("work-orders/", views_purchasing.wo_list, name="wo_list"),
    path("work-orders/<int:pk>/", views_purchasing.wo_detail, name="wo_detail"),
    path("work-orders/<int:pk>/status/", views_purchasing.wo_status, name="wo_status"),
    path("shipments/", views_shipping.shipment_list, name="shipment_list"),
    path("shipments/<int:pk>/", views_shipping.shipment_detail, name="shipment_detail"),
    path("shipments/<int:pk>/events/", views_shipping.shipment_event, name="shipment_event"),
    path("shipments/<int:pk>/proof-of-delivery/", views_shipping.shipment_pod, name="shipment_pod"),
    path(
        "shipments/<int:pk>/proof-of-delivery/photo/",
        views_shipping.shipment_pod_photo,
        name="shipment_pod_photo",
    ),
    path("flow-templates/", views_templates.template_list, name="template_list"),
    path("flow-templates/new/", views_templates.template_create, name="template_create"),
    path("flow-templates/<int:pk>/", views_templates.template_detail, name="template_detail"),
    path(
        "flow-templates/<int:pk>/default/",
        views_templates.template_make_default,
        name="template_make_default",
    ),
    path("flow-templates/<int:pk>/steps/", views_templates.step_add, name="step_add"),
    path("flow-templates/<int:pk>/steps/<int:step_id>/", views_templates.step_update, name="step_update"),
    path(
        "flow-templates/<int:pk>/steps/<int:step_id>/remove/", views_templates.step_remove, name="step_remove"
    ),
]
