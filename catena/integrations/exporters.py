"""Exports of parties, products and interactions as CSV (UTF-8 with BOM, streamed) or .xlsx.

Rows come from the same selectors and access scope as the lists (action ``export``); every text
cell is neutralised against formula injection; the standard cost is left out for users who may
not read it. Headers and coded values are those the importer reads back.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import IO, Any
from urllib.parse import quote

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from catena.catalog.models import Category, Product
from catena.comms import selectors as comms_selectors
from catena.comms.choices import InteractionKind
from catena.comms.models import Interaction
from catena.core import access, bounds
from catena.core.neutralise import neutralise
from catena.integrations.choices import ImportKind
from catena.integrations.columns.kinds import INTERACTION_COLUMNS, PARTY_COLUMNS, PRODUCT_COLUMNS, Column
from catena.integrations.columns.values import chinese_word
from catena.integrations.record_ids import party_export_id
from catena.parties.models import Contact, ContactPoint, Party
from catena.parties.selectors import PartyFilter, party_list

CHUNK = 2000
FILE_STEMS: dict[str, tuple[str, str]] = {
    ImportKind.PARTIES: ("parties", "往来单位"),
    ImportKind.PRODUCTS: ("products", "产品"),
    ImportKind.INTERACTIONS: ("interactions", "沟通记录"),
}


@dataclass
class ExportTable:
    kind: str
    headers: list[str]
    rows: Iterator[list[Any]]
    chinese: bool

    def filename(self, extension: str) -> str:
        stem = FILE_STEMS[self.kind][1 if self.chinese else 0]
        return f"{stem}-{timezone.localtime():%Y%m%d-%H%M}.{extension}"


class Words:
    """Coded values as the export language writes them (客户、供应商 or customer,supplier)."""

    def __init__(self, chinese: bool) -> None:
        self.chinese = chinese
        self.separator = "、" if chinese else ","

    def code(self, field: str, code: str) -> str:
        return chinese_word(field, code) if self.chinese and code else code

    def codes(self, field: str, codes: Iterable[str]) -> str:
        return self.separator.join(self.code(field, c) for c in codes)

    def boolean(self, value: bool) -> str:
        if self.chinese:
            return "是" if value else "否"
        return "true" if value else "false"


def _headers(columns: Iterable[Column], chinese: bool) -> list[str]:
    return [c.zh if chinese else c.en for c in columns]


# --- parties ---------------------------------------------------------------------------------


def party_queryset(user: Any, params: Mapping[str, Any]) -> QuerySet[Party]:
    """The parties of the party list with the same filters, limited to what ``user`` may export."""
    filters = PartyFilter.from_params(params)
    return party_list(user, filters, action=access.EXPORT).prefetch_related(
        Prefetch("contacts", queryset=Contact.objects.order_by("-is_primary", "name", "id")),
        Prefetch("contact_points", queryset=ContactPoint.objects.order_by("kind", "-is_primary", "id")),
        "addresses",
    )


def _party_row(party: Party, words: Words) -> list[Any]:
    contacts = list(party.contacts.all())
    contact = contacts[0] if contacts else None
    points: dict[str, list[str]] = {}
    for point in party.contact_points.all():
        points.setdefault(point.kind, []).append(point.value)
    addresses = sorted(party.addresses.all(), key=lambda a: (not a.is_primary, a.pk))
    address = addresses[0] if addresses else None

    def many(kind: str) -> str:
        return "; ".join(points.get(kind, []))

    def first(kind: str) -> str:
        values = points.get(kind, [])
        return values[0] if values else ""

    return [
        party.name,
        party.short_name,
        words.code("kind", party.kind),
        party.uscc or "",
        words.codes("roles", (r.role for r in party.roles.all())),
        words.separator.join(t.name for t in party.tags.all()),
        words.code("status", party.status),
        words.code("tier", party.tier),
        party.industry,
        party.owner.username if party.owner else "",
        address.province if address else "",
        address.city if address else "",
        address.district if address else "",
        address.street if address else "",
        address.postcode if address else "",
        contact.name if contact else "",
        contact.title if contact else "",
        many("phone"),
        many("mobile"),
        many("email"),
        many("fax"),
        first("wecom"),
        first("website"),
        party.notes,
        party.external_id or "",
        party_export_id(party.pk),
    ]


# --- products ----------------------------------------------------------------------------------


def product_queryset(user: Any, params: Mapping[str, Any]) -> QuerySet[Product]:
    qs = access.restrict(Product.objects.all(), user, access.EXPORT)
    q = str(params.get("q") or "").strip()[:100]
    if q:
        qs = qs.filter(Q(sku__icontains=q) | Q(name__icontains=q))
    if params.get("is_active") in ("1", "true", "0", "false"):
        qs = qs.filter(is_active=params["is_active"] in ("1", "true"))
    category = str(params.get("category") or "")
    if category.isdecimal():
        qs = qs.filter(category_id=int(category))
    return qs.order_by("sku")


def category_paths() -> dict[int, str]:
    """Every category's path ("电子/手机"); categories are few, products are many."""
    rows = {
        pk: (name, parent) for pk, name, parent in Category.objects.values_list("pk", "name", "parent_id")
    }
    paths: dict[int, str] = {}

    def path(pk: int, depth: int = 0) -> str:
        if pk not in paths:
            name, parent = rows[pk]
            paths[pk] = f"{path(parent, depth + 1)}/{name}" if parent and depth < 20 else name
        return paths[pk]

    for pk in rows:
        path(pk)
    return paths


