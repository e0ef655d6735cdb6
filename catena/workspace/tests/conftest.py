"""Fixtures of the workspace's tests: files go to a temporary media folder; a small chain of
parties, orders and staff to attach them to."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catena.fulfilment.tests.scenario import Chain, build_chain


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
