"""The decision paper: generate it from the assessment, the case and the roadmap, download
the DOCX and the PDF, check that regeneration gives the same bytes; axe on every page."""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path
from typing import Any

import docx
from playwright.sync_api import expect

from organizations.demo import DEMO_PASSWORD
from papers.models import DecisionPaper
from papers.tests import factories as f
from tests.browser.conftest import assert_accessible, login, open_module


def test_generate_download_and_verify_a_decision_paper(page: Any, demo: Any) -> None:
    kommune = demo.kommune
    f.assessment(kommune, chosen="borgernaer_service")
    f.business_case(kommune, name="Kanalomlægning 2027")
    f.roadmap(kommune)
    login(page, "arkitekt", DEMO_PASSWORD)

    open_module(page, "Beslutningsoplæg")
    page.get_by_role("link", name="Opret").click()
    expect(page.get_by_label("Business case")).to_contain_text("Kanalomlægning 2027")
    decision = page.get_by_label("Det indstilles, at …")
    expect(decision).to_have_value(re.compile(r"^Det indstilles, at\n1\. .*»Borgernær service«"))
    assert_accessible(page)
    page.get_by_role("button", name="Generér oplæg").click()

    expect(page.locator(".alert-success")).to_contain_text("Beslutningsoplægget er genereret.")
    paper = DecisionPaper.objects.get(organization=kommune)
    expect(page.get_by_role("heading", name=paper.title)).to_be_visible()
    expect(page.locator("body")).to_contain_text(paper.docx_sha256)
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Hent DOCX").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".docx")
    data = Path(download.path()).read_bytes()
    assert hashlib.sha256(data).hexdigest() == paper.docx_sha256
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert text.count("Indstilling") == 1 and "Administrationen indstiller, at" in text
    assert "Beslutningskompetence" in text and "Høring og MED" in text

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Hent PDF").click()
    assert download_info.value.suggested_filename.endswith(".pdf")

    page.get_by_role("link", name="Generér igen og sammenlign").click()
    expect(page.locator(".alert-success")).to_contain_text("Dokumenterne er identiske")
    assert_accessible(page)
    page.get_by_role("link", name="Tilbage").click()
    page.get_by_role("link", name="Historik").click()
    expect(page.locator("body")).to_contain_text("Oprettet")
    assert_accessible(page)
