"""Reading uploaded tables: CSV in whatever encoding and delimiter Excel users save, and .xlsx.

Rows are streamed: a 100k-row file is never held as Python objects beyond the caller's chunk.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _

SAMPLE_BYTES = 1024 * 1024
DELIMITERS = (",", ";", "\t")
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
MAX_ZIP_MEMBERS = 10_000
CSV_EXTENSIONS = (".csv", ".txt", ".tsv")


class ImportFileError(Exception):
    """The file cannot be read as a table; the message says why in the user's language."""


def max_uncompressed_bytes() -> int:
    return int(getattr(settings, "CATENA_IMPORT_MAX_UNCOMPRESSED_BYTES", 512 * 1024 * 1024))


def unquote_cell(text: str) -> str:
    """Undo the leading quote our exports put before values that look like formulas."""
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_TRIGGERS:
        return text[1:]
    return text


def cell_text(value: Any) -> str:
    """A spreadsheet cell as the text a user typed (518000.0 → "518000")."""
    if value is None:
        return ""
    if isinstance(value, str):
        return unquote_cell(value.strip())
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e17:
            return str(int(value))
        return format(value, ".15g")
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return str(value).strip()


class Table:
    """A header row and numbered data rows (numbers as a spreadsheet shows them: header = 1)."""

    headers: list[str]
    description: str

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        raise NotImplementedError

    def count_rows(self) -> int:
        return sum(1 for _row in self.rows())


def detect_encoding(sample: bytes) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with BOM; otherwise GB18030, the superset of GBK that
    Chinese Excel writes when it saves "CSV"."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        codecs.getincrementaldecoder("gb18030")().decode(sample, final=False)
        return "gb18030"
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _("The file is neither UTF-8 nor GBK/GB18030 text. Save it as “CSV UTF-8” or as .xlsx.")
        ) from exc


def detect_delimiter(text: str) -> str:
    """The delimiter that splits the header into the most columns and keeps the next lines alike."""
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    if not lines:
        return ","
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        try:
            counts = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        except csv.Error:
            continue
        header_count = counts[0]
        if header_count < 2:
            continue
        consistent = sum(1 for c in counts[1:] if c == header_count)
        score = (header_count > 1 and consistent == len(counts) - 1, header_count)
        if score > best_score:
            best, best_score = delimiter, score
    return best


class CsvTable(Table):
    def __init__(self, path: Path) -> None:
        self.path = path
        with path.open("rb") as handle:
            sample = handle.read(SAMPLE_BYTES)
        if not sample.strip():
            raise ImportFileError(_("The file is empty."))
        self.encoding = detect_encoding(sample)
        text = sample.decode(self.encoding, errors="ignore")
        self.delimiter = detect_delimiter(text)
        self.description = f"CSV {self.encoding} {'TAB' if self.delimiter == chr(9) else self.delimiter}"
        first = next(self._records(), None)
        if first is None or not any(cell.strip() for cell in first[1]):
            raise ImportFileError(_("The first row must hold the column headers."))
        self.headers = [cell.strip().lstrip("\ufeff") for cell in first[1]]

    def _open(self) -> IO[str]:
        return io.TextIOWrapper(self.path.open("rb"), encoding=self.encoding, newline="")

    def _records(self) -> Iterator[tuple[int, list[str]]]:
        handle = self._open()
        try:
            reader = csv.reader(handle, delimiter=self.delimiter)
            number = 0
            try:
                for number, record in enumerate(reader, start=1):  # noqa: B007  (number is reported on error)
                    yield number, record
            except UnicodeDecodeError as exc:
                raise ImportFileError(
                    _("Row %(row)s cannot be read as %(encoding)s text; save the file as “CSV UTF-8”.")
                    % {"row": number + 1, "encoding": self.encoding}
                ) from exc
            except csv.Error as exc:
                raise ImportFileError(
                    _("Row %(row)s is not valid CSV: %(error)s") % {"row": number + 1, "error": exc}
                ) from exc
        finally:
            handle.close()

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        records = self._records()
        next(records, None)
        for number, record in records:
            if any(cell.strip() for cell in record):
                yield number, [unquote_cell(cell.strip()) for cell in record]


def check_zip(path: Path) -> None:
    """Refuse files that are not zip archives (so not .xlsx) or that inflate beyond the limit."""
    if not zipfile.is_zipfile(path):
        raise ImportFileError(_("This is not an .xlsx workbook. Save it from Excel as .xlsx or as CSV."))
    limit = max_uncompressed_bytes()
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                raise ImportFileError(_("The workbook has too many parts to be a normal .xlsx file."))
            if sum(m.file_size for m in members) > limit:
                raise ImportFileError(_("The workbook is too large once unpacked."))
            # The declared sizes may lie: count what really comes out, and stop at the limit.
            total = 0
            for member in members:
                with archive.open(member) as stream:
                    while chunk := stream.read(1024 * 1024):
                        total += len(chunk)
                        if total > limit:
                            raise ImportFileError(_("The workbook is too large once unpacked."))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError) as exc:
        raise ImportFileError(_("The workbook is damaged and cannot be read.")) from exc


class XlsxTable(Table):
    def __init__(self, path: Path) -> None:
        from python_calamine import CalamineWorkbook

        check_zip(path)
        self.path = path
        self.description = "XLSX"
        try:
            self.workbook = CalamineWorkbook.from_path(str(path))
            self.sheet = self.workbook.get_sheet_by_index(0)
        except Exception as exc:  # calamine raises its own error types for broken workbooks
            raise ImportFileError(_("The workbook is damaged and cannot be read.")) from exc
        self.first_row = (self.sheet.start or (0, 0))[0] + 1
        header = next(iter(self.sheet.iter_rows()), None)
        if header is None or not any(cell_text(c) for c in header):
            raise ImportFileError(_("The first row must hold the column headers."))
        self.headers = [cell_text(c) for c in header]

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        iterator = iter(self.sheet.iter_rows())
        next(iterator, None)
        for offset, record in enumerate(iterator, start=1):
            cells = [cell_text(c) for c in record]
            if any(cells):
                yield self.first_row + offset, cells

    def count_rows(self) -> int:
        return max(0, int(self.sheet.height) - 1)


def open_table(path: Path | str, filename: str = "") -> Table:
    """Open ``path`` as a table, choosing the reader by the original file name and the content."""
    path = Path(path)
    name = (filename or path.name).lower()
    if name.endswith(".xls"):
        raise ImportFileError(_("The old .xls format is not supported. Save the workbook as .xlsx or CSV."))
    with path.open("rb") as handle:
        magic = handle.read(4)
    if name.endswith(".xlsx") or (magic == b"PK\x03\x04" and not name.endswith(CSV_EXTENSIONS)):
        return XlsxTable(path)
    if magic == b"PK\x03\x04":
        raise ImportFileError(_("This file is a zip archive, not CSV text. Upload an .xlsx or a CSV file."))
    return CsvTable(path)
