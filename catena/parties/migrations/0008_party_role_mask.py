"""``Party.role_mask``: the roles of a party as bits, kept by the database from its PartyRole rows.

A role filter then reads the party row (and, on PostgreSQL, the province index) instead of joining
PartyRole, whose exact count cost ~40 ms at 100k parties. Triggers keep the mask whoever writes the
roles (services, importer, demo seed, admin, a cascade): adding a role sets its bit, removing or
changing one recomputes the mask, and writing a stale mask into a party row is put right. See
docs/adr/0006-party-list-speed.md. The bits are frozen here, as in ``choices.ROLE_BITS``.
"""

from django.db import migrations, models

from catena.core.db import PostgreSQLOnly, SQLByVendor

BITS = {
    "customer": 1,
    "prospect": 2,
    "supplier": 4,
    "manufacturer": 8,
    "distributor": 16,
    "retailer": 32,
    "carrier": 64,
    "service_partner": 128,
}


def bit_of(column: str) -> str:
    cases = " ".join(f"WHEN '{role}' THEN {bit}" for role, bit in BITS.items())
    return f"(CASE {column} {cases} ELSE 0 END)"


def mask_of(party_id: str) -> str:
    """The mask of the roles stored for ``party_id`` (roles are unique per party: SUM is OR)."""
    return (
        f"COALESCE((SELECT SUM({bit_of('r.role')}) FROM parties_partyrole r "
        f"WHERE r.party_id = {party_id}), 0)"
    )


BACKFILL = (
    f"UPDATE parties_party SET role_mask = {mask_of('parties_party.id')} "
    "WHERE id IN (SELECT party_id FROM parties_partyrole)"
)

POSTGRESQL = [
    f"""CREATE FUNCTION parties_role_bit(role text) RETURNS integer
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT {bit_of("role")} $$""",
    # New roles: OR their bits in, touching only parties that lack one. A bulk writer that gave
    # new parties their mask itself (the importer) says so with catena.role_masks_set, and the
    # update, which would only look the parties up to change nothing, is skipped.
    """CREATE FUNCTION parties_role_mask_added() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF current_setting('catena.role_masks_set', true) = 'on' THEN
            RETURN NULL;
        END IF;
        UPDATE parties_party p SET role_mask = p.role_mask | n.bits
        FROM (SELECT party_id, bit_or(parties_role_bit(role)) AS bits
              FROM new_roles GROUP BY party_id) n
        WHERE p.id = n.party_id AND p.role_mask & n.bits <> n.bits;
        RETURN NULL;
    END $$""",
    # Removed or changed roles: lock the parties first, so that the recount (a new statement, a
    # new snapshot) sees the roles another transaction committed meanwhile.
    """CREATE FUNCTION parties_role_mask_recount(party_ids bigint[]) RETURNS void
    LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM 1 FROM parties_party WHERE id = ANY(party_ids) ORDER BY id FOR NO KEY UPDATE;
        UPDATE parties_party p SET role_mask = m.mask
        FROM (SELECT t.id, COALESCE((SELECT bit_or(parties_role_bit(r.role))
                                     FROM parties_partyrole r WHERE r.party_id = t.id), 0) AS mask
              FROM unnest(party_ids) AS t(id)) m
        WHERE p.id = m.id AND p.role_mask <> m.mask;
    END $$""",
    """CREATE FUNCTION parties_role_mask_removed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM parties_role_mask_recount(ARRAY(SELECT DISTINCT party_id FROM old_roles));
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION parties_role_mask_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM parties_role_mask_recount(ARRAY(
            SELECT party_id FROM old_roles UNION SELECT party_id FROM new_roles));
        RETURN NULL;
    END $$""",
    # A party row written with another mask than its roles give (a stale instance saved) gets
    # the right one; the functions above (one trigger level down) are trusted as they are.
    """CREATE FUNCTION parties_party_mask_kept() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF pg_trigger_depth() > 1 THEN
            RETURN NEW;
        END IF;
        NEW.role_mask := COALESCE((SELECT bit_or(parties_role_bit(r.role))
                                   FROM parties_partyrole r WHERE r.party_id = NEW.id), 0);
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER parties_role_mask_insert AFTER INSERT ON parties_partyrole
        REFERENCING NEW TABLE AS new_roles
        FOR EACH STATEMENT EXECUTE FUNCTION parties_role_mask_added()""",
    """CREATE TRIGGER parties_role_mask_delete AFTER DELETE ON parties_partyrole
        REFERENCING OLD TABLE AS old_roles
        FOR EACH STATEMENT EXECUTE FUNCTION parties_role_mask_removed()""",
    """CREATE TRIGGER parties_role_mask_update AFTER UPDATE ON parties_partyrole
        REFERENCING OLD TABLE AS old_roles NEW TABLE AS new_roles
        FOR EACH STATEMENT EXECUTE FUNCTION parties_role_mask_changed()""",
    """CREATE TRIGGER parties_party_mask_kept BEFORE UPDATE OF role_mask ON parties_party
        FOR EACH ROW WHEN (NEW.role_mask IS DISTINCT FROM OLD.role_mask)
        EXECUTE FUNCTION parties_party_mask_kept()""",
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS parties_party_mask_kept ON parties_party",
    "DROP TRIGGER IF EXISTS parties_role_mask_update ON parties_partyrole",
    "DROP TRIGGER IF EXISTS parties_role_mask_delete ON parties_partyrole",
    "DROP TRIGGER IF EXISTS parties_role_mask_insert ON parties_partyrole",
    "DROP FUNCTION IF EXISTS parties_party_mask_kept()",
    "DROP FUNCTION IF EXISTS parties_role_mask_changed()",
    "DROP FUNCTION IF EXISTS parties_role_mask_removed()",
    "DROP FUNCTION IF EXISTS parties_role_mask_recount(bigint[])",
    "DROP FUNCTION IF EXISTS parties_role_mask_added()",
    "DROP FUNCTION IF EXISTS parties_role_bit(text)",
]

