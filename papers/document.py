"""The decision paper's content as a list of layout blocks, built from the inputs alone.

Both renderers (``docx_render``, ``pdf_render``) walk the same blocks, so the DOCX and the
PDF always say the same thing. Nothing here reads the database, the clock, the active
language or a setting: the same inputs give the same blocks. Dict iteration never decides
an order (PostgreSQL's jsonb does not keep key order), lists do.

Layout after a Danish committee item (dagsordenspunkt): title, Sagsfremstilling,
Indstilling, Baggrund, Business case, Konceptuel procesbeskrivelse, Fordele, ulemper og
risici, Roadmap og beslutningspunkter, Det indstilles, at …, Bilag.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

DASH = "–"

# Text blocks -------------------------------------------------------------------------------


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


# Danish formats ------------------------------------------------------------------------------


def number(value: Any, decimals: int = 0) -> str:
    """'1.234.567,50' (Danish grouping and decimal comma); '–' for nothing.

    >>> number(Decimal("-1234567.5"), 2)
    '-1.234.567,50'
    """
    if value is None or value == "":
        return DASH
    amount = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    text = f"{amount:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def kr(value: Any) -> str:
    """'1.234,56 kr.'

    >>> kr("1234.5")
    '1.234,50 kr.'
    """
    if value is None or value == "":
        return DASH
    return f"{number(value, 2)} kr."


def percent(share: Any, decimals: int = 1) -> str:
    """A 0-1 share as '12,5 %' (trailing ',0' dropped).

    >>> percent("0.035"), percent("0.8")
    ('3,5 %', '80 %')
    """
    if share is None or share == "":
        return DASH
    text = number(Decimal(str(share)) * 100, decimals)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return f"{text} %"


def date(value: str | None) -> str:
    """ISO date → 'dd-mm-åååå'.

    >>> date("2026-03-01")
    '01-03-2026'
    """
    if not value:
        return DASH
    return dt.date.fromisoformat(value[:10]).strftime("%d-%m-%Y")


def score(value: Any) -> str:
    """A 0-1 score with two decimals: '0,72'."""
    if value is None:
        return DASH
    return number(Decimal(str(value)), 2)


def _d(value: Any) -> Decimal:
    return Decimal(str(value)) if value not in (None, "") else Decimal(0)


def _or_dash(text: str | None) -> str:
    return text if text else DASH


# Sections ----------------------------------------------------------------------------------------

SOURCE_TEXT = {
    "assessment_choice": "valgt på grundlag af strategivurderingen",
    "roadmap": "den strategi, roadmappen er bygget på",
    "assessment_recommendation": "strategivurderingens anbefaling (endnu ikke valgt)",
    "case_template": "den strategi, business casens skabelon hører til",
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
            f"«{assessment['title']}», version {assessment['version']}, afsluttet "
            f"{date(assessment['completed_on'])})."
        )
        if assessment["recommended"]["label"]:
            text += f" Vurderingen peger på «{assessment['recommended']['label']}»."
        blocks.append(Para(text))
        if assessment["summary"]:
            blocks.append(Para(assessment["summary"]))
    if strategy:
        blocks.append(
            Para(
                f"Oplægget bygger på strategien «{strategy['label']}» "
                f"({SOURCE_TEXT.get(strategy['source'], 'valgt strategi')}). "
                f"{strategy['summary']}"
            )
        )
    if case:
        result = case["result"]
        first, last = result["years"][0], result["years"][-1]
        text = (
            f"Business casen «{case['name']}» ({case['status_label'].lower()}) giver en "
            f"nettonutidsværdi på {kr(result['npv'])} over {case['horizon']} år "
            f"({first}{DASH}{last}) ved en kalkulationsrente på {percent(case['rate'])}."
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
                f"nettonutidsværdi; 80 % af udfaldene ligger mellem {kr(simulation['p10'])} og "
                f"{kr(simulation['p90'])}"
            )
        blocks.append(Para(text))
    if roadmap:
        pending = [g for g in roadmap["gates"] if g["decision"] == "pending"]
        text = (
            f"Roadmappen «{roadmap['name']}» har {len(roadmap['milestones'])} milepæle og "
            f"{len(roadmap['gates'])} beslutningspunkter."
        )
        if pending:
            nxt = pending[0]
            text += (
                f" Næste beslutningspunkt er «{nxt['title']}» ({nxt['body_label']}, planlagt "
                f"{date(nxt['planned_date'])})."
            )
        blocks.append(Para(text))
    if len(blocks) == 1:
        blocks.append(Para("Oplægget har intet sagsgrundlag."))
    return blocks


def _recommendation(inputs: dict[str, Any]) -> list[Block]:
    lines = [line.strip() for line in inputs["proposed_decision"].splitlines() if line.strip()]
    return [Heading("Indstilling"), *(Para(line) for line in lines)]


def _background(inputs: dict[str, Any]) -> list[Block]:
    assessment = inputs.get("assessment")
    blocks: list[Block] = [Heading("Baggrund")]
    if not assessment:
        blocks.append(Para("Oplægget bygger ikke på en strategivurdering."))
        return blocks
    blocks.append(
        Para(
            "Strategivurderingen sammenholder kommunens svar og de fakta, Styrbar beregner ud "
            "fra porteføljen, med kildernes udgangspunkt. Hver strategi får en score (0-1) og "
            "en sikkerhed, der angiver, hvor stor en del af modellens fakta der var kendt."
        )
    )
    rows = tuple(
        (
            str(row["rank"]) if row["rank"] is not None else DASH,
            row["label"],
            score(row["score"]),
            percent(row["confidence"], 0) if row["confidence"] is not None else DASH,
            "ja" if row["overrides_prior"] else "nej",
        )
        for row in assessment["ranking"]
    )
    blocks.append(
        Table(
            "Tabel 1. Rangordning af strategierne",
            ("Rang", "Strategi", "Score", "Sikkerhed", "Ændret af kommunens forhold"),
            rows,
            numeric=(True, False, True, True, False),
            widths=(0.1, 0.38, 0.14, 0.16, 0.22),
        )
    )
    threshold = assessment.get("recommend_threshold")
    for row in assessment["others"]:
        text = (
            f"{row['label']}: score {score(row['score'])}, sikkerhed "
            f"{percent(row['confidence'], 0) if row['confidence'] is not None else DASH}"
        )
        if threshold is not None and row["score"] is not None:
            verdict = "anbefales" if row["score"] >= threshold else "anbefales ikke"
            text += f" - {verdict} (tærskel {score(threshold)})"
        blocks.append(Para(f"{text}."))
    focus_key = (assessment.get("chosen") or {}).get("key") or assessment["recommended"]["key"]
    focus = next((r for r in assessment["ranking"] if r["key"] == focus_key), None)
    if focus and focus["contributions"]:
        blocks.append(Heading(f"Det taler for og imod «{focus['label']}»", 2))
        blocks.append(Bullets(tuple(c["text"] for c in focus["contributions"])))
    if assessment["missing_facts"]:
        blocks.append(
            Para(
                f"Vurderingen manglede {len(assessment['missing_facts'])} fakta; sikkerheden er "
                "lavere tilsvarende.",
                "small",
            )
        )
    chosen = assessment.get("chosen")
    if chosen:
        text = f"Strategien «{chosen['label']}» blev valgt {date(chosen['chosen_on'])}"
        text += f" af {chosen['chosen_by']}." if chosen["chosen_by"] else "."
        if chosen["note"]:
            text += f" Begrundelse: {chosen['note']}"
        blocks.append(Para(text))
    return blocks


def _case(inputs: dict[str, Any]) -> list[Block]:
    case = inputs.get("business_case")
    blocks: list[Block] = [Heading("Business case")]
    if not case:
        blocks.append(Para("Oplægget bygger ikke på en business case."))
        return blocks
    result = case["result"]
    years = result["years"]
    blocks.append(
        Para(
            f"«{case['name']}» er opgjort efter statens model for business cases som forskellen "
            f"mellem at gennemføre projektet (scenarie 1) og at lade være (scenarie 0). "
            f"Skabelon: {case['template_label']}. Status: {case['status_label']}, version "
            f"{case['version']}. Horisont {case['horizon']} år fra {case['start_year']}, "
            f"kalkulationsrente {percent(case['rate'])}. Beløb er i kroner."
        )
    )
    if case["description"]:
        blocks.append(Para(case["description"]))
    rows = [
        (str(year), kr(cost), kr(benefit), kr(net), kr(cum))
        for year, cost, benefit, net, cum in zip(
            years,
            result["costs"],
            result["benefits"],
            result["net"],
            result["cumulative"],
            strict=True,
        )
    ]
    rows.append(
        (
            "I alt",
            kr(sum((_d(v) for v in result["costs"]), Decimal(0))),
            kr(sum((_d(v) for v in result["benefits"]), Decimal(0))),
            kr(sum((_d(v) for v in result["net"]), Decimal(0))),
            "",
        )
    )
    blocks.append(
        Table(
            "Tabel 2. Pengestrømme pr. år",
            ("År", "Omkostninger", "Gevinster", "Netto", "Akkumuleret"),
            tuple(rows),
            numeric=(False, True, True, True, True),
            widths=(0.12, 0.22, 0.22, 0.22, 0.22),
        )
    )
    blocks.append(
        Chart(
            caption="Figur 1. Omkostninger og gevinster pr. år og akkumuleret nettoværdi",
            alt=(
                "Søjlediagram over omkostninger og gevinster pr. år med en kurve for den "
                "akkumulerede nettoværdi. Tallene står i tabellen over pengestrømme pr. år."
            ),
            years=tuple(int(y) for y in years),
            costs=tuple(_d(v) for v in result["costs"]),
            benefits=tuple(_d(v) for v in result["benefits"]),
            cumulative=tuple(_d(v) for v in result["cumulative"]),
        )
    )
    payback = result["payback"]
    payback_text = (
        f"{payback['year']}, måned {payback['month']} ({number(payback['years'], 2)} år)"
        if payback
        else "Ikke inden for horisonten"
    )
    pool = result["risk_pool"] or {"expected": None, "pool": None, "coverage": case["coverage"]}
    key_rows = (
        ("Nettonutidsværdi (NNV)", kr(result["npv"])),
        ("NNV efter forventede risici", kr(result["npv_after_risks"])),
        ("Tilbagebetalingstid", payback_text),
        (
            "Break-even (diskonteret)",
            str(result["break_even_year"]) if result["break_even_year"] else "Ikke nået",
        ),
        (
            "Gevinst pr. krone omkostning (nutidsværdi)",
            number(result["benefit_cost_ratio"], 2) if result["benefit_cost_ratio"] else DASH,
        ),
        ("Forventet risikoomkostning", kr(pool["expected"])),
        (f"Risikopulje ({percent(pool['coverage'])} dækning)", kr(pool["pool"])),
    )
    blocks.append(
        Table(
            "Tabel 3. Nøgletal",
            ("Nøgletal", "Værdi"),
            key_rows,
            numeric=(False, True),
            widths=(0.6, 0.4),
            key_value=True,
        )
    )
    simulation = result["simulation"]
    blocks.append(Heading("Usikkerhed og risikopulje", 2))
    if not simulation:
        blocks.append(Para("Business casen har hverken linjer eller risici at simulere."))
        return blocks
    blocks.append(
        Para(
            f"Usikkerheden er simuleret med {number(simulation['iterations'])} gennemløb "
            f"(PERT-fordeling over hver linjes minimum, mest sandsynlige og maksimale værdi, "
            f"startværdi {simulation['seed']}). Risikopuljen dækker de navngivne risici med "
            f"{percent(pool['coverage'])} sikkerhed."
        )
    )
    blocks.append(
        Table(
            "Tabel 4. Simuleret nettonutidsværdi",
            ("Mål", "Værdi"),
            (
                ("P10 (pessimistisk)", kr(simulation["p10"])),
                ("P50 (median)", kr(simulation["p50"])),
                ("P90 (optimistisk)", kr(simulation["p90"])),
                ("Middelværdi", kr(simulation["mean"])),
                ("Sandsynlighed for positiv NNV", percent(simulation["probability_positive"])),
            ),
            numeric=(False, True),
            widths=(0.6, 0.4),
            key_value=True,
        )
    )
    if case["risks"]:
        blocks.append(
            Table(
                "Tabel 5. Risici i risikopuljen",
                ("Risiko", "Sandsynlighed", "Konsekvens (min./sandsynlig/maks.)", "År", "Bæres af"),
                tuple(
                    (
                        risk["name"],
                        percent(risk["probability"]),
                        f"{kr(risk['low'])} / {kr(risk['mode'])} / {kr(risk['high'])}",
                        str(risk["year"]),
                        _or_dash(risk["bearer"]),
                    )
                    for risk in case["risks"]
                ),
                numeric=(False, True, True, False, False),
                widths=(0.27, 0.16, 0.31, 0.08, 0.18),
            )
        )
    else:
        blocks.append(Para("Business casen har ingen navngivne risici."))
    if len(result["by_bearer"]) > 1:
        blocks.append(
            Table(
                "Tabel 6. Fordeling på bærere",
                ("Bæres af / tilfalder", "Omkostninger", "Gevinster", "Netto", "NNV"),
                tuple(
                    (
                        _or_dash(b["bearer"]),
                        kr(b["cost"]),
                        kr(b["benefit"]),
                        kr(b["net"]),
                        kr(b["npv"]),
                    )
                    for b in result["by_bearer"]
                ),
                numeric=(False, True, True, True, True),
                widths=(0.28, 0.18, 0.18, 0.18, 0.18),
            )
        )
    if result["non_monetary"]:
        blocks.append(Heading("Ikke-økonomiske gevinster", 2))
        blocks.append(
            Bullets(
                tuple(f"{item['name']}: {item['score']} af 5" for item in result["non_monetary"])
            )
        )
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
    blocks: list[Block] = [Heading("Konceptuel procesbeskrivelse")]
    if not processes["items"]:
        blocks.append(Para("Kommunen har ikke beskrevet forretningsprocesser i Styrbar endnu."))
        return blocks
    blocks.append(
        Para(RULE_TEXT[processes["rule"]].format(bearers=", ".join(processes["bearers"])))
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
                f"Proces {index}. Trin i «{process['name']}»",
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


def _pros_cons(inputs: dict[str, Any]) -> list[Block]:
    strategy = inputs.get("strategy")
    blocks: list[Block] = [Heading("Fordele, ulemper og risici")]
    if not strategy:
        blocks.append(Para("Oplægget er ikke knyttet til en strategi."))
        return blocks
    blocks.append(
        Para(
            f"Fordele, ulemper og risici ved «{strategy['label']}» fra Styrbars vidensbase "
            f"(version {strategy['knowledge_version']}). Hvor strategivurderingen har beregnet, "
            "hvor sandsynligt det er, at en ulempe rammer kommunen, står sandsynligheden ved."
        )
    )
    blocks.append(Heading("Fordele", 2))
    blocks.append(Bullets(tuple(strategy["advantages"])))
    blocks.append(Heading("Ulemper og afbødning", 2))
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


def _roadmap(inputs: dict[str, Any]) -> list[Block]:
    roadmap = inputs.get("roadmap")
    blocks: list[Block] = [Heading("Roadmap og beslutningspunkter")]
    if not roadmap:
        blocks.append(Para("Oplægget er ikke knyttet til en roadmap."))
        return blocks
    text = (
        f"Roadmappen «{roadmap['name']}» for «{roadmap['strategy_label']}» starter "
        f"{date(roadmap['start_date'])} (status: {roadmap['status_label'].lower()})."
    )
    if roadmap["derived"]:
        text += " Kilderne giver ingen roadmap for strategien; Styrbar har bygget den."
    blocks.append(Para(text))
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
    lines = [line.strip() for line in inputs["proposed_decision"].splitlines() if line.strip()]
    if lines and lines[0].lower().startswith("det indstilles"):
        lines = lines[1:] if lines[0].rstrip(" ,:….").lower().endswith("at") else lines
    blocks: list[Block] = [
        Heading("Det indstilles, at …"),
        Para("Administrationen indstiller, at Økonomiudvalget beslutter:"),
    ]
    blocks.append(Bullets(tuple(lines), numbered=True) if lines else Para(DASH))
    blocks.append(Signature("Beslutning i Økonomiudvalget"))
    return blocks


def _appendices(inputs: dict[str, Any]) -> list[Block]:
    case = inputs.get("business_case")
    blocks: list[Block] = [Heading("Bilag")]
    blocks.append(Heading("Bilag 1. Forudsætninger og kilder", 2))
    if case and case["assumptions"]:
        blocks.append(
            Table(
                "Forudsætninger fra skabelonen «" + case["template_label"] + "»",
                ("Forudsætning", "Værdi", "Enhed", "Kilde"),
                tuple(
                    (
                        a["label"],
                        number(a["value"], 2).rstrip("0").rstrip(","),
                        a["unit"],
                        a["source"],
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
                "Alle linjer (minimum / mest sandsynlig / maksimum pr. år)",
                ("Linje", "Art", "Min.", "Sandsynlig", "Maks.", "År", "Bæres af"),
                tuple(
                    (
                        line["name"],
                        line["kind_label"]
                        + (
                            f" ({number(line['unit_value'], 2)} kr./time)"
                            if line["kind"] == "efficiency"
                            else ""
                        )
                        + (f" (score {line['score']})" if line["score"] is not None else ""),
                        number(line["low"], 2),
                        number(line["mode"], 2),
                        number(line["high"], 2),
                        _years(line["years"], line.get("factors") or []),
                        _or_dash(line["bearer"]),
                    )
                    for line in case["lines"]
                ),
                numeric=(False, False, True, True, True, False, False),
                widths=(0.22, 0.2, 0.12, 0.12, 0.12, 0.1, 0.12),
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
                f"{case['name']} (version {case['version']}, {number(case['iterations'])} "
                f"simuleringer, startværdi {case['seed']})",
            )
        )
    roadmap = inputs.get("roadmap")
    if roadmap:
        basis.append(("Roadmap", roadmap["name"]))
    basis.append(("Udarbejdet af", _or_dash(inputs["author"])))
    blocks.append(
        Table("Oplæggets grundlag", ("", ""), tuple(basis), widths=(0.3, 0.7), key_value=True)
    )
    return blocks


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


def _years(years: list[int], factors: list[str] | None = None) -> str:
    """'2026-2030' for a run of years, else '2026, 2028'; with phase-in factors
    '2026 (50 %), 2027 (100 %)'."""
    if not years:
        return DASH
    if factors:
        return ", ".join(
            f"{year} ({percent(factor, 0)})" for year, factor in zip(years, factors, strict=False)
        )
    ordered = sorted(years)
    if len(ordered) > 2 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{ordered[0]}{DASH}{ordered[-1]}"
    return ", ".join(str(y) for y in ordered)


def _moment(value: str) -> str:
    moment = dt.datetime.fromisoformat(value)
    return moment.strftime("%d-%m-%Y kl. %H:%M")


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
            ),
            widths=(0.3, 0.7),
            key_value=True,
        ),
        *_summary(inputs),
        *_recommendation(inputs),
        *_background(inputs),
        *_case(inputs),
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
