"""A municipal administrator's first visit: login, dashboard, units, members, tokens, audit log."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from organizations.demo import DEMO_PASSWORD
from organizations.models import OrganizationUnit
from tests.browser.conftest import assert_accessible, login


def test_login_page_is_danish_and_accessible(page: Any, demo: Any) -> None:
    page.goto("/")
    assert "/konto/login/" in page.url
    assert page.locator("html").get_attribute("lang") == "da"
    expect(page.get_by_role("heading", name="Log ind i Styrbar")).to_be_visible()
    assert_accessible(page)


def test_wrong_password_shows_danish_error(page: Any, demo: Any) -> None:
    login(page, "admin", "forkert-kode")
    expect(page.get_by_text("Forkert brugernavn eller adgangskode.")).to_be_visible()


def test_administrator_walks_through_the_foundation(page: Any, demo: Any) -> None:
    login(page, "admin", DEMO_PASSWORD)
    # Dashboard
    expect(page.get_by_role("heading", name="Overblik", exact=True)).to_be_visible()
    expect(page.get_by_text("Demodata").first).to_be_visible()
    assert_accessible(page)

    # Unit tree, create a unit under "Digitalisering og IT"
    page.get_by_role("navigation", name="Moduler").get_by_role("link", name="Enheder").click()
    expect(page.get_by_role("heading", name="Organisationsenheder")).to_be_visible()
    page.get_by_role("link", name="Tilføj underenhed til Digitalisering og IT").click()
    page.get_by_label("Navn").fill("Dataplatform")
    page.get_by_label("Type").select_option("team")
    page.get_by_label("EAN-nummer").fill("123")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Et EAN-nummer består af 13 cifre.")).to_be_visible()
    page.get_by_label("EAN-nummer").fill("5798000000001")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_role("heading", name="Dataplatform")).to_be_visible()
    unit = OrganizationUnit.objects.get(name="Dataplatform")
    assert unit.parent is not None and unit.parent.name == "Digitalisering og IT"

    # History tab shows the creation
    page.get_by_role("link", name="Historik").click()
    expect(page.get_by_role("cell", name="Oprettet")).to_be_visible()

    # Searchable unit list (htmx) and accessibility of a list page
    page.goto("/enheder/liste/")
    page.get_by_label("Søg", exact=True).fill("data")
    page.wait_for_function("document.querySelector('#object-table').innerText.includes('1 række')")
    expect(page.locator("#object-table").get_by_role("link", name="Dataplatform")).to_be_visible()
    assert_accessible(page)

    # Memberships
    page.get_by_role("link", name="Medlemmer").click()
    expect(page.get_by_role("cell", name="arkitekt", exact=True)).to_be_visible()
    assert_accessible(page)

    # API token: created once, shown once
    page.get_by_role("link", name="API-nøgler").click()
    page.get_by_label("Navn").fill("Testnøgle")
    page.get_by_role("button", name="Opret nøgle").click()
    token = page.locator("#new-token").inner_text()
    assert re.match(r"^styrbar_[A-Za-z0-9_-]{30,}$", token)
    assert_accessible(page)

    # Audit log
    page.get_by_role("link", name="Revisionslog").click()
    expect(page.get_by_role("cell", name="Dataplatform").first).to_be_visible()
    assert_accessible(page)


def test_reader_sees_no_admin_functions(page: Any, demo: Any) -> None:
    login(page, "laeser", DEMO_PASSWORD)
    nav = page.get_by_role("navigation", name="Moduler")
    expect(nav.get_by_role("link", name="Enheder")).to_be_visible()
    assert nav.get_by_role("link", name="Medlemmer").count() == 0
    page.goto("/enheder/")
    assert page.get_by_role("link", name="Opret enhed").count() == 0
    response = page.goto("/medlemmer/")
    assert response is not None and response.status == 403


def test_language_switch_to_english_and_back(page: Any, demo: Any) -> None:
    login(page, "laeser", DEMO_PASSWORD)
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.get_by_role("heading", name="Overview", exact=True)).to_be_visible()
    expect(
        page.get_by_role("navigation", name="Modules").get_by_role("link", name="Units")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Dansk").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", name="Overblik", exact=True)).to_be_visible()
