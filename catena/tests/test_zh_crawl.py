"""Every page in Simplified Chinese: a crawl as five kinds of user finds no English left.

The demo data set (seeded at a small scale) is signed into as an administrator, a salesperson,
a portal customer, a portal supplier and a portal carrier, each with Chinese as their language,
and read by a visitor who has not signed in and whose browser asks for Chinese.
From the home page the crawl follows every same-site link (``<a href>`` and ``hx-get``), and it
also opens every URL pattern without parameters, and every other page of a record it reached
(``/sales/quotes/5/edit/`` beside ``/sales/quotes/5/``), so that a page nobody links to is not
missed.
Each HTML page must answer without a server error, and its visible text (attributes a reader sees
included) must hold no English word other than codes and proper names.
"""

from __future__ import annotations

import json
import re
import zoneinfo
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404
from django.utils import timezone, translation

from catena.accounts.models import User
from catena.catalog.models import Product
from catena.demo.seed import seed_demo_data
from catena.demo.users import ensure_demo_users
from catena.insights.services import compute_flow_metrics
from catena.integrations.services.carrier_inbound import create_carrier_key
from catena.integrations.services.webhooks.subscriptions import create_subscription
from catena.parties.choices import CustomFieldType, PartyRoleType
from catena.parties.models import Address, Contact, ContactPoint, Party, Tag
from catena.parties.services.settings import define_custom_field
from catena.sales.models import SalesOrder
from catena.service.models import ArticleCategory, ArticleVersion
from catena.workspace.choices import ActivityKind
from catena.workspace.models import Activity, ActivityPlan
from catena.workspace.services.activities import complete_activity, schedule_activity
from catena.workspace.services.comments import add_comment

pytestmark = pytest.mark.django_db

SCALE = 0.02
PAGES_PER_ROLE = 400  # a bound, above the ~370 pages the busiest role reaches today
PAGES_PER_PATTERN = 2  # two records of a kind show most of the states a kind's page has
ROLES = {  # the demo user signed in as each kind of user
    "administrator": "admin",
    "sales": "sales1",
    "portal customer": "customer1",
    "portal supplier": "supplier1",
    "portal carrier": "carrier1",
}
# Not pages: signing out, the admin site, the API, files, and the health checks.
SKIPPED_PREFIXES = ("/admin/", "/api/", "/static/", "/media/", "/healthz", "/readyz", "/favicon.ico")
SKIPPED_WORDS = ("logout", "signout", "sign-out", "export", "download", "setlang")

# Elements whose text is code, not prose.
CODE_TAGS = {"script", "style", "code", "pre", "kbd", "samp", "svg", "template"}
VOID_TAGS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
}  # fmt: skip
# Attributes a reader sees (or hears, with a screen reader), and those the scripts show.
VISIBLE_ATTRIBUTES = re.compile(
    r"title|placeholder|aria-label|alt|hx-confirm"
    r"|data-(label.*|.*-message|confirm|empty|loading|more|all)"
)

# Words that stay as they are in Chinese text: codes and standards, names of products and
# formats, units and currencies. Keep it short: every word here is a word the check cannot see.
ALLOWED_WORDS = {
    "API", "CSV", "PDF", "SKU", "GTIN", "GLN", "SSCC", "EDI", "PO", "SO", "URL", "ID", "HTTP", "JSON",
    "POST", "GBK", "UTF", "CRM", "ERP", "BANT", "Catena", "Excel", "Word", "PowerPoint", "DWG", "DXF",
    "JPEG", "PNG", "WebP", "GIF", "TIFF", "HEIC", "XLSX", "DOCX",  # file formats, named as they are
    "Webhook", "English", "Asia", "Shanghai", "kg", "MB", "CNY", "USD", "EUR", "HKD", "JPY", "Ctrl", "Enter",
    "hwjs",  # the pinyin initials of an example name, typed to search
    # UN/EDIFACT and its message types, named as the standard names them in every language
    "UN", "EDIFACT", "ORDERS", "ORDRSP", "DESADV", "INVOIC", "IFTSTA", "SLSRPT", "INVRPT", "IFTMIN",
}  # fmt: skip
CODE = re.compile(
    r"[\w.+-]+@[\w-]+(\.[\w-]+)+"  # e-mail addresses
    r"|https?://\S*|(?<!\w)/[\w./?=&%-]*|\.(?:xlsx|csv|pdf)\b"  # addresses, paths, file types
    r"|\b\w+(?:\.\w+)*\.\*|\b[a-z_]+(?:\.[a-z_]+)+\b"  # event names: order.stage_changed, order.*
    r"|\bv\d+\b|\+[A-Z]\b"  # a quote's version (v2), a shortcut key (Ctrl+K)
    r"|\{[a-z_]+\}"  # a template's variable, typed as it is: {customer}
    r"|\b(?=[A-Za-z0-9_./:-]*\d)[A-Za-z0-9]+(?:[-_./:][A-Za-z0-9]+)+\b"  # SO-2026-0001, W-100
    r"|\b[A-Z]{1,4}\d[A-Z0-9]*\b"  # SF1001, A4
    r"|\b\d+[A-Za-z]{1,3}\b"  # 12kg, 3h
)
TIME_ZONES = zoneinfo.available_timezones()
WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")


