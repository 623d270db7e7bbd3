"""The whole decision path of issue 6, as one architect walks it: assessment →
recommendation → choose a strategy → its roadmap → a business case → the decision paper
for the økonomiudvalg, downloaded and read back."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
from playwright.sync_api import expect

from advisor.models import Assessment
from businesscases.models import BusinessCase
from organizations.demo import DEMO_PASSWORD
from papers.document import kr
from papers.models import DecisionPaper
from roadmaps.models import Roadmap
from tests.browser.conftest import login, submit_channel_shift


def test_assessment_to_decision_paper(page: Any, demo: Any) -> None:
    kommune = demo.kommune
    login(page, "arkitekt", DEMO_PASSWORD)
    nav = page.get_by_role("navigation", name="Moduler")

    # 1. Assessment: a cost-pressed municipality that buys IT decentrally.
    nav.get_by_role("link", name="Strategi").click()
    page.get_by_role("link", name="Opret").click()
    page.get_by_label("Titel").fill("Strategivurdering til Økonomiudvalget")
    page.get_by_role("button", name="Opret og gå til første trin").click()
    page.get_by_label("5 – Meget stort pres").check()
    page.get_by_label("5 – Alt købes decentralt").check()
    page.get_by_role("button", name="Gem og fortsæt").click()
    page.get_by_role("link", name="Ledelse og organisation").click()
    page.get_by_role("button", name="Gem og se oversigten").click()
    page.get_by_role("button", name="Afslut og se resultatet").click()

    # 2. Recommendation: the ranking with its explanation.
    summary = page.locator("#result-summary")
    expect(summary).to_contain_text("Standardisering af it-indkøb")
    expect(page.locator("#ranking-table")).to_contain_text("Sammenhængende forretningsprocesser")
    assessment = Assessment.objects.get(
        organization=kommune, title="Strategivurdering til Økonomiudvalget"
    )
    assert assessment.result and assessment.status == "completed"

    # 3. Choose the strategy: the roadmap is generated from the knowledge base.
    page.get_by_role("link", name="Vælg strategi").click()
    page.get_by_label("Begrundelse for valget").fill("Direktionen anbefaler standardisering.")
    page.get_by_role("button", name="Vælg strategi og opret roadmap").click()
    expect(page.locator(".alert-success")).to_contain_text("Strategien er valgt")
    roadmap = Roadmap.objects.get(organization=kommune, assessment=assessment)
    assert roadmap.milestones.count() >= 3 and roadmap.gates.exists()
    expect(page.locator("main")).to_contain_text("Økonomiudvalget")

    # 4. Business case: a channel shift from the template.
    nav.get_by_role("link", name="Business cases").click()
    page.get_by_role("link", name="Opret").click()
    page.get_by_role("link", name="Kanalomlægning (borgernær service)").click()
    submit_channel_shift(page, "Digital selvbetjening 2027", ("Flytning", "12.000", "8.000"))
    expect(page.locator("#case-npv")).to_be_visible()
    npv_on_page = page.locator("#case-npv").inner_text().strip().replace("\xa0", " ")
    case = BusinessCase.objects.get(organization=kommune, name="Digital selvbetjening 2027")
    # A paper presents a frozen version: the case is submitted first.
    page.get_by_role("link", name="Indsend").click()
    page.get_by_role("button", name="Bekræft").click()
    expect(page.locator(".alert-success")).to_contain_text("indsendt til beslutning")

    # 5. Decision paper from the three, downloaded and read back.
    nav.get_by_role("link", name="Beslutningsoplæg").click()
    page.get_by_role("link", name="Opret").click()
    page.get_by_label("Strategivurdering").select_option(str(assessment.pk))
    page.get_by_label("Business case").select_option(str(case.pk))
    page.get_by_label("Roadmap").select_option(str(roadmap.pk))
    page.get_by_role("button", name="Foreslå").click()
    # The channel-shift case belongs to »Borgernær service«, not the chosen strategy: the
    # paper is built around the case, and the form warns that the sources disagree.
    expect(page.get_by_label("Det indstilles, at …")).to_have_value(
        re.compile(r"»Digital selvbetjening 2027«")
    )
    expect(page.locator("#coherence")).to_contain_text("Kilderne peger på forskellige strategier")
    page.get_by_role("button", name="Generér oplæg").click()
    expect(page.locator(".alert-success")).to_contain_text("Beslutningsoplægget er genereret.")
    paper = DecisionPaper.objects.get(organization=kommune, business_case=case)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Hent DOCX").click()
    document = docx.Document(io.BytesIO(Path(download_info.value.path()).read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert "Administrationen indstiller, at" in text
    assert "Bemærk: Kilderne peger på forskellige strategier" in text
    assert "Standardisering af it-indkøb" in text
    # The paper's tables give whole kroner where the case page gives øre.
    amount = npv_on_page.removesuffix(" kr.").replace(".", "").replace(",", ".")
    assert kr(Decimal(amount.replace("−", "-"))) in text, (npv_on_page, paper.title)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Hent PDF").click()
    assert Path(download_info.value.path()).read_bytes().startswith(b"%PDF")
