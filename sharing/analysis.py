"""What a fællesskab decides with the shared landscape: consolidation candidates and
joint procurement windows. Pure functions of a :class:`~sharing.landscape.Landscape`
(no queries of their own), so they see exactly what the members share and nothing more.

Honest output: every candidate states how many of its members share contracts and costs,
so a sum or an exit date over part of the members says so.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from engine import notice
from sharing.landscape import ZERO, Landscape, Member, SharedContract, SharedUsage


@dataclass
class MemberPart:
    """One member's part of a candidate."""

    member_id: int
    member: str
    names: list[str]
    contracts: list[SharedContract] | None  # None: the member does not share contracts
    yearly_cost: Decimal | None  # None: the member does not share costs

    @property
    def exit_date(self) -> dt.date | None:
        """The earliest day the member can be out of all its contracts for this (the
        latest termination date among them); None when unknown."""
        if not self.contracts:
            return None
        dates = [c.termination_date for c in self.contracts]
        if any(d is None for d in dates):
            return None
        return max(d for d in dates if d is not None)


@dataclass
class Candidate:
    kind: str  # "system" | "vendor"
    key: int
    name: str
    parts: list[MemberPart]

    @property
    def member_count(self) -> int:
        return len(self.parts)

    @property
    def contract_count(self) -> int:
        return len({c.id for p in self.parts for c in p.contracts or []})

    @property
    def cost_known(self) -> int:
        return sum(1 for p in self.parts if p.yearly_cost is not None)

    @property
    def yearly_cost(self) -> Decimal:
        """The summed yearly cost of the members that share their costs."""
        return sum((p.yearly_cost for p in self.parts if p.yearly_cost is not None), ZERO)

    @property
    def exit_known(self) -> int:
        return sum(1 for p in self.parts if p.exit_date is not None)

    @property
    def common_exit(self) -> dt.date | None:
        """The earliest day every member can be out of its contracts (the latest of the
        members' exit dates); None unless every member's exit date is known."""
        dates = [p.exit_date for p in self.parts]
        if not dates or any(d is None for d in dates):
            return None
        return max(d for d in dates if d is not None)


@dataclass
class KleOverlap:
    """Different systems doing the same job (one KLE subject) at different members."""

    kle_id: int
    kle: str
    systems: list[tuple[str, str]]  # (member, system)

    @property
    def member_count(self) -> int:
        return len({m for m, _s in self.systems})


@dataclass
class Consolidation:
    members: int
    sharing_usages: int
    sharing_contracts: int
    sharing_costs: int
    systems: list[Candidate]
    vendors: list[Candidate]
    kle: list[KleOverlap] = field(default_factory=list)


def _usage_part(
    usages: list[SharedUsage],
    contracts_by_id: dict[int, SharedContract],
    members: dict[int, Member],
) -> MemberPart:
    first = usages[0]
    member = members[first.member_id]
    contracts: list[SharedContract] | None = None
    if member.shares("contracts"):
        ids = sorted({cid for u in usages for cid in u.contract_ids})
        contracts = [contracts_by_id[cid] for cid in ids]
    cost: Decimal | None = None
    if member.shares("costs"):
        cost = sum((u.yearly_cost or ZERO for u in usages), ZERO)
    return MemberPart(first.member_id, first.member, [u.name for u in usages], contracts, cost)


