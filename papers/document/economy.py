"""»Økonomi« (investment, operation, NPV with its band, budget effect per year, financing),
»Plan og faktiske tal« for an approved case, »Beslutningskompetence«, »Høring og MED«
and the consistency check's results."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from papers.document.blocks import DASH, Block, Heading, Para, Table
from papers.document.formats import _d, kr, mio, number, percent, sentence

KIND_ROWS = (
    ("investment", "Anlæg (engangsinvestering)"),
    ("operation", "Drift (løbende udgift)"),
    ("economic", "Økonomisk gevinst i budgettet"),
    ("efficiency", "Effektiviseringsgevinst (frigjort tid)"),
)


ALL_CAPTION = (
    "Tabel 12. Udgifter, gevinster og budgetkonsekvens pr. år (1.000 kr., mest sandsynlige beløb)"
)
SHARED_CAPTION = (
    "Tabel 12. Hele fællesskabets udgifter og gevinster pr. år (1.000 kr., mest sandsynlige beløb)"
)
OWN_CAPTION = (
    "Tabel 11. Udgifter, gevinster og budgetkonsekvens for {name} pr. år "
    "(1.000 kr., mest sandsynlige beløb)"
)


def _budget_row(table: dict[str, list[str]], reduction: str) -> list[Decimal]:
    """The change to the budget per year: spending is added; economic gains are taken
    out only when a budget reduction is proposed; freed time never changes the budget."""
    rows = []
    for index in range(len(table["investment"])):
        change = _d(table["investment"][index]) + _d(table["operation"][index])
        if reduction == "proposed":
            change -= _d(table["economic"][index])
        rows.append(change)
    return rows


def thousands(value: Any) -> str:
    """Kroner in thousands, as a budget table shows them: '2.877' for 2.877.000 kr.

    >>> thousands("2877000"), thousands("-1500")
    ('2.877', '-2')
    """
    return number(_d(value) / 1000, 0)


def _economy_table(
    caption: str,
    years: list[int],
    table: dict[str, list[str]],
    reduction: str,
    *,
    budget_row: bool = True,
) -> Table:
    rows = []
    for kind, label in KIND_ROWS:
        values = table[kind]
        total = sum((_d(v) for v in values), Decimal(0))
        rows.append((label, *(thousands(v) for v in values), thousands(total)))
    budget = _budget_row(table, reduction)
    if budget_row:
        rows.append(
            (
                "Budgetkonsekvens (merudgift +)",
                *(thousands(v) for v in budget),
                thousands(sum(budget, Decimal(0))),
            )
        )
    share = 0.74 / (len(years) + 1)
    return Table(
        caption,
        ("", *(str(y) for y in years), "I alt"),
        tuple(rows),
        numeric=(False, *(True for _ in years), True),
        widths=(0.26, *(share for _ in years), share),
    )


def _own(inputs: dict[str, Any], result: dict[str, Any]) -> str:
    """For a shared case: the deciding organization's own NPV, first."""
    name = inputs["organization"]["name"]
    bearers = result.get("by_bearer") or []
    own = next((b for b in bearers if b["bearer"] == name), None)
    if own is None or len(bearers) < 2:
        return ""
    return sentence(
        f"For {name} er nettonutidsværdien {mio(own['npv'])} (mest sandsynlige beregning; "
        f"udgifter {mio(own['cost'])}, gevinster {mio(own['benefit'])}). Tallene herunder "
        "gælder hele fællesskabet, medmindre andet er nævnt"
    )


