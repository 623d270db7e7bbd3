"""Reads of the spend data, always scoped to one organization.

The aggregations read the monthly table (:class:`spend.models.SpendMonth`), a few
thousand rows a year whatever the number of lines; the line list reads the lines with
a constant number of queries per page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Min, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from core.aggregates import MoneySum
from organizations.models import Organization
from portfolio.models import Contract
from spend import choices as c
from spend.models import ShadowCandidate, SpendImport, SpendLine, SpendMonth, SpendVendor

TOP = 25


def line_list(*, organization: Organization) -> QuerySet[SpendLine]:
    return (
        SpendLine.objects.filter(organization=organization)
        .select_related("vendor", "rule")
        .order_by("-posted", "-pk")
    )


def line_filter(
    queryset: QuerySet[SpendLine],
    *,
    period_from: dt.date | None = None,
    period_to: dt.date | None = None,
    vendor: int | None = None,
    unit: str = "",
    it_only: bool = False,
    q: str = "",
) -> QuerySet[SpendLine]:
    if period_from and period_to and period_from > period_to:
        raise ValidationError(_("Perioden slutter, før den begynder."))
    if period_from:
        queryset = queryset.filter(posted__gte=period_from)
    if period_to:
        queryset = queryset.filter(posted__lte=period_to)
    if vendor:
        queryset = queryset.filter(vendor_id=vendor)
    if unit:
        queryset = queryset.filter(unit=unit)
    if it_only:
        queryset = queryset.filter(is_it=True)
    if q:
        queryset = queryset.filter(Q(text__icontains=q) | Q(vendor__name__icontains=q))
    return queryset


def vendor_list(*, organization: Organization) -> QuerySet[SpendVendor]:
    return SpendVendor.objects.filter(organization=organization).select_related("vendor")


def vendor_get(*, organization: Organization, pk: Any) -> SpendVendor:
    return get_object_or_404(vendor_list(organization=organization), pk=pk)


def candidate_list(*, organization: Organization) -> QuerySet[ShadowCandidate]:
    return ShadowCandidate.objects.filter(organization=organization).select_related(
        "vendor__vendor", "contract", "usage__catalog_system", "request", "triaged_by"
    )


def open_candidates(*, organization: Organization) -> QuerySet[ShadowCandidate]:
    return candidate_list(organization=organization).filter(current=True, status=c.Triage.OPEN)


def candidate_get(*, organization: Organization, pk: Any) -> ShadowCandidate:
    return get_object_or_404(candidate_list(organization=organization), pk=pk)


def import_list(*, organization: Organization) -> QuerySet[SpendImport]:
    return SpendImport.objects.filter(organization=organization).select_related(
        "source", "created_by"
    )


def years(*, organization: Organization) -> list[int]:
    months = SpendMonth.objects.filter(organization=organization).aggregate(
        first=Min("month"), last=Max("month")
    )
    if months["first"] is None:
        return []
    return list(range(months["last"].year, months["first"].year - 1, -1))


@dataclass
class Analysis:
    year: int
    total: Decimal = Decimal(0)
    it_total: Decimal = Decimal(0)
    lines: int = 0
    it_lines: int = 0
    months_with_data: int = 0
    by_vendor: list[dict[str, Any]] = field(default_factory=list)
    by_unit: list[dict[str, Any]] = field(default_factory=list)
    by_account: list[dict[str, Any]] = field(default_factory=list)
    by_month: list[dict[str, Any]] = field(default_factory=list)
    vendors: int = 0
    units: int = 0

    @property
    def it_share(self) -> float | None:
        return float(self.it_total / self.total) if self.total else None


def _grouped(rows: QuerySet[SpendMonth], key: str, limit: int | None = TOP) -> list[dict[str, Any]]:
    grouped = (
        rows.values(key)
        .annotate(
            total=MoneySum("amount"),
            it_amount=MoneySum("amount", filter=Q(is_it=True)),
            n=Sum("lines"),
        )
        .order_by("-total", key)
    )
    result = list(grouped[:limit] if limit else grouped)
    for row in result:
        row["amount"] = row.pop("total")
        row["lines"] = row.pop("n")
        row["it_amount"] = row["it_amount"] or Decimal(0)
    return result


def spend_analysis(*, organization: Organization, year: int, it_only: bool = False) -> Analysis:
    """A year's spend per vendor, unit, account and month (all spend and its IT part).
    Eight queries, whatever the number of lines."""
    rows = SpendMonth.objects.filter(
        organization=organization, month__gte=dt.date(year, 1, 1), month__lte=dt.date(year, 12, 1)
    )
    if it_only:
        rows = rows.filter(is_it=True)
    totals = rows.aggregate(
        total=MoneySum("amount"),
        it_total=MoneySum("amount", filter=Q(is_it=True)),
        line_count=Sum("lines"),
        it_line_count=Sum("lines", filter=Q(is_it=True)),
        months=Count("month", distinct=True),
        vendors=Count("vendor", distinct=True),
        units=Count("unit", distinct=True),
    )
    analysis = Analysis(
        year=year,
        total=totals["total"] or Decimal(0),
        it_total=totals["it_total"] or Decimal(0),
        lines=totals["line_count"] or 0,
        it_lines=totals["it_line_count"] or 0,
        months_with_data=totals["months"] or 0,
        vendors=totals["vendors"] or 0,
        units=totals["units"] or 0,
    )
    by_vendor = _grouped(rows, "vendor_id")
    names = dict(
        SpendVendor.objects.filter(pk__in=[r["vendor_id"] for r in by_vendor]).values_list(
            "pk", "name"
        )
    )
    for row in by_vendor:
        row["name"] = names.get(row["vendor_id"], "")
    analysis.by_vendor = by_vendor
    analysis.by_unit = _grouped(rows, "unit")
    analysis.by_account = _grouped(rows, "account")
    months = {r["month"]: r for r in _grouped(rows, "month", limit=None)}
    analysis.by_month = [
        months.get(
            dt.date(year, m, 1),
            {
                "month": dt.date(year, m, 1),
                "amount": Decimal(0),
                "it_amount": Decimal(0),
                "lines": 0,
            },
        )
        for m in range(1, 13)
    ]
    return analysis


@dataclass
class OutsideCentral:
    start: dt.date
    end: dt.date
    it_total: Decimal
    outside: Decimal
    candidates_total: Decimal
    candidates: int

    @property
    def share(self) -> float | None:
        return round(float(self.outside / self.it_total), 4) if self.it_total > 0 else None


def central_vendor_ids(organization: Organization) -> set[int]:
    """Vendors with a contract of the organization procured centrally (its own procurement
    form or its parent contract's: EU tender, SKI, other framework, KOMBIT, national)."""
    from advisor.facts import CENTRAL_PROCUREMENT

    forms = list(CENTRAL_PROCUREMENT)
    return set(
        Contract.objects.filter(organization=organization, vendor__isnull=False)
        .filter(
            Q(procurement_form__in=forms)
            | Q(procurement_form="", parent__procurement_form__in=forms)
        )
        .values_list("vendor_id", flat=True)
    )


def outside_central(*, organization: Organization) -> OutsideCentral | None:
    """The share of the last twelve months' IT spend (the twelve months ending with the
    latest month that has lines) paid to creditors not matched to a vendor with a central
    agreement; None without IT spend."""
    last = SpendMonth.objects.filter(organization=organization, is_it=True).aggregate(
        m=Max("month")
    )["m"]
    if last is None:
        return None
    if last.month == 12:
        start = dt.date(last.year, 1, 1)
    else:
        start = dt.date(last.year - 1, last.month + 1, 1)
    central = central_vendor_ids(organization)
    central_spend_vendors = list(
        SpendVendor.objects.filter(
            organization=organization, match__in=c.MATCHED, vendor_id__in=central
        ).values_list("pk", flat=True)
    )
    rows = SpendMonth.objects.filter(
        organization=organization, is_it=True, month__gte=start, month__lte=last
    )
    totals = rows.aggregate(
        total=MoneySum("amount"),
        inside=MoneySum("amount", filter=Q(vendor_id__in=central_spend_vendors)),
    )
    total = totals["total"] or Decimal(0)
    inside = totals["inside"] or Decimal(0)
    open_rows = open_candidates(organization=organization).aggregate(
        s=MoneySum("amount"), n=Count("pk")
    )
    return OutsideCentral(
        start=start,
        end=last,
        it_total=total,
        outside=total - inside,
        candidates_total=open_rows["s"] or Decimal(0),
        candidates=open_rows["n"] or 0,
    )
