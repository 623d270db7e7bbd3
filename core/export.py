"""Spreadsheet exports of list views: CSV in a Danish Excel profile and XLSX.

CSV: UTF-8 with BOM, ';' as separator, decimal comma, dates dd-mm-åååå — what Danish
Excel opens correctly with a double-click. Both formats neutralise spreadsheet formulas:
a text cell starting with = + - @, a tab or a carriage return gets a leading apostrophe,
so a value like ``=HYPERLINK(...)`` is shown as text instead of being executed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


FORMULA_STARTS = ("=", "+", "-", "@")


# Characters XML 1.0 cannot hold (C0 controls but tab, newline and carriage return; the
# non-characters U+FFFE/U+FFFF; lone surrogates): XLSX, DOCX and ArchiMate refuse them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def xml_safe(text: str) -> str:
    r"""Text an XML document (XLSX, DOCX, ArchiMate) can hold: each character XML 1.0
    forbids (a bell, an escape, …) stored in older data becomes U+FFFD, so the export
    still works and shows where something was.

    >>> xml_safe("Løn\u0007system\u001b")
    'Løn\ufffdsystem\ufffd'
    >>> xml_safe("Linje 1\nLinje 2\tfane")
    'Linje 1\nLinje 2\tfane'
    """
    return _NOT_XML.sub(REPLACEMENT, text)


def xml_safe_tree(value: Any) -> Any:
    """:func:`xml_safe` applied to every text in nested dicts and lists (keys included)."""
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, dict):
        return {xml_safe_tree(k): xml_safe_tree(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(xml_safe_tree(v) for v in value)
    return value


def starts_formula(value: str) -> bool:
    r"""A spreadsheet may read the text as a formula: it starts with a formula character or
    a tab or carriage return, or with white space and then a formula character.

    >>> starts_formula("=1"), starts_formula(" \n=1"), starts_formula("Serviceplatformen")
    (True, True, False)
    """
    return value.startswith(FORMULA_PREFIXES) or value.lstrip(" \t\r\n").startswith(FORMULA_STARTS)


def neutralise(value: str) -> str:
    r"""Prefix text that a spreadsheet would treat as a formula.

    >>> neutralise("=1+1")
    "'=1+1"
    >>> neutralise(" \n@SUM(A1)")
    "' \n@SUM(A1)"
    >>> neutralise("Serviceplatformen")
    'Serviceplatformen'
    """
    return "'" + value if starts_formula(value) else value


def looks_neutralised(text: str) -> bool:
    """The text is an apostrophe followed by something :func:`neutralise` would prefix."""
    return len(text) > 1 and text[0] == "'" and starts_formula(text[1:])


def csv_cell(value: Any) -> str:
    """One value in the Danish CSV profile."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, Decimal | float):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    return neutralise(str(value))


def xlsx_cell(value: Any) -> Any:
    """A value for openpyxl: numbers and dates stay typed, booleans are ja/nej (as in the
    CSV profile and on the screen; the import reads both), text is neutralised.

    >>> xlsx_cell(True), xlsx_cell(False), xlsx_cell(3)
    ('ja', 'nej', 3)
    """
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, dt.datetime):
        return value.astimezone().replace(tzinfo=None) if value.tzinfo else value
    if value is None or isinstance(value, bool | int | float | Decimal | dt.date):
        return value
    return neutralise(xml_safe(str(value)))


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> StreamingHttpResponse:
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")

    def stream() -> Iterable[str]:
        yield "\ufeff" + writer.writerow([neutralise(str(h)) for h in header])
        for row in rows:
            yield writer.writerow([csv_cell(v) for v in row])

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(
    filename: str, sheet: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(title=xml_safe(sheet[:31]))
    worksheet.append([xlsx_cell(str(h)) for h in header])
    for row in rows:
        worksheet.append([xlsx_cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
