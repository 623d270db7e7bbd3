"""Chart descriptions for the pages: plain dicts that static/js/styrbar-charts.js draws
with ECharts from JSON embedded with ``json_script``. Every page shows a table with the
same numbers next to a chart, so a chart never carries information on its own."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, Protocol

from django.utils.translation import gettext as _

CHART_LIMIT = 15  # bars in a breakdown chart before the rest are summed as "Øvrige"


class AmountRow(Protocol):
    """A labelled amount, such as one group of a cost breakdown."""

    @property
    def label(self) -> str: ...

    @property
    def amount(self) -> Decimal: ...


def _number(value: Decimal | int) -> float | int:
    """Chart values are JSON numbers; the tables keep the exact Decimal amounts."""
    return float(value) if isinstance(value, Decimal) else value


def bar_chart(
    categories: Sequence[str],
    series: Iterable[tuple[str, Sequence[Decimal | int]]],
    *,
    unit: str = "",
    horizontal: bool = False,
    stacked: bool = False,
    lines: Iterable[tuple[str, Sequence[int]]] = (),
) -> dict[str, Any]:
    """Bars per series over ``categories``, optionally with line series on top."""
    return {
        "type": "bar",
        "categories": list(categories),
        "series": [
            {"name": name, "kind": "bar", "data": [_number(v) for v in values]}
            for name, values in series
        ]
        + [{"name": name, "kind": "line", "data": list(values)} for name, values in lines],
        "unit": unit,
        "horizontal": horizontal,
        "stacked": stacked,
    }


def breakdown_chart(rows: Sequence[AmountRow]) -> dict[str, Any]:
    """The largest groups as bars; the rest summed as one "Øvrige" bar."""
    shown = list(rows[:CHART_LIMIT])
    categories = [row.label for row in shown]
    values: list[Decimal] = [row.amount for row in shown]
    rest = rows[CHART_LIMIT:]
    if rest:
        categories.append(_("Øvrige (%(count)s)") % {"count": len(rest)})
        values.append(sum((row.amount for row in rest), Decimal(0)))
    return bar_chart(categories, [(_("Beløb"), values)], unit="kr.", horizontal=True)
