"""The live KITOS sync as an administrator uses it, against the fake KITOS on loopback: set
up the connection from the import page, start a sync, watch it queue and finish by itself,
read the report with the usage KITOS would not show, and see the last sync on the import
page. Every page checked with axe."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from cryptography.fernet import Fernet
from playwright.sync_api import expect

from interop import kitos_live
from interop.models import KitosSyncRun, KitosSyncState
from interop.tests.fake_kitos import PASSWORD, USER, FakeKitos
from interop.tests.kitos_data import ORG, U, load
from organizations.demo import DEMO_PASSWORD
from portfolio.models import SystemUsage
from tests.browser.conftest import assert_accessible, login
from tests.browser.test_import_wizard import tasks_left_queued

USAGES = "/api/v2/it-system-usages"


@pytest.fixture
def fake() -> Iterator[FakeKitos]:
    usages = load("it-system-usages-page0.json", "it-system-usages-page1.json")
    dangling = copy.deepcopy(usages[0])
    dangling.update(uuid=str(U(399)), outgoingSystemRelations=[])
    dangling["systemContext"] = {"uuid": str(U(199)), "name": "Afviklet system"}
    server = FakeKitos(
        data={
            f"/api/v2/organizations/{ORG}/organization-units": load("organization-units.json"),
            "/api/v2/it-systems": load("it-systems-page0.json", "it-systems-page1.json"),
            "/api/v2/it-interfaces": load("it-interfaces.json"),
            USAGES: [*usages, dangling],
            "/api/v2/it-contracts": load("it-contracts.json"),
        }
    ).start()
    yield server
    server.stop()


def test_kitos_sync_from_the_import_page(
    page: Any, demo: Any, fake: FakeKitos, settings: Any, tmp_path: Any
) -> None:
    settings.STYRBAR_ENCRYPTION_KEY = Fernet.generate_key().decode()
    settings.VAR_DIR = tmp_path
    org = demo.kommune
    login(page, "admin", DEMO_PASSWORD)

    # The import page says there has been no sync and leads the administrator on
    page.get_by_role("navigation", name="Moduler").get_by_role(
        "link", name="Import", exact=True
    ).click()
    never = page.get_by_text("Organisationen er ikke synkroniseret med KITOS endnu.")
    expect(never).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="KITOS-synkronisering").click()
    expect(page.get_by_role("heading", name="KITOS-synkronisering")).to_be_visible()
    expect(page.get_by_text("Der er ingen adgangskode endnu.")).to_be_visible()
    assert_accessible(page)

    # The connection, with the password stored encrypted
    page.get_by_label("KITOS' adresse").fill(fake.url)
    page.get_by_label("KITOS-bruger").fill(USER)
    page.get_by_label("Adgangskode", exact=True).fill(PASSWORD)
    page.get_by_label("KITOS-organisationens UUID").fill(ORG)
    page.get_by_label("Synkronisér hver nat").check()
    page.get_by_role("button", name="Gem opsætningen").click()
    expect(page.get_by_text("KITOS-opsætningen er gemt.")).to_be_visible()
    expect(page.get_by_text("Adgangskoden er gemt krypteret.")).to_be_visible()
    expect(page.get_by_text("Synkroniseres hver nat som")).to_be_visible()
    expect(page.get_by_label("Adgangskode", exact=True)).to_have_value("")
    assert_accessible(page)
    state = KitosSyncState.objects.get(organization=org)
    assert PASSWORD not in state.password_encrypted and state.nightly

    # Start: the run is queued for the worker and the page polls its progress
    with tasks_left_queued():
        page.get_by_role("button", name="Start synkronisering").click()
        expect(page.get_by_role("progressbar")).to_be_visible()
        expect(page.get_by_text("I kø: venter på baggrundsprocessen …")).to_be_visible()
        assert_accessible(page)
    run = KitosSyncRun.objects.get(organization=org)
    assert not fake.seen  # nothing was fetched in the web request
    kitos_live.run_execute(run.pk)  # what the worker does
    expect(page.get_by_text("Synkroniseringen er gennemført")).to_be_visible(timeout=10_000)
    expect(page.get_by_role("progressbar")).to_have_count(0)
    unresolved = page.locator("#report-unresolved")
    expect(unresolved).to_contain_text("Afviklet system")
    expect(unresolved).to_contain_text(str(U(199)))
    assert_accessible(page)
    assert SystemUsage.objects.filter(organization=org, uuid=U(301)).exists()

    # The import page shows the last sync and its warnings
    page.get_by_role("navigation", name="Moduler").get_by_role(
        "link", name="Import", exact=True
    ).click()
    expect(page.get_by_text("Seneste synkronisering")).to_be_visible()
    expect(page.get_by_text("Synkroniseres hver nat.")).to_be_visible()
    page.get_by_text("Bemærkninger fra KITOS-synkroniseringen").click()
    expect(page.get_by_text("Afviklet system").first).to_be_visible()
    assert_accessible(page)
