"""The layout blocks both renderers draw (DOCX and PDF)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

DASH = "–"  # an empty value in tables and text

# Text blocks ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Para:
    text: str
    style: str = "normal"  # normal | lead | small | label


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]
    numbered: bool = False


@dataclass(frozen=True)
class Table:
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...] = ()
    widths: tuple[float, ...] = ()  # shares of the text width; equal when empty
    key_value: bool = False  # first column is a label (no header row)


@dataclass(frozen=True)
class Chart:
    """Cash-flow chart: costs and benefits per year as bars, the cumulative net as a line."""

    caption: str
    alt: str
    years: tuple[int, ...]
    costs: tuple[Decimal, ...]
    benefits: tuple[Decimal, ...]
    cumulative: tuple[Decimal, ...]


@dataclass(frozen=True)
class Signature:
    """The empty field for the committee's decision."""

    label: str


Block = Heading | Para | Bullets | Table | Chart | Signature


@dataclass(frozen=True)
class Document:
    title: str
    subtitle: str
    header: str
    footer: str
    author: str
    organization: str
    demo: bool
    generated_at: dt.datetime
    blocks: tuple[Block, ...] = field(default_factory=tuple)
    # Document properties (other committee documents, e.g. the kontrolorgan's minutes,
    # name their own)
    keywords: tuple[str, ...] = ("beslutningsoplæg", "økonomiudvalg", "business case")
    comments: str = "Genereret af Styrbar ud fra oplæggets gemte input."


def opening(heading: str, source: Any, missing: str) -> list[Block]:
    """A section's first blocks: its heading and, where its ``source`` is missing, the
    sentence that says so."""
    return [Heading(heading)] if source else [Heading(heading), Para(missing)]


Section = Callable[[dict[str, Any]], list[Block]]
"""A section of the paper: its blocks from the paper's inputs."""


def section(heading: str, key: str, missing: str) -> Callable[[Section], Section]:
    """A section built from one source, ``inputs[key]``: the decorated function gets that
    source and returns the blocks after the heading. Where the source is missing, the
    section is the heading and the sentence ``missing``."""

    def decorate(body: Section) -> Section:
        @functools.wraps(body)
        def build(inputs: dict[str, Any]) -> list[Block]:
            source = inputs.get(key)
            return [*opening(heading, source, missing), *(body(source) if source else ())]

        return build

    return decorate
