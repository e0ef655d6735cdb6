"""Rebuild every party's search text so it carries Chinese character pairs (see parties.search)."""

from django.db import migrations

from catena.parties.search import search_document

CHUNK = 2000


def rebuild(apps, schema_editor):
    Party = apps.get_model("parties", "Party")
    Contact = apps.get_model("parties", "Contact")
    ContactPoint = apps.get_model("parties", "ContactPoint")
    last = 0
    while True:
        parties = list(
            Party.objects.filter(pk__gt=last)
            .order_by("pk")
            .only("pk", "name", "short_name", "uscc", "external_id", "search_text")[:CHUNK]
        )
        if not parties:
            return
        ids = [p.pk for p in parties]
        contacts: dict[int, list[str]] = {}
        for party_id, name in (
            Contact.objects.filter(party_id__in=ids)
            .order_by("-is_primary", "name", "id")
            .values_list("party_id", "name")
        ):
            contacts.setdefault(party_id, []).append(name)
        points: dict[int, list[str]] = {}
        for party_id, value in (
            ContactPoint.objects.filter(party_id__in=ids)
            .order_by("kind", "-is_primary", "id")
            .values_list("party_id", "value")
        ):
            points.setdefault(party_id, []).append(value)
        changed = []
        for party in parties:
            parts = [party.name, party.short_name, party.uscc or "", party.external_id or ""]
            text = search_document(parts + contacts.get(party.pk, []) + points.get(party.pk, []))
            if text != party.search_text:
                party.search_text = text
                changed.append(party)
        Party.objects.bulk_update(changed, ["search_text"], batch_size=500)
        last = ids[-1]


class Migration(migrations.Migration):
    dependencies = [("parties", "0004_drop_name_trigram")]
    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop, elidable=True)]
