"""The portfolio as a municipal architect uses it: list → detail → edit → history, bulk edit,
and taking a catalog system into use."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from organizations.demo import DEMO_PASSWORD
from portfolio.models import SystemUsage
from portfolio.tests import factories as f
from tests.browser.conftest import assert_accessible, login, open_module


def _landscape(demo: Any) -> list[SystemUsage]:
    org = demo.kommune
    unit = demo.units["Jobcenter"]
    vendor = f.vendor(name="Nordlys Software ApS")
    usages = [
        f.usage(
            org,
            local_name=name,
            responsible_unit=unit,
            catalog_system=f.catalog_system(None, name=f"{name} (katalog)", vendor=vendor),
        )
        for name in ("Jobportal", "Ydelsesberegner", "Mødebooking")
    ]
    f.integration(org, source=usages[0], target=usages[1])
    return usages


def test_list_detail_edit_history(page: Any, demo: Any) -> None:
    usages = _landscape(demo)
    login(page, "redaktoer", DEMO_PASSWORD)
    open_module(page, "Systemer")
    page.get_by_label("Søg", exact=True).fill("ydelse")
    page.wait_for_function("document.querySelector('#object-table').innerText.includes('1 system')")
    page.locator("#object-table").get_by_role("link", name="Ydelsesberegner").click()
    expect(page.get_by_role("heading", name="Ydelsesberegner")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Integrationer", exact=True).last.click()
    expect(page.get_by_role("link", name="Jobportal")).to_be_visible()
    page.get_by_role("link", name="Redigér").click()
    page.get_by_label("Version").fill("4.2")
    page.get_by_label("Driftsform").select_option("saas")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Systemet er gemt.")).to_be_visible()
    usages[1].refresh_from_db()
    assert usages[1].version == "4.2" and usages[1].hosting == "saas"
    page.get_by_role("link", name="Historik").click()
    expect(page.get_by_role("cell", name="Ændret").first).to_be_visible()
    page.get_by_text("felter").first.click()
    expect(page.get_by_role("cell", name="4.2")).to_be_visible()
    assert_accessible(page)


def test_bulk_edit_lifecycle(page: Any, demo: Any) -> None:
    usages = _landscape(demo)
    login(page, "redaktoer", DEMO_PASSWORD)
    page.goto("/systemer/")
    page.get_by_label("Vælg Jobportal").check()
    page.get_by_label("Vælg Mødebooking").check()
    page.get_by_label("Ny livscyklus").select_option("phasing_out")
    page.get_by_role("button", name="Anvend på valgte").click()
    expect(page.get_by_text("2 systemer er opdateret.")).to_be_visible()
    states = {u.local_name: SystemUsage.objects.get(pk=u.pk).lifecycle for u in usages}
    assert states == {
        "Jobportal": "phasing_out",
        "Ydelsesberegner": "operational",
        "Mødebooking": "phasing_out",
    }


def test_take_catalog_system_into_use(page: Any, demo: Any) -> None:
    f.catalog_system(None, name="Fælles Borgerbooking", vendor=f.vendor(name="Fjordsystemer A/S"))
    login(page, "arkitekt", DEMO_PASSWORD)
    page.get_by_role("navigation", name="Moduler").get_by_role("link", name="Systemkatalog").click()
    page.get_by_label("Søg", exact=True).fill("borgerbooking")
    page.wait_for_function("document.querySelector('#object-table').innerText.includes('1 række')")
    page.locator("#object-table").get_by_role("link", name="Fælles Borgerbooking").click()
    page.get_by_role("link", name="Tag i brug").click()
    page.get_by_label("Lokalt navn").fill("Borgerbooking")
    page.get_by_label("Ansvarlig enhed").select_option(label="Borgerservice")
    assert_accessible(page)
    page.get_by_role("button", name="Tag i brug").click()
    expect(page.get_by_text("Systemet er taget i brug.")).to_be_visible()
    usage = SystemUsage.objects.get(organization=demo.kommune, local_name="Borgerbooking")
    assert usage.lifecycle == "phasing_in" and usage.responsible_unit is not None
