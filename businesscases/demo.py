"""Demo business cases for Eksempel Kommune (synthetic figures only).

``seed(result)`` builds two cases through the services, so they are audited like any
other change:

* **Kanalomlægning i Borgerservice** - the channel-shift template with four services,
  started two years ago, submitted and approved, with actual figures for its first two
  years: the first close to plan, the second drifting (lower savings), so the case shows
  on the dashboard's benefit-realisation card.
* **Fælles it-drift med Sydvest-kommunerne** - the driftsfællesskab template with Eksempel
  Kommune and the three demo partner municipalities as members (each bears its own
  lines; equal split of the common costs), submitted and awaiting a decision. The case
  is positive as a whole while three of the four members lose money - the "who pays, who
  gains" table shows it.

Both are linked to Eksempel Kommune's latest strategy assessment when there is one.
Idempotent: a case that already exists (by name) is left alone.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from businesscases import services
from businesscases.choices import ActualKind, CaseStatus
from businesscases.models import BusinessCase
from organizations.demo import DemoResult
from organizations.models import Organization

CHANNEL_SHIFT = "Kanalomlægning i Borgerservice"
SHARED_OPERATIONS = "Fælles it-drift med Sydvest-kommunerne"

SERVICES = [
    {"name": "Pas og kørekort", "in_person": "18000", "digital": "6000"},
    {"name": "Flytning", "in_person": "9000", "digital": "11000"},
    {"name": "Affald og genbrug", "in_person": "12000", "digital": "8000"},
    {"name": "Byggesager: forespørgsler", "in_person": "7000", "digital": "3000"},
]

CHANNEL_SHIFT_RISKS: list[dict[str, Any]] = [
    {
        "name": "Lav brug af selvbetjening blandt ældre borgere",
        "probability": Decimal("0.30"),
        "low": Decimal(300_000),
        "mode": Decimal(600_000),
        "high": Decimal(1_200_000),
        "year": 2,
        "bearer": "Borgerservice",
    },
    {
        "name": "Forsinket integration til fagsystemerne",
        "probability": Decimal("0.20"),
        "low": Decimal(150_000),
        "mode": Decimal(250_000),
        "high": Decimal(500_000),
        "year": 0,
        "bearer": "Digitalisering og IT",
    },
]

# Synthetic member figures: yearly IT operations cost, IT staff (FTE), data centres.
MEMBER_FIGURES = {
    "Eksempel Kommune": ("30000000", "22", 2),
    561: ("60000000", "40", 3),  # Esbjerg
    573: ("25000000", "18", 2),  # Varde
    575: ("22000000", "15", 2),  # Vejen
}
# The community's own estimates, replacing some of the template's defaults.
SHARED_ASSUMPTIONS = {
    "consolidation_saving": Decimal("0.16"),
    "transition_investment_share": Decimal("0.14"),
    "coordination_share": Decimal("0.025"),
    "startup_coordination_share": Decimal("0.04"),
}


def _assessment(kommune: Organization) -> Any:
    from advisor.models import Assessment

    return Assessment.objects.filter(organization=kommune).order_by("-version").first()


def _create_once(result: DemoResult, name: str, **options: Any) -> BusinessCase | None:
    """The architect creates the demo case ``name`` from its template; None when the
    organization has it already."""
    kommune = result.kommune
    if BusinessCase.objects.filter(organization=kommune, name=name).exists():
        return None
    return services.case_create_from_template(
        actor=result.users["arkitekt"], organization=kommune, name=name, **options
    )


def _channel_shift(result: DemoResult, assessment: Any, year: int) -> None:
    case = _create_once(
        result,
        CHANNEL_SHIFT,
        template="channel_shift",
        description=(
            "Fire af Borgerservices mest brugte ydelser flyttes til selvbetjening med en "
            "fælles platform og en kommunikationsplan, der kører alle år."
        ),
        start_year=year - 2,
        horizon=5,
        assessment=assessment,
        budget_reduction="proposed",
        inputs={"bearer": "Borgerservice", "services": SERVICES},
    )
    if case is None:
        return
    architect, admin = result.users["arkitekt"], result.users["admin"]
    for risk in CHANNEL_SHIFT_RISKS:
        services.case_row_save(actor=architect, case=case, relation="risks", **risk)
    services.case_submit(actor=architect, case=case, note="Til Direktionen og Økonomiudvalget.")
    services.case_decide(
        actor=admin,
        case=case,
        decision=CaseStatus.APPROVED,
        note=f"Godkendt på Økonomiudvalgets møde i januar {year - 2}, pkt. 5.",
    )
    first, second = case.start_year, case.start_year + 1
    services.case_actuals_set(
        actor=architect,
        case=case,
        actuals=[
            {
                "year": first,
                "kind": ActualKind.COST,
                "amount": Decimal(2_180_000),
                "note": "Platformen blev lidt dyrere end budgetteret.",
            },
            {"year": first, "kind": ActualKind.BENEFIT, "amount": Decimal(0)},
            {"year": second, "kind": ActualKind.COST, "amount": Decimal(790_000)},
            {
                "year": second,
                "kind": ActualKind.BENEFIT,
                "amount": Decimal(610_000),
                "note": "Flytning og affald flyttede langsommere end ventet.",
            },
        ],
    )


def _members(result: DemoResult) -> list[dict[str, Any]]:
    members = []
    for organization in [result.kommune, *result.partners]:
        key = organization.kommunekode or organization.name
        cost, staff, centres = MEMBER_FIGURES.get(key, ("20000000", "15", 1))
        members.append(
            {
                "organization": organization,
                "operations_cost": cost,
                "it_staff_fte": staff,
                "data_centres": centres,
            }
        )
    return members


def _shared_operations(result: DemoResult, assessment: Any, year: int) -> None:
    if len(result.partners) < 1:
        return
    case = _create_once(
        result,
        SHARED_OPERATIONS,
        template="shared_operations",
        description=(
            "Eksempel Kommune og de tre kommuner i Demo-driftsfællesskabet Sydvest samler "
            "it-driften i ét fælles driftscenter. De fælles omkostninger deles ligeligt."
        ),
        start_year=year + 1,
        horizon=6,
        assessment=assessment,
        inputs={"split": "equal", "members": _members(result)},
        assumptions=SHARED_ASSUMPTIONS,
    )
    if case is None:
        return
    services.case_submit(
        actor=result.users["arkitekt"],
        case=case,
        note="Til drøftelse i direktionerne; fordelingsnøglen skal besluttes i fællesskab.",
    )


def seed(result: DemoResult) -> None:
    """Create the two demo cases for Eksempel Kommune (idempotent)."""
    year = timezone.localdate().year
    assessment = _assessment(result.kommune)
    with transaction.atomic():
        _channel_shift(result, assessment, year)
        _shared_operations(result, assessment, year)