# SQLite has row triggers only, cannot change NEW in a BEFORE trigger and does not fire a
# trigger from its own UPDATE (recursive_triggers is off), so a stale mask is corrected after.
SQLITE = [
    f"""CREATE TRIGGER parties_role_mask_insert AFTER INSERT ON parties_partyrole BEGIN
        UPDATE parties_party SET role_mask = role_mask | {bit_of("NEW.role")}
        WHERE id = NEW.party_id AND role_mask & {bit_of("NEW.role")} = 0;
    END""",
    f"""CREATE TRIGGER parties_role_mask_delete AFTER DELETE ON parties_partyrole BEGIN
        UPDATE parties_party SET role_mask = {mask_of("OLD.party_id")} WHERE id = OLD.party_id;
    END""",
    f"""CREATE TRIGGER parties_role_mask_update AFTER UPDATE OF party_id, role ON parties_partyrole
    BEGIN
        UPDATE parties_party SET role_mask = {mask_of("parties_party.id")}
        WHERE id IN (OLD.party_id, NEW.party_id);
    END""",
    f"""CREATE TRIGGER parties_party_mask_kept AFTER UPDATE OF role_mask ON parties_party
    WHEN NEW.role_mask IS NOT OLD.role_mask BEGIN
        UPDATE parties_party SET role_mask = {mask_of("NEW.id")}
        WHERE id = NEW.id AND role_mask <> {mask_of("NEW.id")};
    END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS parties_party_mask_kept",
    "DROP TRIGGER IF EXISTS parties_role_mask_update",
    "DROP TRIGGER IF EXISTS parties_role_mask_delete",
    "DROP TRIGGER IF EXISTS parties_role_mask_insert",
]


# Statistics of each bit, so that the planner estimates a role filter (``role_mask & bit > 0``)
# from the data rather than guessing that every party matches.
STATISTICS = [f"CREATE STATISTICS IF NOT EXISTS party_role_{role} ON ((role_mask & {bit})) FROM parties_party"
              for role, bit in BITS.items()]  # fmt: skip
STATISTICS_REVERSE = [f"DROP STATISTICS IF EXISTS party_role_{role}" for role in BITS]


class Migration(migrations.Migration):
    dependencies = [("parties", "0007_party_province_name_index")]

    operations = [
        migrations.RemoveIndex(model_name="party", name="party_province_name"),
        migrations.AddField(
            model_name="party",
            name="role_mask",
            field=models.IntegerField(default=0, verbose_name="roles"),
        ),
        # Tracked only because catena.core.history lists every model field; readers skip it.
        migrations.AddField(
            model_name="historicalparty",
            name="role_mask",
            field=models.IntegerField(default=0, verbose_name="roles"),
        ),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop, elidable=True),
        SQLByVendor(
            {"postgresql": POSTGRESQL, "sqlite": SQLITE},
            {"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE},
        ),
        PostgreSQLOnly(sql=[*STATISTICS, "ANALYZE parties_party"], reverse_sql=STATISTICS_REVERSE),
        migrations.AddIndex(
            model_name="party",
            index=models.Index(
                fields=["province", "name", "id"], include=("role_mask",), name="party_province_name"
            ),
        ),
    ]
