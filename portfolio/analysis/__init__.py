"""Portfolio analyses for one organization: costs, contract calendar, data quality,
overlap, integration map, impact and TIME.

Each analysis is one function ``<name>(*, organization, …)`` that reads the database
with a fixed number of queries (independent of the number of usages, contracts or
integrations), turns the rows into plain values, lets :mod:`engine` compute where there
is logic worth isolating, and returns frozen dataclasses. The pages and the API
endpoints call the same function, and the API publishes the dataclasses as its schema.
Texts in the results (labels) are translated when the function runs.

One module per analysis; what they return in :mod:`portfolio.analysis.results`; the
shared building blocks (units, KLE, money, graph nodes) in
:mod:`portfolio.analysis.common`. Callers import from this package.
"""

from portfolio.analysis.common import (
    COMPONENT_NODE,
    LIVE_INTEGRATIONS,
    NONE_KEY,
    ORE,
    USAGE_NODE,
    ZERO,
    KleInfo,
    UnitIndex,
    effective_kle,
    integration_edge,
    kle_info,
    live_integration_rows,
    resolve_today,
    split_evenly,
    usage_name,
)
from portfolio.analysis.contract_calendar import (
    EVENT_LABELS,
    contract_calendar,
)
from portfolio.analysis.costs import (
    cost_analysis,
)
from portfolio.analysis.data_quality import (
    CRITERION_LABELS,
    GAP_LABELS,
    data_quality,
)
from portfolio.analysis.impact import (
    impact_analysis,
)
from portfolio.analysis.integration_map import (
    integration_map,
    map_edge,
)
from portfolio.analysis.overlap import (
    overlap,
)
from portfolio.analysis.results import (
    AffectedNode,
    AffectedStep,
    Band,
    CalendarEventRow,
    ContractCalendar,
    ContractDeadlineRow,
    CostAnalysis,
    CostRow,
    Criterion,
    DataQuality,
    GapList,
    ImpactAnalysis,
    IntegrationMap,
    LifecycleCount,
    MapEdge,
    MapNode,
    MonthCount,
    Option,
    Overlap,
    OverlapGroup,
    OverlapSubject,
    PhasingUsage,
    SingleUnitUsage,
    SystemCost,
    TimeAnalysis,
    TimeCell,
    TimelineYear,
    TimeUsage,
    UsageRef,
    UsageScore,
    WindowCount,
)
from portfolio.analysis.time_model import (
    lifecycle_timeline,
    time_analysis,
)

__all__ = [
    "COMPONENT_NODE",
    "CRITERION_LABELS",
    "EVENT_LABELS",
    "GAP_LABELS",
    "LIVE_INTEGRATIONS",
    "NONE_KEY",
    "ORE",
    "USAGE_NODE",
    "ZERO",
    "AffectedNode",
    "AffectedStep",
    "Band",
    "CalendarEventRow",
    "ContractCalendar",
    "ContractDeadlineRow",
    "CostAnalysis",
    "CostRow",
    "Criterion",
    "DataQuality",
    "GapList",
    "ImpactAnalysis",
    "IntegrationMap",
    "KleInfo",
    "LifecycleCount",
    "MapEdge",
    "MapNode",
    "MonthCount",
    "Option",
    "Overlap",
    "OverlapGroup",
    "OverlapSubject",
    "PhasingUsage",
    "SingleUnitUsage",
    "SystemCost",
    "TimeAnalysis",
    "TimeCell",
    "TimeUsage",
    "TimelineYear",
    "UnitIndex",
    "UsageRef",
    "UsageScore",
    "WindowCount",
    "contract_calendar",
    "cost_analysis",
    "data_quality",
    "effective_kle",
    "impact_analysis",
    "integration_edge",
    "integration_map",
    "kle_info",
    "lifecycle_timeline",
    "live_integration_rows",
    "map_edge",
    "overlap",
    "resolve_today",
    "split_evenly",
    "time_analysis",
    "usage_name",
]
