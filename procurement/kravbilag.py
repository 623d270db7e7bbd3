"""The kravbilag: the requirements a request chose, as a DOCX annex for the tender."""

from __future__ import annotations

from io import BytesIO

from django.utils import formats, timezone
from docx import Document
from docx.shared import Pt

from knowledge.procurement import procurement_knowledge
from procurement.models import ProcurementRequest

TITLES = {
    "da": (
        "Kravbilag",
        "Anskaffelse",
        "Kommune",
        "Dato",
        "Nr.",
        "Krav",
        "Kilde",
        "Anmodningen har ikke valgt nogen krav endnu.",
    ),
    "en": (
        "Requirements annex",
        "Acquisition",
        "Municipality",
        "Date",
        "No.",
        "Requirement",
        "Source",
        "The request has not chosen any requirements yet.",
    ),
}


def kravbilag_docx(request: ProcurementRequest, language: str = "da") -> bytes:
    """One table row per chosen requirement: number, title and text, source."""
    language = "en" if language == "en" else "da"
    heading, acquisition, municipality, date, number, requirement, source, none = TITLES[language]
    chosen = [r for r in procurement_knowledge().requirements if r.key in set(request.requirements)]
    document = Document()
    document.core_properties.title = f"{heading}: {request.title}"
    document.add_heading(heading, level=0)
    facts = document.add_table(rows=0, cols=2)
    for label, value in (
        (acquisition, request.title),
        (municipality, str(request.organization)),
        (date, formats.date_format(timezone.localdate(), "DATE_FORMAT")),
    ):
        cells = facts.add_row().cells
        cells[0].text, cells[1].text = label, value
    if not chosen:
        document.add_paragraph(none)
    else:
        table = document.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, (number, requirement, source), strict=True):
            cell.text = text
            cell.paragraphs[0].runs[0].bold = True
        for i, item in enumerate(chosen, start=1):
            cells = table.add_row().cells
            cells[0].text = f"K{i}"
            title = cells[1].paragraphs[0].add_run(item.title.to_text().get(language))
            title.bold = True
            cells[1].add_paragraph(item.text.to_text().get(language))
            cells[2].text = item.source
            for paragraph in cells[2].paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(8)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
