"""Importing interactions onto party timelines. The party is found by credit code, external id or
exact name, in that order, among the parties the importing user may see. A row with a record id
that was imported before (same channel) updates that interaction instead of adding another. The
comms app writes the rows (``comms.services.write_imported_interactions``)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from catena.comms.choices import Channel, Direction
from catena.comms.models import Interaction
from catena.comms.services import text_errors, write_imported_interactions
from catena.core import access, bounds
from catena.integrations.columns.values import coded_value, codes_of
from catena.integrations.importers.base import CREATE, UPDATE, Importer, RowPlan
from catena.parties.models import Contact, Party

DATE_FORMATS = (
    "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y/%m/%d", "%Y-%m-%d %H:%M", "%Y.%m.%d %H:%M", "%Y.%m.%d",
    "%Y年%m月%d日 %H:%M:%S", "%Y年%m月%d日 %H:%M", "%Y年%m月%d日 %H时%M分", "%Y年%m月%d日",
)  # fmt: skip
EXCEL_EPOCH = datetime(1899, 12, 30)  # noqa: DTZ001  (a serial day count, zone added later)
SERIAL = re.compile(r"^\d{5}(\.\d+)?$")
AMBIGUOUS = -1


def parse_datetime(text: str, zone: Any) -> datetime | None:
    """Dates as people type them (2024-05-01 14:30, 2024/5/1, 2024年5月1日) or Excel serials."""
    value: datetime | None = None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        for pattern in DATE_FORMATS:
            try:
                value = datetime.strptime(text, pattern)  # noqa: DTZ007  (zone added below)
                break
            except ValueError:
                continue
    if value is None and SERIAL.match(text):
        value = EXCEL_EPOCH + timedelta(days=float(text))
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, zone)
    try:
        return bounds.check_datetime(value) if value is not None else None
    except bounds.OutOfBounds:
        return None


class InteractionImporter(Importer):
    model = Interaction

    def __init__(self, actor: Any, *, job: models.Model) -> None:
        super().__init__(actor)
        self.job = job  # the subject of the event that announces each written chunk
        self.seen: dict[tuple[str, str], int] = {}
        name = getattr(actor, "time_zone", "") or settings.TIME_ZONE
        try:
            self.zone = ZoneInfo(name)
        except (KeyError, ValueError):
            self.zone = ZoneInfo(settings.TIME_ZONE)

    def _parties(self) -> Any:
        qs = Party.objects.all()
        return access.restrict(qs, self.actor, access.VIEW) if self.actor is not None else qs

    def _clean(self, plan: RowPlan) -> dict[str, Any]:
        v, errors = plan.values, plan.errors
        data: dict[str, Any] = {}
        channel = coded_value("channel", v["channel"], Channel) if v.get("channel") else Channel.NOTE
        if channel not in codes_of(Channel):
            errors.add(
                "channel", _("“%(value)s” is not one of the allowed values.") % {"value": v["channel"]}
            )
        data["channel"] = channel
        direction = (
            coded_value("direction", v["direction"], Direction) if v.get("direction") else Direction.OUTBOUND
        )
        if direction not in codes_of(Direction):
            errors.add(
                "direction", _("“%(value)s” is not one of the allowed values.") % {"value": v["direction"]}
            )
        data["direction"] = direction
        subject = v.get("subject", "")
        if not subject:
            errors.add("subject", _("This field is required."), code="required")
        elif len(subject) > 200:
            errors.add("subject", _("At most 200 characters."), code="too_long")
        data["subject"] = subject
        data["body"] = v.get("body", "")
        for key, found in text_errors(data).items():
            plan.errors.capture(key, ValidationError(found))
        if v.get("occurred_at"):
            occurred = parse_datetime(v["occurred_at"], self.zone)
            if occurred is None:
                errors.add("occurred_at", _("Enter a date and time such as 2024-05-01 14:30."))
            data["occurred_at"] = occurred
        external_id = v.get("external_id", "")
        if len(external_id) > 200:
            errors.add("external_id", _("At most 200 characters."), code="too_long")
        if external_id:
            first = self.seen.setdefault((channel, external_id), plan.row)
            if first != plan.row:
                errors.add("external_id", _("The same record id is already on row %(row)s.") % {"row": first})
        data["external_id"] = external_id or None
        if not (v.get("party_uscc") or v.get("party_external_id") or v.get("party_name")):
            errors.add("party_name", _("Give the party's credit code, external id or name."), code="required")
        return data

    @staticmethod
    def _find_party(plan: RowPlan, tables: dict[str, dict[str, int]]) -> int | None:
        """The first party key on the row that names exactly one visible party wins."""
        first_tried = ""
        for key, table in tables.items():
            value = plan.values.get(key, "")
            if not value:
                continue
            found = table.get(value.upper() if key == "party_uscc" else value)
            if found == AMBIGUOUS:
                plan.errors.add(
                    key,
                    _("Several parties have this name; give the credit code instead."),
                    code="unknown_reference",
                )
                return None
            if found is not None:
                return found
            first_tried = first_tried or key
        if first_tried:
            plan.errors.add(first_tried, _("No party you may see has this value."), code="unknown_reference")
        return None

    def plan(self, rows: Sequence[tuple[int, dict[str, str]]]) -> list[RowPlan]:
        plans = [RowPlan(row=number, values=values) for number, values in rows]
        datas = [self._clean(plan) for plan in plans]
        usccs = {p.values["party_uscc"].upper() for p in plans if p.values.get("party_uscc")}
        externals = {p.values["party_external_id"] for p in plans if p.values.get("party_external_id")}
        names = {p.values["party_name"] for p in plans if p.values.get("party_name")}
        visible = self._parties()
        tables: dict[str, dict[str, int]] = {"party_uscc": {}, "party_external_id": {}, "party_name": {}}
        if usccs:
            tables["party_uscc"] = dict(visible.filter(uscc__in=usccs).values_list("uscc", "pk"))
        if externals:
            tables["party_external_id"] = dict(
                visible.filter(external_id__in=externals).values_list("external_id", "pk")
            )
        for name, pk in visible.filter(name__in=names).values_list("name", "pk") if names else ():
            tables["party_name"][name] = AMBIGUOUS if name in tables["party_name"] else pk
        party_ids = [self._find_party(plan, tables) for plan in plans]
        contact_names = {p.values["contact_name"] for p in plans if p.values.get("contact_name")}
        contacts: dict[tuple[int, str], Contact | None] = {}
        if contact_names:
            found_ids = [pk for pk in party_ids if pk]
            for person in Contact.objects.filter(party_id__in=found_ids, name__in=contact_names).order_by(
                "-id"
            ):
                contacts[(person.party_id, person.name)] = person
        keys = [(d["channel"], d["external_id"]) for d in datas if d["external_id"]]
        existing: dict[tuple[str, str], Interaction] = {}
        if keys:
            wanted = set(keys)
            for found in Interaction.objects.filter(external_id__in={e for _c, e in keys}):
                if (found.channel, found.external_id) in wanted:
                    existing[(found.channel, found.external_id or "")] = found
        for plan, data, party_id in zip(plans, datas, party_ids, strict=True):
            if party_id and plan.values.get("contact_name"):
                contact = contacts.get((party_id, plan.values["contact_name"]))
                if contact is None:
                    plan.errors.add(
                        "contact_name",
                        _("This party has no contact with this name."),
                        code="unknown_reference",
                    )
                data["contact"] = contact
            data["party_id"] = party_id
            target = (
                existing.get((data["channel"], data["external_id"] or "")) if data["external_id"] else None
            )
            if (
                target is not None
                and self.actor is not None
                and not access.can(self.actor, access.CHANGE, target)
            ):
                plan.errors.add("external_id", _("This row would change an interaction you may not change."))
            plan.data, plan.target = data, target
            plan.action = UPDATE if target is not None else CREATE
        return plans

    def write(self, plans: Sequence[RowPlan]) -> None:
        write_imported_interactions(
            self.job,
            [plan.data for plan in plans if plan.action == CREATE],
            [(plan.target, plan.data) for plan in plans if plan.action == UPDATE],
            actor=self.actor,
        )
