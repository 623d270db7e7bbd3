"""The strategy screens: the wizard with a computed fact and an override, the result with
its chart and table, comparing two versions, and choosing a strategy (roadmap)."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from advisor.models import Assessment
from organizations.demo import DEMO_PASSWORD
from roadmaps.models import Roadmap
from tests.browser.conftest import assert_accessible, login


def test_assess_compare_and_choose(page: Any, demo: Any) -> None:
    login(page, "arkitekt", DEMO_PASSWORD)
    page.get_by_role("navigation", name="Moduler").get_by_role("link", name="Strategi").click()
    expect(page.get_by_role("heading", name="Strategivurderinger")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Opret").click()
    page.get_by_label("Titel").fill("Strategivurdering 2026")
    assert_accessible(page)
    page.get_by_role("button", name="Opret og gå til første trin").click()

    # Step 1: the number of inhabitants is computed from the organisation profile.
    expect(page.get_by_role("heading", name="Trin 1 af 4: Økonomi og indkøb")).to_be_visible()
    expect(page.locator("main")).to_contain_text("fra organisationsprofilen")
    page.get_by_label("5 – Meget stort pres").check()
    page.get_by_label("5 – Alt købes decentralt").check()
    page.get_by_text("Overstyr den beregnede værdi").click()
    page.get_by_label("Overstyret værdi").fill("53.000")
    page.get_by_role("button", name="Gem og fortsæt").click()
    expect(page.locator(".form-error-message").first).to_contain_text("begrundelse")
    assert_accessible(page)
    page.get_by_label("Begrundelse for at overstyre").fill("Tal fra 1. januar.")
    page.get_by_role("button", name="Gem og fortsæt").click()
    expect(
        page.get_by_role("heading", name="Trin 2 af 4: Systemer, data og processer")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Ledelse og organisation").click()
    page.get_by_label("5 – Stærk vilje").check()
    page.get_by_role("button", name="Gem og se oversigten").click()

    expect(page.locator("main")).to_contain_text("Tal fra 1. januar.")
    assert_accessible(page)
    page.get_by_role("button", name="Afslut og se resultatet").click()
    expect(page.locator("#result-summary")).to_contain_text("Standardisering af it-indkøb")
    expect(page.locator("#ranking-table")).to_contain_text("Sammenhængende forretningsprocesser")
    expect(page.locator("[data-chart='chart-scores'] canvas")).to_be_visible()
    assert_accessible(page)

    # A new version from the completed one; compare the two.
    page.get_by_role("button", name="Kopiér til ny version").first.click()
    page.get_by_role("link", name="Ledelse og organisation").click()
    page.get_by_label("1 – Ingen vilje").check()
    page.get_by_label("5 – Fuld opbakning").check()
    page.get_by_role("button", name="Gem og se oversigten").click()
    page.get_by_role("button", name="Afslut og se resultatet").click()
    expect(page.locator("#result-summary")).to_be_visible()
    page.goto("/strategi/sammenlign/")
    expect(page.locator("#compare-scores")).to_contain_text("→")
    expect(page.locator("#compare-facts")).to_contain_text(
        "Hvor stor er viljen til central styring"
    )
    assert_accessible(page)

    latest = Assessment.objects.filter(organization=demo.kommune).order_by("-version").first()
    assert latest is not None
    page.goto(f"/strategi/{latest.pk}/resultat/")
    page.get_by_role("link", name="Vælg strategi").click()
    assert_accessible(page)
    page.get_by_label("Begrundelse for valget").fill("Direktionens indstilling.")
    page.get_by_role("button", name="Vælg strategi og opret roadmap").click()
    roadmap = Roadmap.objects.get(organization=demo.kommune, assessment=latest)
    expect(page).to_have_url(f"{page.url.split('/roadmaps/')[0]}/roadmaps/{roadmap.pk}/")
    expect(page.locator(".alert-success")).to_contain_text("Strategien er valgt")
