"""The shared landscape: what the organizations that share with the viewer let it read,
side by side. Only categories they granted are read at all (a category not granted is
never queried, so it cannot leak). Queries: constant in the number of members and rows."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from engine import notice
from organizations.models import Organization
from portfolio.analysis.common import split_evenly
from portfolio.models import (
    CatalogSystem,
    Contract,
    ContractPayment,
    Integration,
    KleSubject,
    SystemUsage,
    UsageCost,
)
from sharing.choices import Category
from sharing.selectors import received_grants

ZERO = Decimal("0.00")


@dataclass
class Member:
    id: int
    name: str
    categories: set[str]

    def shares(self, category: str) -> bool:
        return category in self.categories


@dataclass
class SharedContract:
    id: int
    member_id: int
    member: str
    name: str
    number: str
    vendor_id: int | None
    vendor: str
    end_date: dt.date | None
    termination_date: dt.date | None
    last_notice_day: dt.date | None
    open_ended: bool
    terminated: bool
    usage_ids: list[int] = field(default_factory=list)
    yearly_payment: Decimal | None = None  # None: the member does not share its costs


@dataclass
class SharedUsage:
    id: int
    member_id: int
    member: str
    catalog_system_id: int
    system: str
    local_name: str
    vendor: str
    lifecycle: str
    lifecycle_label: str
    kle_ids: list[int] = field(default_factory=list)
    contract_ids: list[int] = field(default_factory=list)
    yearly_cost: Decimal | None = None  # None: the member does not share its costs

    @property
    def name(self) -> str:
        return self.local_name or self.system


@dataclass
class SharedIntegration:
    id: int
    member_id: int
    member: str
    source: str
    target: str
    technology: str
    status: str


@dataclass
class SystemRow:
    """One catalog system and each member's usages of it (member id -> usages)."""

    catalog_system_id: int
    system: str
    vendor: str
    cells: dict[int, list[SharedUsage]]

    @property
    def member_count(self) -> int:
        return len(self.cells)


@dataclass
class Landscape:
    year: int
    today: dt.date
    members: list[Member]
    usages: list[SharedUsage]
    contracts: list[SharedContract]
    integrations: list[SharedIntegration]

    def with_category(self, category: str) -> list[int]:
        return [m.id for m in self.members if m.shares(category)]

    def systems(self) -> list[SystemRow]:
        """Catalog systems side by side, those at most members first."""
        rows: dict[int, SystemRow] = {}
        for usage in self.usages:
            row = rows.setdefault(
                usage.catalog_system_id,
                SystemRow(usage.catalog_system_id, usage.system, usage.vendor, {}),
            )
            row.cells.setdefault(usage.member_id, []).append(usage)
        return sorted(rows.values(), key=lambda r: (-r.member_count, r.system.lower()))

    def contract_map(self) -> dict[int, SharedContract]:
        return {c.id: c for c in self.contracts}


# The columns a shared contract is read from (``shared_contract``), for ``.values()``.
CONTRACT_FIELDS = (
    "pk",
    "organization_id",
    "name",
    "number",
    "vendor_id",
    "vendor__name",
    "end_date",
    "notice_months",
    "notice_runs_to",
    "irrevocable_until",
    "options_offered",
    "options_used",
    "option_months",
    "terminated",
)


def shared_contract(
    row: dict[str, Any],
    names: dict[int, str],
    today: dt.date,
    yearly_payment: Decimal | None = None,
) -> SharedContract:
    """A contract row (``CONTRACT_FIELDS``) with its notice deadlines as of ``today``."""
    deadline = notice.contract_deadlines(
        notice.ContractTerms(
            key=row["pk"],
            end_date=row["end_date"],
            notice_months=row["notice_months"],
            runs_to=row["notice_runs_to"],
            irrevocable_until=row["irrevocable_until"],
            options_offered=row["options_offered"],
            options_used=row["options_used"],
            option_months=row["option_months"],
            terminated=row["terminated"],
        ),
        today,
    )
    return SharedContract(
        id=row["pk"],
        member_id=row["organization_id"],
        member=names[row["organization_id"]],
        name=row["name"],
        number=row["number"],
        vendor_id=row["vendor_id"],
        vendor=row["vendor__name"] or "",
        end_date=row["end_date"],
        termination_date=deadline.termination_date,
        last_notice_day=deadline.last_notice_day,
        open_ended=deadline.open_ended,
        terminated=deadline.terminated,
        yearly_payment=yearly_payment,
    )


def _members(organization: Organization) -> list[Member]:
    members: dict[int, Member] = {}
    for grant in received_grants(organization=organization):
        member = members.setdefault(
            grant.organization_id, Member(grant.organization_id, str(grant.organization), set())
        )
        member.categories.add(grant.category)
    return list(members.values())


