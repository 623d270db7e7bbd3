"""The cash-flow chart of a decision paper, drawn twice from one geometry.

* PDF: a reportlab vector ``Drawing`` (:func:`cashflow_drawing`), placed as a flowable.
* DOCX: a PNG (:func:`cashflow_png`) drawn with Pillow, which reportlab already depends on;
  reportlab's own bitmap renderer (``renderPM``) needs the optional ``rl_renderPM``
  extension, which is not installed, so it is not used. The PNG carries no timestamp
  chunk, so the same chart gives the same bytes. Text uses the Bitstream Vera font that
  ships with reportlab (it covers æ, ø and å).

Bars: benefits above and costs below the zero line per year; a line with markers shows
the cumulative net. The same numbers are always printed in a table next to the chart.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import reportlab
from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String

from papers.document import Chart, number

# The business case page's colours (static/js/styrbar-charts.js draws its cash-flow
# series in the palette's order: costs first, in blue, then benefits), so a reader who
# moves between the screen and the paper sees costs and benefits in the same colour.
COST = "#0059B3"
BENEFIT = "#A33C00"
CUMULATIVE = "#1A1A1A"
GRID = "#C8C8C8"
TEXT = "#1A1A1A"
FONT_FILE = Path(reportlab.__file__).resolve().parent / "fonts" / "Vera.ttf"


def _nice_step(span: float, target: int = 5) -> float:
    """A round tick step (1, 2, 2.5 or 5 x 10^k) giving about ``target`` intervals."""
    if span <= 0:
        return 1.0
    raw = span / target
    magnitude = 10.0 ** math.floor(math.log10(raw))
    for factor in (1.0, 2.0, 2.5, 5.0):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10.0 * magnitude


def axis_label(value: float) -> str:
    """Compact Danish tick label: '1,5 mio.', '250.000', '0'.

    >>> axis_label(1_500_000), axis_label(-250_000), axis_label(0)
    ('1,5 mio.', '-250.000', '0')
    """
    if value == 0:
        return "0"
    if abs(value) >= 1_000_000:
        text = number(Decimal(str(round(value / 1_000_000, 2))), 2).rstrip("0").rstrip(",")
        return f"{text} mio."
    return number(Decimal(str(round(value))), 0)


@dataclass(frozen=True)
class Geometry:
    """Positions in a top-left coordinate system of ``width`` x ``height`` units."""

    width: float
    height: float
    left: float
    right: float
    top: float
    bottom: float
    low: float
    high: float
    ticks: tuple[float, ...]

    def y(self, value: float) -> float:
        span = self.high - self.low or 1.0
        return self.top + (self.high - value) / span * (self.bottom - self.top)

    def slot(self, index: int, count: int) -> tuple[float, float]:
        """(left edge, width) of year ``index``'s group."""
        width = (self.right - self.left) / max(count, 1)
        return self.left + index * width, width


def geometry(chart: Chart, width: float, height: float, font: float) -> Geometry:
    values = [float(v) for v in chart.benefits]
    values += [-float(v) for v in chart.costs]
    values += [float(v) for v in chart.cumulative]
    low, high = min([0.0, *values]), max([0.0, *values])
    step = _nice_step(high - low)
    low = math.floor(low / step) * step
    high = math.ceil(high / step) * step
    if high == low:
        high = low + step
    count = round((high - low) / step)
    ticks = tuple(low + i * step for i in range(count + 1))
    return Geometry(
        width=width,
        height=height,
        left=font * 6.5,
        right=width - font,
        top=font,
        bottom=height - font * 4.2,
        low=low,
        high=high,
        ticks=ticks,
    )


LEGEND = (("Gevinster", BENEFIT), ("Omkostninger", COST), ("Akkumuleret netto", CUMULATIVE))


def _bars(chart: Chart, geo: Geometry) -> list[tuple[float, float, float, float, str]]:
    """(x, y_top, width, height, colour) per bar, top-left coordinates."""
    bars = []
    zero = geo.y(0)
    count = len(chart.years)
    for index in range(count):
        x, width = geo.slot(index, count)
        bar = width * 0.32
        start = x + width * 0.18
        benefit_top = geo.y(float(chart.benefits[index]))
        bars.append((start, benefit_top, bar, zero - benefit_top, BENEFIT))
        cost_bottom = geo.y(-float(chart.costs[index]))
        bars.append((start + bar, zero, bar, cost_bottom - zero, COST))
    return bars


