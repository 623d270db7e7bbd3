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
from knowledge.import_synonyms import fold, import_synonyms

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
    """Yes or no: ``ja``/``nej``, ``x``, ``1``/``0`` and the yes/no words of
    ``knowledge/data/import_synonyms.yaml`` ("gennemført", "mangler", …)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = str(value).strip().casefold() if value is not None else ""
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    found = import_synonyms().boolean_of(text)
    if found is not None:
        return found
    raise ValueError(_("»%(value)s« er hverken ja eller nej.") % {"value": value})


def parse_uuid(value: Any) -> uuidlib.UUID:
    try:
        return uuidlib.UUID(str(value).strip())
    except ValueError as exc:
        raise ValueError(_("»%(value)s« er ikke et gyldigt UUID.") % {"value": value}) from exc


def _choice_lookup(model_field: models.Field[Any, Any]) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for value, label in model_field.flatchoices:
        lookup[fold(value)] = str(value)
        for language in ("da", "en"):
            with translation.override(language):
                lookup.setdefault(fold(label), str(value))
    return lookup


# How a cell's value was understood (the import report's value table).
EXACT, SYNONYM, MAPPED, UNKNOWN = "exact", "synonym", "mapped", "unknown"


def choice_resolver(
    model_field: models.Field[Any, Any], mapped: dict[str, str] | None = None
) -> Callable[[Any], tuple[str | None, str]]:
    """Cell → (Styrbar value or None, how): the user's own mapping of the value (``mapped``:
    folded cell text → value) first, then a choice's value or label (Danish or English),
    then a synonym from ``knowledge/data/import_synonyms.yaml``."""
    lookup = _choice_lookup(model_field)
    allowed = set(lookup.values())
    chosen = {fold(k): v for k, v in (mapped or {}).items() if v in allowed}
    synonyms = import_synonyms()

    def resolve(value: Any) -> tuple[str | None, str]:
        key = fold(parse_text(value))
        if key in chosen:
            return chosen[key], MAPPED
        if key in lookup:
            return lookup[key], EXACT
        found = synonyms.value_of(model_field.name, key)
        if found is not None and found in allowed:
            return found, SYNONYM
        return None, UNKNOWN

    return resolve


def bool_resolver(mapped: dict[str, str] | None = None) -> Callable[[Any], tuple[str | None, str]]:
    """Cell → ("true"/"false" or None, how), like :func:`choice_resolver` for yes/no."""
    chosen = {fold(k): v for k, v in (mapped or {}).items() if v in ("true", "false")}

    def resolve(value: Any) -> tuple[str | None, str]:
        key = fold(parse_text(value))
        if key in chosen:
            return chosen[key], MAPPED
        try:
            answer = parse_bool(value)
        except ValueError:
            return None, UNKNOWN
        how = EXACT if key in _TRUE | _FALSE else SYNONYM
        return ("true" if answer else "false"), how

    return resolve


def cell_converter(
    model_field: models.Field[Any, Any], mapped: dict[str, str] | None = None
) -> Callable[[Any], Any]:
    """Cell → model value for one plain field; empty cells give the field's empty value.
    ``mapped`` is the user's mapping of a choice or yes/no column's values."""
    if model_field.choices:
        resolve = choice_resolver(model_field, mapped)
        default = model_field.get_default() if model_field.has_default() else ""

        def choice(value: Any) -> Any:
            if blank(value):
                return default
            found, _how = resolve(value)
            if found is None:
                allowed = ", ".join(str(label) for _v, label in model_field.flatchoices)
                raise ValueError(
                    _("»%(value)s« er ikke en gyldig værdi. Mulige værdier: %(allowed)s.")
                    % {"value": value, "allowed": allowed}
                )
            return found

        return choice
    if isinstance(model_field, models.BooleanField) and mapped:
        resolve_bool = bool_resolver(mapped)

        def yes_no(value: Any) -> bool:
            found, _how = resolve_bool(value)
            if found is None:
                return parse_bool(value)  # raises with the message
            return found == "true"

        return yes_no
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
