"""A channel-shift case's benefit realisation from the contact numbers (the registry hook
``channel_shift_actuals``): volumes x the case's unit prices, and what the deviation is."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from businesscases import services as case_services
from businesscases.choices import ActualKind, CaseStatus
from businesscases.measured import realisation_actuals
from channels.actuals import case_actuals as _case_actuals
from channels.models import UnitCost
from channels.tests.factories import add_counts, make_area
from organizations.testing import logged_in_client, make_organization, make_user

pytestmark = pytest.mark.django_db


def case_actuals(*, case: Any) -> dict[str, Any]:
    measured = _case_actuals(case=case)
    assert measured is not None
    return measured


SAVING = Decimal("250") - Decimal("83.33")


def _case(org: Any, user: Any) -> Any:
    return case_services.case_create_from_template(
        actor=user,
        organization=org,
        name="Kanalskift",
        template="channel_shift",
        start_year=2025,
        horizon=3,
        inputs={
            "bearer": "Borgerservice",
            "services": [
                {"name": "Flytning", "in_person": "9000", "digital": "1000"},
                {"name": "Pas og kørekort", "in_person": "5000", "digital": "5000"},
            ],
        },
    )


def _numbers(org: Any) -> Any:
    area = make_area(org, "flytning")  # matched by name, any case
    for month in range(1, 13):
        add_counts(area, dt.date(2025, month, 1), 600, 250)
        add_counts(area, dt.date(2026, month, 1), 400, 500)
    for month in range(1, 4):
        add_counts(area, dt.date(2027, month, 1), 100, 900)
    return area


def test_the_measured_benefit_is_shifted_contacts_times_the_case_prices() -> None:
    org = make_organization()
    user = make_user(organization=org, roles=["administrator"])
    case = _case(org, user)
    _numbers(org)
    measured = case_actuals(case=case)
    assert measured is not None
    assert measured["unmatched"] == ["Pas og kørekort"]
    assert measured["prices"]["saving"] == SAVING
    first, second, third = measured["years"]
    # 2025: 3,000 digital of 10,200; 10 % were digital at the start -> 1,980 moved.
    assert (first["total"], first["digital"], first["actual_shifted"]) == (10200, 3000, 1980)
    assert first["measured_benefit"] == (1980 * SAVING).quantize(Decimal("0.01"))
    assert first["reported"] and first["months"] == 12
    # Nothing was planned to move in year 0 (the S-curve starts at today's share): all of
    # the deviation is the shift itself.
    assert first["planned_benefit"] == 0 and first["verdict"] == "share"
    assert first["volume_effect"] == 0
    # Volume + share effect = measured - planned, every year (to the øre per part).
    for row in (first, second):
        deviation = row["measured_benefit"] - row["planned_benefit"]
        assert abs(row["volume_effect"] + row["share_effect"] - deviation) <= Decimal("0.02")
    assert third["months"] == 3 and not third["reported"]


def test_measured_unit_prices_give_a_price_effect() -> None:
    org = make_organization()
    user = make_user(organization=org, roles=["administrator"])
    case = _case(org, user)
    _numbers(org)
    UnitCost.objects.create(
        organization=org, year=2025, in_person=Decimal(200), digital=Decimal(60), source="Måling"
    )
    first, second, _third = case_actuals(case=case)["years"]
    assert first["price_effect"] == (1980 * (Decimal(140) - SAVING)).quantize(Decimal("0.01"))
    assert second["price_effect"] is None


def test_the_variance_uses_the_measured_benefit_instead_of_the_typed_one() -> None:
    org = make_organization()
    user = make_user(organization=org, roles=["administrator"])
    case = _case(org, user)
    case_services.case_submit(actor=user, case=case)
    case_services.case_decide(actor=user, case=case, decision=CaseStatus.APPROVED)
    case_services.case_actuals_set(
        actor=user,
        case=case,
        actuals=[
            {"year": 2025, "kind": ActualKind.COST, "amount": Decimal(1_000_000)},
            {"year": 2025, "kind": ActualKind.BENEFIT, "amount": Decimal(5)},
            {"year": 2027, "kind": ActualKind.BENEFIT, "amount": Decimal(7)},
        ],
    )
    _numbers(org)
    case.refresh_from_db()
    actuals, measured = realisation_actuals(case)
    assert measured is not None
    figures = {(a.year, a.kind): a.amount for a in actuals}
    # 2025 and 2026 are measured whole years; 2027 (three months) keeps the typed figure.
    assert figures[(2025, "benefit")] == measured["years"][0]["benefit"]
    assert figures[(2026, "benefit")] == measured["years"][1]["benefit"]
    assert figures[(2027, "benefit")] == 7 and figures[(2025, "cost")] == 1_000_000
    assert measured["replaced"] == [2025]
    page = logged_in_client(user, org).get(reverse("businesscases:case_detail", args=[case.pk]))
    text = page.content.decode()
    assert "Gevinst målt fra kanaltal" in text and "Pas og kørekort" in text
    assert "ufuldstændigt år" in text


def test_other_templates_and_no_numbers_are_left_alone() -> None:
    org = make_organization()
    user = make_user(organization=org, roles=["administrator"])
    case = _case(org, user)
    assert case_actuals(case=case)["years"] == []  # no numbers yet
    case.template = "reuse"
    assert _case_actuals(case=case) is None
