"""The import wizard as a municipal architect uses it: upload a Danish Excel CSV, confirm
the column Styrbar guessed, save the mapping, see the dry run's row errors and ignored
column, map a value in the municipality's own words in the value step, upload the
corrected file, reuse the saved mapping (columns and values), watch the progress bar and
commit."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.test import override_settings
from django_tasks import task_backends
from playwright.sync_api import expect

from interop import jobs
from interop.models import ImportJob, ImportMapping, ImportStatus
from organizations.demo import DEMO_PASSWORD
from portfolio.models import SystemUsage
from tests.browser.conftest import assert_accessible, login

# Set to a directory to keep screenshots of the wizard's pages (for a look by eye).
SCREENSHOTS = os.environ.get("STYRBAR_SCREENSHOTS", "")
HEADERS = "Lokalt navn;Katalogsystem;Leverandør;I drift fra;Status i drift;Ansvarlig enhed;Farve"
# "Status i drift" is guessed to be "Livscyklus" (shown for confirmation); "Farve" matches
# nothing and is reported as ignored. Row 3 has a lifecycle in the municipality's own word
# that no synonym knows ("Måske", mapped in the value step) and a date that does not exist;
# row 5's "Udfases" is a known synonym, pre-selected in the value step.
BROKEN = f"""{HEADERS}
Økonomisystem;Prisme;Fujitsu A/S;01-01-2020;I drift;Digitalisering og IT;grøn
Sag og dokument;Acadre;Tricon A/S;32-13-2026;Måske;Jobcenter;gul
Jobportal;Jobnet;Styrelsen for Arbejdsmarked og Rekruttering;15.03.2024;Pilot;Jobcenter;rød
Lønsystem;SD Løn;SD Worx;01-01-2015;Udfases;Digitalisering og IT;blå
"""
FIXED = BROKEN.replace("32-13-2026;Måske", "31-12-2026;Måske")
MAPPING_NAME = "Økonomiforvaltningens udtræk"
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def _csv(text: str) -> bytes:
    """What Danish Excel saves as "CSV (semikolonsepareret)": Windows-1252, CRLF."""
    return text.replace("\n", "\r\n").encode("cp1252")


def _screenshot(page: Any, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / name), full_page=True)


def _reset_task_backends() -> None:
    # django-tasks caches TASKS and does not listen to setting_changed. Backend instances
    # are per thread, and the live server handles every request in a new thread.
    state = vars(task_backends)
    state["_settings"] = None  # re-read from the settings on next use
    state.pop("settings", None)  # the cached_property


@contextmanager
def tasks_left_queued() -> Iterator[None]:
    """django-tasks' dummy backend: tasks are queued and never run, so the job shows its
    progress bar until the test runs the task body itself."""
    try:
        with override_settings(TASKS=DUMMY_TASKS):
            _reset_task_backends()
            yield
    finally:
        _reset_task_backends()


def _upload(page: Any, name: str, data: bytes, *, check_accessible: bool = False) -> None:
    page.get_by_role("navigation", name="Moduler").get_by_role(
        "link", name="Import", exact=True
    ).click()
    expect(page.get_by_role("heading", name="Import", exact=True)).to_be_visible()
    page.get_by_role("link", name="Opret").click()
    expect(page.get_by_role("heading", name="Ny import")).to_be_visible()
    if check_accessible:
        assert_accessible(page)
    page.locator("input[type=file]").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": data}
    )
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("heading", name=f"Import: {name}")).to_be_visible()
    expect(page.get_by_text("CSV, Windows-1252, adskilt med semikolon")).to_be_visible()


def _job(page: Any) -> ImportJob:
    match = re.search(r"/import/(\d+)/", page.url)
    assert match, page.url
    return ImportJob.objects.get(pk=int(match.group(1)))


def test_import_wizard_from_broken_file_to_saved_import(page: Any, demo: Any) -> None:
    org = demo.kommune
    login(page, "arkitekt", DEMO_PASSWORD)

    # Upload a CSV saved by Danish Excel
    _upload(page, "systemer.csv", _csv(BROKEN), check_accessible=True)

    # Columns: everything matched except "Status i drift"
    expect(page.get_by_label("Filen indeholder")).to_have_value("usages")
    expect(page.get_by_label("Lokalt navn", exact=True)).to_have_value("local_name")
    expect(page.get_by_label("I drift fra", exact=True)).to_have_value("valid_from")
    expect(page.get_by_label("Ansvarlig enhed", exact=True)).to_have_value("responsible_unit__name")
    status_column = page.get_by_label("Status i drift", exact=True)
    expect(status_column).to_have_value("lifecycle")
    expect(page.get_by_text("Gættet ud fra overskriften – kontrollér")).to_have_count(1)
    expect(page.get_by_label("Farve", exact=True)).to_have_value("")
    expect(page.get_by_role("cell", name="I drift · Måske · Pilot")).to_be_visible()
    _screenshot(page, "import-mapping.png")
    assert_accessible(page)
    status_column.select_option(label="Livscyklus")  # the guess confirmed
    page.get_by_label("Gem kolonneopsætningen som").fill(MAPPING_NAME)
    page.get_by_role("button", name="Prøvekør", exact=True).click()

    # The dry run (run inline by the test settings' immediate backend) finds row 3
    expect(page.get_by_text("Prøvekørslen fandt 2 fejl")).to_be_visible()
    errors = page.locator("#import-errors tbody tr")
    expect(errors).to_have_count(2)
    expect(errors.nth(0).locator("td").first).to_have_text("3")
    expect(errors.nth(1).locator("td").first).to_have_text("3")
    expect(page.locator("#import-errors")).to_contain_text("»Måske« er ikke en gyldig værdi")
    expect(page.locator("#import-errors")).to_contain_text("»32-13-2026« er ikke en dato")
    expect(page.get_by_text("Ignoreret kolonne »Farve«")).to_be_visible()
    expect(page.get_by_role("button", name="Gem importen")).to_have_count(0)
    expect(page.get_by_label("Status i drift", exact=True)).to_have_value("lifecycle")
    _screenshot(page, "import-dry-run-errors.png")
    assert_accessible(page)
    broken = _job(page)
    assert broken.status == ImportStatus.PLANNED and len(broken.report["errors"]) == 2
    saved = ImportMapping.objects.get(organization=org, name=MAPPING_NAME)
    assert saved.entity == "usages" and saved.columns["Status i drift"] == "lifecycle"
    assert not SystemUsage.objects.filter(organization=org).exists()

    # The value step: each distinct value of the lifecycle column, synonyms pre-selected
    expect(page.get_by_role("heading", name="Værdier")).to_be_visible()
    values = page.get_by_role("group", name="Kolonnen »Status i drift« → Livscyklus")
    expect(values.get_by_label("I drift", exact=True)).to_have_value("operational")
    expect(values.get_by_label("Udfases", exact=True)).to_have_value("phasing_out")
    expect(values.get_by_text("Foreslået ud fra ordlisten")).to_have_count(1)
    expect(values.get_by_label("Måske", exact=True)).to_have_value("")
    _screenshot(page, "import-values.png")
    assert_accessible(page)
    values.get_by_label("Måske", exact=True).select_option(label="Under indfasning")
    page.get_by_role("button", name="Gem værdierne og prøvekør").click()
    expect(page.get_by_text("Prøvekørslen fandt 1 fejl")).to_be_visible()
    expect(page.locator("#import-errors")).not_to_contain_text("Måske")
    expect(page.locator("#import-errors")).to_contain_text("»32-13-2026« er ikke en dato")
    expect(
        page.get_by_role("group", name="Kolonnen »Status i drift« → Livscyklus").get_by_label(
            "Måske", exact=True
        )
    ).to_have_value("phasing_in")
    assert_accessible(page)
    saved.refresh_from_db()
    assert saved.values == {  # every value as shown and chosen in the value step
        "lifecycle": {
            "i drift": "operational",
            "måske": "phasing_in",
            "pilot": "pilot",
            "udfases": "phasing_out",
        }
    }

    # The corrected file, with the saved column mapping
    _upload(page, "systemer-rettet.csv", _csv(FIXED))
    page.get_by_label("Status i drift", exact=True).select_option("")  # to see it restored
    page.get_by_label("Brug en gemt kolonneopsætning").select_option(label=MAPPING_NAME)
    page.get_by_role("button", name="Brug opsætningen").click()
    expect(page.get_by_label("Status i drift", exact=True)).to_have_value("lifecycle")
    expect(page.get_by_label("Leverandør", exact=True)).to_have_value(
        "catalog_system__vendor__name"
    )

    # With a queue that nobody works on, the page shows the progress bar and polls; once
    # the task body has run, the page reloads by itself to the result.
    with tasks_left_queued():
        page.get_by_role("button", name="Prøvekør", exact=True).click()
        expect(page.get_by_role("progressbar")).to_be_visible()
        expect(page.get_by_text("Prøvekørsel …")).to_be_visible()
        _screenshot(page, "import-progress.png")
    job = _job(page)
    assert job.status == ImportStatus.PLANNING
    # What the worker would do. The `demo` fixture uses transactional_db, so the live
    # server's threads see what this thread writes.
    jobs.job_run(job.pk, False)
    expect(page.get_by_text("Prøvekørsel uden fejl")).to_be_visible(timeout=10_000)
    expect(page.get_by_role("progressbar")).to_have_count(0)
    expect(page.locator("#import-errors")).to_have_count(0)
    assert_accessible(page)

    # Commit
    page.get_by_role("button", name="Gem importen").click()
    expect(page.get_by_text("Importen er gemt")).to_be_visible()
    _screenshot(page, "import-result.png")
    assert_accessible(page)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    usages = {
        u.local_name: u
        for u in SystemUsage.objects.filter(organization=org).select_related(
            "catalog_system__vendor", "responsible_unit"
        )
    }
    assert sorted(usages) == ["Jobportal", "Lønsystem", "Sag og dokument", "Økonomisystem"]
    assert {name: u.lifecycle for name, u in usages.items()} == {
        "Økonomisystem": "operational",
        "Sag og dokument": "phasing_in",  # "Måske", as mapped in the saved value step
        "Jobportal": "pilot",
        "Lønsystem": "phasing_out",  # "Udfases", a synonym
    }
    sag = usages["Sag og dokument"]
    assert sag.valid_from is not None and sag.valid_from.isoformat() == "2026-12-31"
    assert sag.responsible_unit is not None and sag.responsible_unit.name == "Jobcenter"
    assert sag.catalog_system.name == "Acadre"
    assert sag.catalog_system.vendor is not None
    assert sag.catalog_system.vendor.name == "Tricon A/S"
