"""The appendices (bilag): assumptions, calculation and sources."""

from __future__ import annotations

from typing import Any

from papers.document.blocks import Block, Heading, Para, Table
from papers.document.economy import coherence_table
from papers.document.formats import _moment, _or_dash, _years, number

SHORT_KIND = {
    # The line kinds in words that fit a narrow column (the full names are in the guide).
    "investment": "Anlæg",
    "operation": "Drift",
    "economic": "Gevinst i budgettet",
    "efficiency": "Frigjort tid",
    "non_monetary": "Ikke i kroner",
}
SELF_REFERENCE = {
    # Sources as the knowledge base words them, as a committee reads them.
    "Styrbar-antagelse (redigerbar)": "Skabelonens antagelse (kan ændres)",
    "Styrbar-antagelse": "Skabelonens antagelse",
}


def _source(text: str) -> str:
    for said, meant in SELF_REFERENCE.items():
        text = text.replace(said, meant)
    return text


def _appendices(inputs: dict[str, Any]) -> list[Block]:
    case = inputs.get("business_case")
    blocks: list[Block] = [Heading("Bilag")]
    blocks.append(Heading("Bilag 1. Forudsætninger og kilder", 2))
    if case and case["assumptions"]:
        blocks.append(
            Table(
                "Forudsætninger fra skabelonen »" + case["template_label"] + "«",
                ("Forudsætning", "Værdi", "Enhed", "Kilde"),
                tuple(
                    (
                        a["label"],
                        number(a["value"], 2).rstrip("0").rstrip(","),
                        a["unit"],
                        _source(a["source"]),
                    )
                    for a in case["assumptions"]
                ),
                numeric=(False, True, False, False),
                widths=(0.34, 0.14, 0.12, 0.4),
            )
        )
    sources = [
        (line["name"], line["source"]) for line in (case["lines"] if case else []) if line["source"]
    ]
    if sources:
        blocks.append(
            Table(
                "Kilder til business casens linjer",
                ("Linje", "Kilde"),
                tuple(sources),
                widths=(0.45, 0.55),
            )
        )
    if not sources and not (case and case["assumptions"]):
        blocks.append(Para("Business casen angiver ingen forudsætninger med kilder."))
    blocks.append(
        Para(
            "Den økonomiske vurdering følger statens model for business cases: "
            "nettonutidsværdien tilbagediskonterer hvert års nettostrøm med "
            "kalkulationsrenten (år 1 tilbagediskonteres ikke); risikopuljen er den andel af "
            "de simulerede risikoomkostninger, som puljen skal dække.",
            "small",
        )
    )
    blocks.append(Heading("Bilag 2. Business casens linjer", 2))
    if case and case["lines"]:
        blocks.append(
            Table(
                "Alle linjer (kr. pr. år: minimum, mest sandsynlig og maksimum)",
                ("Linje", "Art", "Minimum", "Mest sandsynlig", "Maksimum", "År", "Bæres af"),
                tuple(
                    (
                        line["name"],
                        SHORT_KIND.get(line["kind"], line["kind_label"])
                        + (
                            f"\n({number(line['unit_value'])} kr. pr. time)"
                            if line["kind"] == "efficiency"
                            else ""
                        )
                        + (f"\n(score {line['score']} af 5)" if line["score"] is not None else ""),
                        number(line["low"]),
                        number(line["mode"]),
                        number(line["high"]),
                        _years(line["years"], line.get("factors") or []),
                        _or_dash(line["bearer"]),
                    )
                    for line in case["lines"]
                ),
                numeric=(False, False, True, True, True, False, False),
                widths=(0.26, 0.13, 0.105, 0.105, 0.105, 0.175, 0.12),
            )
        )
    else:
        blocks.append(Para("Ingen business case."))
    blocks.append(Heading("Bilag 3. Grundlag for oplægget", 2))
    basis = [("Genereret", _moment(inputs["generated_at"]))]
    assessment = inputs.get("assessment")
    if assessment:
        basis.append(
            (
                "Strategivurdering",
                f"{assessment['title']} (version {assessment['version']}, vidensbase "
                f"{_or_dash(assessment['knowledge_version'])})",
            )
        )
    if case:
        basis.append(
            (
                "Business case",
                f"{case['name']} (frosset version {case['version']}, "
                f"{number(case['iterations'])} simuleringer; de samme tal kan genskabes med "
                f"simuleringsnøgle {case['seed']})",
            )
        )
    roadmap = inputs.get("roadmap")
    if roadmap:
        basis.append(("Roadmap", roadmap["name"]))
    basis.append(("Udarbejdet af", _or_dash(inputs["author"])))
    blocks.append(
        Table("Oplæggets grundlag", ("", ""), tuple(basis), widths=(0.3, 0.7), key_value=True)
    )
    blocks.extend(coherence_table(inputs))
    return blocks
