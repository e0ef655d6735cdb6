"""Importing parties with their roles, tags, primary contact, contact points and primary address.

A row whose Catena id (written by exports), external id or credit code names an existing party
updates that party: filled cells
overwrite, empty cells leave the stored value alone, roles and tags are added (never removed),
and a new contact, contact point or address is added only if the party does not have it yet.

This module reads and checks the rows (with the cleaners of ``parties.services.cleaning``); the parties
app writes them (``parties.bulk.prepare_import`` and ``write_import``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from catena.accounts.models import User
from catena.core import access
from catena.core.db import TextValues
from catena.core.validation import Errors
from catena.integrations.columns.values import coded_list, coded_value, codes_of, split_list
from catena.integrations.importers.base import CREATE, UPDATE, Importer, RowPlan
from catena.integrations.importers.checks import check_lengths, check_text
from catena.integrations.record_ids import party_pk_from_export_id
from catena.parties.bulk import (
    ADDRESS_KEYS,
    Existing,
    PartyRow,
    Prepared,
    prepare_import,
    primary_address,
    write_import,
)
from catena.parties.choices import PartyKind, PartyRoleType, PartyStatus, PartyTier
from catena.parties.models import Address, Contact, ContactPoint, Party
from catena.parties.services.cleaning import clean_address, clean_point, clean_roles, clean_tag_names
from catena.parties.validation import clean_uscc

POINT_KINDS = ("phone", "mobile", "email", "fax", "wecom", "website")
MULTI_VALUE_POINTS = frozenset({"phone", "mobile", "email", "fax"})
# With a contact person on the row, these reach the person; fax and website belong to the party.
PERSONAL_POINTS = frozenset({"phone", "mobile", "email", "wecom"})
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
        self.seen_catena_id: dict[int, int] = {}
        self.exported_pk: dict[int, int] = {}  # row number → the party its Catena id names
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
        exported = party_pk_from_export_id(v.get("catena_id", ""))
        if exported is not None:
            self.exported_pk[plan.row] = exported
        check_lengths(Party, fields, errors, PARTY_LENGTHS)
        check_text(errors, fields, names=("name", "short_name"), long=("notes",))
        row.owner_name = v.get("owner", "")
        if v.get("roles"):
            row.roles = clean_roles(coded_list("roles", v["roles"], PartyRoleType), errors)
        if v.get("tags"):
            row.tags = clean_tag_names(split_list(v["tags"]), errors)
        if v.get("contact_name"):
            row.contact = {"name": v["contact_name"], "title": v.get("contact_title", "")}
            check_lengths(Contact, row.contact, errors, CONTACT_LENGTHS)
            check_text(errors, {"contact_name": v["contact_name"]}, names=("contact_name",))
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
        exported = self.exported_pk.get(plan.row)
        if exported is not None:
            first_row = self.seen_catena_id.setdefault(exported, plan.row)
            if first_row != plan.row:
                plan.errors.add(
                    "catena_id", _("The same Catena id is already on row %(row)s.") % {"row": first_row}
                )
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

    def _load_existing(
        self, rows: Sequence[PartyRow], exported: set[int]
    ) -> tuple[dict[str, Party], dict[str, Party], dict[int, Party]]:
        usccs = {r.fields["uscc"] for r in rows if r.fields.get("uscc")}
        externals = {r.fields["external_id"] for r in rows if r.fields.get("external_id")}
        self.existing = {}
        if not usccs and not externals and not exported:
            return {}, {}, {}
        # IN lookups, each on its unique index (rather than one OR the planner scans), with the
        # values sent as one JSON parameter.
        found_by_id: dict[int, Party] = {}
        for lookup, values in (("uscc__in", usccs), ("external_id__in", externals)):
            if values:
                for party in Party.objects.filter(**{lookup: TextValues(values)}).order_by():
                    found_by_id.setdefault(party.pk, party)
        if exported:
            for party in Party.objects.filter(pk__in=sorted(exported)).order_by():
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
        return by_uscc, by_external, {pk: found_by_id[pk] for pk in exported if pk in found_by_id}

    def plan(self, rows: Sequence[tuple[int, dict[str, str]]]) -> list[RowPlan]:
        plans = [RowPlan(row=number, values=values) for number, values in rows]
        cleaned = [self._clean(plan) for plan in plans]
        for plan, row in zip(plans, cleaned, strict=True):
            self._check_duplicates_in_file(plan, row)
        self._load_owners(cleaned)
        by_uscc, by_external, by_pk = self._load_existing(
            cleaned, {self.exported_pk[p.row] for p in plans if p.row in self.exported_pk}
        )
        for plan, row in zip(plans, cleaned, strict=True):
            plan.data = row
            match_exported = by_pk.get(self.exported_pk.get(plan.row, 0))
            self._resolve(plan, row, by_uscc, by_external, match_exported)
        return plans

    def _resolve(
        self,
        plan: RowPlan,
        row: PartyRow,
        by_uscc: dict[str, Party],
        by_external: dict[str, Party],
        match_exported: Party | None = None,
    ) -> None:
        errors = plan.errors
        uscc, external_id = row.fields.get("uscc"), row.fields.get("external_id")
        match_uscc = by_uscc.get(uscc) if uscc else None
        match_external = by_external.get(external_id) if external_id else None
        if match_uscc and match_external and match_uscc.pk != match_external.pk:
            errors.add("uscc", _("Another party already has this credit code."), code="party.uscc_taken")
        for key, other in (("uscc", match_uscc), ("external_id", match_external)):
            if match_exported and other and other.pk != match_exported.pk:
                message = (
                    _("Another party already has this credit code.")
                    if key == "uscc"
                    else _("Another party already has this external id.")
                )
                errors.add(key, message, code=f"party.{key}_taken")
        target = match_exported or match_external or match_uscc
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
        """Before the chunk is written (``parties.bulk.prepare_import``): its tags exist and the
        rows of its new parties are built."""
        creates = [p.data for p in plans if p.action == CREATE]
        return prepare_import(creates, {n for p in plans for n in p.data.tags}, actor=self.actor)

    def write(self, plans: Sequence[RowPlan]) -> None:
        self.write_prepared(plans, self.prepare(plans))

    def write_prepared(self, plans: Sequence[RowPlan], prepared: Prepared) -> None:
        updates = [(p.target, p.data) for p in plans if p.action == UPDATE]
        write_import(self.job, prepared, updates, actor=self.actor)
