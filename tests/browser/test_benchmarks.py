"""Anonymous benchmarks in the browser: Eksempel Kommune's administrator joins, the
nightly computation runs, the page shows quartiles beside the municipality's own value
(never another municipality), and leaving removes it at once; axe on every state."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from organizations.demo import DEMO_PASSWORD
from sharing.benchmarks import compute
from sharing.tests.test_benchmark_figures import classified
from sharing.tests.test_benchmarks import YEAR, municipality
from tests.browser.conftest import assert_accessible, login, open_module


def test_join_see_quartiles_and_leave(page: Any, demo: Any) -> None:
    others = [municipality(i) for i in range(5)]
    for other in others:
        classified(other, "90.01.01")
    login(page, "admin", DEMO_PASSWORD)
    open_module(page, "Benchmarks")
    expect(page.locator("#benchmarks-not-joined")).to_be_visible()
    page.get_by_role("button", name="Deltag i benchmarks").click()
    expect(page.locator(".alert-success")).to_contain_text("deltager nu i benchmarks")
    assert_accessible(page)

    compute(period=YEAR)  # the nightly job
    page.goto(f"/deling/benchmarks/?aar={YEAR}")
    expect(page.locator("#benchmark-run")).to_contain_text("6 deltagende kommuner")
    expect(page.locator("#table-contract_share")).to_contain_text("Alle deltagende kommuner")
    kle = page.locator('[id="table-kle_share:90"]')  # one row per KLE hovedgruppe
    expect(kle).to_contain_text("Alle deltagende kommuner")
    expect(page.locator('[data-chart="chart-kle_share:90"] canvas')).to_have_count(1)
    for other in others:
        expect(page.locator("main")).not_to_contain_text(other.name)
    assert_accessible(page)

    page.get_by_role("button", name="Meld kommunen ud af benchmarks").click()
    expect(page.locator(".alert-success")).to_contain_text("deltager ikke længere")
    expect(page.locator("#benchmarks-not-joined")).to_be_visible()
    assert_accessible(page)
