"""The decision paper as PDF (reportlab platypus), rendered from its inputs only.

Byte-identical output for the same inputs: reportlab runs in invariant mode (a fixed
document id derived from the content) and the creation date is the paper's generation
time from the inputs. The base-14 Helvetica fonts are used (WinAnsi covers æ, ø, å), so
no font file is embedded.
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
    ListFlowable,
    ListItem,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as RLTable

from papers import charts
from papers.document import Bullets, Chart, Document, Heading, Para, Signature, Table, build

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


def _canvas_class(moment: dt.datetime) -> type[Canvas]:
    class FixedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["invariant"] = 1
            super().__init__(*args, **kwargs)
            self._doc._timeStamp = _Stamp(moment)

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


def _table(block: Table, styles: dict[str, ParagraphStyle], width: float) -> list[Any]:
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
    table = RLTable(data, colWidths=widths, repeatRows=0 if block.key_value else 1, hAlign="LEFT")
    commands: list[Any] = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9AA5B1")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    if block.key_value:
        commands.append(("BACKGROUND", (0, 0), (0, -1), HEADER_FILL))
    else:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL))
    table.setStyle(TableStyle(commands))
    caption = _p(block.caption, styles["caption"])
    return [CondPageBreak(3 * cm), caption, table, Spacer(1, 6)]


def _on_page(paper: Document) -> Any:
    def draw(canvas: Canvas, doc: Any) -> None:
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
        lang="da-DK",
        invariant=1,
    )
    width = template.width
    story: list[Any] = []
    if paper.demo:
        story.append(_p("Demodata – syntetiske tal, ikke en rigtig kommunes sag", styles["demo"]))
    story.append(_p(paper.title, styles["title"]))
    story.append(_p(paper.subtitle, styles["subtitle"]))
    for block in paper.blocks:
        if isinstance(block, Heading):
            story.append(CondPageBreak(2.5 * cm))
            story.append(_p(block.text, styles["h1" if block.level == 1 else "h2"]))
        elif isinstance(block, Para):
            story.append(_p(block.text, styles["small" if block.style == "small" else "normal"]))
        elif isinstance(block, Bullets):
            story.append(
                ListFlowable(
                    [ListItem(_p(item, styles["normal"]), leftIndent=14) for item in block.items],
                    bulletType="1" if block.numbered else "bullet",
                    start=1 if block.numbered else "•",
                    bulletFontName="Helvetica",
                    bulletFontSize=9,
                    leftIndent=14,
                )
            )
        elif isinstance(block, Table):
            story.extend(_table(block, styles, width))
        elif isinstance(block, Chart):
            drawing = charts.cashflow_drawing(block, width, width * 0.45)
            story.append(KeepTogether([drawing, _p(block.caption, styles["caption"])]))
        elif isinstance(block, Signature):
            story.append(Spacer(1, 12))
            story.append(_p(f"{block.label}:", styles["cell_head"]))
            story.append(Spacer(1, 40))
            story.append(_p("_" * 90, styles["normal"]))
    page = _on_page(paper)
    template.build(
        story,
        onFirstPage=page,
        onLaterPages=page,
        canvasmaker=_canvas_class(paper.generated_at),
    )
    return buffer.getvalue()
