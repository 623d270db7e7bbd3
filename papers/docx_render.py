"""The decision paper as an editable DOCX (python-docx), rendered from its inputs only.

Byte-identical output for the same inputs: the core properties (created, modified,
author, revision) come from the inputs, and the package is re-zipped with a fixed
timestamp and order, because python-docx stamps every zip entry with the current time.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

from docx import Document as new_document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from papers import charts
from papers.document import Bullets, Chart, Document, Heading, Para, Signature, Table, build

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT_WIDTH_CM = 16.0
ACCENT = RGBColor(0x00, 0x3E, 0x7E)
MUTED = RGBColor(0x55, 0x55, 0x55)


def _set_language(document: Any, language: str) -> None:
    """Proofing language of the document defaults (Danish)."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        return
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        return
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)


def _styles(document: Any) -> None:
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    for name, size in (("Title", 22), ("Heading 1", 15), ("Heading 2", 12), ("Caption", 9)):
        style = document.styles[name]
        style.font.name = "Calibri"
        style.font.size = Pt(size)
        if name != "Caption":
            style.font.color.rgb = ACCENT
    _set_language(document, "da-DK")


def _page_field(paragraph: Any) -> None:
    """Append a PAGE field (the page number)."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _header_footer(document: Any, header: str, footer: str, demo: bool) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)
    paragraph = section.header.paragraphs[0]
    run = paragraph.add_run(header)
    run.font.size = Pt(8.5)
    run.font.color.rgb = MUTED
    if demo:
        run.bold = True
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = paragraph.add_run(f"{footer} · Side ")
    run.font.size = Pt(8.5)
    _page_field(paragraph)


def _repeat_header(row: Any) -> None:
    properties = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)


def _cell_text(cell: Any, text: str, *, bold: bool = False, right: bool = False) -> None:
    lines = text.split("\n") if text else [""]
    paragraph = cell.paragraphs[0]
    for index, line in enumerate(lines):
        if index:
            paragraph = cell.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        if right:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = paragraph.add_run(line)
        run.font.size = Pt(9)
        run.bold = bold


def _styled(paragraph: Any, style_id: str) -> Any:
    """Set a paragraph style by its id (python-docx's lookup by name is slow)."""
    paragraph._p.style = style_id
    return paragraph


def _table(document: Any, block: Table) -> None:
    caption = _styled(document.add_paragraph(block.caption), "Caption")
    caption.paragraph_format.keep_with_next = True
    columns = len(block.header)
    with_header = not block.key_value
    rows = [block.header, *block.rows] if with_header else list(block.rows)
    table = document.add_table(rows=len(rows), cols=columns)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    widths = [Cm(TEXT_WIDTH_CM * w) for w in (block.widths or [1 / columns] * columns)]
    numeric = block.numeric or tuple(False for _ in range(columns))
    for row_index, (row, values) in enumerate(zip(table.rows, rows, strict=True)):
        header = with_header and row_index == 0
        if header:
            _repeat_header(row)
        for index, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            label = block.key_value and index == 0
            _cell_text(cell, value, bold=header or label, right=numeric[index] and not label)
            cell.width = widths[index]
    document.add_paragraph().paragraph_format.space_after = Pt(2)


def _chart(document: Any, block: Chart) -> None:
    document.add_picture(io.BytesIO(charts.cashflow_png(block)), width=Cm(TEXT_WIDTH_CM))
    picture = document.paragraphs[-1]
    picture.paragraph_format.keep_with_next = True
    for properties in picture._p.iter(qn("wp:docPr")):
        properties.set("descr", block.alt)
        properties.set("name", "Pengestrømme")
    _styled(document.add_paragraph(block.caption), "Caption")


def _signature(document: Any, block: Signature) -> None:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(12)
    paragraph.add_run(f"{block.label}:").bold = True
    for _ in range(3):
        document.add_paragraph("_" * 80)


def render(inputs: dict[str, Any]) -> bytes:
    """The DOCX bytes of the paper described by ``inputs``."""
    return render_document(build(inputs))


def render_document(paper: Document) -> bytes:
    """The DOCX bytes of a document built from stored inputs (any committee document)."""
    document = new_document()
    _styles(document)
    _header_footer(document, paper.header, paper.footer, paper.demo)
    if paper.demo:
        flag = document.add_paragraph()
        run = flag.add_run("Demodata – syntetiske tal, ikke en rigtig kommunes sag")
        run.bold = True
        run.font.color.rgb = RGBColor(0xA0, 0x2C, 0x00)
    _styled(document.add_paragraph(paper.title), "Title")
    subtitle = _styled(document.add_paragraph(paper.subtitle), "Subtitle")
    subtitle.paragraph_format.space_after = Pt(8)
    for block in paper.blocks:
        if isinstance(block, Heading):
            _styled(document.add_paragraph(block.text), f"Heading{block.level}")
        elif isinstance(block, Para):
            paragraph = document.add_paragraph(block.text)
            if block.style == "small":
                for run in paragraph.runs:
                    run.font.size = Pt(9)
                    run.font.color.rgb = MUTED
        elif isinstance(block, Bullets):
            style = "ListNumber" if block.numbered else "ListBullet"
            for item in block.items:
                _styled(document.add_paragraph(item), style)
        elif isinstance(block, Table):
            _table(document, block)
        elif isinstance(block, Chart):
            _chart(document, block)
        elif isinstance(block, Signature):
            _signature(document, block)
    moment = paper.generated_at.astimezone(dt.UTC).replace(tzinfo=None)
    properties = document.core_properties
    properties.title = paper.title
    properties.subject = paper.subtitle
    properties.author = paper.author
    properties.last_modified_by = paper.author
    properties.comments = paper.comments
    properties.keywords = "; ".join(paper.keywords)
    properties.category = "Demodata" if paper.demo else ""
    properties.language = "da-DK"
    properties.created = moment
    properties.modified = moment
    properties.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return _normalised_zip(buffer.getvalue(), paper.generated_at)


def _normalised_zip(data: bytes, moment: dt.datetime) -> bytes:
    """The same package with every entry stamped ``moment`` (zip has no time zone)."""
    stamp = (max(moment.year, 1980), moment.month, moment.day, moment.hour, moment.minute, 0)
    source = zipfile.ZipFile(io.BytesIO(data))
    target_buffer = io.BytesIO()
    with zipfile.ZipFile(target_buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            target.writestr(info, source.read(entry.filename))
    return target_buffer.getvalue()