@dataclass
class Finding:
    role: str
    url: str
    text: str
    words: list[str]

    def __str__(self) -> str:
        return f"[{self.role}] {self.url}: {', '.join(self.words)} in {self.text[:160]!r}"


class VisibleText(HTMLParser):
    """The text a reader sees on a page: text nodes outside code, and the visible attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, is hidden from the check)
        self.texts: list[str] = []
        self.links: list[tuple[str, bool]] = []  # (address, asked for by htmx)
        self.json_blobs: list[str] = []  # data for the charts, whose labels a reader sees
        self.in_json = False

    @property
    def skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "a" and values.get("href"):
            self.links.append((values["href"], False))
        if values.get("hx-get"):
            self.links.append((values["hx-get"], True))
        if tag == "form" and values.get("method", "get").lower() == "get" and values.get("action"):
            self.links.append((values["action"], False))
        self.in_json = tag == "script" and values.get("type") == "application/json"
        is_code = (
            tag in CODE_TAGS or "code" in values.get("class", "").split() or values.get("translate") == "no"
        )
        if not (self.skipping or is_code):
            self.texts += [
                value for name, value in values.items() if value and VISIBLE_ATTRIBUTES.fullmatch(name)
            ]
            if tag == "input" and values.get("type") in ("submit", "button", "reset") and values.get("value"):
                self.texts.append(values["value"])
        if tag not in VOID_TAGS:
            self.stack.append((tag, self.skipping or is_code))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        if self.in_json:
            self.json_blobs.append(data)
            self.in_json = False
        if not self.skipping and data.strip():
            self.texts.append(" ".join(data.split()))


def english_words(text: str, names: set[str]) -> list[str]:
    """The English words in a piece of visible text, codes and allowed names left out."""
    if text in TIME_ZONES:  # a time zone's code, "Asia/Shanghai", as the choices list it
        return []
    bare = CODE.sub(" ", text)
    return [word for word in WORD.findall(bare) if word not in ALLOWED_WORDS and word not in names]


def data_names() -> set[str]:
    """Words of the data set's own names and texts (products, parties, people, places, activity
    plans and activities, knowledge-base articles): what users wrote is not ours to translate."""
    values: list[str] = []
    values += Product.objects.values_list("name", flat=True)
    values += Party.objects.values_list("name", flat=True)
    values += Contact.objects.values_list("name", flat=True)
    values += ContactPoint.objects.values_list("value", flat=True)
    values += Address.objects.values_list("street", flat=True)
    values += Tag.objects.values_list("name", flat=True)
    for plan in ActivityPlan.objects.prefetch_related("steps"):
        values += [plan.name, plan.description, *(step.subject for step in plan.steps.all())]
    values += Activity.objects.values_list("subject", flat=True)
    for title, body in ArticleVersion.objects.values_list("title", "body"):  # articles in English
        values += [title, body]
    values += ArticleCategory.objects.values_list("name_en", flat=True)
    for user in User.objects.all():
        values += [user.username, user.first_name, user.last_name]
    return {word for value in values for word in WORD.findall(value or "")}


@dataclass(frozen=True)
class Pattern:
    route: str  # the whole route, "sales/quotes/<int:pk>/edit/"
    view_name: str  # "sales:quote_edit"
    parameters: frozenset[str]


def url_patterns() -> Iterator[Pattern]:
    """Every named page of the URL conf but the skipped ones."""

    def walk(
        patterns: list[URLPattern | URLResolver], prefix: str, spaces: tuple[str, ...]
    ) -> Iterator[Pattern]:
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if "(?P" in route or "^" in route or "$" in route:
                continue
            if isinstance(entry, URLResolver):
                yield from walk(
                    entry.url_patterns, route, spaces + ((entry.namespace,) if entry.namespace else ())
                )
            elif entry.name and not is_skipped("/" + route):
                yield Pattern(
                    route, ":".join((*spaces, entry.name)), frozenset(re.findall(r"<(?:\w+:)?(\w+)>", route))
                )

    yield from walk(get_resolver().url_patterns, "", ())


def parameter_free_paths() -> list[str]:
    """Every page of the URL conf that needs no argument."""
    return sorted({"/" + pattern.route for pattern in url_patterns() if not pattern.parameters})


def is_skipped(path: str) -> bool:
    return path.startswith(SKIPPED_PREFIXES) or any(word in path.lower() for word in SKIPPED_WORDS)


def page_key(path: str, query: str) -> tuple[str, tuple[tuple[str, str], ...]] | None:
    """Pages of one pattern count as one kind of page whatever record or page number they name
    (``/parties/3/?tab=contacts`` and ``/parties/4/?tab=contacts``). One choice in a query (a
    tab, a filter) makes its own kind; combined filters count by the parameters they set."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    items = parse_qsl(query)
    if len(items) == 1 and not items[0][1].isdigit():
        return (match.route, (items[0],))
    return (match.route, tuple(sorted({(key, "") for key, _value in items})))


