"""Portfolio analyses for one organization: costs, contract calendar, data quality,
overlap, integration map, impact and TIME.

Each analysis is one function ``<name>(*, organization, …)`` that reads the database
with a fixed number of queries (independent of the number of usages, contracts or
integrations), turns the rows into plain values, lets :mod:`engine` compute where there
is logic worth isolating, and returns frozen dataclasses. The pages and the API
endpoints call the same function, and the API publishes the dataclasses as its schema.
Texts in the results (labels) are translated when the function runs.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from engine import graph, notice, quality
from organizations.models import Organization, OrganizationUnit
from portfolio import choices as c
from portfolio.models import (
    CatalogSystem,
    Contract,
    ContractPayment,
    Integration,
    KleSubject,
    ProcessStep,
    SystemUsage,
    UsageCost,
    UsageRole,
)

ORE = Decimal("0.01")
ZERO = Decimal("0.00")
NONE_KEY = "-"
# Integrations that carry data today (planned and retired ones do not).
LIVE_INTEGRATIONS = (c.IntegrationStatus.ACTIVE, c.IntegrationStatus.PHASING_OUT)
USAGE_NODE = "u"
COMPONENT_NODE = "c"


# Shared building blocks ----------------------------------------------------------------


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


def _name(local_name: str, system_name: str) -> str:
    return local_name or system_name


class UnitIndex:
    """The organization's unit tree from one query; forvaltning = the root ancestor."""

    def __init__(self, organization: Organization) -> None:
        rows = OrganizationUnit.objects.filter(organization=organization).values_list(
            "pk", "name", "parent_id"
        )
        self.names: dict[int, str] = {}
        self.parent: dict[int, int | None] = {}
        for pk, name, parent_id in rows:
            self.names[pk] = name
            self.parent[pk] = parent_id
        self._roots: dict[int, int] = {}

    def root(self, unit_id: int) -> int:
        """The top-level unit above ``unit_id`` (itself when it has no parent)."""
        if unit_id in self._roots:
            return self._roots[unit_id]
        path = [unit_id]
        current = unit_id
        while (parent := self.parent.get(current)) is not None and parent not in path:
            if parent in self._roots:
                current = self._roots[parent]
                break
            path.append(parent)
            current = parent
        for unit in path:
            self._roots[unit] = current
        return current

    def subtree(self, unit_id: int) -> set[int]:
        """``unit_id`` and every unit below it."""
        children: dict[int | None, list[int]] = defaultdict(list)
        for pk, parent in self.parent.items():
            children[parent].append(pk)
        found = {unit_id}
        frontier = [unit_id]
        while frontier:
            unit = frontier.pop()
            for child in children.get(unit, []):
                if child not in found:
                    found.add(child)
                    frontier.append(child)
        return found

    def options(self) -> list[Option]:
        """Units as filter options, depth-first with indentation by depth."""
        children: dict[int | None, list[int]] = defaultdict(list)
        for pk in sorted(self.names, key=lambda pk: self.names[pk].lower()):
            children[self.parent[pk] if self.parent[pk] in self.names else None].append(pk)
        result: list[Option] = []

        def walk(parent: int | None, depth: int) -> None:
            for pk in children.get(parent, []):
                result.append(Option(str(pk), "\u2003" * depth + self.names[pk]))
                walk(pk, depth + 1)

        walk(None, 0)
        return result


@dataclass(frozen=True)
class KleInfo:
    """Effective KLE subjects per usage and what the subjects are."""

    by_usage: dict[int, set[int]]
    subjects: dict[int, tuple[str, str, str]]  # id -> (number, title, level)
    hovedgrupper: dict[str, str]  # number -> title

    def hovedgruppe_of(self, subject_id: int) -> str:
        return self.subjects[subject_id][0].split(".")[0]

    def usage_groups(self, usage_id: int) -> list[str]:
        """The KLE hovedgrupper (numbers) a usage serves, sorted."""
        return sorted({self.hovedgruppe_of(s) for s in self.by_usage.get(usage_id, ())})

    def group_label(self, number: str) -> str:
        title = self.hovedgrupper.get(number, "")
        return f"{number} {title}".strip()

    def group_options(self) -> list[Option]:
        return [Option(n, self.group_label(n)) for n in sorted(self.hovedgrupper)]


