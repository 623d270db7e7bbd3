"""Factories for advisor tests: drafts and completed assessments without the portfolio."""

from __future__ import annotations

import itertools
from functools import lru_cache
from typing import Any

from django.db.models import Max
from django.utils import timezone

from advisor.choices import AssessmentStatus
from advisor.models import Assessment
from advisor.results import build_result
from organizations.models import Organization
from organizations.testing import unique

_n = itertools.count(1)

# A municipality under cost pressure that buys IT locally (standardisering first).
COST_PRESSED: dict[str, float] = {
    "cost_pressure": 5,
    "purchasing_decentralisation": 5,
    "spend_outside_central_share": 0.5,
    "it_spend_per_inhabitant": 1600,
    "political_appetite_central_control": 5,
    "management_commitment": 4,
    "overlapping_systems_per_capability": 1.4,
    "data_collected_twice_share": 0.05,
    "kombit_component_use": 0.3,
    "in_person_contacts_per_inhabitant": 1.0,
    "self_service_adoption": 0.6,
    "communication_budget": 2,
    "it_recruitment_difficulty": 2,
    "process_maturity": 2,
    "inhabitants": 60000,
    "integration_coverage": 0.5,
    "procurement_lead_time_days": 60,
    "show_stopper_share": 0.2,
    "citizen_satisfaction_pressure": 2,
    "neighbour_cooperation": 2,
    "fragile_operations": 2,
    "central_team_capacity": 4,
    "investment_capacity": 3,
}


@lru_cache(maxsize=4)
def _result(values: tuple[tuple[str, float], ...]) -> dict[str, Any]:
    return build_result(dict(values))


def _next_version(organization: Organization) -> int:
    latest = Assessment.objects.filter(organization=organization).aggregate(v=Max("version"))
    return (latest["v"] or 0) + 1


def draft(organization: Organization, **fields: Any) -> Assessment:
    defaults: dict[str, Any] = {
        "title": f"Vurdering {next(_n)}",
        "answers": {"cost_pressure": 3.0},
        "facts": {"inhabitants": {"value": 40000.0, "source": "fra organisationsprofilen"}},
    }
    return Assessment.objects.create(
        organization=organization,
        version=_next_version(organization),
        **{**defaults, **fields},
    )


def completed(
    organization: Organization, values: dict[str, float] | None = None, **fields: Any
) -> Assessment:
    """A completed assessment whose result the engine computed for ``values``."""
    values = COST_PRESSED if values is None else values
    result = _result(tuple(sorted(values.items())))
    return draft(
        organization,
        answers=dict(values),
        facts={},
        status=AssessmentStatus.COMPLETED,
        result=result,
        knowledge_version=result["knowledge_version"],
        completed_at=timezone.now(),
        **fields,
    )


class AccessFactories:
    """The objects the access tests' cases name (``obj="draft"`` -> ``make_draft``)."""

    def make_draft(self, org: Organization) -> Assessment:
        return draft(org)

    def make_completed(self, org: Organization) -> Assessment:
        return completed(org)

    def list_marker(self, org: Organization) -> str:
        marker = unique("Hemmelig vurdering")
        draft(org, title=marker)
        return marker
