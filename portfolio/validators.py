"""Validators for Danish identifiers."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


def cvr_is_valid(value: str) -> bool:
    """CVR: eight digits, not starting with 0, weighted sum (2,7,6,5,4,3,2,1) divisible by 11.

    >>> cvr_is_valid("29189846")
    True
    >>> cvr_is_valid("29189847")
    False
    """
    if len(value) != 8 or not value.isdigit() or value[0] == "0":
        return False
    return sum(int(d) * w for d, w in zip(value, CVR_WEIGHTS, strict=True)) % 11 == 0


def validate_cvr(value: str) -> None:
    if value and not cvr_is_valid(value):
        raise ValidationError(
            _("%(value)s er ikke et gyldigt CVR-nummer (8 cifre med kontrolciffer)."),
            params={"value": value},
            code="invalid_cvr",
        )


def validate_kle_number(value: str) -> None:
    parts = value.split(".")
    if not 1 <= len(parts) <= 3 or any(len(p) != 2 or not p.isdigit() for p in parts):
        raise ValidationError(
            _("Et KLE-nummer har formen 00, 00.00 eller 00.00.00."), code="invalid_kle"
        )
