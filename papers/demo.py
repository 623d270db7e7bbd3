"""Demo decision papers for Eksempel Kommune (run after the advisor, roadmap and business
case seeders), each built around one proposal and generated through ``paper_create`` (so
audited and in the history):

* :data:`DEMO_TITLE`: the proposal up for decision: a submitted business case
  (channel shift before driftsfællesskab), with the latest completed assessment and the
  roadmap of the case's strategy when the consistency check (``papers.coherence``)
  accepts them; without a submitted case, the assessment and its chosen strategy's
  roadmap;
* an approved case's status with its plan and actual figures, taken to note (the case
  alone: it was decided under its own proposal; titled by ``services.default_title``).

A source the check would refuse is left out; with no source nothing is generated. The
same data always gives the same choice. Idempotent: a paper with a demo title is left
alone. Synthetic data only (the paper is marked "Demodata").
"""

from __future__ import annotations

from typing import Any

from advisor.choices import AssessmentStatus
from advisor.models import Assessment
from businesscases.choices import CaseStatus, CaseTemplate
from businesscases.models import BusinessCase
from organizations.demo import DemoResult
from papers import coherence, inputs, services
from papers.models import DecisionPaper
from roadmaps.models import Roadmap

DEMO_TITLE = "Oplæg til Økonomiudvalget: arkitekturstyring og business case"
TEMPLATE_ORDER = (CaseTemplate.CHANNEL_SHIFT, CaseTemplate.SHARED_OPERATIONS)


def _assessment(kommune: Any) -> Assessment | None:
    return (
        Assessment.objects.filter(organization=kommune, status=AssessmentStatus.COMPLETED)
        .order_by("-version")
        .first()
    )


def _case(kommune: Any, status: str) -> BusinessCase | None:
    cases = BusinessCase.objects.filter(
        organization=kommune, status=status, template__in=TEMPLATE_ORDER
    ).order_by("pk")
    ranked = sorted(cases, key=lambda c: (TEMPLATE_ORDER.index(c.template), c.pk))
    return ranked[0] if ranked else None


def _roadmap(kommune: Any, strategy: str) -> Roadmap | None:
    if not strategy:
        return None
    return (
        Roadmap.objects.filter(organization=kommune, strategy=strategy)
        .order_by("-created_at", "-pk")
        .first()
    )


def _accepted(kommune: Any, sources: dict[str, Any]) -> dict[str, Any]:
    """Drop the assessment, then the roadmap, while the consistency check refuses or
    warns that the sources name different strategies."""
    for drop in ("", "roadmap", "assessment"):
        if drop:
            sources = {**sources, drop: None}
        if not any(sources.values()):
            return sources
        checked = coherence.check(organization=kommune, **sources)
        mixed = [i for i in checked.items if i.key.startswith("strategy") and i.status == "warning"]
        if not checked.refusals and not mixed:
            return sources
    return sources


def _generate(result: DemoResult, title: str, sources: dict[str, Any]) -> DecisionPaper | None:
    kommune = result.kommune
    existing = DecisionPaper.objects.filter(organization=kommune, title=title).first()
    if existing is not None:
        return existing
    if not any(sources.values()):
        return None
    return services.paper_create(
        actor=result.users["arkitekt"], organization=kommune, title=title, **sources
    )


def seed(result: DemoResult) -> DecisionPaper | None:
    """Generate Eksempel Kommune's demo papers (see the module docstring); returns the
    paper up for decision."""
    kommune = result.kommune
    assessment = _assessment(kommune)
    case = _case(kommune, CaseStatus.SUBMITTED)
    key, _source = inputs.chosen_strategy(assessment, case, None)
    roadmap = (
        _roadmap(kommune, key)
        if key
        else Roadmap.objects.filter(organization=kommune).order_by("-created_at", "-pk").first()
    )
    sources = _accepted(
        kommune, {"assessment": assessment, "business_case": case, "roadmap": roadmap}
    )
    paper = _generate(result, DEMO_TITLE, sources)
    approved = _case(kommune, CaseStatus.APPROVED)
    if approved is not None:
        title = services.default_title(business_case=approved)
        _generate(result, title, {"business_case": approved})
    return paper
