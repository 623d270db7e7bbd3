"""Overdue, as a user meets it: the dashboard card "Forfalden", the overdue page with its
filter, and the contract whose last notice day has passed; axe on every step."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from playwright.sync_api import expect

from organizations.demo import DEMO_PASSWORD
from portfolio.models import Contract, ContractRole
from roadmaps.models import Milestone, Roadmap
from tests.browser.conftest import assert_accessible, login


def test_overdue_card_page_and_contract_badge(page: Any, demo: Any) -> None:
    today = timezone.localdate()
    contract = Contract.objects.create(
        organization=demo.kommune,
        name="Driftsaftale Bookingsystem",
        end_date=today + dt.timedelta(days=20),
        notice_months=1,
    )
    ContractRole.objects.create(contract=contract, kind="owner", user=demo.users["arkitekt"])
    roadmap = Roadmap.objects.create(
        organization=demo.kommune,
        name="Digitaliseringsplan",
        strategy="standardisering",
        template_key="standardisering",
        start_date=today - dt.timedelta(days=100),
    )
    Milestone.objects.create(
        roadmap=roadmap, order=1, title="Kontrolorgan nedsat", due_date=today - dt.timedelta(days=3)
    )
    login(page, "arkitekt", DEMO_PASSWORD)

    page.goto("/")
    card = page.locator("section", has=page.get_by_role("heading", name="Forfalden"))
    expect(card).to_contain_text("Sidste opsigelsesdag")
    assert_accessible(page)

    card.get_by_role("link", name="Alt forfaldent").click()
    expect(page.get_by_role("heading", name="Forfalden", level=1)).to_be_visible()
    items = page.locator("#overdue-items")
    expect(items).to_contain_text("Driftsaftale Bookingsystem")
    expect(items).to_contain_text("Kontrolorgan nedsat")
    assert_accessible(page)

    page.get_by_label("Art", exact=True).select_option(label="Milepæl (1)")
    page.get_by_role("button", name="Vis").click()
    expect(items).not_to_contain_text("Driftsaftale Bookingsystem")
    expect(items).to_contain_text("Forfalden for 3 dage siden")
    assert_accessible(page)

    page.goto(contract.get_absolute_url())
    expect(page.locator("#notice-status")).to_contain_text("Forfalden")
    assert_accessible(page)