def effective_kle(
    usage_catalog: Mapping[int, int],
    catalog_subjects: Iterable[tuple[int, int]],
    additions: Iterable[tuple[int, int]],
    removals: Iterable[tuple[int, int]],
) -> dict[int, set[int]]:
    """Per usage: the catalog system's KLE subjects plus local additions minus removals.

    ``usage_catalog`` maps usage → catalog system; the other arguments are
    (catalog system or usage, subject) pairs.
    """
    by_catalog: dict[int, set[int]] = defaultdict(set)
    for catalog_id, subject_id in catalog_subjects:
        by_catalog[catalog_id].add(subject_id)
    result = {usage: set(by_catalog.get(catalog, ())) for usage, catalog in usage_catalog.items()}
    for usage, subject in additions:
        if usage in result:
            result[usage].add(subject)
    for usage, subject in removals:
        if usage in result:
            result[usage].discard(subject)
    return result


def kle_info(organization: Organization, usage_catalog: Mapping[int, int]) -> KleInfo:
    """Four queries: catalog subjects, local additions, local removals, subject details."""
    org_usages = SystemUsage.objects.filter(organization=organization)
    catalog_pairs = list(
        CatalogSystem.kle_subjects.through.objects.filter(
            catalogsystem_id__in=org_usages.values("catalog_system_id")
        ).values_list("catalogsystem_id", "klesubject_id")
    )
    additions = list(
        SystemUsage.kle_additions.through.objects.filter(
            systemusage__organization=organization
        ).values_list("systemusage_id", "klesubject_id")
    )
    removals = list(
        SystemUsage.kle_removals.through.objects.filter(
            systemusage__organization=organization
        ).values_list("systemusage_id", "klesubject_id")
    )
    referenced = {s for _c, s in catalog_pairs} | {s for _u, s in additions}
    subjects: dict[int, tuple[str, str, str]] = {}
    hovedgrupper: dict[str, str] = {}
    for pk, number, title, level in KleSubject.objects.filter(
        Q(level=c.KleLevel.HOVEDGRUPPE) | Q(pk__in=referenced)
    ).values_list("pk", "number", "title", "level"):
        subjects[pk] = (number, title, level)
        if level == c.KleLevel.HOVEDGRUPPE:
            hovedgrupper[number] = title
    return KleInfo(
        by_usage=effective_kle(usage_catalog, catalog_pairs, additions, removals),
        subjects=subjects,
        hovedgrupper=hovedgrupper,
    )


