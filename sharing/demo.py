"""Demo data of the Driftsfællesskab module (synthetic, marked as demo data).

The demo driftsfællesskab's three member municipalities get a small invented landscape
each - usages of the shared demo catalog, contracts, the year's costs and a few
integrations, all with local ids and contract numbers starting ``DEMO-DF`` and a note
that says they are synthetic - and each grants the fællesskab read access to all four
categories. The fællesskab gets a service catalogue of four services (every allocation
key but inhabitants, which the real member municipalities have no figure for) with the
members' quantities for this year, so it has a year's statements. The plan
makes the analyses show something: six catalog systems are used
by all three members under separate contracts, two more by two; the contracts of two
members on the same system can end in the same half-year (a joint procurement window).
Eksempel Kommune, the three members and two more fictional municipalities with small
landscapes of the same kind opt in to the anonymous benchmarks, which are computed once.

Deterministic (the catalog is read in name order; dates are relative to today) and
idempotent (rows are found again by their local id / number; grants by their key).
"""

from __future__ import annotations

import itertools
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from engine import notice
from organizations.choices import OrganizationKind
from organizations.demo import DemoResult
from organizations.models import Organization
from portfolio import choices as pc
from portfolio.models import (
    CatalogSystem,
    Contract,
    ContractPayment,
    Integration,
    SystemUsage,
    UsageCost,
)
from sharing.choices import AllocationKey, Category
from sharing.models import ServiceMeasure, SharedService, SharingGrant

PREFIX = "DEMO-DF"
NOTE = "Syntetiske demodata til Demo-driftsfællesskabet Sydvest."
SYSTEMS = 12
# Which of the twelve systems each member (by position) uses.
USES = (
    (0, 1, 2, 3, 4, 5, 6, 7, 9),
    (0, 1, 2, 3, 4, 5, 6, 8, 10),
    (0, 1, 2, 3, 4, 5, 7, 8, 11),
)
# Months from today to each member's contract end, per system: the members' contracts on
# systems 0 and 1 can end in the same half-year about 14 months ahead.
END_MONTHS = (14, 15, 9, 30, 20, 26, 40, 11, 22, 34, 17, 28)
STAGGER = (0, 1, 7)  # months added per member, so the windows are not all the same


def _systems() -> list[CatalogSystem]:
    """Twelve shared (global) catalog systems with a vendor, in name order."""
    return list(
        CatalogSystem.objects.filter(
            scope=pc.Scope.GLOBAL, vendor__isnull=False, deactivated=False, parent__isnull=True
        )
        .select_related("vendor")
        .order_by("name", "pk")[:SYSTEMS]
    )


def _member_landscape(index: int, member: Organization, systems: list[CatalogSystem]) -> None:
    today = timezone.localdate()
    usages: list[SystemUsage] = []
    for n in USES[index]:
        if n >= len(systems):
            continue
        system = systems[n]
        local_id = f"{PREFIX}-{n:02d}"
        usage, _created = SystemUsage.objects.get_or_create(
            organization=member,
            local_id=local_id,
            defaults={
                "catalog_system": system,
                "lifecycle": pc.Lifecycle.PHASING_OUT if n == 9 else pc.Lifecycle.OPERATIONAL,
                "notes": NOTE,
            },
        )
        usages.append(usage)
        end = notice.add_months(today, END_MONTHS[n] + STAGGER[index])
        end = notice.end_of_month(end.year, end.month)
        contract, created = Contract.objects.get_or_create(
            organization=member,
            number=f"{PREFIX}-{n:02d}",
            defaults={
                "name": f"{system.name} - drift og licens",
                "vendor": system.vendor,
                "start_date": notice.add_months(end, -48),
                "end_date": end,
                "notice_months": 3 if n % 2 else 6,
                "notice_runs_to": pc.NoticeRunsTo.MONTH,
                "notes": NOTE,
            },
        )
        if created:
            contract.usages.add(usage)
            base = Decimal(40_000 + 15_000 * ((n * 7 + index * 3) % 11))
            ContractPayment.objects.create(
                contract=contract, year=today.year, stream=pc.PaymentStream.OPERATION, amount=base
            )
            UsageCost.objects.create(
                usage=usage,
                year=today.year,
                kind=pc.CostKind.INTERNAL,
                amount=(base / 5).quantize(Decimal("1")),
                note=NOTE[:200],
            )
    for source, target in itertools.pairwise(usages[:4]):
        Integration.objects.get_or_create(
            organization=member,
            source=source,
            target=target,
            defaults={"technology": pc.Technology.API, "description": NOTE},
        )


