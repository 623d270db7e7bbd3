"""Danish number and amount formatting, cell rendering and query-string helpers."""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.template import Context, Engine
from django.template.base import FilterExpression, Parser
from django.utils import formats
from django.utils.html import format_html
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


NBSP = "\u00a0"  # keeps "kr." with its number


@register.filter
def kr(value: Any, style: str = "") -> str:
    """An amount in kroner, "kr." joined to the number by a non-breaking space.

    ``{{ x|kr }}``: whole kroner, for tables (``1.234.568 kr.``).
    ``{{ x|kr:"øre" }}``: with øre, where the exact figure matters (``1.234.567,50 kr.``).
    ``{{ x|kr:"kort" }}``: rounded for summaries (``1,2 mio. kr.``, ``235 t.kr.``), in a
    ``<span>`` whose title is the exact figure.
    """
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if style == "øre":
        return f"{format_number(amount, 2)}{NBSP}kr."
    whole = f"{format_number(amount, 0)}{NBSP}kr."
    if style != "kort":
        return whole
    return format_html(
        '<span class="styrbar-amount" title="{}">{}</span>',
        f"{format_number(amount, 2)}{NBSP}kr.",
        short_kr(amount),
    )


def short_kr(amount: Decimal) -> str:
    """``1,2 mio. kr.`` from a million, ``235 t.kr.`` from ten thousand, else whole kroner
    (a reader's rounding; the exact figure goes in a title or the detail)."""
    magnitude = abs(amount)
    if magnitude >= 1_000_000:
        return f"{format_number(amount / 1_000_000, 1)}{NBSP}mio.{NBSP}kr."
    if magnitude >= 10_000:
        return f"{format_number(amount / 1_000, 0)}{NBSP}t.kr."
    return f"{format_number(amount, 0)}{NBSP}kr."


@register.filter
def version_of(obj: Any) -> str:
    """obj's version, for the hidden ``_version`` field of a form that edits obj on a
    page of its own (optimistic concurrency, :mod:`core.concurrency`)."""
    from core.concurrency import version

    return version(obj)


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
def readable_events(events: Any) -> Any:
    """A page of audit events with their changes as readable lines
    (:func:`core.audit_display.readable`), in a constant number of queries."""
    from core.audit_display import readable

    return readable(events)


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


ALL_CHOICES = gettext_lazy("Alle")


@register.inclusion_tag("core/_select_filter.html", takes_context=True)
def select_filter(
    context: Any,
    name: str,
    label: str,
    *choices: Any,
    blank: Any = ALL_CHOICES,
    current: Any = None,
    field_id: str = "",
) -> dict[str, Any]:
    """A labelled ``<select>`` of a GET filter form, with the current value selected.

    ``choices`` is one iterable (``(value, label)`` pairs, objects with ``key`` and
    ``label``, or plain values that are their own label) or flat ``value, label``
    arguments. Empty values are left out; ``blank`` (``None`` for none) is the label of the
    leading empty option. ``current`` defaults to the request's GET parameter ``name``;
    the id defaults to ``filter-<name>``.
    """
    if len(choices) == 1:
        items = list(choices[0] or ())
    else:
        items = list(zip(choices[::2], choices[1::2], strict=True))
    if current is None:
        current = context["request"].GET.get(name)
    options = []
    for item in items:
        if isinstance(item, tuple | list):
            value, text = item
        elif hasattr(item, "key"):
            value, text = item.key, item.label
        else:
            value = text = item
        if value in ("", None):
            continue
        options.append((value, text, current is not None and str(value) == str(current)))
    return {
        "name": name,
        "label": label,
        "field_id": field_id or f"filter-{name.replace('_', '-')}",
        "blank": blank,
        "options": options,
    }


