"""The two standard flows: make-to-stock and make-to-order. Administrators may edit them."""

from django.db import migrations

# (code, name, customer label, department, standard hours, optional, trigger)
MAKE_TO_STOCK = [
    ("received", "Received", "We have received your order.", "sales", 4, False, "manual"),
    ("confirmed", "Confirmed", "Your order is confirmed.", "sales", 8, False, "manual"),
    ("allocated", "Allocated", "Goods are reserved for your order.", "logistics", 8, False, "manual"),
    ("picked", "Picked", "Your goods are being packed.", "logistics", 16, False, "manual"),
    ("shipped", "Shipped", "Your order is on its way.", "logistics", 24, False, "shipped"),
    ("delivered", "Delivered", "Your order has been delivered.", "logistics", 72, False, "delivered"),
    ("invoiced", "Invoiced", "Your invoice has been issued.", "sales", 48, False, "manual"),
    ("closed", "Closed", "Your order is complete.", "sales", 24, False, "manual"),
]
MAKE_TO_ORDER = [
    ("received", "Received", "We have received your order.", "sales", 4, False, "manual"),
    ("confirmed", "Confirmed", "Your order is confirmed.", "sales", 8, False, "manual"),
    ("production_planned", "Production planned", "Production of your order is scheduled.", "production", 24, False, "work_orders_planned"),
    ("materials_purchased", "Materials purchased", "Materials for your order are being sourced.", "purchasing", 120, True, "materials_received"),
    ("produced", "Produced", "Your order is being made.", "production", 120, False, "work_orders_done"),
    ("shipped", "Shipped", "Your order is on its way.", "logistics", 24, False, "shipped"),
    ("delivered", "Delivered", "Your order has been delivered.", "logistics", 72, False, "delivered"),
    ("invoiced", "Invoiced", "Your invoice has been issued.", "sales", 48, False, "manual"),
    ("closed", "Closed", "Your order is complete.", "sales", 24, False, "manual"),
]
TEMPLATES = [
    ("make-to-stock", "Make to stock", "make_to_stock", MAKE_TO_STOCK),
    ("make-to-order", "Make to order", "make_to_order", MAKE_TO_ORDER),
]


def create(apps, schema_editor):
    Department = apps.get_model("accounts", "Department")
    FlowTemplate = apps.get_model("fulfilment", "FlowTemplate")
    FlowStep = apps.get_model("fulfilment", "FlowStep")
    departments = {d.code: d for d in Department.objects.all()}
    for code, name, order_type, steps in TEMPLATES:
        template, created = FlowTemplate.objects.get_or_create(
            code=code, defaults={"name": name, "order_type": order_type, "is_default": True}
        )
        if not created:
            continue
        for sequence, (step_code, step_name, label, dept, hours, optional, trigger) in enumerate(steps, 1):
            department = departments.get(dept) or Department.objects.get_or_create(code=dept)[0]
            FlowStep.objects.create(
                template=template,
                sequence=sequence * 10,
                code=step_code,
                name=step_name,
                customer_label=label,
                department=department,
                standard_hours=hours,
                optional=optional,
                trigger=trigger,
            )


def remove(apps, schema_editor):
    apps.get_model("fulfilment", "FlowTemplate").objects.filter(code__in=[t[0] for t in TEMPLATES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_departments"),
        ("fulfilment", "0002_initial"),
    ]

    operations = [migrations.RunPython(create, remove)]
