"""Factories of the review tests."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from portfolio.models import CatalogSystem, SystemUsage
from reviews.models import CadenceOverride, Finding, GovernancePlan, SolutionReview

_N = itertools.count(1)


def make_usage(organization: Any, **fields: Any) -> SystemUsage:
    system, _created = CatalogSystem.objects.get_or_create(
        name="Testsystem til gennemgang", defaults={"business_type": "fagsystem"}
    )
    fields.setdefault("lifecycle", "operational")
    return SystemUsage.objects.create(
        organization=organization,
        catalog_system=system,
        local_name=fields.pop("local_name", f"System {next(_N)}"),
        **fields,
    )


def make_review(organization: Any, **fields: Any) -> SolutionReview:
    from knowledge.reviews import review_knowledge

    checklist = review_knowledge().checklist_for(fields.pop("strategy", ""))
    return SolutionReview.objects.create(
        organization=organization,
        usage=fields.pop("usage", None) or make_usage(organization),
        planned_date=fields.pop("planned_date", date(2027, 1, 15)),
        checklist_key=checklist.key,
        checklist_version=checklist.version,
        checklist_items=checklist.snapshot(),
        **fields,
    )


def make_finding(organization: Any, **fields: Any) -> Finding:
    return Finding.objects.create(
        organization=organization,
        review=fields.pop("review", None) or make_review(organization),
        text=fields.pop("text", f"Handling {next(_N)}"),
        **fields,
    )


def make_plan(organization: Any, **fields: Any) -> GovernancePlan:
    return GovernancePlan.objects.create(
        organization=organization,
        usage=fields.pop("usage", None) or make_usage(organization),
        **fields,
    )


def make_cadence(organization: Any) -> CadenceOverride:
    return CadenceOverride.objects.create(organization=organization, rule_key="kritisk", months=6)
