"""The paper's sections up to the decision, each ``(inputs) -> blocks`` (the business case
and the process description have modules of their own)."""

from __future__ import annotations

import re
from typing import Any

from papers.document.blocks import (
    DASH,
    Block,
    Bullets,
    Heading,
    Para,
    Signature,
    Table,
    opening,
    section,
)
from papers.document.case import _case  # noqa: F401
from papers.document.economy import coherence_warnings
from papers.document.formats import _or_dash, date, mio, number, percent, score, sentence

# Sections ----------------------------------------------------------------------------------------

SOURCE_TEXT = {
    "assessment_choice": "valgt på grundlag af strategivurderingen",
    "roadmap": "den strategi, roadmappen er bygget på",
    "assessment_recommendation": "strategivurderingens anbefaling (endnu ikke valgt)",
    "case_template": "den strategi, business casen hører til",
}


def _summary(inputs: dict[str, Any]) -> list[Block]:
    org = inputs["organization"]["name"]
    assessment = inputs.get("assessment")
    strategy = inputs.get("strategy")
    case = inputs.get("business_case")
    roadmap = inputs.get("roadmap")
    blocks: list[Block] = [Heading("Sagsfremstilling")]
    if assessment:
        text = (
            f"{org} har vurderet de fire strategier for arkitekturstyring og muligheden for et "
            f"driftsfællesskab ud fra kommunens egne forhold (strategivurderingen "
            f"»{assessment['title']}«, version {assessment['version']}, afsluttet "
            f"{date(assessment['completed_on'])})."
        )
        if assessment["recommended"]["label"]:
            text += f" Vurderingen peger på »{assessment['recommended']['label']}«."
        blocks.append(Para(text))
        if assessment["summary"]:
            blocks.append(Para(assessment["summary"]))
    if strategy and strategy["key"] == "driftsfaellesskab":
        blocks.append(
            Para(
                "Oplægget gælder et driftsfællesskab, som vurderes ved siden af strategien for "
                f"arkitekturstyringen. {strategy['summary']}"
            )
        )
    elif strategy:
        blocks.append(
            Para(
                f"Oplægget bygger på strategien »{strategy['label']}« "
                f"({SOURCE_TEXT.get(strategy['source'], 'valgt strategi')}). "
                f"{strategy['summary']}"
            )
        )
    if case:
        result = case["result"]
        first, last = result["years"][0], result["years"][-1]
        headline = result.get("expected_npv")
        text = (
            f"Business casen »{case['name']}« ({case['status_label'].lower()}) giver en "
            + (
                f"forventet nettonutidsværdi på {mio(headline)}"
                if headline
                else f"nettonutidsværdi på {mio(result['npv'])}"
            )
            + f" over {case['horizon']} år ({first}{DASH}{last}) ved en kalkulationsrente på "
            f"{percent(case['rate'])}."
        )
        payback = result["payback"]
        if payback:
            text += (
                f" Investeringen er tilbagebetalt i {payback['year']} "
                f"(efter {number(payback['years'], 2)} år)."
            )
        else:
            text += " Investeringen er ikke tilbagebetalt inden for horisonten."
        simulation = result["simulation"]
        if simulation:
            text += (
                " Simuleringen af usikkerheden "
                f"({number(simulation['iterations'])} gennemløb) giver "
                f"{percent(simulation['probability_positive'])} sandsynlighed for en positiv "
                f"nettonutidsværdi; 80 % af udfaldene ligger mellem {mio(simulation['p10'])} og "
                f"{mio(simulation['p90'])}"
            )
        text = sentence(text)
        blocks.append(Para(text))
    if roadmap:
        pending = [g for g in roadmap["gates"] if g["decision"] == "pending"]
        text = (
            f"Roadmappen »{roadmap['name']}« har {len(roadmap['milestones'])} milepæle og "
            f"{len(roadmap['gates'])} beslutningspunkter."
        )
        if pending:
            nxt = pending[0]
            text += (
                f" Næste beslutningspunkt er »{nxt['title']}« ({nxt['body_label']}, planlagt "
                f"{date(nxt['planned_date'])})."
            )
        blocks.append(Para(text))
    if len(blocks) == 1:
        blocks.append(Para("Oplægget har intet sagsgrundlag."))
    blocks.extend(coherence_warnings(inputs))
    return blocks


NUMBER = re.compile(r"^\s*\d+\s*[.)]\s*")