def economy(inputs: dict[str, Any]) -> list[Block]:
    case = inputs.get("business_case")
    statements = inputs.get("statements") or {}
    blocks: list[Block] = [Heading("Økonomi")]
    if not case:
        blocks.append(
            Para(
                "Oplægget bygger ikke på en business case og har ingen økonomiske konsekvenser "
                "ud over dem, der allerede er bevilget."
            )
        )
    else:
        result = case["result"]
        simulation = result.get("simulation")
        headline = result.get("expected_npv") or result["npv"]
        text = (
            f"Den forventede nettonutidsværdi er {mio(headline)} over {case['horizon']} år"
            if result.get("expected_npv")
            else f"Nettonutidsværdien er {mio(headline)} over {case['horizon']} år"
        )
        if simulation:
            text += (
                f"; i 80 % af de simulerede udfald ligger den mellem {mio(simulation['p10'])} "
                f"og {mio(simulation['p90'])}, og sandsynligheden for en positiv værdi er "
                f"{percent(simulation['probability_positive'], 0)}"
            )
        text += f". Den mest sandsynlige beregning giver {mio(result['npv'])}"
        text = sentence(text)
        if result.get("most_likely_outside_band"):
            text += (
                " Bemærk: den mest sandsynlige beregning ligger uden for intervallet, fordi "
                "usikkerheden er skæv; den forventede værdi er det bedste bud."
            )
        own = _own(inputs, result)
        if own:
            blocks.append(Para(own))
        blocks.append(Para(text))
        price = (result.get("price_level") or {}).get("text")
        rate = result.get("rate_source")
        if price or rate:
            blocks.append(
                Para(
                    " ".join(t for t in (price, f"Kalkulationsrente: {rate}." if rate else "") if t)
                )
            )
        economy_data = case.get("economy")
        if economy_data:
            reduction = economy_data["budget_reduction"]
            if economy_data.get("own"):
                blocks.append(
                    _economy_table(
                        OWN_CAPTION.format(name=economy_data["own_name"]),
                        economy_data["years"],
                        economy_data["own"],
                        reduction,
                    )
                )
                blocks.append(
                    Para(
                        "Tabellen viser kun de linjer, kommunen selv bærer. Hele fællesskabets tal "
                        "står i tabellen herunder.",
                        "small",
                    )
                )
            blocks.append(
                _economy_table(
                    ALL_CAPTION if not economy_data.get("own") else SHARED_CAPTION,
                    economy_data["years"],
                    economy_data["all"],
                    reduction,
                    budget_row=not economy_data.get("own"),
                )
            )
            blocks.append(
                Para(
                    "Budgetkonsekvensen er anlæg plus drift"
                    + (
                        " minus de økonomiske gevinster, som foreslås taget ud af budgettet. "
                        if reduction == "proposed"
                        else "; de økonomiske gevinster tages ikke ud af budgettet. "
                    )
                    + "Effektiviseringsgevinster er frigjort tid og ændrer ikke budgettet.",
                    "small",
                )
            )
        if result.get("budget"):
            blocks.append(Para(result["budget"]["text"]))
    financing = statements.get("financing")
    if financing:
        blocks.append(Para(f"Finansiering: {financing}"))
    elif case and case["status"] != "approved":
        blocks.append(
            Para(
                "Finansieringen er ikke angivet. En tillægsbevilling skal angive, hvordan "
                "udgiften dækkes (kommunestyrelseslovens § 40, stk. 3)."
            )
        )
    return blocks


