"""When a usage in operation is due for review, and when a governance plan's test is due.

The review cadence comes from the rules of ``knowledge/data/reviews.yaml`` (first match
wins, else the default), with the organization's own months (:class:`CadenceOverride`)
in place of the shipped ones. The next review is the last completed review's held date
plus the cadence; a usage never reviewed counts from its "i drift fra" date, and without
one it is due from the day it was registered. A plan's next test is its last test plus its
test cadence (monthly, quarterly, half-yearly, yearly); a plan never tested is due from
the day it was made; "ved hver ny version" and "ikke fastlagt" have no calendar interval.

Everything here reads in a constant number of queries: the conditions are turned into
``Q`` objects (one per rule), so lists filter in the database, and the date arithmetic is
done on ``today`` rather than on each row.
"""

from __future__ import annotations

import calendar
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import DateField, F, Max, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from knowledge.reviews import CadenceRule, review_knowledge
from portfolio import choices as pc
from portfolio.models import SystemUsage
from reviews import choices as c
from reviews.models import CadenceOverride, GovernancePlan, SolutionReview, usage_facts

IN_OPERATION = (pc.Lifecycle.OPERATIONAL,)
"""The lifecycles whose usages are reviewed ("I drift")."""

TEST_MONTHS: dict[str, int] = {
    pc.Cadence.MONTHLY: 1,
    pc.Cadence.QUARTERLY: 3,
    pc.Cadence.HALF_YEARLY: 6,
    pc.Cadence.YEARLY: 12,
}
"""Months between a governance plan's tests, per test cadence with a calendar interval."""


def add_months(day: date, months: int) -> date:
    """``day`` moved ``months`` months (negative: back), clamped to the month's end.

    >>> add_months(date(2025, 5, 20), 3)
    datetime.date(2025, 8, 20)
    >>> add_months(date(2024, 2, 29), 12)
    datetime.date(2025, 2, 28)
    >>> add_months(date(2026, 3, 31), -1)
    datetime.date(2026, 2, 28)
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


# Cadence --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """A cadence rule with the months that apply in one organization."""

    rule: CadenceRule
    months: int
    local: bool  # the organization's own months

    @property
    def key(self) -> str:
        return self.rule.key


def overrides(organization_ids: Collection[int] | None) -> dict[int, dict[str, int]]:
    """The organizations' own months per rule key (one query)."""
    rows = CadenceOverride.objects.all()
    if organization_ids is not None:
        rows = rows.filter(organization_id__in=list(organization_ids))
    result: dict[int, dict[str, int]] = {}
    for org_id, key, months in rows.values_list("organization_id", "rule_key", "months"):
        result.setdefault(org_id, {})[key] = months
    return result


def rules(own: Mapping[str, int] | None = None) -> list[Rule]:
    """The cadence rules in order (the default last) with the organization's months."""
    own = own or {}
    return [
        Rule(r, own.get(r.key, r.months), r.key in own)
        for r in review_knowledge().cadence.all_rules
    ]


def rule_for(usage: Any, own: Mapping[str, int] | None = None) -> Rule:
    chosen = review_knowledge().cadence.rule_for(usage_facts(usage))
    return next(r for r in rules(own) if r.rule is chosen)


def _condition(rule: CadenceRule) -> Q:
    q = Q()
    for name, values in rule.when.items():
        q &= Q(**{f"{name}__in": list(values)})
    return q


def rule_conditions(own: Mapping[str, int] | None = None) -> list[tuple[Rule, Q]]:
    """Each rule with the ``Q`` of the usages it (and no earlier rule) applies to."""
    result: list[tuple[Rule, Q]] = []
    earlier = Q()
    for rule in rules(own):
        if rule.rule.when:
            condition = _condition(rule.rule)
            result.append((rule, condition & ~earlier if earlier else condition))
            earlier |= condition
        else:  # the default: what no rule matched
            result.append((rule, ~earlier if earlier else Q()))
    return result


