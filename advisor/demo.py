"""Demo strategy assessments for Eksempel Kommune (synthetic answers, real computation).

``seed(result)`` gives the demo municipality two completed versions: last year's, which
leaned towards standardised procurement under heavy cost pressure, and this year's,
where firmer management commitment and better mapped processes point to coherent
business processes. The portfolio's facts are computed from the demo landscape by the
same services as in production; the choice of "sammenhaengende_processer" is recorded on
this year's version, which generates its roadmap through the roadmaps service.
Idempotent: a municipality that already has assessments is left alone.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from advisor import services
from advisor.facts import compute_facts
from advisor.models import Assessment
from organizations.demo import DemoResult

CHOSEN = "sammenhaengende_processer"

LAST_YEAR: dict[str, Any] = {
    "title": "Strategivurdering 2025",
    "answers": {
        "cost_pressure": 5,
        "purchasing_decentralisation": 4,
        "in_person_contacts_per_inhabitant": 1.9,
        "self_service_adoption": 0.45,
        "communication_budget": 2,
        "political_appetite_central_control": 4,
        "management_commitment": 2,
        "process_maturity": 2,
        "it_recruitment_difficulty": 3,
    },
    "overrides": {
        "overlapping_systems_per_capability": {
            "value": 2.4,
            "reason": (
                "Beregningen tæller hvert modul og hver lokal installation som et selvstændigt "
                "system. Gennemgangen med systemejerne viste i gennemsnit 2,4 systemer pr. "
                "behov."
            ),
        },
        "data_collected_twice_share": {
            "value": 0.1,
            "reason": (
                "I 2025 var kun en håndfuld processer kortlagt; andelen er skønnet ud fra "
                "borgerservices egne registreringer."
            ),
        },
    },
}

THIS_YEAR: dict[str, Any] = {
    "title": "Strategivurdering 2026",
    "answers": {
        "cost_pressure": 3,
        "purchasing_decentralisation": 3,
        "in_person_contacts_per_inhabitant": 1.4,
        "self_service_adoption": 0.62,
        "communication_budget": 3,
        "political_appetite_central_control": 3,
        "management_commitment": 4,
        "process_maturity": 3,
        "it_recruitment_difficulty": 4,
        "citizen_satisfaction_pressure": 3,
        "neighbour_cooperation": 4,
        "fragile_operations": 3,
        "central_team_capacity": 3,
        "investment_capacity": 3,
    },
    "overrides": {
        "overlapping_systems_per_capability": {
            "value": 2.1,
            "reason": (
                "Beregningen tæller hvert modul og hver lokal installation som et selvstændigt "
                "system. Efter årets oprydning dækker i gennemsnit 2,1 systemer hvert behov."
            ),
        },
    },
    # The processes are mapped in the portfolio now, so last year's estimate goes.
    "remove_overrides": ["data_collected_twice_share"],
    "note": (
        "Direktionen anbefaler sammenhængende forretningsprocesser: KOMBITs støttesystemer er "
        "allerede i brug, og forvaltningerne har forpligtet sig i Direktionens "
        "digitaliseringsudvalg."
    ),
}


def _version(
    *,
    actor: Any,
    organization: Any,
    spec: dict[str, Any],
    copy_from: Assessment | None = None,
    as_of: dt.date | None = None,
) -> Assessment:
    assessment = services.assessment_create(
        actor=actor, organization=organization, title=spec["title"], copy_from=copy_from
    )
    if as_of is not None:  # last year's version: the spend facts of last year
        facts = compute_facts(organization=organization, today=as_of)
        assessment.facts = {key: fact.as_json() for key, fact in facts.items()}
        Assessment.objects.filter(pk=assessment.pk).update(facts=assessment.facts)
    overrides: dict[str, Any] = dict(spec.get("overrides", {}))
    for key in spec.get("remove_overrides", []):
        overrides[key] = None
    services.assessment_update(
        actor=actor, assessment=assessment, answers=spec["answers"], overrides=overrides
    )
    return services.assessment_complete(actor=actor, assessment=assessment)


@transaction.atomic
def seed(result: DemoResult) -> None:
    """Two completed assessments for Eksempel Kommune; the newest carries the choice."""
    kommune = result.kommune
    if Assessment.objects.filter(organization=kommune).exists():
        return
    actor = result.users["arkitekt"]
    # Last year's version is dated a year back, so the list and the comparison read naturally.
    a_year_ago = timezone.now() - dt.timedelta(days=365)
    last_year = _version(actor=actor, organization=kommune, spec=LAST_YEAR, as_of=a_year_ago.date())
    Assessment.objects.filter(pk=last_year.pk).update(
        created_at=a_year_ago, completed_at=a_year_ago + dt.timedelta(days=14)
    )
    this_year = _version(actor=actor, organization=kommune, spec=THIS_YEAR, copy_from=last_year)
    services.assessment_choose(
        actor=actor, assessment=this_year, option=CHOSEN, note=THIS_YEAR["note"]
    )