def shared_landscape(
    *,
    organization: Organization,
    year: int | None = None,
    today: dt.date | None = None,
    with_integrations: bool = True,
) -> Landscape:
    """What the organizations that share with ``organization`` let it read (at most ten
    queries, whatever the number of members and rows). ``with_integrations=False`` leaves
    the integrations unread, for the pages and analyses that do not show them."""
    today = today or timezone.localdate()
    year = year or today.year
    members = _members(organization)
    names = {m.id: m.name for m in members}
    landscape = Landscape(year, today, members, [], [], [])
    usage_orgs = landscape.with_category(Category.USAGES)
    contract_orgs = landscape.with_category(Category.CONTRACTS)
    cost_orgs = set(landscape.with_category(Category.COSTS))
    integration_orgs = landscape.with_category(Category.INTEGRATIONS)

    usages: dict[int, SharedUsage] = {}
    if usage_orgs:
        # Plain rows, not model instances: at national scale building thousands of
        # instances (and a translated label per row) was most of the time.
        lifecycle_labels = {
            k: str(v) for k, v in SystemUsage._meta.get_field("lifecycle").choices or []
        }
        rows = list(
            SystemUsage.objects.filter(organization_id__in=usage_orgs)
            .order_by("organization_id", "catalog_system__name", "local_name", "pk")
            .values_list(
                "pk",
                "organization_id",
                "catalog_system_id",
                "catalog_system__name",
                "local_name",
                "catalog_system__vendor__name",
                "lifecycle",
            )
        )
        kle: dict[int, list[int]] = defaultdict(list)
        for system_id, kle_id in CatalogSystem.kle_subjects.through.objects.filter(
            catalogsystem_id__in={r[2] for r in rows}
        ).values_list("catalogsystem_id", "klesubject_id"):
            kle[system_id].append(kle_id)
        for pk, org_id, system_id, system_name, local_name, vendor, lifecycle in rows:
            usages[pk] = SharedUsage(
                id=pk,
                member_id=org_id,
                member=names[org_id],
                catalog_system_id=system_id,
                system=system_name,
                local_name=local_name,
                vendor=vendor or "",
                lifecycle=lifecycle,
                lifecycle_label=lifecycle_labels.get(lifecycle, lifecycle),
                kle_ids=sorted(kle.get(system_id, [])),
                yearly_cost=ZERO if org_id in cost_orgs else None,
            )
    landscape.usages = list(usages.values())

    contracts: dict[int, SharedContract] = {}
    if contract_orgs:
        for ct in (
            Contract.objects.filter(organization_id__in=contract_orgs)
            .order_by("organization_id", "name", "pk")
            .values(*CONTRACT_FIELDS)
        ):
            contracts[ct["pk"]] = shared_contract(
                ct,
                names,
                today,
                yearly_payment=ZERO if ct["organization_id"] in cost_orgs else None,
            )
        links = Contract.usages.through.objects.filter(contract_id__in=list(contracts))
        for contract_id, usage_id in links.values_list("contract_id", "systemusage_id"):
            contracts[contract_id].usage_ids.append(usage_id)
            if usage_id in usages:
                usages[usage_id].contract_ids.append(contract_id)
    landscape.contracts = list(contracts.values())

    if cost_orgs:
        _add_costs(cost_orgs, year, usages, contracts)

    if integration_orgs and with_integrations:
        status_labels = {k: str(v) for k, v in Integration._meta.get_field("status").choices or []}
        tech_labels = {
            k: str(v) for k, v in Integration._meta.get_field("technology").choices or []
        }
        for pk, org_id, source, source_system, target, target_system, component, tech, status in (
            Integration.objects.filter(organization_id__in=integration_orgs)
            .order_by("organization_id", "pk")
            .values_list(
                "pk",
                "organization_id",
                "source__local_name",
                "source__catalog_system__name",
                "target__local_name",
                "target__catalog_system__name",
                "target_component__name",
                "technology",
                "status",
            )
        ):
            landscape.integrations.append(
                SharedIntegration(
                    id=pk,
                    member_id=org_id,
                    member=names[org_id],
                    source=source or source_system,
                    target=(target or target_system) if target_system else (component or ""),
                    technology=tech_labels.get(tech, tech),
                    status=status_labels.get(status, status),
                )
            )
    return landscape


def _add_costs(
    cost_orgs: set[int],
    year: int,
    usages: dict[int, SharedUsage],
    contracts: dict[int, SharedContract],
) -> None:
    """The year's cost per usage as the cost analysis counts it (own cost lines plus the
    contract payments split evenly over the usages a contract covers) - for members that
    share their costs; the contract's yearly payment for members that share contracts."""
    for usage_id, amount in UsageCost.objects.filter(
        usage__organization_id__in=cost_orgs, year=year
    ).values_list("usage_id", "amount"):
        usage = usages.get(usage_id)
        if usage is not None and usage.yearly_cost is not None:
            usage.yearly_cost += amount
    paid: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for contract_id, amount in ContractPayment.objects.filter(
        contract__organization_id__in=cost_orgs, year=year
    ).values_list("contract_id", "amount"):
        paid[contract_id] += amount
    covered: dict[int, list[int]] = defaultdict(list)
    for contract_id, usage_id in Contract.usages.through.objects.filter(
        contract_id__in=list(paid)
    ).values_list("contract_id", "systemusage_id"):
        covered[contract_id].append(usage_id)
    for contract_id, amount in paid.items():
        contract = contracts.get(contract_id)
        if contract is not None and contract.yearly_payment is not None:
            contract.yearly_payment += amount
        targets = sorted(covered.get(contract_id, []))
        if not targets:
            continue
        for usage_id, share in zip(targets, split_evenly(amount, len(targets)), strict=True):
            usage = usages.get(usage_id)
            if usage is not None and usage.yearly_cost is not None:
                usage.yearly_cost += share


def kle_titles(landscape: Landscape) -> dict[int, str]:
    """'number title' of the KLE subjects the shared usages' systems carry (one query)."""
    ids = {k for u in landscape.usages for k in u.kle_ids}
    if not ids:
        return {}
    return {
        pk: f"{number} {title}"
        for pk, number, title in KleSubject.objects.filter(pk__in=ids).values_list(
            "pk", "number", "title"
        )
    }
