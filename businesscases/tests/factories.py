"""Test data for business cases (built directly; services are tested on their own)."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

from businesscases.choices import CaseStatus, LineKind
from businesscases.models import BenefitActual, BusinessCase, CaseLine, CaseRisk
from organizations.models import Organization
from organizations.testing import Entity, unique

_n = itertools.count(1)


def case(organization: Organization, **fields: Any) -> BusinessCase:
    values: dict[str, Any] = {
        "name": f"Business case {next(_n)}",
        "start_year": 2026,
        "horizon": 4,
        "iterations": 2_000,
        "seed": 7,
    }
    values.update(fields)
    return BusinessCase.objects.create(organization=organization, **values)


def line(business_case: BusinessCase, **fields: Any) -> CaseLine:
    values: dict[str, Any] = {
        "name": f"Linje {next(_n)}",
        "kind": LineKind.ECONOMIC,
        "low": Decimal(400),
        "mode": Decimal(500),
        "high": Decimal(600),
        "years": [1, 2, 3],
    }
    values.update(fields)
    return CaseLine.objects.create(case=business_case, **values)


def risk(business_case: BusinessCase, **fields: Any) -> CaseRisk:
    values: dict[str, Any] = {
        "name": f"Risiko {next(_n)}",
        "probability": Decimal("0.250"),
        "low": Decimal(0),
        "mode": Decimal(100),
        "high": Decimal(200),
        "year": 1,
    }
    values.update(fields)
    return CaseRisk.objects.create(case=business_case, **values)


# Row forms on the workbench: a valid line and a valid risk, as typed.
LINE_FORM = {
    "name": "Besparelse",
    "kind": "economic",
    "low": "400",
    "mode": "500",
    "high": "600",
    "first_year": "1",
    "last_year": "3",
}
RISK_FORM = {"name": "Forsinkelse", "probability": "50", "low": "0", "mode": "100", "high": "200"}


def row_form(prefix: str, row: dict[str, str], **values: str) -> dict[str, str]:
    """POST data of a line or risk row form: ``row`` changed by ``values``, each field
    named ``<prefix>-<field>`` (prefix e.g. ``lines-new`` or ``risks-12``)."""
    return {f"{prefix}-{name}": value for name, value in {**row, **values}.items()}


def simple_case(organization: Organization, **fields: Any) -> BusinessCase:
    """Investment of 1.000 kr. in the first year, saving 500 kr. a year after it."""
    business_case = case(organization, **fields)
    line(
        business_case,
        name="Platform",
        kind=LineKind.INVESTMENT,
        low=Decimal(900),
        mode=Decimal(1000),
        high=Decimal(1100),
        years=[0],
    )
    line(business_case, name="Besparelse")
    return business_case


def approved_case(organization: Organization, **fields: Any) -> BusinessCase:
    return simple_case(organization, status=CaseStatus.APPROVED, version=3, **fields)


def actual(business_case: BusinessCase, year: int, kind: str, amount: str) -> BenefitActual:
    return BenefitActual.objects.create(
        case=business_case, year=year, kind=kind, amount=Decimal(amount)
    )


# The access tests' entities: editors change cases, administrators decide them.
EDITORS = frozenset({"redaktoer", "indkoeber", "arkitekt", "administrator"})
DECIDERS = frozenset({"administrator"})
CASE_CASES = Entity("case", change=EDITORS)
APPROVED_CASES = Entity("approved", change=EDITORS)
SUBMITTED_CASES = Entity("submitted", change=DECIDERS)


class AccessFactories:
    """The objects the access tests' cases name (``obj="case"`` -> ``make_case``)."""

    def make_case(self, org: Organization) -> BusinessCase:
        business_case = simple_case(org)
        risk(business_case)
        return business_case

    def make_submitted(self, org: Organization) -> BusinessCase:
        return simple_case(org, status=CaseStatus.SUBMITTED, version=2)

    def make_approved(self, org: Organization) -> BusinessCase:
        business_case = approved_case(org)
        actual(business_case, 2026, "cost", "1100")
        return business_case

    def make_versioned(self, org: Organization) -> BusinessCase:
        from businesscases.models import CaseVersion

        business_case = self.make_submitted(org)
        CaseVersion.objects.create(
            case=business_case, number=1, status=CaseStatus.SUBMITTED, snapshot={"settings": {}}
        )
        return business_case

    def make_line(self, org: Organization) -> CaseLine:
        first = self.make_case(org).lines.first()
        assert first is not None
        return first

    def make_risk(self, org: Organization) -> CaseRisk:
        first = self.make_case(org).risks.first()
        assert first is not None
        return first

    def list_marker(self, org: Organization) -> str:
        marker = unique("Hemmelig business case")
        case(org, name=marker)
        return marker
