"""A business case as a municipal architect builds it: a channel shift from the template,
an inline (htmx) edit of a line that recomputes the NPV, and the page checked with axe."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from businesscases.models import BusinessCase
from organizations.demo import DEMO_PASSWORD
from tests.browser.conftest import assert_accessible, login, open_module, submit_channel_shift


def test_channel_shift_from_template_and_inline_edit(page: Any, demo: Any) -> None:
    login(page, "arkitekt", DEMO_PASSWORD)
    open_module(page, "Business cases")
    page.get_by_role("link", name="Opret").click()
    page.get_by_role("link", name="Kanalomlægning (borgernær service)").click()
    expect(page.get_by_label("Pris pr. personlig henvendelse (kr.)")).to_have_value("250")
    assert_accessible(page)
    submit_channel_shift(
        page, "Selvbetjening i Borgerservice", ("Pas og kørekort", "18.000", "6.000")
    )
    expect(page.get_by_text("Business casen er oprettet som kladde.")).to_be_visible()
    expect(page.locator("#case-npv")).to_be_visible()
    page.wait_for_selector("#case-result [data-chart='chart-cashflow'][data-drawn='true']")
    before = page.locator("#case-npv").inner_text()
    case = BusinessCase.objects.get(name="Selvbetjening i Borgerservice")
    assert case.lines.count() == 5
    assert_accessible(page)

    # Edit the communication plan inline: the row becomes a form, saving swaps the result.
    page.get_by_role("link", name="Redigér Kommunikationsplan (alle år)").click()
    form = page.get_by_role("form", name="Redigér linjen Kommunikationsplan (alle år)")
    expect(form).to_be_visible()
    assert_accessible(page)
    form.get_by_label("Mest sandsynlig").fill("100.000")
    form.get_by_label("Minimum").fill("90.000")
    form.get_by_label("Maksimum").fill("130.000")
    form.get_by_role("button", name="Gem linjen").click()
    expect(page.locator("#case-npv")).not_to_have_text(before)
    expect(page.locator("#case-notice")).to_contain_text("er gemt")
    after = page.locator("#case-npv").inner_text()
    line = case.lines.get(name="Kommunikationsplan (alle år)")
    assert str(line.mode) == "100000.00"
    # Cheaper communication every year raises the NPV; the charts are drawn again.
    assert _kroner(after) > _kroner(before)
    page.wait_for_selector("#case-result [data-chart='chart-tornado'][data-drawn='true']")
    assert page.url.endswith(case.get_absolute_url())
    assert_accessible(page)


def _kroner(text: str) -> float:
    return float(text.replace("kr.", "").replace(".", "").replace(",", ".").strip())


def test_benefit_realisation_and_dashboard_card(page: Any, demo: Any) -> None:
    from businesscases import demo as case_demo
    from organizations.demo import DEMO_PARTNER_CODES
    from organizations.models import Organization

    # A transactional test before this one flushes the municipalities seeded by migrations.
    if not demo.partners:
        demo.partners = [
            Organization.objects.create(name=name, kind="kommune", kommunekode=code)
            for name, code in zip(("Esbjerg", "Varde", "Vejen"), DEMO_PARTNER_CODES, strict=True)
        ]
    case_demo.seed(demo)
    approved = BusinessCase.objects.get(name=case_demo.CHANNEL_SHIFT)
    shared = BusinessCase.objects.get(name=case_demo.SHARED_OPERATIONS)
    login(page, "laeser", DEMO_PASSWORD)
    card = page.get_by_role("region", name="Gevinstrealisering")
    expect(card.get_by_role("link", name=case_demo.CHANNEL_SHIFT)).to_be_visible()
    assert_accessible(page)
    card.get_by_role("link", name=case_demo.CHANNEL_SHIFT).click()
    expect(page.locator("#realisation-summary")).to_contain_text("Afviger fra planen")
    page.wait_for_selector("[data-chart='chart-realisation'][data-drawn='true']")
    expect(page.get_by_role("link", name="Redigér")).to_have_count(0)
    assert page.url.endswith(f"{approved.get_absolute_url()}#realisering")
    assert_accessible(page)
    page.goto(shared.get_absolute_url())
    expect(page.get_by_role("heading", name="Hvem betaler, hvem får gevinsten")).to_be_visible()
    assert_accessible(page)
