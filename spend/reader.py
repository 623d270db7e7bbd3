"""Reading a financial system's export of posted creditor lines, streaming.

Municipal financial systems export posted lines as Danish CSV (Windows-1252 or UTF-8,
``;`` between fields, ``1.234,56`` amounts, dd-mm-åååå or dd.mm.åååå dates) or XLSX,
with headers such as *Bogføringsdato*, *Kreditor*, *Kreditornr.*, *CVR-nr.*, *Beløb*,
*Artskonto*, *Funktion*, *Omkostningssted* and *Bilagstekst*. No two systems name their
columns alike, so the headers are matched on the words below (case and punctuation
ignored) and a source keeps the mapping a user chose (``SpendSource.columns``).

The file is parsed in a child process under the CPU-time and memory caps of
:mod:`interop.guard` (:func:`open_spend_file_capped`), which sends the rows to the
importer as it writes them: a hostile file (a zip bomb, 100,000 columns, a field of
megabytes) fails its own import with a Danish message, never the worker.
A CSV file is never read whole: the encoding is decided in one pass over the bytes
(UTF-8, else Windows-1252) and the rows are then streamed through :mod:`csv`, so memory
stays flat whatever the number of lines (docs/adr/0005-spend-storage.md).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from interop.guard import stream_capped
from interop.tabular.read import (
    TableError,
    check_zip,
    max_columns,
    sniff_delimiter,
    sniff_format,
)

FIELDS = {
    "posted": gettext_lazy("Bogføringsdato"),
    "vendor_name": gettext_lazy("Kreditor"),
    "vendor_number": gettext_lazy("Kreditornr."),
    "cvr": gettext_lazy("CVR-nr."),
    "amount": gettext_lazy("Beløb"),
    "account": gettext_lazy("Art"),
    "function": gettext_lazy("Funktion"),
    "unit": gettext_lazy("Omkostningssted"),
    "text": gettext_lazy("Tekst"),
}
# The words each field's header goes by (folded: lower case, letters and digits only).
SYNONYMS = {
    "posted": (
        "bogføringsdato bogfoeringsdato bogførtdato posteringsdato bilagsdato dato "
        "posteringdato bogført"
    ),
    "vendor_name": "kreditor kreditornavn leverandør leverandørnavn kreditorleverandør navn",
    "vendor_number": "kreditornr kreditornummer leverandørnr leverandørnummer kreditorid",
    "cvr": "cvrnr cvr cvrnummer kreditorcvr",
    "amount": "beløb beløbdkk beløbkr belob beløbikr",
    "account": "art artskonto artkonto artsnr",
    "function": "funktion funktionskonto hovedfunktion",
    "unit": (
        "omkostningssted organisation omkostningsstedorganisation organisationsenhed "
        "afdeling enhed orgenhed omkostningssteder"
    ),
    "text": "tekst bilagstekst posteringstekst beskrivelse",
}
_BY_WORD = {word: key for key, words in SYNONYMS.items() for word in words.split()}
REQUIRED = ("posted", "amount")
BATCH_READ = 65536


def fold_header(header: object) -> str:
    """A header as compared: lower case, letters and digits only.

    >>> fold_header(" CVR-nr. ")
    'cvrnr'
    """
    return "".join(ch for ch in str(header or "").casefold() if ch.isalnum())


def auto_mapping(headers: list[str], saved: dict[str, str] | None = None) -> list[str]:
    """The field each header is read as ('' = not used): the source's saved choice first,
    else the synonyms; a field claimed twice keeps its first column.

    >>> auto_mapping(["Bilagsdato", "Kreditor", "Beløb", "Bilagstekst", "Moms"])
    ['posted', 'vendor_name', 'amount', 'text', '']
    """
    saved = saved or {}
    result: list[str] = []
    for header in headers:
        key = saved[header] if header in saved else _BY_WORD.get(fold_header(header), "")
        result.append(key if key in FIELDS and key not in result else "")
    return result


def mapping_problems(mapping: list[str]) -> list[str]:
    problems = [
        _("Kolonnen med %(field)s mangler.") % {"field": FIELDS[key]}
        for key in REQUIRED
        if key not in mapping
    ]
    if not {"vendor_name", "vendor_number", "cvr"} & set(mapping):
        problems.append(_("Der skal være en kolonne med kreditorens navn, nummer eller CVR-nr."))
    return problems


# Values --------------------------------------------------------------------------------

_AMOUNT = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?[+-]?$")
_DOT_DECIMAL = re.compile(r"^[+-]?\d+\.\d{1,2}$")  # 1234.5 (a spreadsheet number)


def parse_amount(value: object) -> Decimal:
    """An amount as the financial systems write it; ValueError with a Danish message.

    >>> [str(parse_amount(v)) for v in ("1.234,56", "-12,5", "250", "1234.50", "80,00-")]
    ['1234.56', '-12.50', '250.00', '1234.50', '-80.00']
    """
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return Decimal(str(value)).quantize(Decimal("0.01"))
    text = str(value or "").strip().replace(" ", "").replace("\xa0", "").removesuffix("kr.")
    if _DOT_DECIMAL.match(text):
        number = text
    elif _AMOUNT.match(text):
        number = text.replace(".", "").replace(",", ".")
        if number.endswith("-"):
            number = "-" + number[:-1]
        number = number.removesuffix("+")
    else:
        raise ValueError(_("»%(value)s« er ikke et beløb.") % {"value": str(value)[:40]})
    try:
        return Decimal(number).quantize(Decimal("0.01"))
    except InvalidOperation as exc:
        raise ValueError(_("»%(value)s« er ikke et beløb.") % {"value": str(value)[:40]}) from exc


_CANONICAL = re.compile(r"^(-?)(\d{1,3}(?:\.\d{3})*|\d+),(\d\d)(-?)$")


def amount_cents(text: str) -> int:
    """An amount in øre, fast for the usual ``-1.234,56`` form; other forms go through
    :func:`parse_amount` (ValueError with a Danish message).

    >>> amount_cents("-1.234,56"), amount_cents("80,00-"), amount_cents("12.5")
    (-123456, -8000, 1250)
    """
    match = _CANONICAL.match(text)
    if match is not None:
        sign, whole, cents, trailing = match.groups()
        value = int(whole.replace(".", "")) * 100 + int(cents)
        return -value if sign or trailing else value
    return int(parse_amount(text) * 100)


def cents_text(cents: int) -> str:
    """
    >>> cents_text(-123456), cents_text(5)
    ('-1234.56', '0.05')
    """
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(cents), 100)
    return f"{sign}{whole}.{rest:02d}"


_DATE_FORMATS = ("%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y", "%d-%m-%y", "%d.%m.%y")


def parse_date(value: object) -> dt.date:
    """A posting date; ValueError with a Danish message.

    >>> parse_date("03.02.2025"), parse_date("2025-02-03")
    (datetime.date(2025, 2, 3), datetime.date(2025, 2, 3))
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    text = text.split(" ")[0] if " " in text else text  # "03-02-2025 00:00:00"
    for fmt in _DATE_FORMATS:
        try:
            parsed = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if 1990 <= parsed.year <= 2100:
            return parsed
    raise ValueError(_("»%(value)s« er ikke en dato (dd-mm-åååå).") % {"value": text[:40]})