def consolidation(landscape: Landscape, *, kle_titles: dict[int, str]) -> Consolidation:
    """Consolidation candidates among the shared landscapes.

    * a catalog system used by two or more members (from shared usages);
    * a vendor holding contracts with two or more members (from shared contracts), with
      the members' yearly payments where they share costs;
    * a KLE subject served by different catalog systems at two or more members.

    The common exit date is the day every member can be out of its contracts for the
    candidate: the latest of the members' termination dates (``engine.notice``).
    """
    systems = []
    # Built once: built per cell, the contract map made 98 members' analysis quadratic.
    contracts_by_id = landscape.contract_map()
    member_by_id = {m.id: m for m in landscape.members}
    for row in landscape.systems():
        if row.member_count < 2:
            continue
        parts = [_usage_part(cells, contracts_by_id, member_by_id) for cells in row.cells.values()]
        systems.append(Candidate("system", row.catalog_system_id, row.system, parts))
    systems.sort(key=lambda c: (-c.member_count, -c.yearly_cost, c.name.lower()))

    by_vendor: dict[int, dict[int, list[SharedContract]]] = defaultdict(lambda: defaultdict(list))
    vendor_names: dict[int, str] = {}
    for contract in landscape.contracts:
        if contract.vendor_id is None or contract.terminated:
            continue
        by_vendor[contract.vendor_id][contract.member_id].append(contract)
        vendor_names[contract.vendor_id] = contract.vendor
    sharing_costs = set(landscape.with_category("costs"))
    vendors = []
    for vendor_id, per_member in by_vendor.items():
        if len(per_member) < 2:
            continue
        parts = []
        for member_id, contracts in per_member.items():
            cost = (
                sum((c.yearly_payment or ZERO for c in contracts), ZERO)
                if member_id in sharing_costs
                else None
            )
            parts.append(
                MemberPart(
                    member_id, contracts[0].member, [c.name for c in contracts], contracts, cost
                )
            )
        vendors.append(Candidate("vendor", vendor_id, vendor_names[vendor_id], parts))
    vendors.sort(key=lambda c: (-c.member_count, -c.yearly_cost, c.name.lower()))

    by_kle: dict[int, set[tuple[str, int, str]]] = defaultdict(set)
    for usage in landscape.usages:
        for kle_id in usage.kle_ids:
            by_kle[kle_id].add((usage.member, usage.catalog_system_id, usage.system))
    kle = []
    for kle_id, found in by_kle.items():
        members = {m for m, _i, _s in found}
        distinct_systems = {i for _m, i, _s in found}
        if len(members) >= 2 and len(distinct_systems) >= 2:
            kle.append(
                KleOverlap(
                    kle_id,
                    kle_titles.get(kle_id, str(kle_id)),
                    sorted((m, s) for m, _i, s in found),
                )
            )
    kle.sort(key=lambda k: (-k.member_count, k.kle))
    return Consolidation(
        members=len(landscape.members),
        sharing_usages=len(landscape.with_category("usages")),
        sharing_contracts=len(landscape.with_category("contracts")),
        sharing_costs=len(sharing_costs),
        systems=systems,
        vendors=vendors,
        kle=kle,
    )


@dataclass
class Window:
    """A period in which contracts of two or more members can be ended."""

    start: dt.date
    end: dt.date
    contracts: list[SharedContract]

    @property
    def member_count(self) -> int:
        return len({c.member_id for c in self.contracts})

    @property
    def shared_vendors(self) -> list[str]:
        """Vendors with contracts of two or more members in the window."""
        members: dict[str, set[int]] = defaultdict(set)
        for c in self.contracts:
            if c.vendor:
                members[c.vendor].add(c.member_id)
        return sorted(v for v, ms in members.items() if len(ms) >= 2)


@dataclass
class JointProcurement:
    today: dt.date
    months: int
    period_months: int
    members_sharing_contracts: int
    windows: list[Window]
    without_date: list[SharedContract]


def joint_procurement(
    landscape: Landscape, *, months: int = 36, period_months: int = 6
) -> JointProcurement:
    """Periods (calendar half-years by default) within ``months`` from today in which
    contracts of two or more members can end - their termination date by the notice
    rules of ``engine.notice`` (the last-notice calendar's). Terminated contracts and
    contracts whose date is unknown are left out and listed (``without_date``)."""
    if period_months not in (3, 6, 12):
        raise ValueError("period_months must be 3, 6 or 12")
    today = landscape.today
    horizon = notice.add_months(today, months)
    periods: dict[dt.date, list[SharedContract]] = defaultdict(list)
    without: list[SharedContract] = []
    for contract in landscape.contracts:
        if contract.terminated:
            continue
        date = contract.termination_date
        if date is None:
            without.append(contract)
            continue
        if date < today or date > horizon:
            continue
        first_month = (date.month - 1) // period_months * period_months + 1
        periods[date.replace(month=first_month, day=1)].append(contract)
    windows = []
    for start in sorted(periods):
        contracts = sorted(periods[start], key=lambda c: (c.termination_date, c.member, c.name))
        end = notice.add_months(start, period_months) - dt.timedelta(days=1)
        window = Window(start, end, contracts)
        if window.member_count >= 2:
            windows.append(window)
    return JointProcurement(
        today=today,
        months=months,
        period_months=period_months,
        members_sharing_contracts=len(landscape.with_category("contracts")),
        windows=windows,
        without_date=without,
    )