# The fællesskab's service catalogue: (name, yearly price, key, members' quantities).
SERVICES = (
    ("Fælles servicedesk", "1200000.00", AllocationKey.EQUAL, None),
    # Measured in servers run: the real member municipalities have no inhabitants
    # registered in the demo, and the demo does not invent figures for real ones.
    ("Drift af fælles servere og netværk", "3400000.00", AllocationKey.MEASURED, (42, 19, 14)),
    ("Licenser til fælles fagsystemer", "2100000.00", AllocationKey.USERS, (1450, 720, 540)),
    ("Print og scanning", "450000.00", AllocationKey.MEASURED, (2_300_000, 950_000, 610_000)),
)


def _catalogue(result: DemoResult, members: list[Organization]) -> None:
    """The service catalogue and the members' quantities for this year."""
    year = timezone.localdate().year
    for name, price, key, quantities in SERVICES:
        service, _created = SharedService.objects.get_or_create(
            organization=result.community,
            name=name,
            defaults={
                "yearly_price": Decimal(price),
                "allocation_key": key,
                "description": NOTE,
            },
        )
        for member, quantity in zip(members, quantities or (), strict=False):
            ServiceMeasure.objects.get_or_create(
                organization=result.community,
                service=service,
                member=member,
                year=year,
                defaults={"quantity": Decimal(quantity)},
            )


# Fictional member municipalities (marked as demo organizations): the demo never writes
# synthetic landscapes into the real municipalities that are the community's partners.
FICTIONAL_MEMBERS = (
    ("Demo Vesterhav Kommune", 41_000),
    ("Demo Åbro Kommune", 23_000),
    ("Demo Lyngdal Kommune", 57_000),
)


def demo_members(result: DemoResult) -> list[Organization]:
    """The three fictional members, created once and added to the demo fællesskab."""
    members = []
    for name, population in FICTIONAL_MEMBERS:
        member, _created = Organization.objects.get_or_create(
            name=name,
            kind=OrganizationKind.KOMMUNE,
            defaults={"is_demo": True, "population": population, "website": "https://demo.invalid"},
        )
        members.append(member)
    # The demo fællesskab consists of the fictional members only (its statements split
    # over exactly them).
    result.community.members.set(members)
    return members


@transaction.atomic
def seed(result: DemoResult) -> None:
    """The three fictional members' synthetic landscapes and their grants to the
    fællesskab."""
    systems = _systems()
    members = demo_members(result)
    for index, member in enumerate(members):
        if not systems:
            break
        _member_landscape(index, member, systems)
        for category in Category.values:
            SharingGrant.objects.get_or_create(
                organization=member, recipient=result.community, category=category
            )
    _catalogue(result, members)
    _benchmarks(result, members, systems)


# Two more fictional municipalities (not in the fællesskab), so that the demo's anonymous
# benchmarks have the five contributors a figure needs: (name, inhabitants, plan index).
BENCHMARK_EXTRAS = (("Demo Kildemose Kommune", 34_000, 2), ("Demo Nørreby Kommune", 64_000, 0))


def _benchmarks(
    result: DemoResult, members: list[Organization], systems: list[CatalogSystem]
) -> None:
    """Eksempel Kommune and five fictional municipalities opt in to the benchmarks, and
    the figures are computed once (the nightly job does it after that). Real
    municipalities are never opted in by the demo."""
    from sharing.benchmarks import compute
    from sharing.models import BenchmarkParticipation

    extras = []
    for name, population, plan in BENCHMARK_EXTRAS:
        extra, _created = Organization.objects.get_or_create(
            name=name,
            kind=OrganizationKind.KOMMUNE,
            defaults={"is_demo": True, "population": population, "website": "https://demo.invalid"},
        )
        if systems:
            _member_landscape(plan, extra, systems)
        extras.append(extra)
    for organization in [result.kommune, *members, *extras]:
        if organization.is_demo and organization.kommunekode is None:
            BenchmarkParticipation.objects.get_or_create(organization=organization)
    compute()
