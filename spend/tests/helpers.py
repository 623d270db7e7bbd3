"""Small spend exports for the tests, in the Danish export format (spend.synthetic)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from spend.synthetic import HEADERS, csv_bytes, danish_amount

SHADOW_CVR = "29189846"  # a valid CVR (mod-11); the creditors here are fictional


def line(
    day: dt.date,
    vendor: str,
    amount: Decimal | str,
    *,
    number: str = "",
    cvr: str = "",
    account: str = "227100",
    unit: str = "Borgerservice",
    text: str = "Brugerlicens",
    function: str = "6.45.51",
) -> list[str]:
    value = amount if isinstance(amount, str) else danish_amount(Decimal(amount))
    return [day.strftime("%d-%m-%Y"), vendor, number, cvr, value, account, function, unit, text]


def export(rows: list[list[str]], **options: Any) -> bytes:
    return csv_bytes(rows, **options)


__all__ = ["HEADERS", "SHADOW_CVR", "export", "line"]
