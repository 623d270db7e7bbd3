"""Consent-based sharing in the browser: a member's administrator shares its systems with
the demo driftsfællesskab, the fællesskab sees them side by side (and its analyses and
statements), the administrator names a role kept at home and revokes, and the fællesskab
sees the systems no more; axe on every page state."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from organizations.choices import Role
from organizations.demo import DEMO_PASSWORD
from organizations.models import Membership
from organizations.testing import make_organization
from portfolio.tests import factories
from sharing.models import SharingGrant
from tests.browser.conftest import assert_accessible, login, open_module

SYSTEM = "Vestegnens sagssystem"
MEMBER = "Vestegn"


def _switch(page: Any, organization: str) -> None:
    page.get_by_label("Organisation", exact=True).select_option(label=organization)
    page.get_by_role("button", name="Skift").click()
    page.wait_for_load_state("networkidle")


def test_grant_see_revoke_and_gone(page: Any, demo: Any) -> None:
    member = make_organization(MEMBER)
    demo.community.members.add(member)
    admin = demo.users["admin"]
    Membership.objects.create(user=admin, organization=member, role=Role.ADMINISTRATOR)
    factories.usage(member, local_name=SYSTEM)
    community = str(demo.community)

    login(page, "admin", DEMO_PASSWORD)
    _switch(page, f"{MEMBER} Kommune")
    open_module(page, "Deling")
    expect(page.locator("#given")).to_contain_text("Organisationen deler intet.")
    page.get_by_role("link", name="Del med et fællesskab").click()
    assert_accessible(page)
    page.get_by_label("Del med").select_option(label=community)
    page.get_by_label("Systemer (anvendelser)").check()
    page.get_by_role("button", name="Del", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("kan nu læse: Systemer (anvendelser)")
    expect(page.locator("#given")).to_contain_text(community)
    assert_accessible(page)
    assert SharingGrant.objects.filter(organization=member).count() == 1

    _switch(page, community)
    open_module(page, "Driftsfællesskab")
    expect(page.locator("#side-by-side")).to_contain_text(SYSTEM)
    expect(page.locator("#members")).to_contain_text(f"{MEMBER} Kommune")
    page.get_by_role("link", name="Konsolideringskandidater").click()
    expect(page.get_by_role("heading", name="Konsolideringskandidater", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Fælles udbud").click()
    expect(page.locator("#no-windows")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Afregning pr. medlem").click()
    expect(page.locator("#statement-summary")).to_be_visible()
    assert_accessible(page)

    _switch(page, f"{MEMBER} Kommune")
    open_module(page, "Deling")
    page.get_by_role("link", name="Roller, kommunen beholder").click()
    expect(page.locator("#warning-process_owner")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Navngivne personer: Forretningsprocesejer").fill("Kim Procesejer")
    page.get_by_role("button", name="Gem").click()
    expect(page.locator("#warning-process_owner")).to_have_count(0)
    open_module(page, "Deling")
    page.get_by_role("button", name=f"Tilbagekald Systemer (anvendelser) for {community}").click()
    expect(page.locator(".alert-success")).to_contain_text("kan ikke længere læse")
    expect(page.locator("#given")).to_contain_text("Organisationen deler intet.")
    assert_accessible(page)

    _switch(page, community)
    open_module(page, "Driftsfællesskab")
    expect(page.locator("#nothing-shared")).to_be_visible()
    expect(page.get_by_text(SYSTEM)).to_have_count(0)
    assert_accessible(page)