# --- interactions ------------------------------------------------------------------------------


def interaction_queryset(user: Any, params: Mapping[str, Any]) -> QuerySet[Interaction]:
    """The exchanges to export, or the system entries when ``kind`` asks for them: the file is
    the import's format, and importing system entries back would turn them into contact."""
    kind = str(params.get("kind") or "")
    filters: dict[str, Any] = {"kind": kind if kind in InteractionKind.values else InteractionKind.EXCHANGE}
    for key in ("channel", "direction"):
        if params.get(key):
            filters[key] = params[key]
    for key in ("party_id", "author_id"):
        value = str(params.get(key) or params.get(key.removesuffix("_id")) or "")
        if value.isdecimal():
            filters[key] = int(value)
    for key in ("since", "until"):
        try:
            filters[key] = (
                bounds.check_datetime(datetime.fromisoformat(str(params[key]))) if params.get(key) else None
            )
        except ValueError:
            filters[key] = None
    qs = comms_selectors.interaction_list(user, **filters)
    return qs.filter(access.scope(user, access.EXPORT, Interaction))


def local_text(moment: datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S") if moment else ""


# --- one entry point ---------------------------------------------------------------------------


def export_table(kind: str, user: Any, params: Mapping[str, Any], *, chinese: bool) -> ExportTable:
    """The headers and a lazy row iterator of one export."""
    words = Words(chinese)
    if kind == ImportKind.PARTIES:
        parties = party_queryset(user, params)
        return ExportTable(
            kind,
            _headers(PARTY_COLUMNS, chinese),
            (_party_row(p, words) for p in parties.iterator(chunk_size=CHUNK)),
            chinese,
        )
    if kind == ImportKind.PRODUCTS:
        shown = access.visible_fields(user, Product)
        columns = [c for c in PRODUCT_COLUMNS if c.key in shown]
        products = product_queryset(user, params)
        paths = category_paths()

        def product_rows() -> Iterator[list[Any]]:
            for p in products.iterator(chunk_size=CHUNK):
                values = {
                    "sku": p.sku,
                    "name": p.name,
                    "category": paths.get(p.category_id, "") if p.category_id else "",
                    "unit": words.code("unit", p.unit),
                    "gtin": p.gtin or "",
                    "currency": p.currency,
                    "standard_cost": p.standard_cost,
                    "list_price": p.list_price,
                    "is_active": words.boolean(p.is_active),
                    "description": p.description,
                }
                yield [values[c.key] for c in columns]

        return ExportTable(kind, _headers(columns, chinese), product_rows(), chinese)
    if kind == ImportKind.INTERACTIONS:
        interactions = interaction_queryset(user, params)

        def interaction_rows() -> Iterator[list[Any]]:
            for i in interactions.iterator(chunk_size=CHUNK):
                yield [
                    i.party.uscc or "",
                    i.party.external_id or "",
                    i.party.name,
                    words.code("channel", i.channel),
                    words.code("direction", i.direction),
                    i.subject,
                    i.body,
                    local_text(i.occurred_at),
                    i.contact.name if i.contact else "",
                    i.external_id or "",
                ]

        return ExportTable(kind, _headers(INTERACTION_COLUMNS, chinese), interaction_rows(), chinese)
    raise ValueError(kind)


# --- writers -----------------------------------------------------------------------------------


class _Line:
    """A file-like object that hands back what csv.writer writes (for streaming)."""

    def write(self, value: str) -> str:
        return value


def csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return neutralise(value)


def csv_stream(table: ExportTable) -> Iterator[bytes]:
    """UTF-8 with a BOM (so that Excel shows Chinese correctly), one encoded row at a time."""
    writer = csv.writer(_Line())
    yield "\ufeff".encode()
    yield writer.writerow([csv_cell(h) for h in table.headers]).encode()
    batch: list[str] = []
    for row in table.rows:
        batch.append(writer.writerow([csv_cell(v) for v in row]))
        if len(batch) >= 500:
            yield "".join(batch).encode()
            batch = []
    if batch:
        yield "".join(batch).encode()


def xlsx_cell(value: Any) -> Any:
    if isinstance(value, str):
        return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def write_xlsx(table: ExportTable, target: IO[bytes]) -> None:
    """Write-only mode: rows go to disk as they come, so memory stays flat for large exports."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(FILE_STEMS[table.kind][1 if table.chinese else 0])
    sheet.append([xlsx_cell(h) for h in table.headers])
    for row in table.rows:
        sheet.append([xlsx_cell(v) for v in row])
    workbook.save(target)


def content_disposition(filename: str) -> str:
    """RFC 6266: an ASCII fallback plus the UTF-8 name in ``filename*``."""
    fallback = filename.encode("ascii", "ignore").decode() or "export"
    fallback = fallback.replace('"', "").replace("\\", "")
    if fallback.startswith("-"):
        fallback = "export" + fallback
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
