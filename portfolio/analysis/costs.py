"""Cost analysis: yearly IT cost by forvaltning, vendor, KLE hovedgruppe and type."""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _

from organizations.models import Organization
from portfolio import choices as c
from portfolio.analysis.common import (
    NONE_KEY,
    ORE,
    ZERO,
    UnitIndex,
    kle_info,
    resolve_today,
    split_evenly,
    usage_name,
)
from portfolio.analysis.results import CostAnalysis, CostRow, SystemCost
from portfolio.models import (
    Contract,
    ContractPayment,
    SystemUsage,
    UsageCost,
)


@dataclass
class _Item:
    """One amount with the dimensions it is attributed to."""

    amount: Decimal
    usage_id: int | None
    vendor: tuple[str, str]
    forvaltning: tuple[str, str]


def _rows(totals: Mapping[tuple[str, str], Decimal], grand: Decimal) -> list[CostRow]:
    rows = [
        CostRow(
            key=key,
            label=label,
            amount=amount,
            share=(amount * 100 / grand).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            if grand
            else Decimal("0.0"),
        )
        for (key, label), amount in totals.items()
    ]
    rows.sort(key=lambda row: (-row.amount, row.label))
    return rows


def cost_analysis(
    *, organization: Organization, year: int | None = None, today: dt.date | None = None
) -> CostAnalysis:
    """Yearly IT cost: own cost lines + contract payments split evenly over covered usages.

    Every amount is attributed once in each breakdown, so each breakdown adds up to the
    total: a usage's cost is split evenly over its KLE hovedgrupper; contract payments
    go to the contract's vendor (else the system's), own lines to the system's vendor; a
    contract that covers no usage counts under its own responsible unit and as
    "ikke fordelt" for KLE and business type. Queries: 10, whatever the size.
    """
    year = year or resolve_today(today).year
    units = UnitIndex(organization)
    not_given = (NONE_KEY, _("Ikke angivet"))

    @functools.cache  # asked once per amount (thousands), for a few dozen units
    def forvaltning(unit_id: int | None) -> tuple[str, str]:
        if unit_id is None or unit_id not in units.names:
            return not_given
        root = units.root(unit_id)
        return (str(root), units.names[root])

    usages: dict[int, Mapping[str, Any]] = {
        row["pk"]: row
        for row in SystemUsage.objects.filter(organization=organization)
        .order_by()
        .values(
            "pk",
            "local_name",
            "catalog_system_id",
            "catalog_system__name",
            "catalog_system__business_type",
            "catalog_system__vendor_id",
            "catalog_system__vendor__name",
            "responsible_unit_id",
        )
    }

    def system_vendor(usage: Mapping[str, Any]) -> tuple[str, str]:
        if usage["catalog_system__vendor_id"] is None:
            return not_given
        return (str(usage["catalog_system__vendor_id"]), usage["catalog_system__vendor__name"])

    items: list[_Item] = []
    own: dict[int, Decimal] = defaultdict(lambda: ZERO)
    # All years in one pass: the rows of other years only name the years with data (the
    # page's year choice), which two DISTINCT scans used to find.
    years: set[int] = {year}
    # By the usage ids already read, not by a join on the usage's organization: for the join
    # PostgreSQL scanned every municipality's cost lines (119,493 rows nationally, 23–32 ms)
    # where the index on usage finds the 5,332 of the largest one in 3 ms. The ids go as one
    # array (core.lookups: ``any_of``), not as thousands of placeholders.
    for usage_id, amount, row_year in (
        UsageCost.objects.filter(usage_id__any_of=list(usages))
        .order_by()
        .values_list("usage_id", "amount", "year")
    ):
        years.add(row_year)
        if row_year != year:
            continue
        usage = usages[usage_id]
        own[usage_id] += amount
        items.append(
            _Item(amount, usage_id, system_vendor(usage), forvaltning(usage["responsible_unit_id"]))
        )

    # The contracts first and their payments by id, for the same reason as the cost lines
    # (the join scanned all 104,466 payments of the country).
    contract_info: dict[int, tuple[tuple[str, str], int | None]] = {
        contract_id: (
            (str(vendor_id), vendor_name) if vendor_id is not None else not_given,
            unit_id,
        )
        for contract_id, vendor_id, vendor_name, unit_id in Contract.objects.filter(
            organization=organization
        )
        .order_by()
        .values_list("pk", "vendor_id", "vendor__name", "responsible_unit_id")
    }
    payments: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for row_year, contract_id, amount in (
        ContractPayment.objects.filter(contract_id__any_of=list(contract_info))
        .order_by()
        .values_list("year", "contract_id", "amount")
    ):
        years.add(row_year)
        if row_year != year:
            continue
        payments[contract_id] += amount
    covered: dict[int, list[int]] = defaultdict(list)
    for contract_id, usage_id in Contract.usages.through.objects.filter(
        contract_id__any_of=list(payments)
    ).values_list("contract_id", "systemusage_id"):
        if usage_id in usages:
            covered[contract_id].append(usage_id)
    from_contracts: dict[int, Decimal] = defaultdict(lambda: ZERO)
    unallocated = ZERO
    for contract_id, amount in payments.items():
        vendor, contract_unit = contract_info[contract_id]
        targets = sorted(covered.get(contract_id, []))
        if not targets:
            unallocated += amount
            items.append(_Item(amount, None, vendor, forvaltning(contract_unit)))
            continue
        for usage_id, share in zip(targets, split_evenly(amount, len(targets)), strict=True):
            usage = usages[usage_id]
            from_contracts[usage_id] += share
            items.append(
                _Item(
                    share,
                    usage_id,
                    vendor if vendor != not_given else system_vendor(usage),
                    forvaltning(usage["responsible_unit_id"]),
                )
            )

    cost_usages = {i.usage_id for i in items if i.usage_id is not None}
    kle = kle_info(organization, {u: usages[u]["catalog_system_id"] for u in cost_usages})
    # Translated once, not once per amount (lazy labels cost a lookup each time).
    business_labels = {key: str(label) for key, label in c.BusinessType.choices}
    # Per usage and per group once, not per amount.
    kle_groups = functools.cache(kle.usage_groups)
    kle_label = functools.cache(kle.group_label)
    by_forvaltning: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    by_vendor: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    by_kle: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    by_type: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    unallocated_key = ("unallocated", _("Ikke fordelt på systemer"))
    no_kle = (NONE_KEY, _("Intet KLE-emne"))
    for item in items:
        by_forvaltning[item.forvaltning] += item.amount
        by_vendor[item.vendor] += item.amount
        if item.usage_id is None:
            by_kle[unallocated_key] += item.amount
            by_type[unallocated_key] += item.amount
            continue
        business_type = usages[item.usage_id]["catalog_system__business_type"]
        by_type[(business_type, business_labels.get(business_type, business_type))] += item.amount
        groups = kle_groups(item.usage_id)
        if not groups:
            by_kle[no_kle] += item.amount
        for group, share in zip(
            groups, split_evenly(item.amount, len(groups)) if groups else [], strict=True
        ):
            by_kle[(group, kle_label(group))] += share

    own_total = sum(own.values(), ZERO)
    contract_total = sum(payments.values(), ZERO)
    total = own_total + contract_total
    systems = []
    for usage_id in cost_usages:
        usage = usages[usage_id]
        mine, theirs = own.get(usage_id, ZERO), from_contracts.get(usage_id, ZERO)
        systems.append(
            SystemCost(
                usage_id=usage_id,
                name=usage_name(usage["local_name"], usage["catalog_system__name"]),
                forvaltning=forvaltning(usage["responsible_unit_id"])[1],
                vendor=system_vendor(usage)[1],
                own=mine,
                contracts=theirs,
                total=mine + theirs,
            )
        )
    systems.sort(key=lambda s: (-s.total, s.name))
    population = organization.population
    return CostAnalysis(
        year=year,
        years=sorted(years),
        total=total,
        own_total=own_total,
        contract_total=contract_total,
        unallocated=unallocated,
        population=population,
        per_inhabitant=(total / population).quantize(ORE, rounding=ROUND_HALF_UP)
        if population
        else None,
        by_forvaltning=_rows(by_forvaltning, total),
        by_vendor=_rows(by_vendor, total),
        by_kle=_rows(by_kle, total),
        by_business_type=_rows(by_type, total),
        top_systems=systems[:20],
    )
