"""Danish number and amount formatting, cell rendering and query-string helpers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils import formats
from django.utils.translation import get_language, gettext_lazy

register = template.Library()


def format_number(value: Any, decimals: int = 0) -> str:
    """1234567.5 -> '1.234.567,50' in Danish, '1,234,567.50' in English."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    text = f"{number:,.{decimals}f}"
    if (get_language() or "da").startswith("da"):
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


@register.filter
def dk_number(value: Any, decimals: int = 0) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        return str(value)
    return format_number(value, int(decimals))


@register.filter
def kr(value: Any) -> str:
    """An amount in kroner with øre: '1.234,56 kr.'"""
    if value is None or value == "":
        return ""
    return f"{format_number(value, 2)} kr."


@register.filter
def cell(value: Any) -> str:
    """Render a list cell: dates in the active locale, numbers grouped, booleans as ja/nej."""
    from django.utils.translation import gettext as _

    if isinstance(value, bool):
        return _("ja") if value else _("nej")
    if isinstance(value, dt.datetime):
        return formats.date_format(
            value.astimezone() if value.tzinfo else value, "SHORT_DATETIME_FORMAT"
        )
    if isinstance(value, dt.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal):
        return format_number(value, 2)
    return "" if value is None else str(value)


@register.simple_tag
def sort_link(querystring: str, key: str, current: str) -> str:
    """Query string that sorts by ``key``, toggling direction when already sorted by it."""
    from django.http import QueryDict

    params = QueryDict(querystring, mutable=True)
    params["sort"] = f"-{key}" if current == key else key
    params.pop("page", None)
    return params.urlencode()


@register.simple_tag
def page_link(querystring: str, page: int) -> str:
    from django.http import QueryDict

    params = QueryDict(querystring, mutable=True)
    params["page"] = str(page)
    return params.urlencode()


@register.simple_tag
def field_label(event: Any, name: str) -> str:
    """The verbose name of a changed field of the event's object type, else the raw name."""
    if name in EXTRA_LABELS:
        return str(EXTRA_LABELS[name])
    model = event.content_type.model_class() if event.content_type_id else None
    if model is None:
        return name
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:  # a field removed since the event was written, or a key
        return name  # that is not a field (e.g. "step_links")
    label = getattr(field, "verbose_name", None)
    if label is None and field.related_model is not None:  # child rows (costs, roles, …)
        label = field.related_model._meta.verbose_name_plural
    return str(label or name).capitalize()


# Keys that bulk writers add to an event's changes besides model fields (``extra``).
EXTRA_LABELS = {
    "import": gettext_lazy("Import"),
    "review": gettext_lazy("Behandling af katalogforslag"),
    "kitos_import": gettext_lazy("KITOS-import"),
    "archimate_import": gettext_lazy("ArchiMate-import"),
}


@register.filter
def audit_value(value: Any) -> str:
    """A value in the audit trail as readable text: a dict as 'key: value' pairs, a list
    comma-separated, nothing as a dash.

    >>> audit_value({"decision": "rejected", "counts": {"created": 2}})
    'decision: rejected; counts: (created: 2)'
    >>> audit_value([1, 2]), audit_value(None), audit_value(True)
    ('1, 2', '–', 'True')
    """
    if value is None or value == "":
        return "–"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_nested(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_nested(v) for v in value)
    return str(value)


def _nested(value: Any) -> str:
    text = audit_value(value)
    return f"({text})" if isinstance(value, dict) else text


@register.filter
def dkfds(bound_field: Any) -> Any:
    """Render a form field with DKFDS classes and aria-describedby for its hint and errors."""
    from django import forms

    widget = bound_field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        css = "form-checkbox"
    elif isinstance(widget, forms.Select | forms.SelectMultiple):
        css = "form-select"
    else:
        css = "form-input"
    attrs = {"class": f"{css} {widget.attrs.get('class', '')}".strip()}
    described = []
    if bound_field.help_text:
        described.append(f"{bound_field.id_for_label}-hint")
    if bound_field.errors:
        described.append(f"{bound_field.id_for_label}-error")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return bound_field.as_widget(attrs=attrs)