def with_schedule(queryset: QuerySet[SystemUsage]) -> QuerySet[SystemUsage]:
    """Usages annotated with ``last_review`` (the latest completed review's held date),
    ``next_planned`` (the earliest planned review) and ``review_anchor`` (what the next
    review counts from: the last review, else "i drift fra")."""
    done = SolutionReview.objects.filter(
        usage=OuterRef("pk"), status=c.ReviewStatus.COMPLETED
    ).values("usage")
    planned = SolutionReview.objects.filter(
        usage=OuterRef("pk"), status=c.ReviewStatus.PLANNED
    ).values("usage")
    return queryset.annotate(
        last_review=Subquery(done.annotate(m=Max("held_date")).values("m")[:1]),
        next_planned=Subquery(planned.annotate(m=Min("planned_date")).values("m")[:1]),
    ).annotate(review_anchor=Coalesce(F("last_review"), F("valid_from"), output_field=DateField()))


def review_due_on(usage: Any, rule: Rule) -> date:
    """The next review date of a usage annotated by :func:`with_schedule`."""
    anchor = usage.review_anchor
    if anchor is None:
        created: date = usage.created_at.date()
        return created
    return add_months(anchor, rule.months)


def due_by(limit: date, own: Mapping[str, int] | None = None) -> Q:
    """Usages (annotated by :func:`with_schedule`) whose next review is on or before
    ``limit``."""
    q = Q(pk__in=[])
    for rule, condition in rule_conditions(own):
        q |= condition & (
            Q(review_anchor__lte=add_months(limit, -rule.months))
            | Q(review_anchor__isnull=True, created_at__date__lte=limit)
        )
    return q


def due_filter(due: str, today: date, own: Mapping[str, int] | None = None) -> Q:
    """The ``due`` filter (:class:`reviews.choices.Due`) as a ``Q`` on scheduled usages."""
    from datetime import timedelta

    if due == c.Due.OVERDUE:
        return due_by(today - timedelta(days=1), own)
    if due == c.Due.DUE:
        return due_by(today + timedelta(days=c.DUE_DAYS), own) & ~due_by(
            today - timedelta(days=1), own
        )
    if due == c.Due.SOON:
        return due_by(today + timedelta(days=c.SOON_DAYS), own) & ~due_by(
            today + timedelta(days=c.DUE_DAYS), own
        )
    raise ValueError(due)


def in_operation(queryset: QuerySet[SystemUsage]) -> QuerySet[SystemUsage]:
    return queryset.filter(lifecycle__in=IN_OPERATION)


def schedule_list(*, organization: Any) -> QuerySet[SystemUsage]:
    """The organization's usages in operation with their review schedule."""
    return with_schedule(
        in_operation(SystemUsage.objects.filter(organization=organization))
    ).select_related("catalog_system", "responsible_unit")


def scheduled(usages: Iterable[Any], own: Mapping[str, int] | None = None) -> list[Any]:
    """Sets ``cadence`` (the :class:`Rule`) and ``next_review`` on each annotated usage."""
    result = []
    for usage in usages:
        usage.cadence = rule_for(usage, own)
        usage.next_review = review_due_on(usage, usage.cadence)
        result.append(usage)
    return result


# Governance plans -------------------------------------------------------------------------


def plan_test_due_on(plan: GovernancePlan) -> date | None:
    """The next test of a plan (None: no calendar interval)."""
    months = TEST_MONTHS.get(plan.test_cadence)
    if months is None:
        return None
    if plan.last_tested is None:
        return plan.created_at.date()
    return add_months(plan.last_tested, months)


def plan_test_due_by(limit: date, prefix: str = "") -> Q:
    """Plans whose next test is on or before ``limit`` (``prefix``: the path to the plan
    from another model, e.g. ``"governance_plan__"`` from a usage)."""
    q = Q(pk__in=[]) if not prefix else Q(**{f"{prefix}pk__in": []})
    for cadence, months in TEST_MONTHS.items():
        q |= Q(**{f"{prefix}test_cadence": cadence}) & (
            Q(**{f"{prefix}last_tested__lte": add_months(limit, -months)})
            | Q(**{f"{prefix}last_tested__isnull": True, f"{prefix}created_at__date__lte": limit})
        )
    return q
