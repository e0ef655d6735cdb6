"""Attaching files: the content decides what a file is, the size and the virus scan are checked
before anything is stored, and removal is the uploader's or a manager's."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from catena.accounts.choices import Role
from catena.catalog.models import Product
from catena.core import access
from catena.core.models import Event
from catena.fulfilment.tests.scenario import Chain, user
from catena.workspace import filetypes
from catena.workspace.models import Attachment
from catena.workspace.services import attach_file, remove_attachment
from catena.workspace.tests.conftest import DOCM, DOCX, EICAR, EXE, PDF, PNG, XLSX, upload

pytestmark = pytest.mark.django_db


def codes(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return {field: [e.code or "" for e in errors] for field, errors in exc.value.error_dict.items()}


def stored_files(media_root: Path) -> list[Path]:
    return [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []


def test_a_contract_pdf_is_attached_with_its_facts_and_announced(chain: Chain, media_root: Path) -> None:
    attachment = attach_file(chain.customer, actor=chain.sales, file=upload("供货合同 2026.pdf", PDF))

    assert attachment.target == chain.customer
    assert (attachment.name, attachment.kind, attachment.mime_type) == (
        "供货合同 2026.pdf",
        "pdf",
        "application/pdf",
    )
    assert attachment.size == len(PDF)
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    assert attachment.scan_verdict == "not_scanned"
    assert attachment.uploaded_by == chain.sales and attachment.shared_with_portal is False
    with attachment.file.open("rb") as stored:
        assert stored.read() == PDF
    # kept under a random name of its own, not the uploader's
    assert "供货合同" not in attachment.file.name and not attachment.file.name.endswith(".pdf")
    event = Event.objects.get(name="attachment.added")
    assert event.payload == {
        "target_type": "parties.party",
        "target_id": chain.customer.pk,
        "kind": "pdf",
        "shared_with_portal": False,
    }


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("contract.pdf", EXE, "attachment.type_mismatch"),  # a program dressed as a PDF
        ("photo.png", PDF, "attachment.type_mismatch"),
        ("report.docx", XLSX, "attachment.type_mismatch"),
        ("report.docx", DOCM, "attachment.type_mismatch"),  # macros inside
        ("prices.csv", "名称,价格\n水壶,199\n".encode("gbk"), "attachment.type_mismatch"),  # not UTF-8
        ("notes.txt", b"abc\x00def", "attachment.type_mismatch"),
        ("drawing.dxf", b"just some words\n", "attachment.type_mismatch"),
        ("setup.exe", EXE, "attachment.type_not_allowed"),
        ("invoice", PDF, "attachment.type_not_allowed"),
        ("page.html", b"<html><script>alert(1)</script></html>", "attachment.type_not_allowed"),
        ("empty.pdf", b"", "attachment.empty"),
    ],
)
def test_a_file_whose_content_is_not_what_its_name_says_is_refused_and_not_stored(
    chain: Chain, media_root: Path, name: str, content: bytes, code: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        attach_file(chain.customer, actor=chain.sales, file=upload(name, content))

    assert codes(refused) == {"file": [code]}
    assert not Attachment.objects.exists()
    assert stored_files(media_root) == []
    assert not Event.objects.filter(name="attachment.added").exists()


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("logo.png", PNG, "png"),
        ("报价单.docx", DOCX, "docx"),
        ("prices.xlsx", XLSX, "xlsx"),
        ("价格.csv", "\ufeff名称,价格\n水壶,199\n".encode(), "csv"),
        ("readme.txt", "交期：下周二\r\n\t谢谢".encode(), "txt"),
        ("part.dxf", b"  0\nSECTION\n  2\nHEADER\n  0\nENDSEC\n  0\nEOF\n", "dxf"),
        ("part.dwg", b"AC1032\x00\x00\x00\x00\x00\x00" + b"\x01" * 200, "dwg"),
        (
            "photo.JPG",
            b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64,
            "jpeg",
        ),
    ],
)
def test_every_accepted_kind_is_recognised_by_its_content(
    chain: Chain, name: str, content: bytes, kind: str
) -> None:
    attachment = attach_file(chain.customer, actor=chain.sales, file=upload(name, content))

    assert attachment.kind == kind
    assert attachment.mime_type == filetypes.MIME_TYPES[kind]


def test_a_file_over_the_size_limit_is_refused(chain: Chain, settings: Any, media_root: Path) -> None:
    settings.CATENA_UPLOAD_MAX_BYTES = 64

    with pytest.raises(ValidationError) as refused:
        attach_file(chain.customer, actor=chain.sales, file=upload("big.pdf", PDF + b"%" * 64))

    assert codes(refused) == {"file": ["attachment.too_large"]}
    assert stored_files(media_root) == []


def test_the_default_size_limit_is_25_megabytes(settings: Any) -> None:
    from catena import settings as project_settings

    assert project_settings.CATENA_UPLOAD_MAX_BYTES == 25 * 1024 * 1024


def test_the_virus_scan_refuses_eicar_and_records_a_clean_verdict(
    chain: Chain, settings: Any, media_root: Path
) -> None:
    settings.CATENA_VIRUS_SCAN = "catena.workspace.tests.scanners.flag_eicar"

    with pytest.raises(ValidationError) as refused:
        attach_file(chain.customer, actor=chain.sales, file=upload("eicar.txt", EICAR))
    clean = attach_file(chain.customer, actor=chain.sales, file=upload("contract.pdf", PDF))

    assert codes(refused) == {"file": ["attachment.infected"]}
    assert clean.scan_verdict == "clean"
    assert Attachment.objects.count() == 1 and len(stored_files(media_root)) == 1


def test_a_failing_scanner_refuses_the_upload(chain: Chain, settings: Any) -> None:
    settings.CATENA_VIRUS_SCAN = "catena.workspace.tests.scanners.broken"

    with pytest.raises(ValidationError) as refused:
        attach_file(chain.customer, actor=chain.sales, file=upload("contract.pdf", PDF))

    assert codes(refused) == {"file": ["attachment.scan_failed"]}


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("C:\\Users\\li\\合同.pdf", "合同.pdf"),
        ("invoice\u202efdp.exe.pdf", "invoicefdp.exe.pdf"),
        ("..hidden.pdf", "hidden.pdf"),
        ("a\x00b\nc.pdf", "abc.pdf"),
    ],
)
def test_the_name_is_sanitised(sent: str, kept: str) -> None:
    assert filetypes.sanitise_name(sent) == kept


def test_a_long_name_keeps_its_extension() -> None:
    kept = filetypes.sanitise_name("长" * 300 + ".pdf")

    assert len(kept) == filetypes.MAX_NAME_CHARS and kept.endswith(".pdf")


def test_only_records_of_the_listed_kinds_take_files(chain: Chain) -> None:
    product = Product.objects.get(sku="W-100")

    with pytest.raises(ValidationError) as refused:
        attach_file(product, actor=chain.manager, file=upload("spec.pdf", PDF))

    assert codes(refused) == {"target_type": ["workspace.target_not_supported"]}


def test_read_only_users_and_users_who_cannot_see_the_record_attach_nothing(chain: Chain) -> None:
    reader = user(Role.READ_ONLY)
    marketing = user(Role.MARKETING)
    po = _purchase_order(chain)

    with pytest.raises(access.PermissionDenied):
        attach_file(chain.customer, actor=reader, file=upload("a.pdf", PDF))
    with pytest.raises(access.PermissionDenied):
        attach_file(po, actor=marketing, file=upload("a.pdf", PDF))


def test_the_uploader_or_a_manager_removes_a_file_and_nobody_else(chain: Chain) -> None:
    mine = attach_file(chain.customer, actor=chain.sales, file=upload("a.pdf", PDF))
    other = attach_file(chain.customer, actor=chain.sales, file=upload("b.pdf", PDF))
    colleague = user(Role.SALES)

    with pytest.raises(access.PermissionDenied):
        remove_attachment(mine, actor=colleague)
    remove_attachment(mine, actor=chain.sales)
    remove_attachment(other, actor=chain.manager)

    mine.refresh_from_db()
    assert mine.deleted_by == chain.sales and mine.deleted_at is not None
    assert not Attachment.objects.for_user(chain.sales).exists()
    assert Attachment.objects.count() == 2  # the rows stay for the record
    removed = Event.objects.filter(name="attachment.removed")
    assert [e.payload for e in removed] == [
        {"target_type": "parties.party", "target_id": chain.customer.pk}
    ] * 2


def _purchase_order(chain: Chain) -> Any:
    from datetime import timedelta

    from django.utils import timezone

    from catena.fulfilment import services

    return services.create_purchase_order(
        chain.supplier,
        actor=chain.purchasing,
        lines=[services.POLineInput(product=chain.part_a, quantity=3)],
        needed_by=timezone.localdate() + timedelta(days=5),
        send=True,
    )
