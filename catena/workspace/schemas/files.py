"""Schemas of the attachments API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Schema

from catena.workspace.schemas.common import TargetParams, UserRefOut
from catena.workspace.targets import label_of_type


class AttachmentOut(Schema):
    id: int
    target_type: str = Field(..., description="The kind of record it is attached to, `app_label.model`.")
    target_id: int
    name: str = Field(..., description="The file's name as uploaded, sanitised.")
    size: int = Field(..., description="Bytes.")
    sha256: str
    kind: str = Field(..., description="What the content is (read from its bytes): `pdf`, `png`, `jpeg`, …")
    content_type: str = Field(..., description="The MIME type the download is served as.")
    scan_verdict: str = Field(
        ..., description="`clean`, or `not_scanned` when no virus scanner is configured."
    )
    shared_with_portal: bool
    uploaded_by: UserRefOut | None
    created_at: datetime
    download_url: str

    @staticmethod
    def resolve_target_type(obj: Any) -> str:
        return label_of_type(obj.target_type_id)

    @staticmethod
    def resolve_content_type(obj: Any) -> str:
        return str(obj.mime_type)

    @staticmethod
    def resolve_download_url(obj: Any) -> str:
        return f"/api/v1/attachments/{obj.pk}/download"


class AttachmentPageOut(Schema):
    count: int
    items: list[AttachmentOut]


class AttachmentListParams(TargetParams):
    pass
