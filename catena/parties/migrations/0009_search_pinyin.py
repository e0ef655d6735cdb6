"""Add the pinyin initials and full pinyin of each party's Chinese names to its search text
(see parties.search), so that ``hwjs`` finds 华为技术.

The new text derives from the old one alone (``search.text_of``), so no contacts or contact
points are read. Parties are read and written in batches by id, each batch in its own
transaction: at a million parties the migration neither holds every row in memory nor keeps
one long transaction open, and a run that stops part-way resumes where it stopped (a batch
already rebuilt is left as it is).
"""

from django.db import migrations, transaction

from catena.parties.search import document_of, text_of

BATCH = 5000


def rebuild(apps, schema_editor):
    Party = apps.get_model("parties", "Party")
    connection = schema_editor.connection
    table = connection.ops.quote_name(Party._meta.db_table)
    last = 0
    while True:
        with transaction.atomic(using=connection.alias):
            rows = list(
                Party.objects.using(connection.alias)
                .filter(pk__gt=last)
                .order_by("pk")
                .values_list("pk", "search_text")[:BATCH]
            )
            if not rows:
                return
            changed = []
            for pk, old in rows:
                new = document_of(text_of(old))
                if new != old:
                    changed.append((pk, new))
            if changed:
                with connection.cursor() as cursor:
                    if connection.vendor == "postgresql":
                        cursor.execute(
                            f"UPDATE {table} AS p SET search_text = v.text "
                            "FROM unnest(%s::bigint[], %s::text[]) AS v(id, text) WHERE p.id = v.id",
                            [[pk for pk, _ in changed], [text for _, text in changed]],
                        )
                    else:
                        cursor.executemany(
                            f"UPDATE {table} SET search_text = %s WHERE id = %s",
                            [(text, pk) for pk, text in changed],
                        )
            last = rows[-1][0]


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("parties", "0008_party_role_mask")]
    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop, elidable=True)]
