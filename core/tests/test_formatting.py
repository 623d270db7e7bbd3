from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import translation

from core.templatetags.styrbar import cell, dk_number, kr


def test_amounts_in_danish_format() -> None:
    with translation.override("da"):
        assert kr(Decimal("1234.5")) == "1.234\u00a0kr."  # whole kroner in tables
        assert kr(Decimal("1234.5"), "øre") == "1.234,50\u00a0kr."
        assert kr(1234567) == "1.234.567\u00a0kr."
        assert dk_number(52000) == "52.000"
        assert cell(dt.date(2026, 12, 31)) == "31-12-2026"
        assert cell(True) == "ja"


def test_amounts_in_english_format() -> None:
    with translation.override("en"):
        assert kr(Decimal("1234.5"), "øre") == "1,234.50\u00a0kr."
        assert cell(dt.date(2026, 12, 31)) == "2026-12-31"


def test_short_amounts_keep_the_exact_figure_in_the_title() -> None:
    with translation.override("da"):
        assert kr(Decimal("85962996"), "kort") == (
            '<span class="styrbar-amount" title="85.962.996,00\u00a0kr.">'
            "86,0\u00a0mio.\u00a0kr.</span>"
        )
        assert "235\u00a0t.kr." in kr(Decimal("234567.8"), "kort")
        assert ">9.999\u00a0kr.<" in kr(9999, "kort")
        assert "−" not in kr(-2_500_000, "kort") and "-2,5\u00a0mio." in kr(-2_500_000, "kort")


def test_empty_values() -> None:
    assert kr(None) == "" and dk_number("") == "" and cell(None) == ""


def test_danish_is_default_whatever_the_browser_says(db) -> None:  # type: ignore[no-untyped-def]
    from django.test import Client

    client = Client()
    # The middleware activates the chosen language in this thread; override() restores the
    # language afterwards, so later tests (which expect Danish messages) are not affected.
    with translation.override("da"):
        page = client.get("/konto/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
        assert '<html lang="da">' in page
        client.cookies["django_language"] = "en"
        assert '<html lang="en">' in client.get("/konto/login/").content.decode()
