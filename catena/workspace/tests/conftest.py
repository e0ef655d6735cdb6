"""Fixtures of the workspace's tests: staff of several roles, a party and an opportunity for the
activities; files go to a temporary media folder, and a small chain of parties, orders and staff
to attach them to."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.core import events
from catena.fulfilment.tests.scenario import Chain, build_chain
from catena.parties.models import Party, PortalAccess
from catena.parties.tests.factories import PartyFactory
from catena.sales.models import Opportunity
from catena.sales.services.opportunities import create_opportunity


@pytest.fixture
def party(sales: User) -> Party:
    return PartyFactory(owner=sales)


@pytest.fixture
def other_party() -> Party:
    return PartyFactory()


@pytest.fixture
def logistics(make_user: Callable[..., User]) -> User:
    """Staff who see parties but not the sales pipeline."""
    return make_user(Role.LOGISTICS, email="logistics@example.com")


@pytest.fixture
def colleague(make_user: Callable[..., User]) -> User:
    return make_user(Role.SALES, email="colleague@example.com", last_name="王", first_name="芳")


@pytest.fixture
def portal(make_user: Callable[..., User], party: Party) -> User:
    user = make_user(Role.PORTAL_CUSTOMER)
    PortalAccess.objects.create(user=user, party=party)
    return user


@pytest.fixture
def opportunity(party: Party, sales: User) -> Opportunity:
    return create_opportunity(
        party,
        actor=sales,
        name="二期产线",
        expected_close=timezone.localdate() + timedelta(days=30),
        owner=sales,
    )


@pytest.fixture
def soon() -> Any:
    return timezone.now() + timedelta(hours=3)


@pytest.fixture
def dispatch() -> Callable[[], int]:
    """What the worker does once the transaction committed: hand the pending events to handlers."""
    return events.dispatch_pending


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CATENA_VIRUS_SCAN = ""
    return settings.MEDIA_ROOT


@pytest.fixture
def chain(db: None) -> Chain:
    return build_chain()


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
)
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 48
    + b"PE\x00\x00"
    + b"\x00" * 64
)
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def office(main_part: str) -> bytes:
    """A minimal Office Open XML container whose [Content_Types].xml names ``main_part``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Override PartName="/main.xml" ContentType="{main_part}"/></Types>',
        )
        archive.writestr("main.xml", "<x/>")
    return buffer.getvalue()


DOCX = office("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")
XLSX = office("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")
DOCM = office("application/vnd.ms-word.document.macroEnabled.main+xml")


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def person(role: str, username: str, *, party: Any = None, **fields: Any) -> Any:
    """A user called ``username`` (a portal user of ``party`` when given one)."""
    from catena.accounts.models import User
    from catena.parties.models import PortalAccess

    account = User.objects.create_user(username=username, role=role, password="pass-Catena-2026", **fields)
    if party is not None:
        PortalAccess.objects.create(user=account, party=party)
    return account
