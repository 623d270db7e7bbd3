"""Factories for decision paper tests: a completed assessment (the engine's ranking as JSON),
a business case with lines and risks, a roadmap with gates and milestones, processes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from django.utils import timezone

import knowledge
from advisor.choices import AssessmentStatus
from advisor.models import Assessment
from businesscases.choices import CaseStatus, CaseTemplate, LineKind
from businesscases.models import BusinessCase, CaseVersion
from businesscases.tests import factories as case_factories
from engine import business_case as bc
from engine.strategy import rank
from organizations.models import Organization, OrganizationUnit
from organizations.testing import make_user
from papers import services
from papers.models import DecisionPaper
from portfolio.models import BusinessProcess, ProcessStep
from roadmaps.choices import GateBody, GateDecision, MilestoneStatus
from roadmaps.models import Roadmap
from roadmaps.tests import factories as roadmap_factories

_n = itertools.count(1)

PROFILE = {
    "cost_pressure": 3,
    "self_service_adoption": 0.2,
    "in_person_contacts_per_inhabitant": 3.5,
    "communication_budget": 4,
    "management_commitment": 4,
    "process_maturity": 2,
    "integration_coverage": 0.3,
}


def ranking_result(profile: dict[str, Any] | None = None) -> dict[str, Any]:
    """The engine's ranking for ``profile`` as plain JSON (texts as {"da", "en"})."""
    model = knowledge.strategy_model()
    ranking = rank(profile or PROFILE, model)
    data = dataclasses.asdict(ranking)
    data["recommend_threshold"] = model.recommend_threshold
    data["missing_facts"] = [{"key": key} for key in ranking.missing_facts]
    return data


def assessment(
    org: Organization, *, chosen: str = "", status: str = AssessmentStatus.COMPLETED
) -> Assessment:
    completed = status == AssessmentStatus.COMPLETED
    return Assessment.objects.create(
        organization=org,
        version=next(_n),
        title="Strategivurdering 2026",
        status=status,
        result=ranking_result() if completed else {},
        knowledge_version=knowledge.load().version if completed else "",
        completed_at=timezone.now() if completed else None,
        chosen_option=chosen,
        chosen_at=timezone.now() if chosen else None,
        decision_note="Kommunen har mange personlige henvendelser." if chosen else "",
    )


LINES = [
    # name, kind, low, mode, high, years, bearer
    ("Selvbetjeningsplatform", LineKind.INVESTMENT, 1_400_000, 1_500_000, 1_950_000, [0], "IT"),
    ("Drift af platform", LineKind.OPERATION, 200_000, 225_000, 300_000, [1, 2, 3, 4], "IT"),
    (
        "Færre personlige henvendelser",
        LineKind.ECONOMIC,
        500_000,
        800_000,
        900_000,
        [1, 2, 3, 4],
        "Borgerservice",
    ),
]

# The case's one risk.
RISK: dict[str, Any] = {
    "name": "Leverandøren bliver forsinket",
    "probability": Decimal("0.3"),
    "low": Decimal(100_000),
    "mode": Decimal(200_000),
    "high": Decimal(400_000),
    "year": 1,
}


def business_case(
    org: Organization,
    *,
    status: str = CaseStatus.APPROVED,
    template: str = CaseTemplate.CHANNEL_SHIFT,
    name: str = "",
) -> BusinessCase:
    case = case_factories.case(
        org,
        name=name or f"Kanalomlægning {next(_n)}",
        template=template,
        status=status,
        horizon=5,
    )
    for order, (line_name, kind, low, mode, high, years, bearer) in enumerate(LINES):
        case_factories.line(
            case,
            order=order,
            name=line_name,
            kind=kind,
            low=Decimal(low),
            mode=Decimal(mode),
            high=Decimal(high),
            years=years,
            bearer=bearer,
            source="Kommunens eget skøn" if order == 0 else "",
        )
    case_factories.line(
        case,
        order=9,
        name="Borgertilfredshed",
        kind=LineKind.NON_MONETARY,
        low=0,
        mode=0,
        high=0,
        years=[],
        score=4,
    )
    case_factories.risk(case, **RISK)
    if status != CaseStatus.DRAFT:
        freeze(case)
    return case


