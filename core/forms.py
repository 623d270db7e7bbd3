"""Form fields for Danish input."""

from __future__ import annotations

import re
from typing import Any

from django import forms

_GROUPED = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


def parse_danish_decimal(text: str) -> str:
    """Normalise a Danish or plain number to Python's notation (as text).

    >>> parse_danish_decimal("1.234,50")
    '1234.50'
    >>> parse_danish_decimal("1.234")
    '1234'
    >>> parse_danish_decimal("12,5 kr.")
    '12.5'
    >>> parse_danish_decimal("1234.5")
    '1234.5'
    """
    value = (
        text.strip()
        .removesuffix("kr.")
        .removesuffix("kr")
        .strip()
        .replace(" ", "")
        .replace("\xa0", "")
    )
    if "," in value:
        return value.replace(".", "").replace(",", ".")
    if _GROUPED.match(value):
        return value.replace(".", "")
    return value


class AmountField(forms.DecimalField):
    """An amount in kroner typed the Danish way (1.234,56) or plainly (1234.56)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = parse_danish_decimal(value)
        return super().to_python(value)