def actuals(inputs: dict[str, Any]) -> list[Block]:
    """Plan og faktiske tal: only for a case with recorded actual figures."""
    case = inputs.get("business_case")
    data = (case or {}).get("actuals")
    if not case or case["status"] != "approved":
        return []
    blocks: list[Block] = [Heading("Plan og faktiske tal", 2)]
    if not data:
        blocks.append(
            Para(
                "Der er endnu ikke registreret faktiske tal for business casen; gevinsterne kan "
                "ikke følges op."
            )
        )
        return blocks
    reported = data["reported_years"]
    years = [row["year"] for row in data["rows"]]
    both = [
        row["year"]
        for row in data["rows"]
        if row["actual_cost"] is not None and row["actual_benefit"] is not None
    ]
    coverage = (
        f"Faktiske tal er registreret for {len(reported)} af casens {len(years)} år "
        f"({', '.join(str(y) for y in reported)})"
    )
    partial = [y for y in reported if y not in both]
    if partial:
        coverage += (
            f"; for {', '.join(str(y) for y in partial)} mangler enten omkostning eller "
            "gevinst, som så tælles med det planlagte beløb"
        )
    coverage += ". Afvigelsen gælder kun de år, der har faktiske tal."
    blocks.append(Para(coverage))
    text = (
        f"I de år er nettogevinsten {mio(data['actual_net'])} mod planlagt "
        f"{mio(data['planned_net'])}, en afvigelse på {mio(data['deviation'])}"
    )
    if data["deviation_percent"] is not None:
        text += f" ({number(data['deviation_percent'], 1)} %)"
    text += "."
    if data["drifting"]:
        text += " Afvigelsen er større end 10 %, og casen er markeret som afvigende fra planen."
    blocks.append(Para(text))
    blocks.append(
        Table(
            "Tabel 13. Plan og faktiske tal pr. år",
            (
                "År",
                "Plan: omk.",
                "Faktisk: omk.",
                "Plan: gevinst",
                "Faktisk: gevinst",
                "Afvigelse, netto",
            ),
            tuple(
                (
                    str(row["year"]),
                    kr(row["planned_cost"]),
                    kr(row["actual_cost"])
                    if row["actual_cost"] is not None
                    else "ikke registreret",
                    kr(row["planned_benefit"]),
                    kr(row["actual_benefit"])
                    if row["actual_benefit"] is not None
                    else "ikke registreret",
                    (
                        kr(_d(row["actual_net"]) - _d(row["planned_net"]))
                        if row["actual_net"] is not None
                        else DASH
                    ),
                )
                for row in data["rows"]
            ),
            numeric=(False, True, True, True, True, True),
            widths=(0.1, 0.18, 0.18, 0.18, 0.18, 0.18),
        )
    )
    for note in data["notes"]:
        kind = "omkostning" if note["kind"] == "cost" else "gevinst"
        blocks.append(Para(f"{note['year']}, {kind}: {note['note']}", "small"))
    return blocks


DECIDED_BY = {
    "okonomiudvalg": "Økonomiudvalget",
    "kommunalbestyrelse": "Kommunalbestyrelsen efter indstilling fra Økonomiudvalget",
    "fagudvalg": "fagudvalget",
}


def authority(inputs: dict[str, Any]) -> list[Block]:
    statements = inputs.get("statements") or {}
    blocks: list[Block] = [Heading("Beslutningskompetence")]
    if not statements.get("authority"):
        blocks.append(Para("Oplægget angiver ikke, hvem der træffer beslutningen."))
        return blocks
    blocks.append(Para(f"Sagen afgøres af {DECIDED_BY.get(statements['authority'], '')}."))
    if statements.get("authority_basis"):
        blocks.append(Para(statements["authority_basis"]))
    return blocks


def consultation(inputs: dict[str, Any]) -> list[Block]:
    statements = inputs.get("statements") or {}
    blocks: list[Block] = [Heading("Høring og MED")]
    if not statements.get("consultation"):
        blocks.append(Para("Oplægget angiver ikke, om der skal ske høring eller MED-behandling."))
        return blocks
    blocks.append(Para(f"Status: {statements['consultation_label']}."))
    if statements.get("consultation_note"):
        blocks.append(Para(statements["consultation_note"]))
    return blocks


STATUS_TEXT = {
    "ok": "I orden",
    "warning": "Advarsel",
    "not_linked": "Ikke koblet",
    "refused": "Afvist",
}


def coherence_warnings(inputs: dict[str, Any]) -> list[Block]:
    """The check's warnings, up front in the Sagsfremstilling."""
    items = (inputs.get("coherence") or {}).get("items") or []
    return [Para(f"Bemærk: {item['text']}") for item in items if item["status"] == "warning"]


def coherence_table(inputs: dict[str, Any]) -> list[Block]:
    """What the consistency check compared, for the appendix."""
    data = inputs.get("coherence") or {}
    items = data.get("items") or []
    if not items:
        return []
    blocks: list[Block] = [
        Table(
            "Kontrol af, at oplæggets kilder hører til samme forslag",
            ("Resultat", "Kontrol"),
            tuple(
                (STATUS_TEXT.get(item["status"], item["status"]), item["text"]) for item in items
            ),
            widths=(0.16, 0.84),
        )
    ]
    if data.get("not_checkable"):
        blocks.append(Para(data["not_checkable"], "small"))
    return blocks
