"""The decision paper's content as a list of layout blocks, built from the inputs alone.

Both renderers (``docx_render``, ``pdf_render``) walk the same blocks, so the DOCX and the
PDF always say the same thing. Nothing here reads the database, the clock, the active
language or a setting: the same inputs give the same blocks. Dict iteration never decides
an order (PostgreSQL's jsonb does not keep key order), lists do.

Layout after a Danish committee item (dagsordenspunkt): title and case facts,
Indstilling (once), Sagsfremstilling (with the consistency check's warnings), Baggrund,
Business case (with plan and actual figures for an approved case), Økonomi,
Beslutningskompetence, Høring og MED, Konceptuel procesbeskrivelse, Fordele, ulemper og
risici, Roadmap og beslutningspunkter, Beslutning, Bilag.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from papers.document.appendices import _appendices
from papers.document.blocks import (
    DASH,
    Block,
    Bullets,
    Chart,
    Document,
    Heading,
    Para,
    Signature,
    Table,
)
from papers.document.case import _case
from papers.document.economy import actuals, authority, consultation, economy
from papers.document.formats import _or_dash, date, kr, number, percent, score
from papers.document.sections import (
    _background,
    _decision,
    _processes,
    _pros_cons,
    _recommendation,
    _roadmap,
    _summary,
)

__all__ = [
    "DASH",
    "Block",
    "Bullets",
    "Chart",
    "Document",
    "Heading",
    "Para",
    "Signature",
    "Table",
    "build",
    "date",
    "kr",
    "number",
    "percent",
    "score",
]


def _numbered(blocks: list[Block]) -> list[Block]:
    """Number the tables captioned "Tabel N." in the order they appear."""
    numbered: list[Block] = []
    count = 0
    for block in blocks:
        if isinstance(block, Table) and block.caption.startswith("Tabel "):
            count += 1
            rest = block.caption.split(".", 1)[1]
            block = replace(block, caption=f"Tabel {count}.{rest}")
        numbered.append(block)
    return numbered


def statement_rows(inputs: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    statements = inputs.get("statements") or {}
    rows = []
    if statements.get("authority_label"):
        rows.append(("Beslutningskompetence", statements["authority_label"]))
    if statements.get("consultation_label"):
        rows.append(("Høring og MED", statements["consultation_label"]))
    return tuple(rows)


def build(inputs: dict[str, Any]) -> Document:
    """The paper's blocks from its inputs."""
    org = inputs["organization"]
    demo = bool(org["is_demo"])
    header = f"{org['name']} · Oplæg til Økonomiudvalget"
    if demo:
        header = f"Demodata · {header}"
    blocks: list[Block] = [
        Table(
            "Sagsoplysninger",
            ("", ""),
            (
                ("Udvalg", "Økonomiudvalget"),
                ("Organisation", org["name"]),
                ("Dato", date(inputs["document_date"])),
                ("Udarbejdet af", _or_dash(inputs["author"])),
                *statement_rows(inputs),
            ),
            widths=(0.3, 0.7),
            key_value=True,
        ),
        *_recommendation(inputs),
        *_summary(inputs),
        *_background(inputs),
        *_case(inputs),
        *actuals(inputs),
        *economy(inputs),
        *authority(inputs),
        *consultation(inputs),
        *_processes(inputs),
        *_pros_cons(inputs),
        *_roadmap(inputs),
        *_decision(inputs),
        *_appendices(inputs),
    ]
    blocks = _numbered(blocks)
    return Document(
        title=inputs["title"],
        subtitle="Oplæg til Økonomiudvalget",
        header=header,
        footer=f"{org['name']} · {date(inputs['document_date'])}",
        author=inputs["author"] or org["name"],
        organization=org["name"],
        demo=demo,
        generated_at=dt.datetime.fromisoformat(inputs["generated_at"]),
        blocks=tuple(blocks),
    )