def decision_points(proposed_decision: str) -> list[str]:
    """The proposed decision's points without the lead-in ("Det indstilles, at") and
    without their own numbers: the documents number them once."""
    lines = [line.strip() for line in proposed_decision.splitlines() if line.strip()]
    if lines and lines[0].lower().startswith("det indstilles"):
        lines = lines[1:] if lines[0].rstrip(" ,:….").lower().endswith("at") else lines
    return [NUMBER.sub("", line) for line in lines]


def _recommendation(inputs: dict[str, Any]) -> list[Block]:
    """»Indstilling«: once, at the top, as a committee item has it."""
    points = decision_points(inputs["proposed_decision"])
    blocks: list[Block] = [Heading("Indstilling"), Para("Administrationen indstiller, at")]
    blocks.append(Bullets(tuple(points), numbered=True) if points else Para(DASH))
    return blocks


def _background(inputs: dict[str, Any]) -> list[Block]:
    assessment = inputs.get("assessment")
    if not assessment:
        return opening("Baggrund", None, "Oplægget bygger ikke på en strategivurdering.")
    focus_key = (inputs.get("strategy") or {}).get("key", "")
    return [Heading("Baggrund"), *_assessment_blocks(assessment, focus_key)]


def _assessment_blocks(assessment: dict[str, Any], proposal_key: str) -> list[Block]:
    blocks: list[Block] = [
        Para(
            "Strategivurderingen sammenholder kommunens svar og de fakta, der er beregnet ud "
            "fra kommunens it-portefølje, med udgangspunktet i den faglige litteratur. Hver "
            "strategi får en score fra 0 til 100 point. »Kendt grundlag« angiver, hvor stor en "
            "del af strategiens vurderingsgrundlag der byggede på kendte fakta."
        )
    ]
    basis = assessment.get("data_coverage") or ""
    margin = assessment.get("margin")
    if basis or margin is not None:
        text = f"{basis}." if basis else ""
        if assessment.get("none_fits"):
            text += (
                " Ingen strategi passer endnu; først skal dette på plads: "
                + "; ".join(assessment.get("establish_first") or [])
                + "."
            )
        elif margin is not None:
            text += f" Forspringet til nummer to er {score(margin)} point"
            text += "." if assessment.get("clear_winner") else ", hvilket ikke er en klar vinder."
        blocks.append(Para(text.strip()))
    for warning in assessment.get("warnings") or []:
        blocks.append(Para(f"Bemærk: {warning}", "small"))
    rows = tuple(
        (
            str(row["rank"]) if row["rank"] is not None else DASH,
            row["label"],
            score(row["score"]),
            percent(row["coverage"], 0) if row["coverage"] is not None else DASH,
            "ja" if row["overrides_prior"] else "nej",
        )
        for row in assessment["ranking"]
    )
    blocks.append(
        Table(
            "Tabel 1. Rangordning af strategierne",
            ("Rang", "Strategi", "Score (af 100)", "Kendt grundlag", "Ændret af kommunens forhold"),
            rows,
            numeric=(True, False, True, True, False),
            widths=(0.1, 0.38, 0.14, 0.16, 0.22),
        )
    )
    # Equal rounded scores under different ranks: say that the order between them is
    # decimals, not a difference a committee should weigh.
    same: dict[str, list[str]] = {}
    for row in assessment["ranking"]:
        if row["score"] is not None:
            same.setdefault(score(row["score"]), []).append(f"»{row['label']}«")
    for shown, labels in same.items():
        if len(labels) > 1:
            blocks.append(
                Para(
                    f"{' og '.join([', '.join(labels[:-1]), labels[-1]])} har samme afrundede "
                    f"score ({shown}); rækkefølgen mellem dem afgøres af decimaler og er ikke "
                    "en reel forskel.",
                    "small",
                )
            )
    threshold = assessment.get("recommend_threshold")
    for row in assessment["others"]:
        text = (
            f"{row['label']}: score {score(row['score'])} af 100, kendt grundlag "
            f"{percent(row['coverage'], 0) if row['coverage'] is not None else DASH}"
        )
        if threshold is not None and row["score"] is not None:
            verdict = "anbefales" if row["score"] >= threshold else "anbefales ikke"
            text += f" {DASH} {verdict} (grænse {score(threshold)})"
        blocks.append(Para(f"{text}."))
        for reason in (*row.get("caps", ()), *row.get("notes", ())):
            blocks.append(Para(reason))
    focus_key = (
        proposal_key
        or (assessment.get("chosen") or {}).get("key")
        or assessment["recommended"]["key"]
    )
    options: list[dict[str, Any]] = [*assessment["ranking"], *assessment["others"]]
    focus = next((r for r in options if r["key"] == focus_key), None)
    if focus and focus["contributions"]:
        blocks.append(Heading(f"Det taler for og imod »{focus['label']}«", 2))
        blocks.append(Bullets(tuple(c["text"] for c in focus["contributions"])))
    if assessment["missing_facts"]:
        blocks.append(
            Para(
                f"Vurderingen manglede {len(assessment['missing_facts'])} fakta; det kendte "
                "grundlag er lavere tilsvarende.",
                "small",
            )
        )
    chosen = assessment.get("chosen")
    if chosen:
        text = f"Strategien »{chosen['label']}« blev valgt {date(chosen['chosen_on'])}"
        text += f" af {chosen['chosen_by']}." if chosen["chosen_by"] else "."
        if chosen["note"]:
            text += f" Begrundelse: {chosen['note']}"
        blocks.append(Para(text))
    return blocks


