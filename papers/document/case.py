"""The business case section: headline figures, lines, risks, sensitivity and actuals."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from papers.document.blocks import DASH, Block, Bullets, Chart, Heading, Para, Table, section
from papers.document.formats import _d, _or_dash, kr, number, percent


@section("Business case", "business_case", "Oplægget bygger ikke på en business case.")
def _case(case: dict[str, Any]) -> list[Block]:
    result = case["result"]
    years = result["years"]
    blocks: list[Block] = [
        Para(
            f"»{case['name']}« er opgjort efter statens model for business cases som forskellen "
            f"mellem at gennemføre projektet (scenarie 1) og at lade være (scenarie 0). "
            f"Skabelon: {case['template_label']}. Status: {case['status_label']}, version "
            f"{case['version']}. Horisont {case['horizon']} år fra {case['start_year']}, "
            f"kalkulationsrente {percent(case['rate'])}. Beløb er i kroner."
        )
    ]
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
    expected = (
        (("Forventet nettonutidsværdi (middelværdi af simuleringen)", kr(result["expected_npv"])),)
        if result.get("expected_npv")
        else ()
    )
    key_rows = (
        *expected,
        ("Nettonutidsværdi, mest sandsynlige beregning", kr(result["npv"])),
        ("Nettonutidsværdi efter forventede risici", kr(result["npv_after_risks"])),
        ("Tilbagebetalingstid", payback_text),
        (
            "År hvor den tilbagediskonterede værdi bliver positiv",
            str(result["break_even_year"]) if result["break_even_year"] else "Ikke nået",
        ),
        (
            "Gevinst pr. krone omkostning (nutidsværdi)",
            number(result["benefit_cost_ratio"], 2) if result["benefit_cost_ratio"] else DASH,
        ),
        *(
            (
                ("Forventet risikoomkostning", kr(pool["expected"])),
                (f"Risikopulje ({percent(pool['coverage'])} dækning)", kr(pool["pool"])),
            )
            if case["risks"]
            else (("Risikopulje", "Ingen navngivne risici"),)
        ),
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
            f"Usikkerheden er simuleret med {number(simulation['iterations'])} gennemløb, hvor "
            "hver linje varierer mellem sit minimum og maksimum med størst vægt på den mest "
            "sandsynlige værdi. Risikopuljen dækker de navngivne risici i "
            f"{percent(pool['coverage'])} af gennemløbene."
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
                (
                    "Sandsynlighed for positiv nettonutidsværdi",
                    percent(simulation["probability_positive"]),
                ),
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
                ("Bæres af / tilfalder", "Omkostninger", "Gevinster", "Netto", "Nutidsværdi"),
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
