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
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value: str) -> str:
    """Prefix text that a spreadsheet would treat as a formula.

    >>> neutralise("=1+1")
    "'=1+1"
    >>> neutralise("Serviceplatformen")
    'Serviceplatformen'
    """
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


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
    """A value for openpyxl: numbers and dates stay typed, text is neutralised."""
    if isinstance(value, dt.datetime):
        return value.astimezone().replace(tzinfo=None) if value.tzinfo else value
    if value is None or isinstance(value, bool | int | float | Decimal | dt.date):
        return value
    return neutralise(str(value))


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
    worksheet = workbook.create_sheet(title=sheet[:31])
    worksheet.append([neutralise(str(h)) for h in header])
    for row in rows:
        worksheet.append([xlsx_cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
