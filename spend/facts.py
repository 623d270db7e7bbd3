"""The spend figures other layers read through registry hooks, without importing spend.

``advisor_facts`` (hook ``spend_facts``) gives the advisor the measured share of IT spend
outside central agreements - from the posted lines, not a typed figure - with its source
text: the period, the IT spend it was computed from and the open shadow-it candidates.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from organizations.models import Organization
from spend.selectors import outside_central


def _dk(value: Decimal, decimals: int = 0) -> str:
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def _mio(amount: Decimal) -> str:
    if abs(amount) >= 1_000_000:
        return f"{_dk(amount / Decimal(1_000_000), 1)} mio. kr."
    return f"{_dk(amount)} kr."


def advisor_facts(*, organization: Organization) -> dict[str, tuple[Any, str]]:
    """``{"spend_outside_central_share": (value or None, Danish source)}``."""
    measured = outside_central(organization=organization)
    if measured is None or measured.share is None:
        return {"spend_outside_central_share": (None, "Ingen it-klassificerede forbrugslinjer.")}
    source = (
        f"målt i forbrugslinjerne {measured.start:%m.%Y}–{measured.end:%m.%Y}: "
        f"{_mio(measured.outside)} af {_mio(measured.it_total)} it-forbrug gik til "
        f"kreditorer uden en central aftale; {measured.candidates} uvurderede "
        f"skygge-it-kandidater for {_mio(measured.candidates_total)}"
    )
    return {"spend_outside_central_share": (measured.share, source)}
