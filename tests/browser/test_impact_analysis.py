"""Impact analysis from the integration map: what stops when a system is down."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from organizations.demo import DEMO_PASSWORD
from portfolio import choices as c
from portfolio.models import (
    BusinessProcess,
    CatalogSystem,
    Integration,
    ProcessStep,
    SystemUsage,
    UsageCost,
)
from tests.browser.conftest import assert_accessible, login, open_module


def _usage(demo: Any, name: str) -> SystemUsage:
    system = CatalogSystem.objects.create(name=f"{name} (katalog)", business_type="fagsystem")
    return SystemUsage.objects.create(
        organization=demo.kommune,
        catalog_system=system,
        local_name=name,
        lifecycle=c.Lifecycle.OPERATIONAL,
        responsible_unit=demo.units["Jobcenter"],
    )


def _landscape(demo: Any) -> dict[str, SystemUsage]:
    """Borgerregister → Ydelsessystem → Udbetaling, Ydelsessystem ⇄ Jobportal, Udbetaling →
    Serviceplatformen; a process whose steps use Jobportal and Udbetaling."""
    org = demo.kommune
    u = {n: _usage(demo, n) for n in ("Borgerregister", "Ydelsessystem", "Udbetaling", "Jobportal")}

    def flow(source: str, target: Any, **fields: Any) -> None:
        key = "target_component" if isinstance(target, CatalogSystem) else "target"
        Integration.objects.create(
            organization=org,
            source=u[source],
            technology=c.Technology.API,
            **{key: target if isinstance(target, CatalogSystem) else u[target]},
            **fields,
        )

    flow("Borgerregister", "Ydelsessystem")
    flow("Ydelsessystem", "Udbetaling")
    flow("Ydelsessystem", "Jobportal", direction=c.Direction.TWO_WAY)
    # Reference data from the migrations is flushed between transactional tests.
    platform, _ = CatalogSystem.objects.get_or_create(
        name="Serviceplatformen", defaults={"business_type": c.BusinessType.FAELLESKOMMUNAL}
    )
    flow("Udbetaling", platform)
    process = BusinessProcess.objects.create(organization=org, name="Udbetaling af ydelse")
    for order, (name, usage) in enumerate(
        [("Modtag ansøgning", "Jobportal"), ("Udbetal", "Udbetaling"), ("Arkivér", None)], start=1
    ):
        step = ProcessStep.objects.create(
            process=process, order=order, name=name, unit=demo.units["Ydelser"]
        )
        if usage:
            step.usages.set([u[usage]])
    UsageCost.objects.create(
        usage=u["Udbetaling"], year=2025, kind=c.CostKind.LICENSE, amount="125000.00"
    )
    return u


def test_impact_analysis_from_the_integration_map(page: Any, demo: Any) -> None:
    _landscape(demo)
    login(page, "admin", DEMO_PASSWORD)
    open_module(page, "Analyser")

    page.get_by_role("link", name="Integrationskort og afhængighedsanalyse").click()
    expect(page.get_by_role("heading", name="Integrationskort")).to_be_visible()
    expect(page.locator("[data-chart='graph-map']")).to_have_attribute("data-drawn", "true")
    expect(page.locator("#map-summary")).to_contain_text("4 systemer, 1 fælles komponenter")
    assert_accessible(page)

    page.get_by_role("link", name="Borgerregister – afhængighedsanalyse").click()
    expect(page.get_by_role("heading", name="Afhængighedsanalyse: Borgerregister")).to_be_visible()
    expect(page.locator("#impact-summary")).to_have_text(
        "Hvis Borgerregister er nede, rammes 3 systemer, 1 fælles komponenter og 2 procestrin."
    )
    affected = page.locator("#affected-usages tbody tr")
    expect(affected).to_have_count(3)
    expect(affected.nth(0)).to_contain_text("Ydelsessystem")
    expect(page.locator("#affected-usages")).to_contain_text("Udbetaling")
    expect(page.locator("#affected-usages")).to_contain_text("Jobportal")
    expect(page.locator("#affected-components")).to_contain_text("Serviceplatformen")
    steps = page.locator("#affected-steps tbody tr")
    expect(steps).to_have_count(2)
    expect(steps.nth(0)).to_contain_text("Modtag ansøgning")
    expect(steps.nth(1)).to_contain_text("Udbetal")
    expect(page.locator("#affected-steps")).not_to_contain_text("Arkivér")
    expect(page.locator("[data-chart='graph-impact']")).to_have_attribute("data-drawn", "true")
    assert_accessible(page)

    # Follow the chain: Udbetaling only feeds the shared component, which does not spread it.
    page.locator("#affected-usages").get_by_role("link", name="Udbetaling").click()
    expect(page.locator("#impact-summary")).to_contain_text("rammes 0 systemer")


def test_analysis_pages_draw_charts_and_are_accessible(page: Any, demo: Any) -> None:
    _landscape(demo)
    login(page, "laeser", DEMO_PASSWORD)
    for path, chart in [
        ("/analyser/omkostninger/?year=2025", "chart-forvaltning"),
        ("/analyser/kontraktkalender/", "chart-months"),
        ("/analyser/datakvalitet/", "chart-histogram"),
        ("/analyser/overlap/", None),
        ("/analyser/time/", "chart-time"),
    ]:
        page.goto(path)
        if chart:
            expect(page.locator(f"[data-chart='{chart}']")).to_have_attribute("data-drawn", "true")
        assert_accessible(page)
    page.goto("/analyser/omkostninger/?year=2025")
    # The summary rounds (t.kr.); the exact figure is the title of the amount.
    expect(page.locator("#cost-summary")).to_contain_text("125\u00a0t.kr.")
    expect(page.locator("#cost-summary .styrbar-amount").first).to_have_attribute(
        "title", "125.000,00\u00a0kr."
    )