RULE_TEXT = {
    "bearers": (
        "De viste processer er kommunens forretningsprocesser, hvor procesejeren eller en "
        "enhed i et trin er en af business casens bærere ({bearers})."
    ),
    "top_steps": (
        "De viste processer er de af kommunens forretningsprocesser, der har flest trin "
        "(højst fem)."
    ),
}


def _processes(inputs: dict[str, Any]) -> list[Block]:
    processes = inputs["processes"]
    if processes["rule"] == "no_match":
        return [
            Heading("Konceptuel procesbeskrivelse", 1),
            Para(
                "Ingen af kommunens beskrevne forretningsprocesser har business casens bærere "
                f"({', '.join(processes.get('bearer_names') or processes['bearers'])}) som "
                "procesejer eller udførende enhed. "
                "Procesbeskrivelsen for forslaget skal derfor udarbejdes, før sagen "
                "behandles."
            ),
        ]
    blocks = opening(
        "Konceptuel procesbeskrivelse",
        processes["items"],
        "Kommunen har ikke beskrevet forretningsprocesser i Styrbar endnu.",
    )
    if not processes["items"]:
        return blocks
    blocks.append(
        Para(
            RULE_TEXT[processes["rule"]].format(
                bearers=", ".join(processes.get("bearer_names") or processes["bearers"])
            )
        )
    )
    for index, process in enumerate(processes["items"], start=1):
        blocks.append(Heading(process["name"], 2))
        facts = [f"Procesejer: {_or_dash(process['owner_unit'])}."]
        if process["kle"]:
            facts.append(f"KLE: {process['kle']}.")
        if process["description"]:
            facts.append(process["description"])
        blocks.append(Para(" ".join(facts)))
        blocks.append(
            Table(
                f"Proces {index}. Trin i »{process['name']}«",
                ("Nr.", "Trin", "Udføres af", "Systemer", "Indsamler data", "Læser data"),
                tuple(
                    (
                        str(step["order"]),
                        step["name"],
                        _or_dash(step["unit"]),
                        _or_dash(", ".join(step["systems"])),
                        _or_dash(", ".join(step["collects"])),
                        _or_dash(", ".join(step["reads"])),
                    )
                    for step in process["steps"]
                ),
                numeric=(True, False, False, False, False, False),
                widths=(0.06, 0.22, 0.16, 0.2, 0.18, 0.18),
            )
        )
        if process["step_count"] > len(process["steps"]):
            blocks.append(
                Para(
                    f"Processen har {process['step_count']} trin; de første "
                    f"{len(process['steps'])} er vist.",
                    "small",
                )
            )
    return blocks


