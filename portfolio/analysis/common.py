"""Shared building blocks of the portfolio analyses: units, KLE, money, nodes."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone

from engine import graph
from organizations.models import Organization, OrganizationUnit
from portfolio import choices as c
from portfolio.analysis.results import Option
from portfolio.models import (
    CatalogSystem,
    Integration,
    KleSubject,
    SystemUsage,
)

ORE = Decimal("0.01")
ZERO = Decimal("0.00")
NONE_KEY = "-"
# Integrations that carry data today (planned and retired ones do not).
LIVE_INTEGRATIONS = (c.IntegrationStatus.ACTIVE, c.IntegrationStatus.PHASING_OUT)
USAGE_NODE = "u"
COMPONENT_NODE = "c"


# Shared building blocks ----------------------------------------------------------------


def usage_name(local_name: str, system_name: str) -> str:
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


def resolve_today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def live_integration_rows(organization: Organization) -> list[Mapping[str, Any]]:
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


def integration_edge(row: Mapping[str, Any]) -> graph.Edge[str]:
    target = (
        f"{USAGE_NODE}{row['target_id']}"
        if row["target_id"] is not None
        else f"{COMPONENT_NODE}{row['target_component_id']}"
    )
    return graph.Edge(
        f"{USAGE_NODE}{row['source_id']}", target, row["direction"] == c.Direction.TWO_WAY
    )
