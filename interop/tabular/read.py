"""Reading a spreadsheet file into tables: file kind by content, XLSX zip-bomb safety,
CSV encoding and delimiter.

The file type is judged by its content, never its name. An XLSX file is a zip archive and
is checked for zip bombs before openpyxl opens it (openpyxl parses the XML parts through
defusedxml). A CSV file is decoded as UTF-8 (with or without BOM), UTF-16 with BOM, or
Windows-1252, and its delimiter (``;``, ``,`` or tab) is the one that splits the first rows
into the same, largest number of columns.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from interop.xml import default_max_bytes

DELIMITERS = (";", ",", "\t")
ZIP_MAX_ENTRIES = 2000
ZIP_MAX_RATIO = 100  # uncompressed / compressed, per large member
ZIP_RATIO_FLOOR = 1024 * 1024  # members smaller than this are never judged by ratio


def max_columns() -> int:
    """The most columns a sheet may have (``STYRBAR_IMPORT_MAX_COLUMNS``)."""
    from django.conf import settings

    return int(getattr(settings, "STYRBAR_IMPORT_MAX_COLUMNS", 500))


def max_rows() -> int:
    """The most data rows a sheet may have (``STYRBAR_IMPORT_MAX_ROWS``)."""
    from django.conf import settings

    return int(getattr(settings, "STYRBAR_IMPORT_MAX_ROWS", 200_000))


def _check_rows(count: int, sheet: str) -> None:
    if count > max_rows():
        raise TableError(
            _("%(where)s har %(n)s rækker; grænsen er %(limit)s. Del filen op.")
            % {
                "where": _("Arket »%(sheet)s«") % {"sheet": sheet} if sheet else _("Filen"),
                "n": f"{count:,}".replace(",", "."),
                "limit": f"{max_rows():,}".replace(",", "."),
            }
        )


class TableError(ValueError):
    """The file cannot be read as a table; ``str(exc)`` is a Danish message."""


@dataclass
class Table:
    """One sheet (or the CSV file): headers, and data rows with their row numbers."""

    headers: list[str]
    rows: list[tuple[int, list[Any]]]
    format: str  # "csv" | "xlsx"
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""

    def describe(self) -> str:
        if self.format == "xlsx":
            return _("XLSX, ark »%(sheet)s«") % {"sheet": self.sheet}
        names = {";": _("semikolon"), ",": _("komma"), "\t": _("tabulator")}
        return _("CSV, %(encoding)s, adskilt med %(delimiter)s") % {
            "encoding": self.encoding,
            "delimiter": names.get(self.delimiter, self.delimiter),
        }


def sniff_format(data: bytes) -> str:
    """'xlsx', 'json', 'xml' or 'csv' by content; raises TableError for other binaries."""
    if data.startswith(b"PK\x03\x04"):
        return "xlsx"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise TableError(
            _("Filen er i det gamle Excel-format (.xls). Gem den som .xlsx eller CSV og prøv igen.")
        )
    if data.startswith(b"%PDF"):
        raise TableError(_("Filen er en PDF, ikke et regneark eller en CSV-fil."))
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"{", b"[")):
        return "json"
    if head.startswith(b"<"):
        return "xml"
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise TableError(_("Filen er ikke tekst og ikke et XLSX-regneark."))
    return "csv"


def _check_size(data: bytes, max_bytes: int | None) -> int:
    limit = max_bytes or default_max_bytes()
    if len(data) > limit:
        raise TableError(
            _("Filen fylder %(size)s MB; grænsen er %(limit)s MB.")
            % {"size": round(len(data) / 1e6, 1), "limit": round(limit / 1e6, 1)}
        )
    return limit


def check_zip(data: bytes, *, max_bytes: int | None = None) -> None:
    """Refuse zip bombs and archives that are not XLSX workbooks before anything is unpacked."""
    limit = _check_size(data, max_bytes)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise TableError(_("Filen er en ødelagt zip-/XLSX-fil.")) from exc
    if len(members) > ZIP_MAX_ENTRIES:
        raise TableError(_("XLSX-filen indeholder for mange dele til at være et regneark."))
    total = 0
    for member in members:
        total += member.file_size
        large = member.file_size > ZIP_RATIO_FLOOR
        if large and member.file_size > ZIP_MAX_RATIO * max(member.compress_size, 1):
            raise TableError(
                _("XLSX-filen er afvist: den pakker sig ud til uforholdsmæssigt meget (zip-bombe).")
            )
    if total > 10 * limit:
        raise TableError(
            _("XLSX-filen er afvist: udpakket fylder den %(size)s MB (zip-bombe?).")
            % {"size": round(total / 1e6)}
        )
    names = {m.filename for m in members}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise TableError(_("Zip-filen er ikke et XLSX-regneark."))


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="strict"), "UTF-8 (BOM)"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "UTF-16"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as exc:
        raise TableError(
            _("Filens tegnsæt kan ikke genkendes (hverken UTF-8 eller Windows-1252).")
        ) from exc


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first rows into the same, largest number of columns."""
    sample = text[:65536]
    best, best_score = ";", (-1, -1)
    for delimiter in DELIMITERS:
        try:
            rows = [
                r
                for _i, r in zip(
                    range(20), csv.reader(io.StringIO(sample), delimiter=delimiter), strict=False
                )
            ]
        except csv.Error:
            continue
        rows = [r for r in rows if any(cell.strip() for cell in r)]
        if not rows:
            continue
        width = len(rows[0])
        consistent = sum(1 for r in rows[1:] if len(r) == width)
        score = (width if width > 1 else 0, consistent)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _csv_table(data: bytes) -> Table:
    text, encoding = _decode(data)
    delimiter = sniff_delimiter(text)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise TableError(_("CSV-filen kan ikke læses: %(err)s") % {"err": exc}) from exc
    return _table(records, "csv", encoding=encoding, delimiter=delimiter)


