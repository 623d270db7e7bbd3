"""The demo spend: planted shadow IT, a contract paid after expiry, credit notes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest

from organizations.testing import make_user
from portfolio.models import Contract, ContractPayment, Vendor
from spend import choices as c
from spend import demo
from spend.models import ShadowCandidate, SpendLine

pytestmark = pytest.mark.django_db


def test_the_demo_plants_what_the_guide_shows(org: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(demo, "ORDINARY_LINES", 300)
    vendor = Vendor.objects.create(name="Borgerdata A/S", cvr="29189846")
    contract = Contract.objects.create(organization=org, name="Borgerportal", vendor=vendor)
    for year in range(2020, 2031):
        ContractPayment.objects.create(
            contract=contract, year=year, stream="operation", amount=Decimal(120000)
        )
    admin = make_user(organization=org, roles=["administrator"])
    assert demo.seed(SimpleNamespace(kommune=org, users={"admin": admin})) > 300
    assert demo.seed(SimpleNamespace(kommune=org, users={"admin": admin})) == 0  # idempotent
    open_kinds = {
        (k.kind, k.vendor.name)
        for k in ShadowCandidate.objects.filter(organization=org, current=True).select_related(
            "vendor"
        )
    }
    assert {(c.CandidateKind.NO_AGREEMENT, name) for name, *_rest in demo.SHADOW} <= open_kinds
    assert (c.CandidateKind.AFTER_EXPIRY, demo.EXPIRED_VENDOR) in open_kinds
    assert (c.CandidateKind.OVER_AGREED, "Borgerdata A/S") in open_kinds
    credit = SpendLine.objects.filter(organization=org, text__startswith="Kreditnota faktura").get()
    assert credit.amount == Decimal("-48500.00")
    assert SpendLine.objects.filter(
        organization=org, posted__lt=dt.date.today() - dt.timedelta(days=365 * 2)
    ).exists()
