"""The decision paper as PDF (reportlab platypus), rendered from its inputs only.

Byte-identical output for the same inputs: reportlab runs in invariant mode (a fixed
document id derived from the content) and the creation date is the paper's generation
time from the inputs. The base-14 Helvetica fonts are used (WinAnsi covers æ, ø, å), so
no font file is embedded. The PDF is tagged (``papers.pdf_tags``): headings, paragraphs,
lists, tables with header cells and the chart with its alternative text form a structure
tree in reading order; the language is Danish.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as RLTable

from papers import charts
from papers.document import Bullets, Chart, Document, Heading, Para, Signature, Table, build
from papers.pdf_tags import Tagger

CONTENT_TYPE = "application/pdf"
ACCENT = colors.HexColor("#003E7E")
MUTED = colors.HexColor("#555555")
HEADER_FILL = colors.HexColor("#E8EEF5")
MARGIN = 2.2 * cm
BOLD = "Helvetica-Bold"


class _Stamp:
    """reportlab's TimeStamp with a fixed moment (the paper's generation time)."""

    def __init__(self, moment: dt.datetime) -> None:
        offset = moment.utcoffset() or dt.timedelta(0)
        minutes = int(offset.total_seconds() // 60)
        self.t = moment.timestamp()
        self.lt = moment.timetuple()
        self.YMDhms = tuple(moment.timetuple())[:6]
        self.dhh = minutes // 60
        self.dmm = minutes % 60
        self.tzname = moment.tzname() or "UTC"


def _canvas_class(moment: dt.datetime, tagger: Tagger) -> type[Canvas]:
    class FixedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["invariant"] = 1
            super().__init__(*args, **kwargs)
            self._doc._timeStamp = _Stamp(moment)

        def save(self) -> None:
            if len(self._code):
                self.showPage()
            tagger.finish(self)
            super().save()

    return FixedCanvas


HEADINGS: dict[str, tuple[str, dict[str, float]]] = {
    # name: parent in reportlab's sample style sheet, size and spacing
    "title": ("Title", {"fontSize": 19, "leading": 23, "spaceBefore": 0, "spaceAfter": 2}),
    "h1": ("Heading1", {"fontSize": 13.5, "leading": 17, "spaceBefore": 12, "spaceAfter": 5}),
    "h2": ("Heading2", {"fontSize": 11, "leading": 14, "spaceBefore": 8, "spaceAfter": 3}),
}


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    body = ParagraphStyle(
        "body", parent=base["BodyText"], fontName="Helvetica", fontSize=9.5, leading=12.5
    )
    heading = {"alignment": TA_LEFT, "textColor": ACCENT, "fontName": BOLD}
    cell = {"fontSize": 8, "leading": 10}
    styles = [
        *(
            ParagraphStyle(name, parent=base[parent], **heading, **size)
            for name, (parent, size) in HEADINGS.items()
        ),
        ParagraphStyle("subtitle", parent=body, fontSize=11, textColor=MUTED, spaceAfter=10),
        ParagraphStyle("small", parent=body, fontSize=8, leading=10.5, textColor=MUTED),
        ParagraphStyle(
            "caption",
            parent=body,
            fontName="Helvetica-Oblique",
            fontSize=8.5,
            leading=11,
            spaceBefore=4,
            spaceAfter=2,
        ),
        ParagraphStyle("cell", parent=body, spaceAfter=0, **cell),
        ParagraphStyle("cell_right", parent=body, alignment=TA_RIGHT, **cell),
        ParagraphStyle("cell_head", parent=body, fontName=BOLD, **cell),
        ParagraphStyle("cell_head_right", parent=body, alignment=TA_RIGHT, fontName=BOLD, **cell),
        ParagraphStyle("demo", parent=body, textColor=colors.HexColor("#A02C00"), fontName=BOLD),
    ]
    return {"normal": body, **{style.name: style for style in styles}}


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _table(
    block: Table, styles: dict[str, ParagraphStyle], width: float, tagger: Tagger
) -> list[Any]:
    columns = len(block.header)
    widths = [width * share for share in (block.widths or [1 / columns] * columns)]
    numeric = block.numeric or tuple(False for _ in range(columns))
    data: list[list[Any]] = []
    if not block.key_value:
        data.append(
            [
                _p(label, styles["cell_head_right" if numeric[i] else "cell_head"])
                for i, label in enumerate(block.header)
            ]
        )
    for values in block.rows:
        row = []
        for i, value in enumerate(values):
            if block.key_value and i == 0:
                style = styles["cell_head"]
            else:
                style = styles["cell_right" if numeric[i] else "cell"]
            row.append(_p(value, style))
        data.append(row)
    element = tagger.element("Table")
    caption = tagger.wrap(_p(block.caption, styles["caption"]), tagger.element("Caption", element))
    tagger.table_cells(element, data, header_row=not block.key_value, header_column=block.key_value)
    table = RLTable(
        data,
        colWidths=widths,
        repeatRows=0 if block.key_value else 1,
        hAlign="LEFT",
        renderCB=tagger.table_callback,
    )
    commands: list[Any] = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9AA5B1")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    if block.key_value:
        commands.append(("BACKGROUND", (0, 0), (0, -1), HEADER_FILL))
    else:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL))
    table.setStyle(TableStyle(commands))
    return [CondPageBreak(3 * cm), caption, table, Spacer(1, 6)]


def _on_page(paper: Document, tagger: Tagger) -> Any:
    def draw(canvas: Canvas, doc: Any) -> None:
        tagger.artifact(canvas, "Pagination")
        canvas.saveState()
        width, height = A4
        canvas.setFont("Helvetica-Bold" if paper.demo else "Helvetica", 8)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN, height - 1.3 * cm, paper.header)
        canvas.setStrokeColor(colors.HexColor("#C8C8C8"))
        canvas.line(MARGIN, height - 1.45 * cm, width - MARGIN, height - 1.45 * cm)
        canvas.setFont("Helvetica", 8)
        canvas.drawString(MARGIN, 1.2 * cm, paper.footer)
        canvas.drawRightString(width - MARGIN, 1.2 * cm, f"Side {doc.page}")
        canvas.restoreState()
        tagger.end(canvas)

    return draw


def render(inputs: dict[str, Any]) -> bytes:
    """The PDF bytes of the paper described by ``inputs``."""
    return render_document(build(inputs))


def render_document(paper: Document) -> bytes:
    """The PDF bytes of a document built from stored inputs (any committee document)."""
    styles = _styles()
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=2.2 * cm,
        bottomMargin=2.0 * cm,
        title=paper.title,
        author=paper.author,
        subject=paper.subtitle,
        creator="Styrbar",
        keywords=list(paper.keywords),
        lang="da",
        invariant=1,
    )
    width = template.width
    tagger = Tagger()

    def tagged(flowable: Any, role: str, parent: int = 0, *, alt: str = "") -> Any:
        return tagger.wrap(flowable, tagger.element(role, parent, alt=alt))

    story: list[Any] = []
    if paper.demo:
        story.append(
            tagged(
                _p("Demodata – syntetiske tal, ikke en rigtig kommunes sag", styles["demo"]), "P"
            )
        )
    story.append(tagged(_p(paper.title, styles["title"]), "H1"))
    story.append(tagged(_p(paper.subtitle, styles["subtitle"]), "P"))
    for index, block in enumerate(paper.blocks):
        if isinstance(block, Heading):
            # A heading stays with the start of what follows (a table needs more room).
            following = paper.blocks[index + 1] if index + 1 < len(paper.blocks) else None
            story.append(CondPageBreak((5 if isinstance(following, Table) else 2.5) * cm))
            style = styles["h1" if block.level == 1 else "h2"]
            story.append(tagged(_p(block.text, style), "H2" if block.level == 1 else "H3"))
        elif isinstance(block, Para):
            style = styles["small" if block.style == "small" else "normal"]
            story.append(tagged(_p(block.text, style), "P"))
        elif isinstance(block, Bullets):
            story.extend(_list(block, styles, tagger))
        elif isinstance(block, Table):
            story.extend(_table(block, styles, width, tagger))
        elif isinstance(block, Chart):
            drawing = charts.cashflow_drawing(block, width, width * 0.45)
            figure = tagged(drawing, "Figure", alt=block.alt)
            caption = tagged(_p(block.caption, styles["caption"]), "Caption")
            story.append(KeepTogether([figure, caption]))
        elif isinstance(block, Signature):
            story.append(Spacer(1, 12))
            story.append(tagged(_p(f"{block.label}:", styles["cell_head"]), "P"))
            story.append(Spacer(1, 40))
            story.append(tagged(_p("_" * 78, styles["normal"]), "P"))
    page = _on_page(paper, tagger)
    template.build(
        story,
        onFirstPage=page,
        onLaterPages=page,
        canvasmaker=_canvas_class(paper.generated_at, tagger),
    )
    return buffer.getvalue()


def _list(block: Bullets, styles: dict[str, ParagraphStyle], tagger: Tagger) -> list[Any]:
    """A list as L > LI > LBody; each item a paragraph with its number or bullet hanging."""
    element = tagger.element("L")
    item_style = ParagraphStyle(
        "item", parent=styles["normal"], leftIndent=16, bulletIndent=2, spaceAfter=2
    )
    items = []
    for number, text in enumerate(block.items, start=1):
        item = tagger.element("LI", element)
        label = f"{number}." if block.numbered else "•"
        paragraph = Paragraph(escape(text).replace("\n", "<br/>"), item_style, bulletText=label)
        items.append(tagger.wrap(paragraph, tagger.element("LBody", item)))
    return items