def freeze(case: BusinessCase) -> None:
    """The frozen version a submitted or decided case has (as the workflow stores it)."""
    from businesscases.compute import compute, summary

    CaseVersion.objects.create(
        case=case,
        number=case.version,
        status=case.status,
        snapshot={"result": summary(compute(case))},
    )
    case.version += 1
    case.save(update_fields=["version"])


def engine_numbers(case: BusinessCase) -> tuple[bc.CaseResult, bc.SimulationResult]:
    """The engine's own answer for a case built by :func:`business_case`, computed here
    straight from the factory data (not through the app code under test)."""
    lines = (
        *(
            bc.Line(
                name, bc.LineKind(kind), bc.Estimate(Decimal(lo), Decimal(mo), Decimal(hi)), (*y,)
            )
            for name, kind, lo, mo, hi, y, _bearer in LINES
        ),
        bc.non_monetary_line("Borgertilfredshed", 4),
    )
    estimate = bc.Estimate(RISK["low"], RISK["mode"], RISK["high"])
    risks = (bc.Risk(RISK["name"], RISK["probability"], estimate, year=RISK["year"]),)
    model = bc.BusinessCase(case.name, lines, horizon=5, rate=Decimal("0.035"), risks=risks)
    return bc.evaluate(model), bc.simulate(
        model, iterations=case.iterations, seed=case.seed, coverage=Decimal("0.80")
    )


def roadmap(org: Organization, *, strategy: str = "borgernaer_service") -> Roadmap:
    road = roadmap_factories.roadmap(
        org,
        name=f"Roadmap for borgernær service {next(_n)}",
        strategy=strategy,
        template_key=strategy,
    )
    direktion = roadmap_factories.gate(
        road,
        GateBody.DIREKTION,
        title="Direktionen: business case",
        planned_date=dt.date(2026, 3, 1),
        decision=GateDecision.APPROVED,
        decided_on=dt.date(2026, 3, 2),
        meeting_reference="DIR 2026-03",
    )
    udvalg = roadmap_factories.gate(
        road,
        GateBody.OKONOMIUDVALG,
        title="Økonomiudvalget: business case",
        planned_date=dt.date(2026, 4, 15),
    )
    roadmap_factories.milestone(
        road,
        title="Business case",
        deliverables=["Business case", "Konceptuel procesbeskrivelse"],
        status=MilestoneStatus.DONE,
        completed_on=dt.date(2026, 2, 27),
        gates=[direktion],
    )
    roadmap_factories.milestone(
        road,
        title="Implementeringsplan",
        deliverables=["Implementeringsplan"],
        start_date=None,
        due_date=dt.date(2026, 5, 1),
        gates=[udvalg],
    )
    return road


def process(org: Organization, *, unit_name: str = "Borgerservice", steps: int = 3) -> Any:
    unit = OrganizationUnit.objects.filter(organization=org, name=unit_name).first()
    if unit is None:
        unit = OrganizationUnit.objects.create(organization=org, name=unit_name)
    proc = BusinessProcess.objects.create(
        organization=org, name=f"Ansøgning om ydelse {next(_n)}", owner_unit=unit
    )
    for order in range(1, steps + 1):
        ProcessStep.objects.create(process=proc, order=order, name=f"Trin {order}", unit=unit)
    return proc


def creator(org: Organization) -> Any:
    return make_user(organization=org, roles=["arkitekt"], first_name="Arne", last_name="Arkitekt")


def paper(org: Organization, *, full: bool = False, **kwargs: Any) -> DecisionPaper:
    """A generated paper; ``full`` uses an assessment, a case and a roadmap (slower)."""
    sources: dict[str, Any] = {"roadmap": roadmap(org)}
    if full:
        sources["assessment"] = assessment(org, chosen="borgernaer_service")
        sources["business_case"] = business_case(org)
    sources.update(kwargs)
    return services.paper_create(actor=creator(org), organization=org, **sources)
