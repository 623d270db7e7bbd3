"""Demo decision paper for Eksempel Kommune (runs after the advisor, roadmap and business
case seeders).

``seed(result)`` generates one paper through ``paper_create`` (so it is audited and in the
history) from whatever the earlier seeders left:

* the latest completed strategy assessment;
* the business case: approved before submitted, and the channel-shift case before the
  driftsfællesskab case (other templates and drafts are not used);
* the roadmap built on the assessment's chosen strategy, else the newest roadmap.

A missing source is simply left out; with no source at all nothing is generated. The
same data always gives the same choice. Idempotent: a paper with the demo title is left
alone. Synthetic data only (the paper is marked "Demodata").
"""

from __future__ import annotations

from typing import Any

from advisor.choices import AssessmentStatus
from advisor.models import Assessment
from businesscases.choices import CaseStatus, CaseTemplate
from businesscases.models import BusinessCase
from organizations.demo import DemoResult
from papers import services
from papers.models import DecisionPaper
from roadmaps.models import Roadmap

DEMO_TITLE = "Oplæg til Økonomiudvalget: arkitekturstyring og business case"
STATUS_ORDER = (CaseStatus.APPROVED, CaseStatus.SUBMITTED)
TEMPLATE_ORDER = (CaseTemplate.CHANNEL_SHIFT, CaseTemplate.SHARED_OPERATIONS)


def _assessment(kommune: Any) -> Assessment | None:
    return (
        Assessment.objects.filter(organization=kommune, status=AssessmentStatus.COMPLETED)
        .order_by("-version")
        .first()
    )


def _case(kommune: Any) -> BusinessCase | None:
    cases = BusinessCase.objects.filter(
        organization=kommune, status__in=STATUS_ORDER, template__in=TEMPLATE_ORDER
    ).order_by("pk")
    ranked = sorted(
        cases, key=lambda c: (STATUS_ORDER.index(c.status), TEMPLATE_ORDER.index(c.template), c.pk)
    )
    return ranked[0] if ranked else None


def _roadmap(kommune: Any, assessment: Assessment | None) -> Roadmap | None:
    roadmaps = Roadmap.objects.filter(organization=kommune)
    if assessment is not None and assessment.chosen_option:
        chosen = (
            roadmaps.filter(strategy=assessment.chosen_option)
            .order_by("-created_at", "-pk")
            .first()
        )
        if chosen is not None:
            return chosen
    return roadmaps.order_by("-created_at", "-pk").first()


def seed(result: DemoResult) -> DecisionPaper | None:
    """Generate Eksempel Kommune's demo paper (see the module docstring)."""
    kommune = result.kommune
    existing = DecisionPaper.objects.filter(organization=kommune, title=DEMO_TITLE).first()
    if existing is not None:
        return existing
    assessment = _assessment(kommune)
    case = _case(kommune)
    roadmap = _roadmap(kommune, assessment)
    if assessment is None and case is None and roadmap is None:
        return None
    return services.paper_create(
        actor=result.users["arkitekt"],
        organization=kommune,
        title=DEMO_TITLE,
        assessment=assessment,
        business_case=case,
        roadmap=roadmap,
    )
