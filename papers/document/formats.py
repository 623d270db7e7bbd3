"""Danish number, amount, percent and date formats of the paper, and small text helpers."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from engine.money import format_mio
from engine.strategy import points
from papers.document.blocks import DASH

# Danish formats ------------------------------------------------------------------------------


def number(value: Any, decimals: int = 0) -> str:
    """'1.234.567,50' (Danish grouping and decimal comma); '–' for nothing.

    >>> number(Decimal("-1234567.5"), 2)
    '-1.234.567,50'
    """
    if value is None or value == "":
        return DASH
    amount = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    text = f"{amount:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def kr(value: Any) -> str:
    """Whole kroner, as a committee reads an amount in a table: '1.235 kr.'

    >>> kr("1234.5")
    '1.235 kr.'
    """
    if value is None or value == "":
        return DASH
    return f"{number(value, 0)} kr."


def mio(value: Any) -> str:
    """An amount in running text, rounded for a reader: '6,4 mio. kr.', '450.000 kr.'

    >>> mio("6432105.55"), mio(None)
    ('6,4 mio. kr.', '–')
    """
    if value is None or value == "":
        return DASH
    return format_mio(Decimal(str(value)))


def percent(share: Any, decimals: int = 1) -> str:
    """A 0-1 share as '12,5 %' (trailing ',0' dropped).

    >>> percent("0.035"), percent("0.8")
    ('3,5 %', '80 %')
    """
    if share is None or share == "":
        return DASH
    text = number(Decimal(str(share)) * 100, decimals)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return f"{text} %"


def date(value: str | None) -> str:
    """ISO date → 'dd-mm-åååå'.

    >>> date("2026-03-01")
    '01-03-2026'
    """
    if not value:
        return DASH
    return dt.date.fromisoformat(value[:10]).strftime("%d-%m-%Y")


def score(value: Any) -> str:
    """A 0-1 score as points out of 100, as the screen shows it: '72'.

    >>> score(0.575), score(None)
    ('58', '–')
    """
    if value is None:
        return DASH
    return str(points(float(value)))


def _d(value: Any) -> Decimal:
    return Decimal(str(value)) if value not in (None, "") else Decimal(0)


def _or_dash(text: str | None) -> str:
    return text if text else DASH


def _years(years: list[int], factors: list[str] | None = None) -> str:
    r"""'2026–2030' for a run of years, else '2026, 2028'; with phase-in factors one run of
    equal factors a line: '2026: 50 %' / '2027–2030: 100 %' (so a narrow column breaks
    between runs, never inside a number).

    >>> _years([0, 1, 2, 3], ["0", "0.5", "1", "1"])
    '0: 0\xa0%\n1: 50\xa0%\n2–3: 100\xa0%'
    """
    if not years:
        return DASH
    if factors:
        runs: list[tuple[int, int, str]] = []
        for year, factor in zip(years, factors, strict=False):
            shown = percent(factor, 0).replace(" ", "\xa0")
            if runs and runs[-1][2] == shown and runs[-1][1] == year - 1:
                runs[-1] = (runs[-1][0], year, shown)
            else:
                runs.append((year, year, shown))
        return "\n".join(
            f"{first}{DASH + str(last) if last != first else ''}: {shown}"
            for first, last, shown in runs
        )
    ordered = sorted(years)
    if len(ordered) > 2 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{ordered[0]}{DASH}{ordered[-1]}"
    return ", ".join(str(y) for y in ordered)


def sentence(text: str) -> str:
    """``text`` ended with one full stop (an amount like '7,3 mio. kr.' already has it).

    >>> sentence("giver 7,3 mio. kr."), sentence("giver 5 %")
    ('giver 7,3 mio. kr.', 'giver 5 %.')
    """
    return text if text.endswith(".") else f"{text}."


def _moment(value: str) -> str:
    moment = dt.datetime.fromisoformat(value)
    return moment.strftime("%d-%m-%Y kl. %H:%M")