@register.inclusion_tag("core/_data_table.html")
def data_table(
    rows: Any,
    caption: str,
    *columns: str,
    scroll: bool = False,
    table_id: str = "",
    empty: str = "",
    row_header: int = 1,
    link: str = "",
) -> dict[str, Any]:
    """A compact table of ``rows`` (objects or dicts) with a visible caption.

    ``columns`` are flat ``cell, heading`` pairs. A cell is what follows ``row.`` in a
    template variable, filters included (``"valid_to|date:'SHORT_DATE_FORMAT'"``); one
    written ``#…`` is a right-aligned figure. Column number ``row_header`` (1 = the
    first; 0 = none) heads each row (``<th scope="row">``). ``scroll`` wraps the table for
    horizontal scrolling on narrow screens; without rows, ``empty`` is shown instead.
    ``link`` (``"<url name> <attribute>[ #<fragment>]"``, e.g. ``"portfolio:usage_edit
    usage_id #id_time_disposition"``) links the row's heading cell to the record: the url
    takes the row's attribute as ``pk``, the fragment points at the field to fix.
    """
    specs = [
        (_cell(cell.lstrip("#")), heading, cell.startswith("#"))
        for cell, heading in zip(columns[::2], columns[1::2], strict=True)
    ]
    body = [
        [(value.resolve(Context({"row": row})), figure) for value, _h, figure in specs]
        for row in rows
    ]
    links = [_row_link(row, link) for row in rows] if link else [""] * len(body)
    return {
        "caption": caption,
        "headings": [(heading, figure) for _cell, heading, figure in specs],
        "body": list(zip(body, links, strict=True)),
        "scroll": scroll,
        "table_id": table_id,
        "empty": empty,
        "row_header": row_header,
    }


def _row_link(row: Any, link: str) -> str:
    from django.urls import reverse

    url_name, attribute, *fragment = link.split()
    pk = row.get(attribute) if isinstance(row, dict) else getattr(row, attribute, None)
    if pk is None:
        return ""
    return reverse(url_name, kwargs={"pk": pk}) + "".join(fragment)


@functools.cache
def _cell(spec: str) -> FilterExpression:
    engine = Engine.get_default()
    parser = Parser([], libraries=engine.template_libraries, builtins=engine.template_builtins)
    parser.add_library(register)  # this module's filters (kr, dk_number, cell) too
    return parser.compile_filter(f"row.{spec}")


@register.simple_tag
def form_grid(form: Any, layout: str) -> list[tuple[Any, str]]:
    """The fields of ``form`` with their column widths from ``layout``, e.g.
    ``"name:8 probability:4"`` (widths of the 12-column grid from medium screens up)."""
    cells = (item.split(":") for item in layout.split())
    return [(form[name], width) for name, width in cells]


class SharedFragmentNode(template.Node):
    child_nodelists = ("nodelist",)

    def __init__(
        self, name: FilterExpression, parts: list[FilterExpression], fill: str, nodelist: Any
    ):
        self.name, self.parts, self.fill, self.nodelist = name, parts, fill, nodelist

    def render(self, context: Any) -> str:
        from django.utils.safestring import mark_safe

        from core.orgcache import CSRF_MARK, shared_fragment

        request = context.get("request")
        name = self.name.resolve(context)
        if request is None or not name:  # no name: this page's fragment is not shared
            filler = context.get(self.fill) if self.fill else None
            with context.push(**(filler() if filler else {})):
                return str(self.nodelist.render(context))

        def render() -> str:
            # The view's costly context (``fill``, a function) is computed only here.
            filler = context.get(self.fill) if self.fill else None
            with context.push(csrf_token=CSRF_MARK, **(filler() if filler else {})):
                return str(self.nodelist.render(context))

        parts = [part.resolve(context) for part in self.parts]
        return mark_safe(shared_fragment(request, str(name), render, *parts))


@register.tag("sharedfragment")
def sharedfragment(parser: Parser, token: Any) -> SharedFragmentNode:
    """``{% sharedfragment "name" part … %}…{% endsharedfragment %}``: the enclosed HTML
    rendered once per change of the organization's data and shared by everyone with the
    same roles (``core.orgcache.shared_fragment``). The parts name everything else the
    HTML depends on (the path and query, the object). Nothing per-user may be inside,
    except forms: their CSRF token is the session's own. A name that is empty renders the
    HTML as usual (a view that does not share its table, say). ``fill=<name>`` names a
    function in the context whose dict is added to the context when the HTML is rendered,
    so a view's queries run only when the fragment is not in the cache."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("sharedfragment needs a name")
    fill = next((b.removeprefix("fill=") for b in bits[2:] if b.startswith("fill=")), "")
    parts = [parser.compile_filter(b) for b in bits[2:] if not b.startswith("fill=")]
    nodelist = parser.parse(("endsharedfragment",))
    parser.delete_first_token()
    return SharedFragmentNode(parser.compile_filter(bits[1]), parts, fill, nodelist)
