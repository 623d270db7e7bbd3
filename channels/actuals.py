"""A channel-shift business case's benefit, measured from the contact numbers.

``businesscases`` asks through the registry hook ``channel_shift_actuals`` (it is a
lower layer and imports nothing of this app). For each service of the case, matched by
name to a service area with imported numbers, and each calendar year of the case:

* contacts shifted = ``D - s0 x T`` (``T`` all contacts of the year, ``D`` the digital
  ones, ``s0`` the service's digital share when the case was made), so contacts that
  would have been digital anyway do not count;
* benefit = shifted x (the case's price in person - its digital price): volumes times
  the case's own unit prices;
* the deviation from the plan is split into a **volume effect** (more or fewer contacts
  than the case assumed, at the planned share), a **share effect** (the shift itself:
  actual against planned digital share) and - where the municipality has measured its
  unit prices for the year - a **price effect** (the shifted contacts x the difference
  between the measured and the case's saving per contact). Volume + share effect =
  actual - planned benefit exactly; the price effect is what the benefit would move by
  if the measured prices hold.

A year counts as measured only when every matched service area has numbers for all 12
months; a part-year is shown with its coverage and not used. A service without a
matching area keeps its planned benefit (the variance rule: a figure not measured counts
at its planned value), and is named.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from businesscases import template_inputs
from businesscases.choices import CaseTemplate
from channels.models import ServiceArea, UnitCost
from channels.statistics import share_percent, yearly_totals
from knowledge.import_synonyms import fold

ORE = Decimal("0.01")


def _money(value: Decimal) -> Decimal:
    return value.quantize(ORE, ROUND_HALF_UP)


def case_actuals(*, case: Any) -> dict[str, Any] | None:
    """The measured benefit per year of a channel-shift case (None for other cases or a
    case without stored template inputs). See the module docstring."""
    if case.template != CaseTemplate.CHANNEL_SHIFT:
        return None
    stored = case.template_inputs or {}
    services = (stored.get("inputs") or {}).get("services") or []
    if not services:
        return None
    overrides = {k: v.get("value") for k, v in (stored.get("assumptions") or {}).items()}
    chosen = template_inputs.assumptions(CaseTemplate.CHANNEL_SHIFT, overrides)
    result, _stored = template_inputs.build(
        CaseTemplate.CHANNEL_SHIFT, stored["inputs"], dict(chosen), case.horizon
    )
    price_in = chosen["prices.in_person"].value
    price_digital = chosen["prices.digital"].value
    saving = price_in - price_digital
    planned_shift = dict(getattr(result, "shifted", ()))  # a ChannelShiftResult
    areas = {fold(a.name): a for a in ServiceArea.objects.filter(organization=case.organization)}
    matched: list[tuple[dict[str, Any], ServiceArea]] = []
    unmatched: list[str] = []
    for service in services:
        area = areas.get(fold(service["name"]))
        if area is None:
            unmatched.append(service["name"])
        else:
            matched.append((service, area))
    totals = yearly_totals(organization=case.organization, areas=[a.pk for _s, a in matched])
    measured_prices = {u.year: u for u in UnitCost.objects.filter(organization=case.organization)}
    years: list[dict[str, Any]] = []
    for index in range(case.horizon):
        year = case.start_year + index
        covered = min(
            (totals.get((area.pk, year), {}).get("months", 0) for _s, area in matched),
            default=0,
        )
        if not matched or not any((a.pk, year) in totals for _s, a in matched):
            continue
        row: dict[str, Any] = {
            "year": year,
            "months": covered,
            "reported": covered == 12,
            "total": 0,
            "digital": 0,
            "planned_total": Decimal(0),
            "planned_shifted": Decimal(0),
            "actual_shifted": Decimal(0),
            "volume_effect": Decimal(0),
            "share_effect": Decimal(0),
            "unmatched_planned": Decimal(0),
        }
        for service, area in matched:
            base_in, base_digital = Decimal(service["in_person"]), Decimal(service["digital"])
            planned_total = base_in + base_digital
            s0 = base_digital / planned_total if planned_total else Decimal(0)
            planned = planned_shift[service["name"]][index]
            planned_share = s0 + (planned / planned_total if planned_total else Decimal(0))
            measured = totals.get((area.pk, year), {"total": 0, "digital": 0})
            total, digital = measured["total"], measured["digital"]
            actual = Decimal(digital) - s0 * total
            actual_share = Decimal(digital) / total if total else s0
            row["total"] += total
            row["digital"] += digital
            row["planned_total"] += planned_total
            row["planned_shifted"] += planned
            row["actual_shifted"] += actual
            row["volume_effect"] += (total - planned_total) * (planned_share - s0) * saving
            row["share_effect"] += total * (actual_share - planned_share) * saving
        for name in unmatched:
            row["unmatched_planned"] += planned_shift[name][index] * saving
        row["share"] = share_percent(row["digital"], row["total"])
        row["planned_benefit"] = _money(row["planned_shifted"] * saving)
        row["measured_benefit"] = _money(row["actual_shifted"] * saving)
        row["benefit"] = _money(row["actual_shifted"] * saving + row["unmatched_planned"])
        row["volume_effect"] = _money(row["volume_effect"])
        row["share_effect"] = _money(row["share_effect"])
        row["actual_shifted"] = row["actual_shifted"].quantize(Decimal(1), ROUND_HALF_UP)
        row["planned_shifted"] = row["planned_shifted"].quantize(Decimal(1), ROUND_HALF_UP)
        unit = measured_prices.get(year)
        if unit is not None:
            measured_saving = unit.in_person - unit.digital
            row["measured_saving"] = measured_saving
            row["price_effect"] = _money(row["actual_shifted"] * (measured_saving - saving))
            row["price_source"] = unit.source
        else:
            row["measured_saving"] = row["price_effect"] = None
            row["price_source"] = ""
        row["verdict"] = verdict(row)
        years.append(row)
    return {
        "prices": {"in_person": price_in, "digital": price_digital, "saving": saving},
        "matched": [{"service": s["name"], "area": a.name} for s, a in matched],
        "unmatched": unmatched,
        "years": years,
    }


def verdict(row: dict[str, Any]) -> str:
    """Which part explains most of the deviation: ``share`` (the shift), ``volume``
    (the number of contacts), ``price`` (measured unit prices) or ``none`` (on plan:
    every part within 1 % of the planned benefit, or nothing planned and nothing
    deviating)."""
    parts = {
        "share": abs(row["share_effect"]),
        "volume": abs(row["volume_effect"]),
        "price": abs(row["price_effect"]) if row.get("price_effect") is not None else Decimal(0),
    }
    biggest = max(parts, key=lambda key: parts[key])
    threshold = abs(row["planned_benefit"]) / 100
    if parts[biggest] <= threshold:
        return "none"
    return biggest