def json_texts(blob: str) -> Iterator[str]:
    """The labels in a chart's data: strings that read as words (not codes, keys or addresses)."""

    def walk(value: object) -> Iterator[str]:
        if isinstance(value, dict):
            for item in value.values():
                yield from walk(item)
        elif isinstance(value, list):
            for item in value:
                yield from walk(item)
        elif (
            isinstance(value, str)
            and not value.startswith(("/", "http", "#"))
            and (" " in value.strip() or value[:1].isupper())
        ):
            yield value

    yield from walk(json.loads(blob))


@dataclass
class Crawl:
    role: str
    client: Client
    names: set[str]
    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seen: set[tuple[str, bool]] = field(default_factory=set)
    per_key: dict[tuple[object, ...], int] = field(default_factory=dict)

    def visit(self, url: str, *, linked: bool, htmx: bool) -> list[tuple[str, bool]]:
        headers = {"accept-language": "zh-hans"} | ({"hx-request": "true"} if htmx else {})
        response = self.client.get(url, headers=headers)
        if response.status_code >= 500 or (linked and response.status_code not in (200, 302)):
            self.errors.append(f"[{self.role}] {url}: {response.status_code}")
        if "text/html" not in response.get("Content-Type", "") or response.status_code == 302:
            return []
        parser = VisibleText()
        parser.feed(response.content.decode())
        texts = parser.texts + [text for blob in parser.json_blobs for text in json_texts(blob)]
        for text in texts:
            if words := english_words(text, self.names):
                self.findings.append(Finding(self.role, url, text, words))
        return parser.links

    def run(self, start: list[str]) -> None:
        # (address, followed from a link, asked for by htmx)
        self.drain(deque([("/", True, False)] + [(url, False, False) for url in start]))
        self.drain(deque((url, False, False) for url in self.unlinked_record_pages()))

    def drain(self, queue: deque[tuple[str, bool, bool]]) -> None:
        while queue and len(self.seen) < PAGES_PER_ROLE:
            url, linked, htmx = queue.popleft()
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or not parts.path.startswith("/") or is_skipped(parts.path):
                continue
            url = parts.path + (f"?{parts.query}" if parts.query else "")
            key = page_key(parts.path, parts.query)
            if (
                (url, htmx) in self.seen
                or key is None
                or self.per_key.get((key, htmx), 0) >= PAGES_PER_PATTERN
            ):
                continue
            self.seen.add((url, htmx))
            self.per_key[(key, htmx)] = self.per_key.get((key, htmx), 0) + 1
            found = self.visit(url, linked=linked and not htmx, htmx=htmx)
            queue.extend((link, True, by_htmx) for link, by_htmx in found)

    def unlinked_record_pages(self) -> Iterator[str]:
        """The pages of a record that no link reached (a form behind a POST-only button, say), at
        the record of a page of the same prefix that was reached: ``/sales/quotes/5/edit/`` from
        ``/sales/quotes/5/``."""
        reached: dict[str, dict[str, Any]] = {}
        routes = set()
        for url, _htmx in sorted(self.seen):
            match = resolve(urlsplit(url).path)
            routes.add(match.route)
            if match.kwargs:
                reached.setdefault(match.route.split("<")[0], match.kwargs)
        for pattern in url_patterns():
            kwargs = reached.get(pattern.route.split("<")[0])
            if (
                pattern.route not in routes
                and pattern.parameters
                and kwargs
                and pattern.parameters <= set(kwargs)
            ):
                yield reverse(pattern.view_name, kwargs={name: kwargs[name] for name in pattern.parameters})


