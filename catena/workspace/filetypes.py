"""What an uploaded file really is, told by its content (magic bytes, the parts inside an Office
file, valid UTF-8 text), never by the name or the type the browser claims; and the name it is
kept under. An upload is accepted only when its content is one of the allowed kinds *and* its
extension names that kind: a ``.pdf`` that is really a program is refused.

Binary signatures come from puremagic; the Office formats (zip containers) are told apart by the
``[Content_Types].xml`` inside; text formats must decode as UTF-8 with no control characters."""

from __future__ import annotations

import codecs
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import IO

import puremagic

from catena.workspace.choices import FileKind

HEAD_BYTES = 8192
MAX_CONTENT_TYPES_XML = 1024 * 1024  # a real [Content_Types].xml is a few kilobytes

EXTENSIONS: dict[str, FileKind] = {
    ".pdf": FileKind.PDF,
    ".png": FileKind.PNG,
    ".jpg": FileKind.JPEG,
    ".jpeg": FileKind.JPEG,
    ".gif": FileKind.GIF,
    ".webp": FileKind.WEBP,
    ".docx": FileKind.DOCX,
    ".xlsx": FileKind.XLSX,
    ".pptx": FileKind.PPTX,
    ".csv": FileKind.CSV,
    ".txt": FileKind.TEXT,
    ".dwg": FileKind.DWG,
    ".dxf": FileKind.DXF,
}

MIME_TYPES: dict[str, str] = {
    FileKind.PDF: "application/pdf",
    FileKind.PNG: "image/png",
    FileKind.JPEG: "image/jpeg",
    FileKind.GIF: "image/gif",
    FileKind.WEBP: "image/webp",
    FileKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileKind.PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    FileKind.CSV: "text/csv; charset=utf-8",
    FileKind.TEXT: "text/plain; charset=utf-8",
    FileKind.DWG: "image/vnd.dwg",
    FileKind.DXF: "image/vnd.dxf",
}

# puremagic's extension for each binary kind
_MAGIC: dict[str, FileKind] = {
    ".pdf": FileKind.PDF,
    ".png": FileKind.PNG,
    ".jpg": FileKind.JPEG,
    ".jpeg": FileKind.JPEG,
    ".gif": FileKind.GIF,
    ".webp": FileKind.WEBP,
}
# the main part of each Office document, as [Content_Types].xml names it
_OFFICE_PARTS = {
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": FileKind.DOCX,
    b"application/vnd.ms-word.document.macroenabled.main+xml": None,  # macros: refused
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": FileKind.XLSX,
    b"application/vnd.ms-excel.sheet.macroenabled.main+xml": None,
    b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": FileKind.PPTX,
    b"application/vnd.ms-powerpoint.presentation.macroenabled.main+xml": None,
}
_TEXT_KINDS = frozenset({FileKind.CSV, FileKind.TEXT, FileKind.DXF})
_DWG_VERSIONS = re.compile(rb"AC10(0[0-9]|1[0-9]|2[0-9]|3[0-9])")
_BINARY_DXF = b"AutoCAD Binary DXF\r\n\x1a\x00"
# control characters that plain text may not hold (tab, line feed, form feed, carriage return may)
_TEXT_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
_NAME_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
MAX_NAME_CHARS = 150


@dataclass(frozen=True)
class Recognised:
    kind: FileKind
    mime_type: str


def kind_by_name(name: str) -> FileKind | None:
    """The kind the file's extension claims, if it is an accepted one."""
    dot = name.rfind(".")
    return EXTENSIONS.get(name[dot:].lower()) if dot >= 0 else None


def extension_of(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot >= 0 else ""


def kind_by_content(file: IO[bytes], claimed: FileKind | None = None) -> FileKind | None:
    """The accepted kind ``file``'s content is, or None. ``claimed`` (the kind the name gives)
    only chooses among the text kinds, which the content cannot tell apart (a CSV is text)."""
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    if not head:
        return None
    if head.startswith(b"PK\x03\x04"):
        return _office_kind(file)
    if _DWG_VERSIONS.match(head[:6]):
        return FileKind.DWG
    if head.startswith(_BINARY_DXF):
        return FileKind.DXF
    by_magic = _magic_kind(head)
    if by_magic is not None:
        return by_magic
    if not _is_utf8_text(file):
        return None
    if claimed == FileKind.DXF:
        return FileKind.DXF if _looks_like_dxf(head) else FileKind.TEXT
    if claimed in _TEXT_KINDS:
        return claimed
    return FileKind.TEXT


def recognise(file: IO[bytes], name: str) -> Recognised | None:
    """The file's kind when its content is the accepted kind its name claims, else None."""
    claimed = kind_by_name(name)
    if claimed is None:
        return None
    found = kind_by_content(file, claimed)
    if found != claimed:
        return None
    return Recognised(kind=found, mime_type=MIME_TYPES[found])


def sanitise_name(name: str) -> str:
    """The name a file is shown and downloaded under: the last part of the path the browser sent,
    in Unicode normal form C, without control or text-direction characters (``invoice‮fdp.exe``
    would display as ``invoiceexe.pdf``), without leading dots, at most 150 characters with its
    extension kept."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[\\/]", name)[-1]
    name = _NAME_FORBIDDEN.sub("", name)
    name = " ".join(name.split()).lstrip(". ")
    if len(name) > MAX_NAME_CHARS:
        extension = extension_of(name)[:16]
        name = name[: MAX_NAME_CHARS - len(extension)].rstrip() + extension
    return name or "file"


def _magic_kind(head: bytes) -> FileKind | None:
    try:
        matches = puremagic.magic_string(head)
    except puremagic.PureError:
        return None
    if not matches:
        return None
    best = max(match.confidence for match in matches)
    for match in matches:
        if match.confidence == best and match.extension.lower() in _MAGIC:
            kind = _MAGIC[match.extension.lower()]
            # puremagic knows RIFF containers loosely: a WebP says so at offset 8
            if kind == FileKind.WEBP and head[8:12] != b"WEBP":
                return None
            return kind
    return None


def _office_kind(file: IO[bytes]) -> FileKind | None:
    try:
        with zipfile.ZipFile(file) as archive:
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > MAX_CONTENT_TYPES_XML:
                return None
            types = archive.read(info).lower()
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError, NotImplementedError):
        return None
    finally:
        file.seek(0)
    found = {kind for part, kind in _OFFICE_PARTS.items() if part in types}
    if len(found) != 1 or None in found:
        return None
    return found.pop()


def _is_utf8_text(file: IO[bytes]) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    try:
        while chunk := file.read(64 * 1024):
            if _TEXT_CONTROLS.search(decoder.decode(chunk)):
                return False
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    finally:
        file.seek(0)
    return True


def _looks_like_dxf(head: bytes) -> bool:
    lines = [line.strip() for line in head.decode("utf-8", "replace").lstrip("\ufeff").splitlines()[:4]]
    lines = [line for line in lines if line]
    return len(lines) >= 2 and lines[0] == "0" and lines[1] == "SECTION"
