"""The fællesskab's workspace: the members' shared systems side by side, one page of
catalog systems at a time.

The database groups the shared usages by catalog system (how many members use each) and
returns one page of them; only that page's usages, their contracts (with the notice
deadlines) and the year's costs are then read. Twelve queries at most, whatever the
number of members, usages and contracts; the work in Python is bounded by the page size
(50 systems) times the member columns shown at once (10 members).
The costs are counted exactly as :func:`sharing.landscape.shared_landscape` counts them
(own cost lines plus contract payments split evenly over every usage a contract covers).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import cached_property

from core.aggregates import MoneySum
from organizations.models import Organization
from portfolio.analysis.common import split_evenly
from portfolio.models import Contract, ContractPayment, SystemUsage, UsageCost
from sharing.choices import Category
from sharing.landscape import (
    CONTRACT_FIELDS,
    ZERO,
    Member,
    SharedContract,
    SharedUsage,
    _members,
    shared_contract,
)

PAGE_SIZE = 50
MEMBER_COLUMNS = 10


class _Systems(Paginator[Any]):
    """Pages of the grouped systems, counted by a plain DISTINCT (the grouped query with
    its joins took 40 times as long to count on SQLite)."""

    def __init__(self, object_list: Any, per_page: int, distinct: QuerySet[Any]) -> None:
        super().__init__(object_list, per_page)
        self._distinct = distinct

    @cached_property
    def count(self) -> int:
        return self._distinct.count()


@dataclass
class WorkspaceRow:
    catalog_system_id: int
    system: str
    vendor: str
    count: int
    cells: list[list[dict[str, Any]]]  # per member: [{"usage", "contracts"}]


@dataclass
class Workspace:
    year: int
    members: list[Member]
    page: Page[Any] | None
    rows: list[WorkspaceRow]
    columns: list[Member]  # the members shown side by side on this page
    column_page: Page[Any] | None = None

    @property
    def total_systems(self) -> int:
        return self.page.paginator.count if self.page is not None else 0


def workspace(
    *,
    organization: Organization,
    page: Any = 1,
    per_page: int = PAGE_SIZE,
    column_page: Any = 1,
    columns: int = MEMBER_COLUMNS,
    year: int | None = None,
    today: dt.date | None = None,
) -> Workspace:
    """One page of the catalog systems the members share, those at most members first
    (then by name), with the usages of one page of the members sharing their systems (the
    columns: ``columns`` members at a time, by name)."""
    today = today or timezone.localdate()
    year = year or today.year
    members = _members(organization)
    result = Workspace(year, members, None, [], [])
    usage_orgs = [m.id for m in members if m.shares(Category.USAGES)]
    if not usage_orgs:
        return result
    result.column_page = Paginator(
        [m for m in members if m.shares(Category.USAGES)], max(1, min(columns, 25))
    ).get_page(column_page)
    result.columns = list(result.column_page.object_list)
    contract_orgs = {m.id for m in members if m.shares(Category.CONTRACTS)}
    cost_orgs = {m.id for m in members if m.shares(Category.COSTS)}
    names = {m.id: m.name for m in members}

    shared = SystemUsage.objects.filter(organization_id__in=usage_orgs)
    grouped = (
        shared.values("catalog_system_id", "catalog_system__name", "catalog_system__vendor__name")
        .annotate(members=Count("organization_id", distinct=True))
        .order_by("-members", Lower("catalog_system__name"), "catalog_system_id")
    )
    distinct = shared.values("catalog_system_id").distinct()
    result.page = _Systems(grouped, max(1, min(per_page, 100)), distinct).get_page(page)
    systems = list(result.page.object_list)
    labels = dict(SystemUsage._meta.get_field("lifecycle").choices or [])
    usages: dict[int, SharedUsage] = {}
    on_page = shared.filter(
        catalog_system_id__in=[s["catalog_system_id"] for s in systems],
        organization_id__in=[m.id for m in result.columns],
    )
    for pk, org_id, system_id, local_name, lifecycle in on_page.values_list(
        "pk", "organization_id", "catalog_system_id", "local_name", "lifecycle"
    ).order_by("organization_id", "local_name", "pk"):
        usages[pk] = SharedUsage(
            id=pk,
            member_id=org_id,
            member=names[org_id],
            catalog_system_id=system_id,
            system="",
            local_name=local_name,
            vendor="",
            lifecycle=lifecycle,
            lifecycle_label=str(labels.get(lifecycle, lifecycle)),
            yearly_cost=ZERO if org_id in cost_orgs else None,
        )
    contracts = _contracts(on_page, usages, contract_orgs, cost_orgs, names, year, today)
    by_system: dict[int, dict[int, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for usage in usages.values():
        shown = [contracts[c] for c in usage.contract_ids if c in contracts]
        by_system[usage.catalog_system_id][usage.member_id].append(
            {"usage": usage, "contracts": shown}
        )
    result.rows = [
        WorkspaceRow(
            catalog_system_id=s["catalog_system_id"],
            system=s["catalog_system__name"],
            vendor=s["catalog_system__vendor__name"] or "",
            count=s["members"],
            cells=[by_system[s["catalog_system_id"]].get(m.id, []) for m in result.columns],
        )
        for s in systems
    ]
    return result


def _contracts(
    on_page: QuerySet[SystemUsage],
    usages: dict[int, SharedUsage],
    contract_orgs: set[int],
    cost_orgs: set[int],
    names: dict[int, str],
    year: int,
    today: dt.date,
) -> dict[int, SharedContract]:
    """The page's usages' contracts (members sharing contracts) and the year's costs of
    the usages (members sharing costs): at most six queries. The page's usages are named
    by a subquery, never by a long list of ids (SQLite scans a list of thousands slowly)."""
    readable = contract_orgs | cost_orgs
    if not usages or not readable:
        return {}
    through = Contract.usages.through.objects
    page_links = through.filter(
        systemusage_id__in=on_page.values("pk"), contract__organization_id__in=readable
    )
    links = list(
        page_links.values_list("contract_id", "systemusage_id", "contract__organization_id")
    )
    contracts: dict[int, SharedContract] = {}
    shown = page_links.filter(contract__organization_id__in=contract_orgs).values("contract_id")
    for row in Contract.objects.filter(pk__in=shown).values(*CONTRACT_FIELDS):
        contracts[row["pk"]] = shared_contract(row, names, today)
    for contract_id, usage_id, _org in sorted(links):
        if contract_id in contracts:
            usages[usage_id].contract_ids.append(contract_id)
    if not any(u.yearly_cost is not None for u in usages.values()):
        return contracts
    costed = on_page.filter(organization_id__in=cost_orgs)
    for usage_id, amount in (
        UsageCost.objects.filter(usage_id__in=costed.values("pk"), year=year)
        .values("usage_id")
        .annotate(total=MoneySum("amount"))
        .values_list("usage_id", "total")
    ):
        usages[usage_id].yearly_cost = (usages[usage_id].yearly_cost or ZERO) + amount
    paying = page_links.filter(
        contract__organization_id__in=cost_orgs, systemusage_id__in=costed.values("pk")
    ).values("contract_id")
    paid = dict(
        ContractPayment.objects.filter(contract_id__in=paying, year=year)
        .values("contract_id")
        .annotate(total=MoneySum("amount"))
        .values_list("contract_id", "total")
    )
    covered: dict[int, list[int]] = defaultdict(list)
    for contract_id, usage_id in through.filter(contract_id__in=paying).values_list(
        "contract_id", "systemusage_id"
    ):
        covered[contract_id].append(usage_id)
    for contract_id, amount in paid.items():
        targets = sorted(covered[contract_id])
        for usage_id, share in zip(
            targets, split_evenly(Decimal(amount), len(targets)), strict=True
        ):
            usage = usages.get(usage_id)
            if usage is not None and usage.yearly_cost is not None:
                usage.yearly_cost += share
    return contracts