def add_what_the_demo_leaves_out() -> None:
    """Activities, comments, a custom field, a webhook, a carrier key and the flow figures."""
    admin, seller = User.objects.get(username="admin"), User.objects.get(username="sales1")
    party = Party.objects.filter(owner=seller).order_by("pk").first() or Party.objects.order_by("pk").first()
    order = SalesOrder.objects.filter(customer=party).first() or SalesOrder.objects.order_by("pk").first()
    assert party is not None and order is not None
    now = timezone.now()
    for target, due in ((party, now - timedelta(days=2)), (party, now + timedelta(days=1)), (order, now)):
        schedule_activity(target, actor=seller, subject="回访采购负责人", due_at=due, kind=ActivityKind.CALL)
    done = schedule_activity(order, actor=seller, subject="确认交期", due_at=now, kind=ActivityKind.TODO)
    complete_activity(done, actor=seller, outcome="客户同意延期一周")
    add_comment(party, actor=admin, body="@sales1 请跟进这家客户的年度框架协议。")
    add_comment(order, actor=seller, body="@admin 客户要求分两批发货。")
    define_custom_field(
        actor=admin, label="年采购额", type=CustomFieldType.CHOICE, choices=["<100万", "100万以上"]
    )
    create_subscription(
        actor=admin, name="ERP 同步", url="https://erp.example.com/hooks/catena", event_names="order.*"
    )
    carrier = Party.objects.filter(roles__role=PartyRoleType.CARRIER).order_by("pk").first()
    if carrier is not None:
        create_carrier_key(carrier, actor=admin, name="运输管理系统")
    compute_flow_metrics(actor=admin)


@pytest.fixture
def demo_world() -> set[str]:
    # Entries the system writes on timelines are written in the installation's language, as the
    # demo command and the background tasks write them (the tests' default language is English).
    with translation.override("zh-hans"):
        ensure_demo_users()
        seed_demo_data(scale=SCALE, seed=1)
        add_what_the_demo_leaves_out()
    User.objects.update(language="zh-hans")
    return data_names()


def test_every_page_reads_in_chinese_for_every_kind_of_user(demo_world: set[str]) -> None:
    # Given the demo data and a user of each kind who reads Chinese
    unlinked = parameter_free_paths()
    findings: list[Finding] = []
    errors: list[str] = []
    visited = 0

    # When each one follows every link from the home page and opens every page of the URL conf
    for role, username in {"visitor": None, **ROLES}.items():
        client = Client()
        if username is not None:
            client.force_login(User.objects.get(username=username))
        crawl = Crawl(role, client, demo_world)
        crawl.run(unlinked)
        findings += crawl.findings
        errors += crawl.errors
        visited += len(crawl.seen)

    # Then no page fails, and no page shows an English word that is not a code or a name
    unique = {(f.url.split("?")[0], f.text): f for f in findings}
    report = "\n".join(str(f) for f in unique.values())
    if errors or findings:
        pytest.fail(
            "\n".join(errors) + f"\n{len(unique)} English texts on {visited} pages:\n{report}", pytrace=False
        )
