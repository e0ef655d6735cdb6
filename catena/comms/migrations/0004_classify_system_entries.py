"""Tell apart, among the rows written before entries had a kind, the system entries from the
exchanges. The services wrote their entries as notes; they are recognisable by what people
cannot write:

- an entry written from a domain event (``external_id`` "event-…", the order's stage moves);
- an entry without an author about a related record (orders, purchase orders, shipments: people
  always sign what they log, and the services of fulfilment never did);
- a note about a lead, a deal or a quote (the pipeline's notes, signed by whoever moved it);
- the portal's "access granted / revoked" entries, by their subject in either language.

Each rule is one UPDATE, so a million rows take seconds, not a Python loop."""

from typing import Any

from django.db import migrations
from django.db.models import Q

PIPELINE_MODELS = ("lead", "opportunity", "quote")
PORTAL_SUBJECTS = (
    Q(subject__startswith="Portal access: ")
    | Q(subject__startswith="Portal access of ")
    | Q(subject__startswith="门户访问：已邀请")
    | Q(subject__startswith="已吊销 ", subject__endswith="的门户访问权限")
)


def classify_system_entries(apps: Any, schema_editor: Any) -> None:
    Interaction = apps.get_model("comms", "Interaction")
    ContentType = apps.get_model("contenttypes", "ContentType")
    pipeline = list(
        ContentType.objects.filter(app_label="sales", model__in=PIPELINE_MODELS).values_list("pk", flat=True)
    )
    system = (
        Q(external_id__startswith="event-")
        | Q(author__isnull=True, related_type__isnull=False)
        | Q(channel="note", related_type__in=pipeline)
        | (Q(channel="portal", related_type__isnull=True) & PORTAL_SUBJECTS)
    )
    Interaction.objects.filter(system, kind="exchange").update(kind="system")


def unclassify(apps: Any, schema_editor: Any) -> None:
    """Nothing to undo: going back drops the column."""


class Migration(migrations.Migration):
    dependencies = [
        ("comms", "0003_interaction_kind"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(classify_system_entries, unclassify)]