def _xlsx_text(value: object) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.2f}" if not value.is_integer() else str(int(value))
    return text_cell(value)


def text_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# Files ---------------------------------------------------------------------------------


@dataclass
class SpendFile:
    """An open export: its headers, how it was read and its data rows (row number, cells)."""

    headers: list[str]
    describe: str
    rows: Iterator[tuple[int, list[Any]]]
    closers: list[Any] = field(default_factory=list)

    def close(self) -> None:
        for closer in self.closers:
            closer.close()


def _open(source: bytes | Path) -> IO[bytes]:
    if isinstance(source, Path):
        try:
            return source.open("rb")
        except OSError as exc:
            raise TableError(_("Kan ikke læse %(path)s.") % {"path": source.name}) from exc
    return io.BytesIO(source)


def _head(source: bytes | Path, n: int = 4096) -> bytes:
    with _open(source) as handle:
        return handle.read(n)


def _encoding(handle: IO[bytes]) -> tuple[str, str]:
    """Decide the encoding in one streaming pass (UTF-8 if every byte decodes)."""
    head = handle.read(4)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", "UTF-8 (BOM)"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", "UTF-16"
    decoder = codecs.getincrementaldecoder("utf-8")()
    chunk = head
    try:
        while chunk:
            decoder.decode(chunk)
            chunk = handle.read(1 << 20)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252", "Windows-1252"
    return "utf-8", "UTF-8"