def _points(chart: Chart, geo: Geometry) -> list[tuple[float, float]]:
    count = len(chart.years)
    points = []
    for index in range(count):
        x, width = geo.slot(index, count)
        points.append((x + width / 2, geo.y(float(chart.cumulative[index]))))
    return points


# reportlab (PDF) -------------------------------------------------------------------------------


def cashflow_drawing(chart: Chart, width: float, height: float) -> Drawing:
    """The chart as a reportlab vector drawing of ``width`` x ``height`` points."""
    font = 8.0
    geo = geometry(chart, width, height, font)
    drawing = Drawing(width, height)

    def flip(y: float) -> float:
        return height - y

    for tick in geo.ticks:
        y = flip(geo.y(tick))
        colour = TEXT if tick == 0 else GRID
        drawing.add(Line(geo.left, y, geo.right, y, strokeColor=_rl(colour), strokeWidth=0.5))
        drawing.add(
            String(
                geo.left - 4,
                y - font / 3,
                axis_label(tick),
                fontName="Helvetica",
                fontSize=font,
                fillColor=_rl(TEXT),
                textAnchor="end",
            )
        )
    for x, y, w, h, colour in _bars(chart, geo):
        if h > 0:
            drawing.add(
                Rect(x, flip(y + h), w, h, fillColor=_rl(colour), strokeColor=None, strokeWidth=0)
            )
    points = _points(chart, geo)
    flat: list[float] = []
    for x, y in points:
        flat += [x, flip(y)]
    drawing.add(PolyLine(flat, strokeColor=_rl(CUMULATIVE), strokeWidth=1.5))
    for x, y in points:
        drawing.add(Circle(x, flip(y), 2.5, fillColor=_rl(CUMULATIVE), strokeColor=None))
    count = len(chart.years)
    for index, year in enumerate(chart.years):
        x, w = geo.slot(index, count)
        drawing.add(
            String(
                x + w / 2,
                flip(geo.bottom) - font * 1.4,
                str(year),
                fontName="Helvetica",
                fontSize=font,
                fillColor=_rl(TEXT),
                textAnchor="middle",
            )
        )
    x = geo.left
    legend_y = font * 0.6
    for label, colour in LEGEND:
        drawing.add(Rect(x, legend_y, font, font, fillColor=_rl(colour), strokeColor=None))
        drawing.add(
            String(
                x + font * 1.4,
                legend_y + 1,
                label,
                fontName="Helvetica",
                fontSize=font,
                fillColor=_rl(TEXT),
            )
        )
        x += font * 1.4 + len(label) * font * 0.55 + font * 2
    return drawing


def _rl(colour: str):  # type: ignore[no-untyped-def]
    from reportlab.lib.colors import HexColor

    return HexColor(colour)


# Pillow (DOCX) ----------------------------------------------------------------------------------


def cashflow_png(chart: Chart, width: int = 1600, height: int = 800) -> bytes:
    """The chart as PNG bytes (no metadata chunks: identical input, identical bytes)."""
    from PIL import Image, ImageDraw, ImageFont

    font_size = 26
    geo = geometry(chart, width, height, font_size)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT_FILE), font_size)
    for tick in geo.ticks:
        y = geo.y(tick)
        draw.line(
            [(geo.left, y), (geo.right, y)],
            fill=TEXT if tick == 0 else GRID,
            width=2 if tick == 0 else 1,
        )
        draw.text((geo.left - 10, y), axis_label(tick), fill=TEXT, font=font, anchor="rm")
    for x, y, w, h, colour in _bars(chart, geo):
        if h > 0:
            draw.rectangle([(x, y), (x + w, y + h)], fill=colour)
    points = _points(chart, geo)
    if len(points) > 1:
        draw.line(points, fill=CUMULATIVE, width=4)
    for x, y in points:
        draw.ellipse([(x - 7, y - 7), (x + 7, y + 7)], fill=CUMULATIVE)
    count = len(chart.years)
    for index, year in enumerate(chart.years):
        x, w = geo.slot(index, count)
        draw.text((x + w / 2, geo.bottom + 12), str(year), fill=TEXT, font=font, anchor="mt")
    x = geo.left
    legend_y = height - font_size * 1.6
    for label, colour in LEGEND:
        draw.rectangle([(x, legend_y), (x + font_size, legend_y + font_size)], fill=colour)
        draw.text(
            (x + font_size * 1.4, legend_y + font_size / 2),
            label,
            fill=TEXT,
            font=font,
            anchor="lm",
        )
        x += font_size * 1.4 + draw.textlength(label, font=font) + font_size * 2
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()
