"""Playwright (Python) driving Debian's chromium against pytest-django's live server."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = shutil.which("chromium")
    if executable is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is required for browser tests in CI")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop; the ORM calls in the tests stay synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    # axe-core is injected as an inline script, which the Content-Security-Policy forbids;
    # tests/browser/test_csp.py opens the pages with the policy in force.
    context = browser.new_context(locale="da-DK", base_url=live_server.url, bypass_csp=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def demo(transactional_db: Any) -> Any:
    from organizations.demo import seed_foundation

    load_reference_data()
    return seed_foundation()


def load_reference_data() -> None:
    """The reference data the migrations load (municipalities, role types, components, the
    synthetic KLE tree) is gone after an earlier transactional test's flush: load it again
    (the loaders update or create, so a fresh database is unchanged)."""
    from importlib import import_module

    from django.apps import apps

    for module in (
        "organizations.migrations.0001_squashed_0003_audit_protect_and_messages",
        "portfolio.migrations.0001_squashed_0005_catalog_review_records",
    ):
        import_module(module).load(apps, None)


def login(page: Any, username: str, password: str) -> None:
    page.goto("/konto/login/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(password)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_load_state("networkidle")


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Serious and critical WCAG 2.1 A/AA violations reported by axe-core on the page."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
        })"""
    )
    serious = [v for v in result["violations"] if v["impact"] in {"serious", "critical"}]
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in serious
    ]


def assert_accessible(page: Any) -> None:
    violations = axe_violations(page)
    assert not violations, json.dumps(violations, indent=2, ensure_ascii=False)


def open_module(page: Any, name: str) -> None:
    """Follow the module menu's link ``name`` to the module's page (headed ``name``) and
    check the page with axe."""
    from playwright.sync_api import expect

    page.get_by_role("navigation", name="Moduler").get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible()
    assert_accessible(page)


def submit_channel_shift(page: Any, name: str, row: tuple[str, str, str]) -> None:
    """Fill in and submit the channel-shift template's form (the template's page is open):
    the case ``name``, borne by Borgerservice, with one row: the service and its personal
    and digital contacts a year."""
    service, personal, digital = row
    page.get_by_role("textbox", name="Navn").fill(name)
    page.get_by_label("Bæres af").fill("Borgerservice")
    page.get_by_label("Ydelse (række 1)").fill(service)
    page.get_by_label("Personlige henvendelser pr. år (række 1)").fill(personal)
    page.get_by_label("Digitale henvendelser pr. år (række 1)").fill(digital)
    page.get_by_role("button", name="Opret business case").click()