@section("Fordele, ulemper og risici", "strategy", "Oplægget er ikke knyttet til en strategi.")
def _pros_cons(strategy: dict[str, Any]) -> list[Block]:
    blocks: list[Block] = [
        Para(
            f"Fordele, ulemper og risici ved »{strategy['label']}« er samlet fra den faglige "
            "litteratur om arkitekturstyring i kommuner (vidensbase version "
            f"{strategy['knowledge_version']}). Hvor strategivurderingen har beregnet, hvor "
            "sandsynligt det er, at en ulempe rammer kommunen, står sandsynligheden ved."
        ),
        Heading("Fordele", 2),
        Bullets(tuple(strategy["advantages"])),
        Heading("Ulemper og afbødning", 2),
    ]
    blocks.append(
        Table(
            "Tabel 7. Ulemper og hvordan de afbødes",
            ("Ulempe", "Sandsynlighed her", "Afbødning"),
            tuple(
                (
                    item["text"],
                    (
                        percent(item["likelihood"], 0) + (" (markeret)" if item["flagged"] else "")
                        if item["likelihood"] is not None
                        else "Ikke vurderet"
                    ),
                    "\n".join(f"• {m}" for m in item["mitigations"]) or DASH,
                )
                for item in strategy["disadvantages"]
            ),
            numeric=(False, True, False),
            widths=(0.34, 0.16, 0.5),
        )
    )
    blocks.append(Heading("Risici og afbødning", 2))
    if strategy["risks"]:
        blocks.append(
            Table(
                "Tabel 8. Risici (sandsynlighed og konsekvens 1-5 er vidensbasens udgangspunkt)",
                ("Risiko", "Sandsynlighed", "Konsekvens", "Afbødning"),
                tuple(
                    (
                        risk["text"],
                        percent(risk["probability"], 0),
                        f"{risk['impact']} af 5",
                        "\n".join(f"• {m}" for m in risk["mitigations"]) or DASH,
                    )
                    for risk in strategy["risks"]
                ),
                numeric=(False, True, True, False),
                widths=(0.3, 0.16, 0.14, 0.4),
            )
        )
    else:
        blocks.append(Para("Vidensbasen har ingen risici for denne strategi."))
    if strategy["preconditions"]:
        blocks.append(Heading("Forudsætninger for at lykkes", 2))
        blocks.append(Bullets(tuple(strategy["preconditions"])))
    return blocks


@section("Roadmap og beslutningspunkter", "roadmap", "Oplægget er ikke knyttet til en roadmap.")
def _roadmap(roadmap: dict[str, Any]) -> list[Block]:
    label = roadmap["strategy_label"]
    named = (
        roadmap["name"]
        if roadmap["name"].strip().lower() == label.strip().lower()
        else (f"{roadmap['name']}« for »{label}")
    )
    text = (
        f"Roadmappen »{named}« starter {date(roadmap['start_date'])} "
        f"(status: {roadmap['status_label'].lower()})."
    )
    if roadmap["derived"]:
        text += (
            " Litteraturen giver ingen færdig roadmap for strategien; den er sammensat af de "
            "samme byggesten som de beskrevne."
        )
    blocks: list[Block] = [Para(text)]
    if roadmap["gates"]:
        blocks.append(
            Table(
                "Tabel 9. Beslutningspunkter",
                ("Beslutningsorgan", "Beslutningspunkt", "Planlagt", "Beslutning", "Mødereference"),
                tuple(
                    (
                        gate["body_label"],
                        gate["title"],
                        date(gate["planned_date"]),
                        gate["decision_label"]
                        + (f" {date(gate['decided_on'])}" if gate["decided_on"] else ""),
                        _or_dash(gate["meeting_reference"]),
                    )
                    for gate in roadmap["gates"]
                ),
                widths=(0.18, 0.36, 0.13, 0.17, 0.16),
            )
        )
    blocks.append(
        Table(
            "Tabel 10. Milepæle",
            ("Nr.", "Milepæl", "Frist", "Status", "Kræver godkendelse", "Leverancer"),
            tuple(
                (
                    str(m["order"]),
                    m["title"],
                    date(m["due_date"]),
                    m["status_label"]
                    + (f" {date(m['completed_on'])}" if m["completed_on"] else ""),
                    _or_dash("\n".join(m["gates"])),
                    _or_dash("\n".join(f"• {d}" for d in m["deliverables"])),
                )
                for m in roadmap["milestones"]
            ),
            numeric=(True, False, False, False, False, False),
            widths=(0.06, 0.22, 0.12, 0.14, 0.2, 0.26),
        )
    )
    return blocks


def _decision(inputs: dict[str, Any]) -> list[Block]:
    """»Beslutning«: the empty field for the committee's decision."""
    statements = inputs.get("statements") or {}
    blocks: list[Block] = [Heading("Beslutning")]
    if statements.get("authority") == "kommunalbestyrelse":
        blocks.append(Para("Sagen går derefter videre til Kommunalbestyrelsen."))
    blocks.append(Signature("Beslutning i Økonomiudvalget"))
    return blocks
