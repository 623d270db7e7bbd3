"""Channels as a digitalisation team uses them: upload a year of contact numbers from
Danish Excel, see the digital share as chart and table, add the campaign to the
communication plan and read the digital share before and after it; axe on every page."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from channels.models import ChannelCount, CommunicationActivity
from organizations.demo import DEMO_PASSWORD
from tests.browser.conftest import assert_accessible, login, open_module

HEADER = "Måned;Serviceområde;Personligt fremmøde;Telefon;Digital selvbetjening;Digital Post;Chat"
# Flytning: 30 % digital January-May 2025, 60 % from July (the campaign is in June).
ROWS = [
    f"{month:02d}-2025;Flytning;400;300;{200 if month < 6 else 950};100;0" for month in range(1, 13)
]


def _csv() -> bytes:
    return "\r\n".join([HEADER, *ROWS, ""]).encode("cp1252")


def test_upload_numbers_see_the_share_plan_a_campaign_and_its_effect(page: Any, demo: Any) -> None:
    org = demo.kommune
    login(page, "arkitekt", DEMO_PASSWORD)
    open_module(page, "Kanaler og kommunikation")
    expect(page.locator("#no-numbers")).to_be_visible()

    # Upload: the content is chosen for us, the dry run has no errors, then save.
    page.get_by_role("link", name="Importér kanaltal").click()
    expect(page.get_by_role("heading", name="Ny import")).to_be_visible()
    expect(page.get_by_label("Indhold (kun CSV og XLSX)")).to_have_value("channels")
    assert_accessible(page)
    page.locator("input[type=file]").set_input_files(
        {"name": "kanaltal-2025.csv", "mimeType": "text/csv", "buffer": _csv()}
    )
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("Prøvekørsel uden fejl")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Gem importen").click()
    expect(page.get_by_text("Importen er gemt")).to_be_visible()
    assert ChannelCount.objects.filter(organization=org).count() == 12 * 5

    # The overview: coverage, the chart and its table.
    page.get_by_role("navigation", name="Moduler").get_by_role(
        "link", name="Kanaler og kommunikation"
    ).click()
    expect(page.locator("#coverage")).to_contain_text("Tal for 12 måneder fra 01-2025 til 12-2025")
    expect(page.locator("[data-chart=chart-share] canvas")).to_have_count(1)
    table = page.locator("#month-table")
    expect(table.locator("tbody tr")).to_have_count(12)
    expect(table.locator("tbody tr").first).to_contain_text("30,0 %")
    expect(table.locator("tbody tr").last).to_contain_text("60,0 %")
    assert_accessible(page)

    # The communication plan: add the campaign for Flytning.
    page.get_by_role("link", name="Kommunikationsplan").click()
    page.get_by_role("link", name="Opret").click()
    page.get_by_label("Aktivitet").fill("Kampagne: flyt digitalt")
    page.get_by_label("Kanal").select_option(label="Sociale medier")
    page.get_by_label("Dato").fill("2025-06-15")
    page.get_by_label("Ansvarlig").fill("Kommunikation")
    page.get_by_label("Omkostning (kr.)").fill("25.000")
    page.get_by_label("Flytning").check()
    assert_accessible(page)
    page.get_by_role("button", name="Gem").click()

    # Before and after: March-May against July-September.
    expect(page.get_by_role("heading", name="Digital andel før og efter")).to_be_visible()
    row = page.locator("#effect-table tbody tr").first
    expect(row).to_contain_text("03-2025–05-2025 (3 af 3 måneder med tal)")
    expect(row).to_contain_text("30,0 %")
    expect(row).to_contain_text("60,0 %")
    expect(page.locator("#effect-summary")).to_contain_text("Ændring: 30,0 procentpoint")
    assert_accessible(page)
    activity = CommunicationActivity.objects.get(organization=org)
    assert activity.cost == 25000 and [a.name for a in activity.areas.all()] == ["Flytning"]