def _table(
    records: Iterable[Iterable[Any]], fmt: str, limit: int | None = None, **info: str
) -> Table:
    """The headers and data rows of ``records`` (at most ``limit`` data rows: a preview)."""
    headers: list[str] | None = None
    rows: list[tuple[int, list[Any]]] = []
    for number, record in enumerate(records, start=1):
        cells = list(record)
        if not any(cell not in (None, "") and str(cell).strip() for cell in cells):
            continue
        if headers is None:
            named = len(cells)  # up to the last named column (a sheet pads with blanks)
            while named and cells[named - 1] in (None, ""):
                named -= 1
            if named > max_columns():
                where = info.get("sheet", "")
                raise TableError(
                    _("%(where)s har %(n)s kolonner; grænsen er %(limit)s.")
                    % {
                        "where": _("Arket »%(sheet)s«") % {"sheet": where} if where else _("Filen"),
                        "n": f"{named:,}".replace(",", "."),
                        "limit": f"{max_columns():,}".replace(",", "."),
                    }
                )
            headers = [str(cell).strip() if cell is not None else "" for cell in cells]
            continue
        if limit is not None and len(rows) >= limit:
            break
        rows.append((number, cells))
    if headers is None:
        raise TableError(_("Filen er tom."))
    return Table(headers=headers, rows=rows, format=fmt, **info)


def _xlsx_tables(data: bytes, max_bytes: int | None) -> list[Table]:
    from openpyxl import load_workbook

    check_zip(data, max_bytes=max_bytes)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        raise TableError(_("XLSX-filen kan ikke åbnes: %(err)s") % {"err": exc}) from exc
    tables = []
    try:
        for sheet in book.worksheets:
            try:
                table = _table(sheet.iter_rows(values_only=True), "xlsx", sheet=sheet.title)
            except TableError:
                continue  # an empty sheet
            tables.append(table)
    finally:
        book.close()
    if not tables:
        raise TableError(_("Regnearket er tomt."))
    return tables


def read_tables(data: bytes, *, max_bytes: int | None = None) -> list[Table]:
    """Every non-empty sheet of an XLSX file, or the one table of a CSV file."""
    _check_size(data, max_bytes)
    fmt = sniff_format(data)
    if fmt == "xlsx":
        return _xlsx_tables(data, max_bytes)
    if fmt != "csv":
        raise TableError(_("Filen er %(fmt)s, ikke CSV eller XLSX.") % {"fmt": fmt.upper()})
    return [_csv_table(data)]


@dataclass
class Preview:
    """A table's headers and first rows, and how many data rows it has (for XLSX the
    sheet's recorded size, an upper bound: trailing blank rows count)."""

    table: Table
    row_count: int
    exact: bool


def preview_tables(data: bytes, *, rows: int = 3, max_bytes: int | None = None) -> list[Preview]:
    """What the upload page needs, without reading every cell: each table's headers, its
    first ``rows`` data rows and its size. The whole file is read by the background job."""
    _check_size(data, max_bytes)
    fmt = sniff_format(data)
    if fmt == "csv":
        text, encoding = _decode(data)
        delimiter = sniff_delimiter(text)
        try:
            reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
            table = _table(reader, "csv", limit=rows, encoding=encoding, delimiter=delimiter)
            records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
            filled = sum(1 for r in records if any(cell.strip() for cell in r))
        except csv.Error as exc:
            raise TableError(_("CSV-filen kan ikke læses: %(err)s") % {"err": exc}) from exc
        _check_rows(max(filled - 1, 0), "")
        return [Preview(table, max(filled - 1, 0), True)]
    if fmt != "xlsx":
        raise TableError(_("Filen er %(fmt)s, ikke CSV eller XLSX.") % {"fmt": fmt.upper()})
    from openpyxl import load_workbook

    check_zip(data, max_bytes=max_bytes)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        raise TableError(_("XLSX-filen kan ikke åbnes: %(err)s") % {"err": exc}) from exc
    previews = []
    try:
        for sheet in book.worksheets:
            try:
                cells = sheet.iter_rows(values_only=True)
                table = _table(cells, "xlsx", limit=rows, sheet=sheet.title)
            except TableError:
                continue  # an empty sheet
            first = table.rows[0][0] if table.rows else 2
            size = (sheet.max_row or 0) - first + 1 if table.rows else 0
            _check_rows(size, sheet.title)
            previews.append(Preview(table, max(size, len(table.rows)), False))
    finally:
        book.close()
    if not previews:
        raise TableError(_("Regnearket er tomt."))
    return previews
