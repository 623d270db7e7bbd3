"""The generated DOCX (read back with python-docx) and PDF (text via pypdf): sections, the
engine's numbers in Danish format, the recommendation, determinism, metadata."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from typing import Any

import docx
import pytest
from pypdf import PdfReader

from organizations.models import Organization
from organizations.testing import make_organization
from papers import charts, document, docx_render, pdf_render, services
from papers.document import kr, percent
from papers.tests import factories as f

pytestmark = pytest.mark.django_db

SECTIONS = [
    "Indstilling",
    "Sagsfremstilling",
    "Baggrund",
    "Business case",
    "Økonomi",
    "Beslutningskompetence",
    "Høring og MED",
    "Konceptuel procesbeskrivelse",
    "Fordele, ulemper og risici",
    "Roadmap og beslutningspunkter",
    "Beslutning",
    "Bilag",
]


@pytest.fixture
def paper() -> Any:
    org = make_organization(name="Testby Kommune")
    f.process(org, unit_name="Borgerservice", steps=3)
    return f.paper(org, full=True)


def docx_text(data: bytes) -> tuple[Any, str]:
    document_ = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document_.paragraphs]
    for table in document_.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return document_, "\n".join(parts)


def pdf_text(data: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(data))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_docx_has_the_sections_numbers_and_recommendation(paper: Any) -> None:
    result, simulation = f.engine_numbers(paper.business_case)
    document_, text = docx_text(bytes(paper.docx))
    headings = [p.text for p in document_.paragraphs if p.style.name.startswith("Heading 1")]
    assert headings == SECTIONS
    assert document_.paragraphs[1].text == paper.title or paper.title in text
    assert kr(result.npv) in text  # Tabel: Nøgletal
    assert kr(simulation.p10) in text and kr(simulation.p90) in text
    assert percent(simulation.probability_positive) in text
    assert kr(simulation.risk_pool.pool) in text
    for net in result.net:
        assert kr(net) in text
    recommended = paper.inputs["assessment"]["ranking"][0]["label"]
    assert f"Vurderingen peger på »{recommended}«" in text
    for line in paper.proposed_decision.splitlines()[1:]:
        assert line.split(". ", 1)[1] in text
    assert "Leverandøren bliver forsinket" in text
    assert "Direktionen: business case" in text and "DIR 2026-03" in text
    assert "Trin 1" in text  # the process with the case's bearer
    assert "Kommunens eget skøn" in text  # a source in Bilag 1


def test_docx_properties_header_chart_and_dates(paper: Any) -> None:
    document_, text = docx_text(bytes(paper.docx))
    generated = dt.datetime.fromisoformat(paper.inputs["generated_at"])
    properties = document_.core_properties
    assert properties.title == paper.title
    assert properties.created == generated.astimezone(dt.UTC).replace(microsecond=0)
    assert properties.modified == properties.created
    assert properties.language == "da-DK"
    header = document_.sections[0].header.paragraphs[0].text
    assert header.startswith("Demodata · Testby Kommune")
    assert generated.strftime("%d-%m-%Y") in text
    assert "Gennemført 27-02-2026" in text
    package = zipfile.ZipFile(io.BytesIO(bytes(paper.docx)))
    assert any(name.startswith("word/media/") for name in package.namelist())
    assert {i.date_time for i in package.infolist()} == {
        (generated.year, generated.month, generated.day, generated.hour, generated.minute, 0)
    }
    xml = package.read("word/document.xml").decode()
    assert 'descr="Søjlediagram over omkostninger og gevinster' in xml


def test_pdf_has_the_sections_numbers_and_metadata(paper: Any) -> None:
    result, simulation = f.engine_numbers(paper.business_case)
    reader, text = pdf_text(bytes(paper.pdf))
    flat = " ".join(text.split())
    for section in SECTIONS:
        assert section in flat, section
    assert kr(result.npv) in flat
    assert kr(simulation.p10) in flat and kr(simulation.p90) in flat
    recommended = paper.inputs["assessment"]["ranking"][0]["label"]
    assert recommended in flat
    assert "Demodata" in flat
    generated = dt.datetime.fromisoformat(paper.inputs["generated_at"])
    assert reader.metadata is not None
    assert reader.metadata.title == paper.title
    assert str(reader.metadata["/CreationDate"]).startswith(generated.strftime("D:%Y%m%d%H%M"))


def test_same_inputs_give_the_same_bytes_later(paper: Any) -> None:
    stored = json.loads(json.dumps(paper.inputs))
    assert docx_render.render(stored) == bytes(paper.docx)
    assert pdf_render.render(stored) == bytes(paper.pdf)
    # dict order must not matter (PostgreSQL's jsonb reorders keys)
    reordered = json.loads(json.dumps(stored, sort_keys=True))
    assert docx_render.render(reordered) == bytes(paper.docx)
    assert pdf_render.render(reordered) == bytes(paper.pdf)


def test_a_real_organization_is_not_marked_demo() -> None:
    org = Organization.objects.create(name="Rigtig Kommune", kind="kommune", is_demo=False)
    paper = f.paper(org)
    document_, text = docx_text(bytes(paper.docx))
    assert "Demodata" not in text
    assert "Demodata" not in document_.sections[0].header.paragraphs[0].text
    _reader, pdf = pdf_text(bytes(paper.pdf))
    assert "Demodata" not in pdf


def test_sections_without_sources_say_so() -> None:
    org = make_organization()
    paper = services.paper_create(actor=f.creator(org), organization=org, roadmap=f.roadmap(org))
    _document, text = docx_text(bytes(paper.docx))
    assert "Oplægget bygger ikke på en business case." in text
    assert "Oplægget bygger ikke på en strategivurdering." in text
    assert "Kommunen har ikke beskrevet forretningsprocesser i Styrbar endnu." in text


def test_chart_png_is_deterministic_and_tables_are_numbered(paper: Any) -> None:
    built = document.build(paper.inputs)
    chart = next(b for b in built.blocks if isinstance(b, document.Chart))
    assert charts.cashflow_png(chart) == charts.cashflow_png(chart)
    assert charts.cashflow_png(chart).startswith(b"\x89PNG")
    captions = [
        b.caption
        for b in built.blocks
        if isinstance(b, document.Table) and b.caption.startswith("Tabel ")
    ]
    assert [c.split(".")[0] for c in captions] == [
        f"Tabel {i}" for i in range(1, len(captions) + 1)
    ]


def test_danish_formats() -> None:
    assert document.kr("-1234567.5") == "-1.234.568 kr."
    assert document.date("2026-04-15") == "15-04-2026"
    assert document.percent("0.8557") == "85,6 %"
    assert charts.axis_label(2_500_000) == "2,5 mio."


def test_costs_and_benefits_have_the_colours_of_the_business_case_page() -> None:
    import re
    from pathlib import Path

    script = (Path(__file__).resolve().parents[2] / "static/js/styrbar-charts.js").read_text()
    palette = re.search(r"var COLOURS = \[([^\]]*)\]", script)
    assert palette is not None
    colours = [c.strip().strip('"').upper() for c in palette.group(1).split(",")]
    # The page's cash-flow chart lists costs first, then benefits (businesscases.compute).
    assert (colours[0], colours[1]) == (charts.COST, charts.BENEFIT)
