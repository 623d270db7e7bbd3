"""Cells into model values: Danish and international numbers, dates, yes/no, UUIDs and
choice labels (``1.234,56``, ``31-12-2026``, ``ja``/``nej``)."""

from __future__ import annotations

import datetime as dt
import re
import uuid as uuidlib
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _

from core.export import looks_neutralised

_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y", "%d-%m-%y", "%d.%m.%y")
_TRUE = {"ja", "j", "yes", "y", "true", "sand", "1", "x", "✓"}
_FALSE = {"nej", "n", "no", "false", "falsk", "0", ""}
_THOUSANDS_DOT = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_text(value: Any) -> str:
    """Text as stored: trimmed; a formula-neutralising apostrophe from an export removed.

    >>> parse_text("'=SUM(A1)")
    '=SUM(A1)'
    >>> parse_text(12.0)
    '12'
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).lstrip()
    if looks_neutralised(text):
        return text[1:].strip()
    return text.rstrip()


def parse_decimal(value: Any) -> Decimal:
    """A number in Danish (``1.234,56``) or international (``1234.56``) notation.

    With both separators the last one is the decimal mark; a lone comma is a decimal
    comma; a lone dot is a thousands separator only in the Danish grouping ``1.234.567``.

    >>> parse_decimal("1.234,56"), parse_decimal("1234.5"), parse_decimal("1.234")
    (Decimal('1234.56'), Decimal('1234.5'), Decimal('1234'))
    """
    if isinstance(value, bool):
        raise ValueError(_("»%(value)s« er ikke et tal.") % {"value": value})
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    text = str(value).strip().replace("\u00a0", "").replace(" ", "").removesuffix("kr.")
    text = text.removesuffix("kr").strip()
    if "," in text and "." in text:
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    elif "," in text:
        text = text.replace(",", ".") if text.count(",") == 1 else ""
    elif _THOUSANDS_DOT.match(text):
        text = text.replace(".", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite():
        raise ValueError(_("»%(value)s« er ikke et tal.") % {"value": value})
    return number


def parse_int(value: Any) -> int:
    number = parse_decimal(value)
    if number != number.to_integral_value():
        raise ValueError(_("»%(value)s« er ikke et helt tal.") % {"value": value})
    return int(number)


def parse_date(value: Any) -> dt.date:
    """``31-12-2026``, ``31.12.2026``, ``31/12/2026`` or ISO ``2026-12-31`` (a time of
    midnight is allowed, as spreadsheets add it).

    >>> parse_date("31-12-2026"), parse_date("2026-12-31 00:00:00")
    (datetime.date(2026, 12, 31), datetime.date(2026, 12, 31))
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for suffix in (" 00:00:00", " 00:00", "T00:00:00"):
        text = text.removesuffix(suffix)
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(
        _("»%(value)s« er ikke en dato (brug dd-mm-åååå eller åååå-mm-dd).") % {"value": value}
    )


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = str(value).strip().casefold() if value is not None else ""
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(_("»%(value)s« er hverken ja eller nej.") % {"value": value})


def parse_uuid(value: Any) -> uuidlib.UUID:
    try:
        return uuidlib.UUID(str(value).strip())
    except ValueError as exc:
        raise ValueError(_("»%(value)s« er ikke et gyldigt UUID.") % {"value": value}) from exc


def _choice_lookup(model_field: models.Field[Any, Any]) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for value, label in model_field.flatchoices:
        lookup[str(value).casefold()] = str(value)
        for language in ("da", "en"):
            with translation.override(language):
                lookup.setdefault(str(label).casefold(), str(value))
    return lookup


def cell_converter(model_field: models.Field[Any, Any]) -> Callable[[Any], Any]:
    """Cell → model value for one plain field; empty cells give the field's empty value."""
    if model_field.choices:
        lookup = _choice_lookup(model_field)
        default = model_field.get_default() if model_field.has_default() else ""

        def choice(value: Any) -> Any:
            if blank(value):
                return default
            key = parse_text(value).casefold()
            if key not in lookup:
                allowed = ", ".join(str(label) for _v, label in model_field.flatchoices)
                raise ValueError(
                    _("»%(value)s« er ikke en gyldig værdi. Mulige værdier: %(allowed)s.")
                    % {"value": value, "allowed": allowed}
                )
            return lookup[key]

        return choice
    if isinstance(model_field, models.BooleanField):
        return parse_bool
    if isinstance(model_field, models.DateField):
        return lambda v: None if blank(v) else parse_date(v)
    if isinstance(model_field, models.IntegerField):
        empty = model_field.get_default() if not model_field.null else None
        return lambda v: empty if blank(v) else parse_int(v)
    if isinstance(model_field, models.DecimalField):
        return lambda v: None if blank(v) else parse_decimal(v)
    if isinstance(model_field, models.UUIDField):
        return lambda v: None if blank(v) else parse_uuid(v)
    return parse_text
