"""Issue 17, hardening: the pages work under the Content-Security-Policy (no inline
script) and the browser reports no violation — charts (ECharts), the integration map
(Cytoscape), htmx, DKFDS, a form's »Annullér« and the API docs (Swagger UI)."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from organizations.demo import DEMO_PASSWORD
from tests.browser.conftest import login
from tests.browser.test_impact_analysis import _landscape

LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sourceFile || ''));
});
"""


def test_pages_work_under_the_policy_without_a_violation(
    browser: Any, live_server: Any, demo: Any
) -> None:
    usages = _landscape(demo)
    context = browser.new_context(locale="da-DK", base_url=live_server.url)  # policy enforced
    context.set_default_timeout(20_000)
    context.add_init_script(LISTEN)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text))
    violations: list[str] = []

    def check(what: str) -> None:
        violations.extend(f"{what}: {v}" for v in page.evaluate("window.__csp || []"))

    login(page, "admin", DEMO_PASSWORD)
    response = page.goto("/")
    assert response is not None
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy.split(";")[1]
    check("dashboard")

    page.goto("/analyser/integrationskort/")
    expect(page.locator("[data-chart='graph-map']")).to_have_attribute("data-drawn", "true")
    check("integrationskort")
    page.goto(f"/analyser/konsekvens/{usages['Borgerregister'].pk}/")
    expect(page.locator("[data-chart='graph-impact']")).to_have_attribute("data-drawn", "true")
    check("konsekvens")
    page.goto("/analyser/omkostninger/?year=2025")
    expect(page.locator("[data-chart='chart-forvaltning']")).to_have_attribute("data-drawn", "true")
    check("omkostninger")

    page.goto("/systemer/")
    expect(page.get_by_role("link", name="Borgerregister")).to_be_visible()
    page.get_by_role("link", name="Borgerregister").click()
    expect(page.get_by_role("heading", name="Borgerregister")).to_be_visible()
    check("system")

    # A form without a cancel address of its own: »Annullér« goes back (no javascript: link).
    page.goto("/leverandoerer/")
    page.get_by_role("link", name="Opret", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/leverandoerer/ny/")
    page.get_by_role("link", name="Annullér").click()
    expect(page).to_have_url(f"{live_server.url}/leverandoerer/")
    check("annullér")

    page.goto("/api/v1/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Styrbar API", timeout=60_000)
    expect(page.locator(".opblock-summary-path").first).to_be_visible(timeout=60_000)
    check("api-docs")

    reported = [m for m in console if "Content Security Policy" in m]
    assert violations == [] and reported == [], (violations, reported)
    context.close()
