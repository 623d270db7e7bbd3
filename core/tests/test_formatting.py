from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import translation

from core.templatetags.styrbar import cell, dk_number, kr


def test_amounts_in_danish_format() -> None:
    with translation.override("da"):
        assert kr(Decimal("1234.5")) == "1.234,50 kr."
        assert kr(1234567) == "1.234.567,00 kr."
        assert dk_number(52000) == "52.000"
        assert cell(dt.date(2026, 12, 31)) == "31-12-2026"
        assert cell(True) == "ja"


def test_amounts_in_english_format() -> None:
    with translation.override("en"):
        assert kr(Decimal("1234.5")) == "1,234.50 kr."
        assert cell(dt.date(2026, 12, 31)) == "2026-12-31"


def test_empty_values() -> None:
    assert kr(None) == "" and dk_number("") == "" and cell(None) == ""