def split_evenly(amount: Decimal, parts: int) -> list[Decimal]:
    """Split an amount in kroner into ``parts`` shares to the øre that add up exactly.

    The first ``remainder`` shares get one øre more (largest-remainder method).
    """
    if parts < 1:
        raise ValueError("parts must be at least 1")
    ore = int((amount / ORE).to_integral_value(rounding=ROUND_HALF_UP))
    base, remainder = divmod(ore, parts)
    return [(Decimal(base + (1 if i < remainder else 0)) * ORE) for i in range(parts)]


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


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
    "ikke fordelt" for KLE and business type. Queries: 11, whatever the size.
    """
    year = year or _today(today).year
    units = UnitIndex(organization)
    not_given = (NONE_KEY, _("Ikke angivet"))

    def forvaltning(unit_id: int | None) -> tuple[str, str]:
        if unit_id is None or unit_id not in units.names:
            return not_given
        root = units.root(unit_id)
        return (str(root), units.names[root])

    usages: dict[int, Mapping[str, Any]] = {
        row["pk"]: row
        for row in SystemUsage.objects.filter(organization=organization).values(
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
    for usage_id, amount in UsageCost.objects.filter(
        usage__organization=organization, year=year
    ).values_list("usage_id", "amount"):
        usage = usages[usage_id]
        own[usage_id] += amount
        items.append(
            _Item(amount, usage_id, system_vendor(usage), forvaltning(usage["responsible_unit_id"]))
        )

    payments: dict[int, Decimal] = defaultdict(lambda: ZERO)
    contract_info: dict[int, tuple[tuple[str, str], int | None]] = {}
    for contract_id, amount, vendor_id, vendor_name, unit_id in ContractPayment.objects.filter(
        contract__organization=organization, year=year
    ).values_list(
        "contract_id",
        "amount",
        "contract__vendor_id",
        "contract__vendor__name",
        "contract__responsible_unit_id",
    ):
        payments[contract_id] += amount
        vendor = (str(vendor_id), vendor_name) if vendor_id is not None else not_given
        contract_info[contract_id] = (vendor, unit_id)
    covered: dict[int, list[int]] = defaultdict(list)
    for contract_id, usage_id in Contract.usages.through.objects.filter(
        contract__organization=organization, contract_id__in=list(payments)
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
    business_labels = dict(c.BusinessType.choices)
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
        by_type[(business_type, str(business_labels.get(business_type, business_type)))] += (
            item.amount
        )
        groups = kle.usage_groups(item.usage_id)
        if not groups:
            by_kle[no_kle] += item.amount
        for group, share in zip(
            groups, split_evenly(item.amount, len(groups)) if groups else [], strict=True
        ):
            by_kle[(group, kle.group_label(group))] += share

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
                name=_name(usage["local_name"], usage["catalog_system__name"]),
                forvaltning=forvaltning(usage["responsible_unit_id"])[1],
                vendor=system_vendor(usage)[1],
                own=mine,
                contracts=theirs,
                total=mine + theirs,
            )
        )
    systems.sort(key=lambda s: (-s.total, s.name))
    years = set(
        UsageCost.objects.filter(usage__organization=organization)
        .values_list("year", flat=True)
        .distinct()
    ) | set(
        ContractPayment.objects.filter(contract__organization=organization)
        .values_list("year", flat=True)
        .distinct()
    )
    population = organization.population
    return CostAnalysis(
        year=year,
        years=sorted(years | {year}),
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


EVENT_LABELS = {
    "notice": gettext_lazy("Sidste opsigelsesdag"),
    "expiry": gettext_lazy("Udløb"),
    "option": gettext_lazy("Option skal besluttes"),
}


def contract_calendar(
    *, organization: Organization, months: int = 12, today: dt.date | None = None
) -> ContractCalendar:
    """Expiries, last notice days and option decisions in the next ``months`` (3/6/12/24).

    The rules are :mod:`engine.notice`'s. One query.
    """
    if months not in notice.WINDOWS:
        raise ValueError(f"months must be one of {notice.WINDOWS}")
    today = _today(today)
    runs_to_labels = dict(c.NoticeRunsTo.choices)
    rows: dict[int, ContractDeadlineRow] = {}
    deadlines: list[notice.ContractDeadlines] = []
    contracts = Contract.objects.filter(organization=organization).select_related(
        "vendor", "responsible_unit"
    )
    for contract in contracts.order_by("end_date", "name", "pk"):
        terms = notice.ContractTerms(
            key=contract.pk,
            end_date=contract.end_date,
            notice_months=contract.notice_months,
            runs_to=contract.notice_runs_to,
            irrevocable_until=contract.irrevocable_until,
            options_offered=contract.options_offered,
            options_used=contract.options_used,
            option_months=contract.option_months,
            terminated=contract.terminated,
        )
        deadline = notice.contract_deadlines(terms, today)
        deadlines.append(deadline)
        rows[contract.pk] = ContractDeadlineRow(
            contract_id=contract.pk,
            number=contract.number,
            name=contract.name,
            vendor=contract.vendor.name if contract.vendor else "",
            responsible_unit=contract.responsible_unit.name if contract.responsible_unit else "",
            expiry=deadline.expiry,
            termination_date=deadline.termination_date,
            last_notice_day=deadline.last_notice_day,
            notice_months=contract.notice_months,
            notice_runs_to=contract.notice_runs_to,
            notice_runs_to_label=str(
                runs_to_labels.get(contract.notice_runs_to, contract.notice_runs_to)
            ),
            irrevocable_until=contract.irrevocable_until,
            options_remaining=deadline.options_remaining,
            extensions=list(deadline.extensions),
            open_ended=deadline.open_ended,
            terminated=deadline.terminated,
            notice_passed=deadline.notice_passed,
        )
    all_events = notice.contract_calendar(deadlines, today, max(notice.WINDOWS))
    windows = []
    for window in notice.WINDOWS:
        inside = [e for e in all_events if e.window <= window]
        windows.append(
            WindowCount(
                months=window,
                notice=sum(1 for e in inside if e.kind == "notice"),
                expiry=sum(1 for e in inside if e.kind == "expiry"),
                option=sum(1 for e in inside if e.kind == "option"),
            )
        )
    events = [
        CalendarEventRow(
            date=e.date,
            kind=e.kind,
            kind_label=str(EVENT_LABELS[e.kind]),
            window=e.window,
            contract_id=e.key,
            contract=str(rows[e.key].name),
            vendor=rows[e.key].vendor,
        )
        for e in all_events
        if e.window <= months
    ]
    month_keys = [notice.add_months(today.replace(day=1), i) for i in range(months + 1)]
    per_month: dict[str, dict[str, int]] = {
        m.strftime("%Y-%m"): {"notice": 0, "expiry": 0, "option": 0} for m in month_keys
    }
    for event in events:
        per_month[event.date.strftime("%Y-%m")][event.kind] += 1
    return ContractCalendar(
        today=today,
        months=months,
        windows=windows,
        by_month=[MonthCount(month, **counts) for month, counts in per_month.items()],
        events=events,
        notice_passed=[r for r in rows.values() if r.notice_passed],
        open_ended=[r for r in rows.values() if r.open_ended and not r.terminated],
        contracts=list(rows.values()),
    )


# Data quality --------------------------------------------------------------------------

CRITERION_LABELS = {
    "systemejer": gettext_lazy("Systemejer angivet"),
    "contract": gettext_lazy("Dækket af en gældende kontrakt"),
    "responsible_unit": gettext_lazy("Ansvarlig enhed angivet"),
    "lifecycle": gettext_lazy("Livscyklus afklaret"),
    "risk_assessment": gettext_lazy("Risikovurdering foretaget (personoplysninger)"),
    "time": gettext_lazy("TIME-disposition med funktionel og teknisk egnethed"),
    "hosting": gettext_lazy("Driftsform angivet"),
    "gdpr_purpose": gettext_lazy("Formål med behandlingen angivet (personoplysninger)"),
    "archive_duty": gettext_lazy("Arkivpligt afklaret"),
    "user_count": gettext_lazy("Antal brugere angivet"),
    "kle": gettext_lazy("Mindst ét KLE-emne"),
}
GAP_LABELS = {
    "no_systemejer": gettext_lazy("Uden systemejer"),
    "no_contract": gettext_lazy("Uden gældende kontrakt"),
    "personal_without_dpa": gettext_lazy("Personoplysninger uden indgået databehandleraftale"),
    "personal_without_risk_assessment": gettext_lazy("Personoplysninger uden risikovurdering"),
    "accessibility": gettext_lazy("Selvbetjening uden aktuel tilgængelighedserklæring"),
}


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


def data_quality(*, organization: Organization, today: dt.date | None = None) -> DataQuality:
    """Completeness score and gap lists for every usage that is not "ikke i drift".

    A contract counts when it covers the usage and has not ended (no end date, or an
    end date today or later). Rules and weights: :mod:`engine.quality`. Queries: 7.
    """
    today = _today(today)
    usages = list(
        SystemUsage.objects.filter(organization=organization)
        .exclude(lifecycle=c.Lifecycle.NOT_IN_USE)
        .values(
            "pk",
            "local_name",
            "catalog_system_id",
            "catalog_system__name",
            "catalog_system__business_type",
            "responsible_unit_id",
            "responsible_unit__name",
            "lifecycle",
            "hosting",
            "data_sensitivity",
            "gdpr_purpose",
            "risk_assessment_done",
            "archive_duty",
            "time_disposition",
            "functional_fit",
            "technical_fit",
            "user_count",
            "accessibility_statement_url",
            "wcag_date",
        )
        .order_by("pk")
    )
    owners = set(
        UsageRole.objects.filter(
            usage__organization=organization, role_type__key="systemejer"
        ).values_list("usage_id", flat=True)
    )
    contracted: set[int] = set()
    with_dpa: set[int] = set()
    for usage_id, dpa in Contract.usages.through.objects.filter(
        Q(contract__end_date__isnull=True) | Q(contract__end_date__gte=today),
        contract__organization=organization,
    ).values_list("systemusage_id", "contract__dpa_concluded"):
        contracted.add(usage_id)
        if dpa:
            with_dpa.add(usage_id)
    kle = kle_info(organization, {u["pk"]: u["catalog_system_id"] for u in usages})
    facts = [
        quality.UsageFacts(
            key=u["pk"],
            has_systemejer=u["pk"] in owners,
            has_contract=u["pk"] in contracted,
            has_responsible_unit=u["responsible_unit_id"] is not None,
            lifecycle_decided=u["lifecycle"] != c.Lifecycle.UNDECIDED,
            hosting_decided=u["hosting"] != c.Hosting.UNDECIDED,
            personal_data=u["data_sensitivity"] != c.DataSensitivity.NONE,
            gdpr_purpose=bool(u["gdpr_purpose"].strip()),
            risk_assessment_done=u["risk_assessment_done"],
            dpa_concluded=u["pk"] in with_dpa,
            archive_duty_decided=u["archive_duty"]
            not in (c.ArchiveDuty.UNDECIDED, c.ArchiveDuty.UNKNOWN),
            time_disposition=u["time_disposition"],
            functional_fit=u["functional_fit"],
            technical_fit=u["technical_fit"],
            user_count_decided=u["user_count"] != c.UserCount.UNDECIDED,
            has_kle=bool(kle.by_usage.get(u["pk"])),
            self_service=u["catalog_system__business_type"] == c.BusinessType.SELVBETJENING,
            accessibility_statement=bool(u["accessibility_statement_url"]),
            wcag_date=u["wcag_date"],
        )
        for u in usages
    ]
    report = quality.assess_all(facts, today)
    by_id = {u["pk"]: u for u in usages}
    refs = {
        pk: UsageRef(pk, _name(u["local_name"], u["catalog_system__name"]))
        for pk, u in by_id.items()
    }
    scores = [
        UsageScore(
            usage_id=q.key,
            name=refs[q.key].name,
            responsible_unit=by_id[q.key]["responsible_unit__name"] or "",
            score=q.score,
            missing=[str(CRITERION_LABELS[m]) for m in q.missing],
        )
        for q in report.usages
    ]
    scores.sort(key=lambda s: (s.score, s.name.lower()))
    return DataQuality(
        today=today,
        count=len(scores),
        average=report.average,
        criteria=[Criterion(k, str(CRITERION_LABELS[k]), w) for k, w in quality.WEIGHTS.items()],
        histogram=[
            Band(f"{low}–{high}", count)
            for (low, high), count in zip(quality.HISTOGRAM_BANDS, report.histogram, strict=True)
        ],
        usages=scores,
        gaps=[
            GapList(
                key=key,
                label=str(GAP_LABELS[key]),
                usages=sorted((refs[pk] for pk in report.gaps[key]), key=lambda r: r.name.lower()),
            )
            for key in quality.GAPS
        ],
    )


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


def overlap(*, organization: Organization) -> Overlap:
    """Reuse candidates among the active usages (pilot, phasing in, operational, phasing out).

    * KLE emner served by two or more active usages, and per hovedgruppe how many
      active usages serve it and how many of its emner overlap;
    * active usages used by exactly one unit.

    Queries: 6.
    """
    usages = {
        row["pk"]: row
        for row in SystemUsage.objects.filter(
            organization=organization, lifecycle__in=c.ACTIVE_LIFECYCLES
        ).values("pk", "local_name", "catalog_system_id", "catalog_system__name")
    }
    refs = {
        pk: UsageRef(pk, _name(u["local_name"], u["catalog_system__name"]))
        for pk, u in usages.items()
    }
    kle = kle_info(organization, {pk: u["catalog_system_id"] for pk, u in usages.items()})
    per_subject: dict[int, list[int]] = defaultdict(list)
    per_group: dict[str, set[int]] = defaultdict(set)
    for usage_id, subjects in kle.by_usage.items():
        for subject in subjects:
            per_group[kle.hovedgruppe_of(subject)].add(usage_id)
            if kle.subjects[subject][2] == c.KleLevel.EMNE:
                per_subject[subject].append(usage_id)
    overlapping = []
    for subject, users in per_subject.items():
        if len(users) >= 2:
            number, title, _level = kle.subjects[subject]
            overlapping.append(
                OverlapSubject(
                    subject_id=subject,
                    number=number,
                    title=title,
                    hovedgruppe=kle.group_label(kle.hovedgruppe_of(subject)),
                    usages=sorted((refs[u] for u in users), key=lambda r: r.name.lower()),
                )
            )
    overlapping.sort(key=lambda s: (-len(s.usages), s.number))
    overlap_per_group: dict[str, int] = defaultdict(int)
    for item in overlapping:
        overlap_per_group[kle.hovedgruppe_of(item.subject_id)] += 1
    groups = [
        OverlapGroup(
            number=number,
            label=kle.group_label(number),
            usage_count=len(users),
            overlapping_subjects=overlap_per_group.get(number, 0),
        )
        for number, users in sorted(per_group.items())
    ]
    unit_counts: dict[int, list[str]] = defaultdict(list)
    for usage_id, unit_name in SystemUsage.using_units.through.objects.filter(
        systemusage__organization=organization,
        systemusage__lifecycle__in=c.ACTIVE_LIFECYCLES,
    ).values_list("systemusage_id", "organizationunit__name"):
        unit_counts[usage_id].append(unit_name)
    single = sorted(
        (
            SingleUnitUsage(usage_id=pk, name=refs[pk].name, unit=names[0])
            for pk, names in unit_counts.items()
            if len(names) == 1 and pk in refs
        ),
        key=lambda s: (s.unit.lower(), s.name.lower()),
    )
    return Overlap(
        subjects=overlapping, groups=groups, single_unit=single, active_count=len(usages)
    )


# Integration map and impact ------------------------------------------------------------


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


def _integration_rows(organization: Organization) -> list[Mapping[str, Any]]:
    return list(
        Integration.objects.filter(organization=organization, status__in=LIVE_INTEGRATIONS)
        .values(
            "pk",
            "source_id",
            "target_id",
            "target_component_id",
            "target_component__name",
            "direction",
            "technology",
            "interface_name",
        )
        .order_by("pk")
    )


def _edge(row: Mapping[str, Any]) -> graph.Edge[str]:
    target = (
        f"{USAGE_NODE}{row['target_id']}"
        if row["target_id"] is not None
        else f"{COMPONENT_NODE}{row['target_component_id']}"
    )
    return graph.Edge(
        f"{USAGE_NODE}{row['source_id']}", target, row["direction"] == c.Direction.TWO_WAY
    )


def integration_map(
    *, organization: Organization, unit: str = "", group: str = ""
) -> IntegrationMap:
    """Usages (not "ikke i drift") and shared components with their live integrations.

    ``unit`` keeps usages whose responsible or using unit lies in that unit's subtree;
    ``group`` keeps usages serving a subject in that KLE hovedgruppe. Usages and
    components that integrate with a kept usage are shown as context. An unknown filter
    value raises ``ValueError``. Queries: 7 (8 with a unit filter).
    """
    units = UnitIndex(organization)
    usages = {
        row["pk"]: row
        for row in SystemUsage.objects.filter(organization=organization)
        .exclude(lifecycle=c.Lifecycle.NOT_IN_USE)
        .values(
            "pk", "local_name", "catalog_system_id", "catalog_system__name", "responsible_unit_id"
        )
    }
    kle = kle_info(organization, {pk: u["catalog_system_id"] for pk, u in usages.items()})
    keep = set(usages)
    if unit:
        if not unit.isdigit() or int(unit) not in units.names:
            raise ValueError(_("Ukendt enhed."))
        subtree = units.subtree(int(unit))
        using: dict[int, set[int]] = defaultdict(set)
        for usage_id, unit_id in SystemUsage.using_units.through.objects.filter(
            systemusage__organization=organization
        ).values_list("systemusage_id", "organizationunit_id"):
            using[usage_id].add(unit_id)
        keep = {
            pk
            for pk in keep
            if usages[pk]["responsible_unit_id"] in subtree or using.get(pk, set()) & subtree
        }
    if group:
        if group not in kle.hovedgrupper:
            raise ValueError(_("Ukendt KLE-hovedgruppe."))
        keep = {pk for pk in keep if group in kle.usage_groups(pk)}
    rows = [
        r
        for r in _integration_rows(organization)
        if r["source_id"] in usages and (r["target_id"] is None or r["target_id"] in usages)
    ]
    edges = [_edge(r) for r in rows]
    kept_ids = {f"{USAGE_NODE}{pk}" for pk in keep}
    node_ids, kept_edges = graph.neighbourhood(edges, kept_ids)
    degree = graph.degrees(edges)
    components = {
        f"{COMPONENT_NODE}{r['target_component_id']}": r["target_component__name"]
        for r in rows
        if r["target_id"] is None
    }
    nodes = []
    for node_id in node_ids:
        if node_id.startswith(USAGE_NODE):
            pk = int(node_id[1:])
            usage = usages[pk]
            nodes.append(
                MapNode(
                    id=node_id,
                    kind="usage",
                    label=_name(usage["local_name"], usage["catalog_system__name"]),
                    usage_id=pk,
                    degree=degree.get(node_id, 0),
                    context=pk not in keep,
                )
            )
        else:
            nodes.append(
                MapNode(
                    id=node_id,
                    kind="component",
                    label=components[node_id],
                    usage_id=None,
                    degree=degree.get(node_id, 0),
                    context=False,
                )
            )
    nodes.sort(key=lambda n: (n.kind != "usage", n.context, n.label.lower(), n.id))
    kept_pairs = {(e.source, e.target) for e in kept_edges}
    map_edges = [
        MapEdge(
            id=f"i{row['pk']}",
            source=edge.source,
            target=edge.target,
            two_way=edge.two_way,
            technology=row["technology"],
            label=row["interface_name"],
        )
        for row, edge in zip(rows, edges, strict=True)
        if (edge.source, edge.target) in kept_pairs
    ]
    return IntegrationMap(
        nodes=nodes,
        edges=map_edges,
        unit=unit,
        group=group,
        units=units.options(),
        groups=kle.group_options(),
    )


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


def impact_analysis(*, organization: Organization, usage: SystemUsage) -> ImpactAnalysis:
    """Everything downstream of ``usage`` and every process step that stops with it.

    Live integrations only; shared components are reached but not passed through
    (:mod:`engine.graph` explains why). Queries: at most 4 (integrations, usage names, step
    links, affected steps).
    """
    if usage.organization_id != organization.pk:
        raise ValueError("the usage belongs to another organization")
    rows = _integration_rows(organization)
    edges = [_edge(r) for r in rows]
    names = {
        f"{USAGE_NODE}{pk}": _name(local, system)
        for pk, local, system in SystemUsage.objects.filter(organization=organization).values_list(
            "pk", "local_name", "catalog_system__name"
        )
    }
    for row in rows:
        if row["target_id"] is None:
            names[f"{COMPONENT_NODE}{row['target_component_id']}"] = row["target_component__name"]
    step_nodes: dict[int, list[str]] = defaultdict(list)
    for step_id, usage_id in ProcessStep.usages.through.objects.filter(
        processstep__process__organization=organization
    ).values_list("processstep_id", "systemusage_id"):
        step_nodes[step_id].append(f"{USAGE_NODE}{usage_id}")
    start = f"{USAGE_NODE}{usage.pk}"
    barriers = frozenset(n for n in names if n.startswith(COMPONENT_NODE))
    result: graph.Impact[str, int] = graph.impact(start, edges, step_nodes, barriers=barriers)
    affected = [
        AffectedNode(
            id=r.node,
            kind="usage" if r.node.startswith(USAGE_NODE) else "component",
            name=names[r.node],
            usage_id=int(r.node[1:]) if r.node.startswith(USAGE_NODE) else None,
            depth=r.depth,
            via=names[r.via],
        )
        for r in result.affected
    ]
    hits = {hit.step: hit.nodes for hit in result.steps}
    steps = [
        AffectedStep(
            step_id=pk,
            process_id=process_id,
            process=process,
            order=order,
            name=step_name,
            unit=unit_name or "",
            usages=[names[n] for n in hits[pk]],
        )
        for pk, process_id, process, order, step_name, unit_name in ProcessStep.objects.filter(
            pk__in=list(hits)
        )
        .order_by("process__name", "process_id", "order")
        .values_list("pk", "process_id", "process__name", "order", "name", "unit__name")
    ]
    down = {start} | {a.id for a in affected}
    return ImpactAnalysis(
        usage_id=usage.pk,
        name=usage.name,
        affected_usages=[a for a in affected if a.kind == "usage"],
        affected_components=[a for a in affected if a.kind == "component"],
        steps=steps,
        edges=[
            MapEdge(
                id=f"i{row['pk']}",
                source=edge.source,
                target=edge.target,
                two_way=edge.two_way,
                technology=row["technology"],
                label=row["interface_name"],
            )
            for row, edge in zip(rows, edges, strict=True)
            if edge.source in down and edge.target in down
        ],
    )


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


def lifecycle_timeline(
    periods: Iterable[tuple[dt.date | None, dt.date | None]], first: int, last: int
) -> list[TimelineYear]:
    """Per year from ``first`` to ``last``: phase-ins, phase-outs and usages in operation
    at year end, from (valid_from, valid_to) pairs."""
    items = list(periods)
    result = []
    for year in range(first, last + 1):
        year_end = dt.date(year, 12, 31)
        result.append(
            TimelineYear(
                year=year,
                phasing_in=sum(1 for start, _end in items if start and start.year == year),
                phasing_out=sum(1 for _start, end in items if end and end.year == year),
                in_operation=sum(
                    1
                    for start, end in items
                    if start and start <= year_end and (end is None or end > year_end)
                ),
            )
        )
    return result


def time_analysis(*, organization: Organization, today: dt.date | None = None) -> TimeAnalysis:
    """The TIME matrix, contradiction warnings (rule: :func:`engine.quality.time_contradiction`)
    and the lifecycle timeline. The timeline spans the usages' dates, at most ten years
    either side of today. Usages "ikke i drift" are left out of the matrix. One query.
    """
    today = _today(today)
    rows = list(
        SystemUsage.objects.filter(organization=organization)
        .values(
            "pk",
            "local_name",
            "catalog_system__name",
            "lifecycle",
            "time_disposition",
            "functional_fit",
            "technical_fit",
            "valid_from",
            "valid_to",
        )
        .order_by("local_name", "catalog_system__name", "pk")
    )
    labels = dict(c.TimeDisposition.choices)
    cells: dict[tuple[int, int], dict[str, int]] = {
        (f, t): defaultdict(int) for f in range(1, 5) for t in range(1, 5)
    }
    assessed: list[TimeUsage] = []
    not_assessed = 0
    disposition_counts: dict[str, int] = defaultdict(int)
    for row in rows:
        if row["lifecycle"] == c.Lifecycle.NOT_IN_USE:
            continue
        disposition = row["time_disposition"]
        disposition_counts[disposition] += 1
        functional, technical = row["functional_fit"], row["technical_fit"]
        if functional is None or technical is None:
            not_assessed += 1
            continue
        cells[(functional, technical)][disposition or "undecided"] += 1
        suggested = quality.time_contradiction(disposition, functional, technical) or ""
        assessed.append(
            TimeUsage(
                usage_id=row["pk"],
                name=_name(row["local_name"], row["catalog_system__name"]),
                disposition=disposition,
                disposition_label=str(labels.get(disposition, disposition)),
                functional_fit=functional,
                technical_fit=technical,
                suggested=suggested,
                suggested_label=str(labels.get(suggested, "")) if suggested else "",
            )
        )
    grid = [
        TimeCell(
            functional=f,
            technical=t,
            count=sum(counts.values()),
            tolerate=counts["tolerate"],
            invest=counts["invest"],
            migrate=counts["migrate"],
            eliminate=counts["eliminate"],
            undecided=counts["undecided"],
        )
        for (f, t), counts in cells.items()
    ]
    periods = [(r["valid_from"], r["valid_to"]) for r in rows]
    years = [d.year for pair in periods for d in pair if d is not None]
    first = max(min(years, default=today.year), today.year - 10)
    last = min(max(years, default=today.year), today.year + 10)
    lifecycle_counts: dict[str, int] = defaultdict(int)
    for row in rows:
        lifecycle_counts[row["lifecycle"]] += 1
    lifecycle_labels = dict(c.Lifecycle.choices)
    phasing = [
        PhasingUsage(
            usage_id=row["pk"],
            name=_name(row["local_name"], row["catalog_system__name"]),
            lifecycle=row["lifecycle"],
            lifecycle_label=str(lifecycle_labels[row["lifecycle"]]),
            valid_from=row["valid_from"],
            valid_to=row["valid_to"],
        )
        for row in rows
        if row["lifecycle"] in (c.Lifecycle.PHASING_IN, c.Lifecycle.PHASING_OUT)
    ]
    return TimeAnalysis(
        grid=grid,
        assessed=assessed,
        not_assessed=not_assessed,
        warnings=[u for u in assessed if u.suggested],
        disposition_counts=[
            LifecycleCount(key, str(label), disposition_counts.get(key, 0))
            for key, label in c.TimeDisposition.choices
        ],
        timeline=lifecycle_timeline(periods, first, last),
        undated=sum(1 for start, end in periods if start is None and end is None),
        lifecycle=[
            LifecycleCount(key, str(label), lifecycle_counts.get(key, 0))
            for key, label in c.Lifecycle.choices
        ],
        phasing=phasing,
    )