def open_spend_file(source: bytes | Path) -> SpendFile:
    """Open a CSV or XLSX export for streaming; TableError with a Danish message."""
    fmt = sniff_format(_head(source))
    if fmt == "xlsx":
        return _open_xlsx(source)
    if fmt != "csv":
        raise TableError(_("Filen er hverken en CSV-fil eller et XLSX-regneark."))
    handle = _open(source)
    encoding, label = _encoding(handle)
    handle.seek(0)
    text = io.TextIOWrapper(handle, encoding=encoding, errors="replace", newline="")
    delimiter = sniff_delimiter(text.read(65536))
    text.seek(0)
    reader = csv.reader(text, delimiter=delimiter)
    try:
        headers = [h.strip() for h in next(reader)]
    except StopIteration:
        text.close()
        raise TableError(_("Filen er tom.")) from None
    except csv.Error as exc:
        text.close()
        raise TableError(_("CSV-filen kan ikke læses: %(err)s") % {"err": exc}) from exc
    names = {";": _("semikolon"), ",": _("komma"), "\t": _("tabulator")}
    describe = _("CSV, %(encoding)s, adskilt med %(delimiter)s") % {
        "encoding": label,
        "delimiter": names.get(delimiter, delimiter),
    }

    def rows() -> Iterator[tuple[int, list[Any]]]:
        number = 1
        try:
            for cells in reader:
                number += 1
                if cells and any(cells):
                    yield number, cells
        except csv.Error as exc:
            raise TableError(
                _("Række %(row)s kan ikke læses: %(err)s") % {"row": number + 1, "err": exc}
            ) from exc

    return SpendFile(headers, describe, rows(), [text])


def _open_xlsx(source: bytes | Path) -> SpendFile:
    from openpyxl import load_workbook

    data = source.read_bytes() if isinstance(source, Path) else source
    check_zip(data, max_bytes=len(data) * 200 + 1)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        raise TableError(_("XLSX-filen kan ikke åbnes: %(err)s") % {"err": exc}) from exc
    sheet = book.worksheets[0]
    iterator = sheet.iter_rows(values_only=True)
    try:
        headers = [text_cell(h) for h in next(iterator)]
    except StopIteration:
        book.close()
        raise TableError(_("Regnearket er tomt.")) from None
    while headers and not headers[-1]:
        headers.pop()

    def rows() -> Iterator[tuple[int, list[Any]]]:
        # Every cell as text, as a CSV export has it: a date as åååå-mm-dd, a number with a
        # decimal point (the amount and date parsers read both forms).
        for number, cells in enumerate(iterator, start=2):
            values = [_xlsx_text(v) for v in cells[: len(headers)]]
            if any(values):
                yield number, values

    return SpendFile(headers, _("XLSX, ark »%(sheet)s«") % {"sheet": sheet.title}, rows(), [book])


MAX_CELL = 1000  # characters of a cell sent on (the importer keeps at most 250 of any)


def _check_columns(headers: list[str]) -> None:
    if len(headers) > max_columns():
        raise TableError(
            _("%(where)s har %(n)s kolonner; grænsen er %(limit)s.")
            % {
                "where": _("Filen"),
                "n": f"{len(headers):,}".replace(",", "."),
                "limit": f"{max_columns():,}".replace(",", "."),
            }
        )


def _parsed_rows(source: bytes | Path) -> Iterator[tuple[Any, ...]]:
    """Run in the capped child: first (0, headers, describe), then (row number, cells)
    with at most as many cells as there are headers, each at most MAX_CELL long."""
    spend_file = open_spend_file(source)
    try:
        headers = spend_file.headers
        _check_columns(headers)
        yield 0, headers, spend_file.describe
        width = len(headers)
        for number, cells in spend_file.rows:
            if len(cells) > width:
                cells = cells[:width]
            if cells and max(map(len, cells)) > MAX_CELL:
                cells = [cell[:MAX_CELL] for cell in cells]
            yield number, cells
    finally:
        spend_file.close()


def _cell_count(item: tuple[Any, ...]) -> int:
    return len(item[1]) + 1


CPU_BYTES_PER_SECOND = 10 * 1024 * 1024


def parse_cpu_seconds(source: bytes | Path) -> int:
    """The CPU-time cap for parsing a spend file: the import cap
    (``STYRBAR_IMPORT_CPU_SECONDS``) plus one second per 10 MB of file. Exports of
    millions of lines are legitimate (about 100 MB per million lines) and their parse
    grows with their size; a CSV cannot make the parse do more work per byte, and an
    XLSX file unpacks to at most 100 times its size (``interop.tabular.read.check_zip``)."""
    from interop.guard import cpu_seconds

    size = source.stat().st_size if isinstance(source, Path) else len(source)
    return cpu_seconds() + size // CPU_BYTES_PER_SECOND


def open_spend_file_capped(source: bytes | Path) -> SpendFile:
    """:func:`open_spend_file`, parsed in a child process under the import caps
    (:func:`interop.guard.stream_capped`); its rows arrive while they are written.
    TableError (or ParseLimitExceeded, a TableError) with a Danish message, at once or
    while the rows are read."""
    stream = stream_capped(_parsed_rows, source, size=_cell_count, cpu=parse_cpu_seconds(source))
    try:
        _zero, headers, describe = next(stream)
    except StopIteration:  # pragma: no cover - the child always answers or fails
        raise TableError(_("Filen er tom.")) from None
    except BaseException:
        stream.close()
        raise
    return SpendFile(headers, describe, stream, [stream])
