"""What the analyses return: frozen dataclasses, one group per analysis.

The pages read them and the API publishes them as its schema (django-ninja builds the
OpenAPI components from these classes), so a field added here is an API change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

# Shared --------------------------------------------------------------------------------


@dataclass(frozen=True)
class UsageRef:
    """A usage as the analyses list it."""

    id: int
    name: str


@dataclass(frozen=True)
class Option:
    """A choice for a filter (unit, KLE hovedgruppe, year)."""

    key: str
    label: str


# Costs ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CostRow:
    """A total for one group (forvaltning, vendor, KLE hovedgruppe, business type)."""

    key: str
    label: str
    amount: Decimal
    share: Decimal  # percent of the year's total, 1 decimal


@dataclass(frozen=True)
class SystemCost:
    usage_id: int
    name: str
    forvaltning: str
    vendor: str
    own: Decimal
    contracts: Decimal
    total: Decimal


@dataclass(frozen=True)
class CostAnalysis:
    year: int
    years: list[int]
    total: Decimal
    own_total: Decimal
    contract_total: Decimal
    unallocated: Decimal  # contract payments of contracts that cover no usage
    population: int | None
    per_inhabitant: Decimal | None
    by_forvaltning: list[CostRow]
    by_vendor: list[CostRow]
    by_kle: list[CostRow]
    by_business_type: list[CostRow]
    top_systems: list[SystemCost]


# Contract calendar ---------------------------------------------------------------------


@dataclass(frozen=True)
class ContractDeadlineRow:
    contract_id: int
    number: str
    name: str
    vendor: str
    responsible_unit: str
    expiry: dt.date | None
    termination_date: dt.date | None
    last_notice_day: dt.date | None
    notice_months: int
    notice_runs_to: str
    notice_runs_to_label: str
    irrevocable_until: dt.date | None
    options_remaining: int
    extensions: list[dt.date]
    open_ended: bool
    terminated: bool
    notice_passed: bool


@dataclass(frozen=True)
class CalendarEventRow:
    date: dt.date
    kind: str  # notice | expiry | option
    kind_label: str
    window: int  # the smallest window (months) it falls in
    contract_id: int
    contract: str
    vendor: str


@dataclass(frozen=True)
class WindowCount:
    months: int
    notice: int
    expiry: int
    option: int


@dataclass(frozen=True)
class MonthCount:
    month: str  # YYYY-MM
    notice: int
    expiry: int
    option: int


@dataclass(frozen=True)
class ContractCalendar:
    today: dt.date
    months: int
    windows: list[WindowCount]
    by_month: list[MonthCount]
    events: list[CalendarEventRow]
    notice_passed: list[ContractDeadlineRow]
    open_ended: list[ContractDeadlineRow]
    contracts: list[ContractDeadlineRow]


# Data quality --------------------------------------------------------------------------


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    weight: int


@dataclass(frozen=True)
class UsageScore:
    usage_id: int
    name: str
    responsible_unit: str
    score: int
    missing: list[str]  # criterion labels


@dataclass(frozen=True)
class GapList:
    key: str
    label: str
    usages: list[UsageRef]


@dataclass(frozen=True)
class Band:
    label: str
    count: int


@dataclass(frozen=True)
class DataQuality:
    today: dt.date
    count: int
    average: int | None
    criteria: list[Criterion]
    histogram: list[Band]
    usages: list[UsageScore]  # lowest score first
    gaps: list[GapList]


# Overlap -------------------------------------------------------------------------------


@dataclass(frozen=True)
class OverlapSubject:
    subject_id: int
    number: str
    title: str
    hovedgruppe: str
    usages: list[UsageRef]


@dataclass(frozen=True)
class OverlapGroup:
    number: str
    label: str
    usage_count: int  # active usages serving a subject in the hovedgruppe
    overlapping_subjects: int  # emner in it served by two or more active usages


@dataclass(frozen=True)
class SingleUnitUsage:
    usage_id: int
    name: str
    unit: str


@dataclass(frozen=True)
class Overlap:
    subjects: list[OverlapSubject]
    groups: list[OverlapGroup]
    single_unit: list[SingleUnitUsage]
    active_count: int


# Integration map -----------------------------------------------------------------------


@dataclass(frozen=True)
class MapNode:
    id: str  # "u<pk>" for a usage, "c<pk>" for a shared component
    kind: str  # usage | component
    label: str
    usage_id: int | None
    degree: int
    context: bool  # shown only because it integrates with a node that matches the filter


@dataclass(frozen=True)
class MapEdge:
    id: str
    source: str
    target: str
    two_way: bool
    technology: str
    label: str


@dataclass(frozen=True)
class IntegrationMap:
    nodes: list[MapNode]
    edges: list[MapEdge]
    unit: str
    group: str
    units: list[Option]
    groups: list[Option]


# Impact --------------------------------------------------------------------------------


@dataclass(frozen=True)
class AffectedNode:
    id: str
    kind: str  # usage | component
    name: str
    usage_id: int | None
    depth: int
    via: str  # name of the node it depends on along the shortest path


@dataclass(frozen=True)
class AffectedStep:
    step_id: int
    process_id: int
    process: str
    order: int
    name: str
    unit: str
    usages: list[str]  # the down or affected usages the step uses


@dataclass(frozen=True)
class ImpactAnalysis:
    usage_id: int
    name: str
    affected_usages: list[AffectedNode]
    affected_components: list[AffectedNode]
    steps: list[AffectedStep]
    edges: list[MapEdge]  # the integrations among the usage and what it affects


# TIME and lifecycle --------------------------------------------------------------------


@dataclass(frozen=True)
class TimeCell:
    functional: int
    technical: int
    count: int
    tolerate: int
    invest: int
    migrate: int
    eliminate: int
    undecided: int


@dataclass(frozen=True)
class TimeUsage:
    usage_id: int
    name: str
    disposition: str
    disposition_label: str
    functional_fit: int | None
    technical_fit: int | None
    suggested: str  # the suggestion of the opposite quadrant when contradicted, else ""
    suggested_label: str


@dataclass(frozen=True)
class PhasingUsage:
    usage_id: int
    name: str
    lifecycle: str
    lifecycle_label: str
    valid_from: dt.date | None
    valid_to: dt.date | None


@dataclass(frozen=True)
class TimelineYear:
    year: int
    phasing_in: int  # usages whose valid_from falls in the year
    phasing_out: int  # usages whose valid_to falls in the year
    in_operation: int  # valid_from on or before 31-12 and valid_to after 31-12 (or none)


@dataclass(frozen=True)
class LifecycleCount:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class TimeAnalysis:
    grid: list[TimeCell]  # 16 cells, functional 1-4 × technical 1-4
    assessed: list[TimeUsage]
    not_assessed: int
    warnings: list[TimeUsage]
    disposition_counts: list[LifecycleCount]
    timeline: list[TimelineYear]
    undated: int
    lifecycle: list[LifecycleCount]
    phasing: list[PhasingUsage]  # usages under phasing in or out, with their dates
