"""Files as municipalities export them (synthetic numbers) and small builders."""

from __future__ import annotations

import io
from typing import Any

WIDE_HEADER = (
    "Måned;Serviceområde;Personligt fremmøde;Telefon;Digital selvbetjening;Digital Post;Chat"
)


def wide_csv(
    rows: list[tuple[Any, ...]], *, encoding: str = "cp1252", header: str = WIDE_HEADER
) -> bytes:
    lines = [header] + [";".join(str(v) for v in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def long_csv(rows: list[tuple[Any, ...]]) -> bytes:
    lines = ["Måned;Serviceområde;Kanal;Antal henvendelser"]
    lines += [";".join(str(v) for v in row) for row in rows]
    return "\n".join(lines).encode("utf-8-sig")


def xlsx(rows: list[list[Any]], header: list[str]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Kanaler"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
