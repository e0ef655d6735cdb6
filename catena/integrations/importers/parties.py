"""Importing parties with their roles, tags, primary contact, contact points and primary address.

A row whose external id or credit code names an existing party updates that party: filled cells
overwrite, empty cells leave the stored value alone, roles and tags are added (never removed),
and a new contact, contact point or address is added only if the party does not have it yet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from catena.accounts.models import User
from catena.core import access
from catena.core.db import TextValues
from catena.integrations.columns import coded_list, coded_value, codes_of, split_list
from catena.integrations.importers.base import CREATE, UPDATE, Importer, RowPlan, check_lengths
from catena.integrations.importers.new_parties import NewParties
from catena.parties.choices import PartyKind, PartyRoleType, PartyStatus, PartyTier
from catena.parties.models import Address, Contact, ContactPoint, Party, PartyRole, Tag
from catena.parties.search import search_document
from catena.parties.services import (
    Errors,
    announce_imported,
    clean_address,
    clean_point,
    clean_roles,
    clean_tag_names,
)
from catena.parties.validation import clean_uscc

POINT_KINDS = ("phone", "mobile", "email", "fax", "wecom", "website")
MULTI_VALUE_POINTS = frozenset({"phone", "mobile", "email", "fax"})
# With a contact person on the row, these reach the person; fax and website belong to the party.
PERSONAL_POINTS = frozenset({"phone", "mobile", "email", "wecom"})
ADDRESS_KEYS = ("province", "city", "district", "street", "postcode")
TEXT_FIELDS = ("short_name", "industry", "notes")
CHOICE_FIELDS = (("kind", PartyKind), ("status", PartyStatus), ("tier", PartyTier))
PARTY_LENGTHS = {
    "name": "name",
    "short_name": "short_name",
    "industry": "industry",
    "external_id": "external_id",
}
CONTACT_LENGTHS = {"name": "contact_name", "title": "contact_title"}
ADDRESS_LENGTHS = {"city": "city", "district": "district", "street": "street"}
BATCH = 1000


@dataclass
class PartyRow:
    fields: dict[str, Any] = field(default_factory=dict)
    roles: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    contact: dict[str, str] | None = None
    points: list[dict[str, Any]] = field(default_factory=list)
    address_input: dict[str, str] = field(default_factory=dict)
    address: dict[str, Any] | None = None
    owner_name: str = ""
    # What the party it updates already has (None for a new party): kept with the row, because
    # the next chunk may be checked while this one is written (base.run).
    existing: Existing | None = None


@dataclass
class Existing:
    """What an updated party already has, loaded once per chunk."""

    contacts: list[Contact] = field(default_factory=list)
    points: list[ContactPoint] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)


@dataclass
class Prepared:
    """What ``PartyImporter.prepare`` readies for the write of a chunk."""

    tag_ids: dict[str, int]
    new_parties: NewParties | None


@dataclass
class Changes:
    """What one write of updated parties queues, kept apart from other writes."""

    now: datetime
    tag_ids: dict[str, int]
    new_contacts: list[Contact] = field(default_factory=list)
    changed_contacts: list[Contact] = field(default_factory=list)
    new_points: list[ContactPoint] = field(default_factory=list)
    new_addresses: list[Address] = field(default_factory=list)
    changed_addresses: list[Address] = field(default_factory=list)
    roles: list[PartyRole] = field(default_factory=list)
    tag_links: list[tuple[Party, int]] = field(default_factory=list)


def search_text(party: Party, contacts: Sequence[Contact], points: Sequence[ContactPoint]) -> str:
    """The same text as ``parties.services.build_search_text``, built without queries."""
    ordered_contacts = sorted(contacts, key=lambda c: (not c.is_primary, c.name, c.pk or 1 << 62))
    ordered_points = sorted(points, key=lambda p: (p.kind, not p.is_primary, p.pk or 1 << 62))
    parts = [party.name, party.short_name, party.uscc or "", party.external_id or ""]
    parts += [c.name for c in ordered_contacts]
    parts += [p.value for p in ordered_points]
    return search_document(parts)


def primary_address(addresses: Sequence[Address]) -> Address | None:
    """The address ``refresh_primary_location`` would pick: primary first, then the oldest."""
    if not addresses:
        return None
    return sorted(addresses, key=lambda a: (not a.is_primary, a.pk or 1 << 62))[0]


def primary_location(addresses: Sequence[Address]) -> tuple[str, str]:
    first = primary_address(addresses)
    return (first.province, first.city) if first else ("", "")


class PartyImporter(Importer):
    model = Party
    # write() reads only what plan() put in the plans (and its own state): base.run may check the
    # next chunk on this thread while another thread writes this one.
    writes_in_background = True

    def __init__(self, actor: Any, *, job: models.Model) -> None:
        super().__init__(actor)
        self.job = job  # the subject of the event that announces each written chunk
        self.seen_uscc: dict[str, int] = {}
        self.seen_external_id: dict[str, int] = {}
        self.owners: dict[str, User | None] = {}
        self.existing: dict[int, Existing] = {}
        self.targeted: dict[int, int] = {}

    # --- validation ---------------------------------------------------------------------------

    def _clean(self, plan: RowPlan) -> PartyRow:
        v, errors = plan.values, plan.errors
        row = PartyRow()
        fields = row.fields
        fields["name"] = v.get("name", "")
        if not fields["name"]:
            errors.add("name", _("This field is required."), code="required")
        for key in TEXT_FIELDS:
            if v.get(key):
                fields[key] = v[key]
        for key, choices in CHOICE_FIELDS:
            if v.get(key):
                code = coded_value(key, v[key], choices)
                if code not in codes_of(choices):
                    errors.add(
                        key,
                        _("“%(value)s” is not one of the allowed values.") % {"value": v[key]},
                        code="invalid_choice",
                    )
                fields[key] = code
        if v.get("uscc"):
            try:
                fields["uscc"] = clean_uscc(v["uscc"])
            except ValidationError as exc:
                errors.capture("uscc", exc)
        if v.get("external_id"):
            fields["external_id"] = v["external_id"]
        check_lengths(Party, fields, errors, PARTY_LENGTHS)
        row.owner_name = v.get("owner", "")
        if v.get("roles"):
            row.roles = clean_roles(coded_list("roles", v["roles"], PartyRoleType), errors)
        if v.get("tags"):
            row.tags = clean_tag_names(split_list(v["tags"]), errors)
        if v.get("contact_name"):
            row.contact = {"name": v["contact_name"], "title": v.get("contact_title", "")}
            check_lengths(Contact, row.contact, errors, CONTACT_LENGTHS)
        elif v.get("contact_title"):
            errors.add("contact_name", _("This field is required."), code="required")
        for kind in POINT_KINDS:
            if not v.get(kind):
                continue
            values = split_list(v[kind]) if kind in MULTI_VALUE_POINTS else [v[kind]]
            for index, value in enumerate(values):
                sub = Errors()
                point = clean_point({"kind": kind, "value": value, "is_primary": index == 0}, sub)
                for messages in sub.by_field.values():
                    for message in messages:
                        errors.add(kind, message)
                if not sub.by_field:
                    point["on_contact"] = row.contact is not None and kind in PERSONAL_POINTS
                    row.points.append(point)
        row.address_input = {k: v[k] for k in ADDRESS_KEYS if v.get(k)}
        return row

    def _check_duplicates_in_file(self, plan: RowPlan, row: PartyRow) -> None:
        for key, seen in (("uscc", self.seen_uscc), ("external_id", self.seen_external_id)):
            value = row.fields.get(key)
            if not value:
                continue
            first = seen.setdefault(value, plan.row)
            if first != plan.row:
                message = (
                    _("The same credit code is already on row %(row)s.")
                    if key == "uscc"
                    else _("The same external id is already on row %(row)s.")
                )
                plan.errors.add(key, message % {"row": first})

    def _load_owners(self, rows: Sequence[PartyRow]) -> None:
        wanted = {r.owner_name for r in rows if r.owner_name and r.owner_name not in self.owners}
        if not wanted:
            return
        found = {u.username: u for u in User.objects.filter(username__in=wanted, is_active=True)}
        for name in wanted:
            self.owners[name] = found.get(name)

    def _load_existing(self, rows: Sequence[PartyRow]) -> tuple[dict[str, Party], dict[str, Party]]:
        usccs = {r.fields["uscc"] for r in rows if r.fields.get("uscc")}
        externals = {r.fields["external_id"] for r in rows if r.fields.get("external_id")}
        self.existing = {}
        if not usccs and not externals:
            return {}, {}
        # Two IN lookups, each on its unique index (rather than one OR the planner scans), with the
        # values sent as one JSON parameter.
        found_by_id: dict[int, Party] = {}
        for lookup, values in (("uscc__in", usccs), ("external_id__in", externals)):
            if values:
                for party in Party.objects.filter(**{lookup: TextValues(values)}).order_by():
                    found_by_id.setdefault(party.pk, party)
        found = list(found_by_id.values())
        by_uscc = {p.uscc: p for p in found if p.uscc}
        by_external = {p.external_id: p for p in found if p.external_id}
        ids = [p.pk for p in found]
        self.existing = {pk: Existing() for pk in ids}
        for contact in Contact.objects.filter(party_id__in=ids).order_by():
            self.existing[contact.party_id].contacts.append(contact)
        for point in ContactPoint.objects.filter(party_id__in=ids).order_by():
            self.existing[point.party_id].points.append(point)
        for address in Address.objects.filter(party_id__in=ids).order_by():
            self.existing[address.party_id].addresses.append(address)
        return by_uscc, by_external

    def plan(self, rows: Sequence[tuple[int, dict[str, str]]]) -> list[RowPlan]:
        plans = [RowPlan(row=number, values=values) for number, values in rows]
        cleaned = [self._clean(plan) for plan in plans]
        for plan, row in zip(plans, cleaned, strict=True):
            self._check_duplicates_in_file(plan, row)
        self._load_owners(cleaned)
        by_uscc, by_external = self._load_existing(cleaned)
        for plan, row in zip(plans, cleaned, strict=True):
            plan.data = row
            self._resolve(plan, row, by_uscc, by_external)
        return plans

    def _resolve(
        self, plan: RowPlan, row: PartyRow, by_uscc: dict[str, Party], by_external: dict[str, Party]
    ) -> None:
        errors = plan.errors
        uscc, external_id = row.fields.get("uscc"), row.fields.get("external_id")
        match_uscc = by_uscc.get(uscc) if uscc else None
        match_external = by_external.get(external_id) if external_id else None
        if match_uscc and match_external and match_uscc.pk != match_external.pk:
            errors.add("uscc", _("Another party already has this credit code."), code="party.uscc_taken")
        target = match_external or match_uscc
        owner = None
        if row.owner_name:
            owner = self.owners.get(row.owner_name)
            if owner is None:
                errors.add("owner", _("No such active user."), code="party.unknown_owner")
            row.fields["owner"] = owner
        if target is not None and self.actor is not None:
            if not access.can(self.actor, access.CHANGE, target):
                key = "external_id" if match_external else "uscc"
                errors.add(
                    key,
                    _("This row would update “%(name)s”, which you may not change.") % {"name": target.name},
                )
            elif owner is not None and owner.pk != target.owner_id:
                probe = Party(pk=target.pk, owner=owner)
                if not access.can(self.actor, access.CHANGE, probe) and not access.can(
                    self.actor, access.DELETE, target
                ):
                    errors.add(
                        "owner",
                        _("You may not give this party to another account manager."),
                        code="party.owner_not_allowed",
                    )
        if row.address_input:
            current = primary_address(self.existing[target.pk].addresses) if target is not None else None
            merged = {k: getattr(current, k) for k in ADDRESS_KEYS} if current else {}
            merged.update(row.address_input)
            sub = Errors()
            row.address = clean_address(merged, sub)
            check_lengths(Address, row.address, sub, ADDRESS_LENGTHS)
            for key, messages in sub.by_field.items():
                for message in messages:
                    errors.add(key, message)
        if target is not None:
            first = self.targeted.setdefault(target.pk, plan.row)
            if first != plan.row:
                key = "external_id" if match_external else "uscc"
                errors.add(key, _("Row %(row)s already updates this party.") % {"row": first})
        plan.target = target
        plan.action = UPDATE if target is not None else CREATE
        row.existing = self.existing[target.pk] if target is not None else None

    # --- writing ------------------------------------------------------------------------------

    def prepare(self, plans: Sequence[RowPlan]) -> Prepared:
        """Before the chunk is written: the tags it needs exist (created on this connection, so
        that chunks written at the same time never race to create the same tag), and the rows of
        its new parties are built with their ids."""
        creates = [p for p in plans if p.action == CREATE]
        new_parties = NewParties.build(creates, actor=self.actor, now=timezone.now()) if creates else None
        return Prepared(self._ensure_tags({n for p in plans for n in p.data.tags}), new_parties)

    def write(self, plans: Sequence[RowPlan]) -> None:
        self.write_prepared(plans, self.prepare(plans))

    def write_prepared(self, plans: Sequence[RowPlan], prepared: Prepared) -> None:
        # Everything this write changes lives in `changes`: two chunks may be written at once.
        changes = Changes(now=timezone.now(), tag_ids=prepared.tag_ids)
        if prepared.new_parties is not None:
            prepared.new_parties.insert(prepared.tag_ids)
        updates = [p for p in plans if p.action == UPDATE]
        if updates:
            self._write_updates(changes, updates)
        self._write_children(changes)
        new = prepared.new_parties
        announce_imported(
            self.job,
            actor=self.actor,
            created=new.party_ids if new is not None else [],
            updated=[plan.target.pk for plan in updates],
            contacts=[*(new.contact_ids if new is not None else []), *(c.pk for c in changes.new_contacts)],
        )

    def _ensure_tags(self, names: set[str]) -> dict[str, int]:
        if not names:
            return {}
        ids = dict(Tag.objects.filter(name__in=names).values_list("name", "pk"))
        missing = names - set(ids)
        if missing:
            Tag.objects.bulk_create([Tag(name=n) for n in sorted(missing)], ignore_conflicts=True)
            ids = dict(Tag.objects.filter(name__in=names).values_list("name", "pk"))
        return ids

    def _add_children(
        self, changes: Changes, party: Party, row: PartyRow, existing: Existing
    ) -> tuple[list[Contact], list[ContactPoint]]:
        """Queue the roles, tags, contact, points and address ``row`` gives ``party``; return all
        contacts and points the party will have (for its search text)."""
        contacts, points = list(existing.contacts), list(existing.points)
        contact = None
        if row.contact is not None:
            contact = next((c for c in contacts if c.name == row.contact["name"]), None)
            if contact is None:
                contact = Contact(
                    party=party,
                    name=row.contact["name"],
                    title=row.contact["title"],
                    is_primary=not any(c.is_primary for c in contacts),
                )
                changes.new_contacts.append(contact)
                contacts.append(contact)
            elif row.contact["title"] and row.contact["title"] != contact.title:
                contact.title = row.contact["title"]
                contact.updated_at = changes.now
                changes.changed_contacts.append(contact)
        have = {(p.kind, p.value) for p in points}
        kinds = {p.kind for p in points}
        for data in row.points:
            if (data["kind"], data["value"]) in have:
                continue
            point = ContactPoint(
                party=party,
                contact=contact if data["on_contact"] else None,
                kind=data["kind"],
                value=data["value"],
                label=data["label"],
                is_primary=data["kind"] not in kinds,
            )
            have.add((point.kind, point.value))
            kinds.add(point.kind)
            changes.new_points.append(point)
            points.append(point)
        if row.address is not None:
            current = primary_address(existing.addresses)
            if current is None:
                address = Address(party=party, is_primary=True, **row.address)
                changes.new_addresses.append(address)
                existing.addresses.append(address)
            elif any(getattr(current, k) != v for k, v in row.address.items()):
                for key, value in row.address.items():
                    setattr(current, key, value)
                changes.changed_addresses.append(current)
        changes.roles += [PartyRole(party=party, role=r) for r in row.roles]
        changes.tag_links += [(party, changes.tag_ids[n]) for n in row.tags]
        return contacts, points

    def _write_updates(self, changes: Changes, plans: Sequence[RowPlan]) -> None:
        changed: list[Party] = []
        fields: set[str] = set()
        for plan in plans:
            row: PartyRow = plan.data
            party: Party = plan.target
            party_fields = {k: v for k, v in row.fields.items() if getattr(party, k) != v}
            for key, value in party_fields.items():
                setattr(party, key, value)
            existing = row.existing
            assert existing is not None  # set by _resolve for every update
            contacts, points = self._add_children(changes, party, row, existing)
            text = search_text(party, contacts, points)
            province, city = primary_location(existing.addresses)
            location_changed = (party.province, party.city) != (province, city)
            if party_fields or text != party.search_text or location_changed:
                party.search_text, party.province, party.city = text, province, city
                party.updated_at = changes.now
                fields.update(party_fields)
                if location_changed:
                    fields.update(("province", "city"))
                changed.append(party)
        if changed:
            bulk_update_with_history(
                changed,
                Party,
                sorted(fields | {"search_text", "updated_at"}),
                batch_size=BATCH,
                default_user=self.actor,
            )

    def _write_children(self, changes: Changes) -> None:
        user = self.actor
        if changes.roles:
            PartyRole.objects.bulk_create(changes.roles, batch_size=BATCH, ignore_conflicts=True)
        if changes.tag_links:
            through = Party.tags.through
            links = [through(party_id=party.pk, tag_id=tag_id) for party, tag_id in changes.tag_links]
            through.objects.bulk_create(links, batch_size=BATCH, ignore_conflicts=True)
        if changes.new_contacts:
            bulk_create_with_history(changes.new_contacts, Contact, batch_size=BATCH, default_user=user)
        if changes.changed_contacts:
            bulk_update_with_history(
                changes.changed_contacts,
                Contact,
                ["title", "updated_at"],
                batch_size=BATCH,
                default_user=user,
            )
        if changes.new_points:
            bulk_create_with_history(changes.new_points, ContactPoint, batch_size=BATCH, default_user=user)
        if changes.new_addresses:
            bulk_create_with_history(changes.new_addresses, Address, batch_size=BATCH, default_user=user)
        if changes.changed_addresses:
            bulk_update_with_history(
                changes.changed_addresses, Address, list(ADDRESS_KEYS), batch_size=BATCH, default_user=user
            )
