"""Template filters of the strategy screens: bilingual texts, scores and shares."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template
from django.utils.translation import get_language

from core.templatetags.styrbar import format_number
from engine.common import Text
from engine.strategy import points as strategy_points

register = template.Library()


@register.filter
def t(value: Any) -> str:
    """A stored ``{"da": …, "en": …}`` text or an engine ``Text`` in the active language."""
    lang = "en" if (get_language() or "da").startswith("en") else "da"
    if isinstance(value, Mapping):
        return str(value.get(lang) or value.get("da") or "")
    if isinstance(value, Text):
        return value.get(lang)
    return "" if value is None else str(value)


@register.filter
def points(value: Any) -> str:
    """A 0-1 score as points out of 100: 0.855 -> '86'."""
    if value is None or value == "":
        return "–"
    return format_number(strategy_points(float(value)), 0)


@register.filter
def pct(value: Any) -> str:
    """A 0-1 share as a whole percent: 0.75 -> '75 %'."""
    shown = points(value)
    return shown if shown == "–" else f"{shown} %"


@register.filter
def get(mapping: Any, key: Any) -> Any:
    """``mapping[key]`` in a template (None if missing)."""
    if isinstance(mapping, Mapping):
        return mapping.get(key)
    return None


@register.filter
def one(value: Any) -> list[Any]:
    """``[value]``: lets a single bound field use the shared ``core/_form_fields.html``."""
    return [value]
