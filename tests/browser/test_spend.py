"""Spend as a digitalisation team uses it: upload the financial system's export through the
import wizard, read the dry run and save it, find the shadow-it candidate, triage it into a
prefilled system in the portfolio and see it leave the candidates; axe on every spend page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from playwright.sync_api import expect

from organizations.demo import DEMO_PASSWORD
from portfolio.models import SystemUsage
from spend.models import ShadowCandidate, SpendLine, SpendSource
from spend.tests.helpers import SHADOW_CVR, export, line
from tests.browser.conftest import assert_accessible, login, open_module

D = dt.date
SHADOW = "Skyggesoft ApS"  # fictional; no usage or contract in the portfolio


def _export() -> bytes:
    """Windows-1252, ';', Danish amounts: licences bought around the IT department, one
    credited, and an office-chair line that is no IT."""
    return export(
        [
            line(D(2025, 3, 3), SHADOW, "12.500,00", cvr=SHADOW_CVR, unit="Jobcenter"),
            line(D(2025, 6, 2), SHADOW, "12.500,00", cvr=SHADOW_CVR, unit="Jobcenter"),
            line(D(2025, 6, 20), SHADOW, "-2.500,00", cvr=SHADOW_CVR, unit="Jobcenter"),
            line(
                D(2025, 4, 1),
                "Kontorland A/S",
                "4.000,00",
                number="5501",
                account="225100",
                text="Kontorstole",
            ),
        ]
    )


def test_upload_spend_find_shadow_it_and_triage_it_into_a_system(page: Any, demo: Any) -> None:
    org = demo.kommune
    login(page, "arkitekt", DEMO_PASSWORD)
    open_module(page, "Forbrug")

    # Upload through the import wizard: the dry run first, then save.
    page.get_by_role("link", name="Importér forbrugslinjer").click()
    expect(page.get_by_role("heading", name="Ny import")).to_be_visible()
    assert_accessible(page)
    page.locator("input[type=file]").set_input_files(
        {"name": "opus-2025.csv", "mimeType": "text/csv", "buffer": _export()}
    )
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("Prøvekørsel uden fejl")).to_be_visible()
    expect(page.get_by_text("4 linjer for 26.500,00 kr. (1 kreditnotaer)").first).to_be_visible()
    assert_accessible(page)
    assert not SpendLine.objects.filter(organization=org).exists()  # a dry run writes nothing
    page.get_by_role("button", name="Gem importen").click()
    expect(page.get_by_text("Importen er gemt")).to_be_visible()
    assert SpendLine.objects.filter(organization=org).count() == 4

    # The overview and the lines.
    open_module(page, "Forbrug")
    page.get_by_role("link", name="Forbrugslinjer", exact=True).click()
    expect(page.get_by_role("cell", name="Kontorstole")).to_be_visible()
    assert_accessible(page)

    # The candidates: the licences, net of the credit note; the chairs are no IT.
    open_module(page, "Forbrug")
    page.get_by_role("link", name="Skygge-it-kandidater", exact=True).click()
    expect(page.get_by_role("heading", name="Skygge-it-kandidater")).to_be_visible()
    expect(page.get_by_role("link", name=SHADOW)).to_be_visible()
    expect(page.get_by_role("link", name="Kontorland A/S")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name=SHADOW).click()
    expect(page.get_by_text("22.500 kr. (3 linjer)")).to_be_visible()
    assert_accessible(page)

    # Triage: it is a system; the usage is created prefilled from the candidate.
    page.get_by_label("Det er et system: opret det i porteføljen").check()
    expect(page.get_by_label("Systemets navn")).to_have_value(SHADOW)
    page.get_by_label("Begrundelse").fill("Jobcentrets bookingsystem, købt direkte.")
    assert_accessible(page)
    page.get_by_role("button", name="Gem vurderingen").click()
    expect(page.get_by_text("Vurderingen er gemt")).to_be_visible()
    expect(page.get_by_role("heading", name=SHADOW)).to_be_visible()  # the usage's page
    assert_accessible(page)
    usage = SystemUsage.objects.get(organization=org, catalog_system__name=SHADOW)
    assert "22500.00 kr. betalt til Skyggesoft ApS" in usage.notes
    assert ShadowCandidate.objects.get(organization=org).usage_id == usage.pk

    # Gone from the open candidates, there in the portfolio.
    open_module(page, "Forbrug")
    page.get_by_role("link", name="Skygge-it-kandidater", exact=True).click()
    expect(page.get_by_role("link", name=SHADOW)).to_have_count(0)
    assert_accessible(page)
    page.goto(reverse("portfolio:usage_list"))
    expect(page.get_by_role("link", name=SHADOW).first).to_be_visible()

    # The creditors, the rules and the source's saved columns.
    open_module(page, "Forbrug")
    page.get_by_role("link", name="Kreditorer og leverandører").click()
    expect(page.get_by_role("link", name=SHADOW)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=SHADOW).click()
    assert_accessible(page)
    open_module(page, "Forbrug")
    page.get_by_role("link", name="Klassifikationsregler for it-forbrug").click()
    assert_accessible(page)
    open_module(page, "Forbrug")
    page.get_by_role("link", name="Forbrugskilder og kolonner").click()
    assert_accessible(page)
    page.get_by_role("link", name="Økonomisystem").click()
    expect(page.locator("#mapping-table")).to_contain_text("BilagstekstTekst")
    assert_accessible(page)
    page.get_by_role("link", name="Redigér").click()
    columns = page.get_by_label("Kolonner")
    expect(columns).to_contain_text("Bilagstekst = Tekst")
    columns.fill("Bogføringsdato = Bogføringsdato\nKreditor = Pris")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("»Pris« er ikke et felt")).to_be_visible()
    assert_accessible(page)  # the page with its errors
    assert SpendSource.objects.get(organization=org).columns["Kreditor"] == "vendor_name"
