"""What the business-case workbench shows: the lines and risks as table rows (with their
edit/delete URLs), the recomputed result with its charts, the template's inputs and
assumptions as used, and the benefit realisation of an approved case.

Plain functions of a case (and its computation); the views in ``businesscases.views``
render them.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as L

from businesscases import compute, forms
from businesscases.choices import CaseStatus, LineKind
from businesscases.measured import realisation_actuals
from businesscases.models import BusinessCase, CaseLine, CaseRisk
from engine.business_case import MAX_RISKS
from engine.business_case import LineKind as EngineLineKind
from knowledge import load
from organizations.selectors import unit_list

CHART_LABELS = {
    "costs": L("Omkostninger"),
    "benefits": L("Gevinster"),
    "net": L("Netto"),
    "cumulative": L("Akkumuleret netto"),
    "discounted": L("Akkumuleret netto, diskonteret"),
    "iterations": L("simuleringer"),
    "frequency": L("Antal simuleringer"),
    "low": L("Ved 10. percentil"),
    "high": L("Ved 90. percentil"),
    "planned": L("Planlagt netto"),
    "actual": L("Faktisk netto"),
}

WORKBENCH = "case-workbench"
"""The element the inline forms and delete buttons swap (htmx target)."""


def labels() -> dict[str, str]:
    return {key: str(value) for key, value in CHART_LABELS.items()}


def years_text(case: BusinessCase, years: list[int]) -> str:
    if not years:
        return "–"
    first, last = min(years), max(years)
    if len(years) == last - first + 1:
        if first == last:
            return str(case.start_year + first)
        return f"{case.start_year + first}–{case.start_year + last}"
    return ", ".join(str(case.start_year + y) for y in sorted(years))


ROW_URLS = {"lines": ("line", "line_pk"), "risks": ("risk", "risk_pk")}
"""Relation -> URL name prefix and row keyword of its add/edit/delete views."""


def row_url(case: BusinessCase, relation: str, action: str, row: Any = None) -> str:
    """The URL of ``action`` (add, edit, delete) on a line or risk of ``case``."""
    name, kwarg = ROW_URLS[relation]
    kwargs = {"pk": case.pk} if row is None else {"pk": case.pk, kwarg: row.pk}
    return reverse(f"businesscases:{name}_{action}", kwargs=kwargs)


def _row_links(case: BusinessCase, relation: str, row: Any) -> dict[str, str]:
    return {
        "dom_id": f"{relation}-{row.pk}",
        "edit_url": row_url(case, relation, "edit", row),
        "delete_url": row_url(case, relation, "delete", row),
    }


def line_rows(case: BusinessCase, lines: list[CaseLine]) -> list[dict[str, Any]]:
    return [
        {
            "line": line,
            "years": years_text(case, [int(y) for y in line.years]),
            "phase_in": "; ".join(f"{forms.percent_text(f, 1)} %" for f in line.factors or ()),
            "is_cost": line.kind in (LineKind.INVESTMENT, LineKind.OPERATION),
        }
        | _row_links(case, "lines", line)
        for line in lines
    ]


def risk_rows(case: BusinessCase, risks: list[CaseRisk]) -> list[dict[str, Any]]:
    return [
        {
            "risk": risk,
            "year": case.start_year + risk.year,
            "expected": risk.probability * (risk.low + 4 * risk.mode + risk.high) / 6,
            "probability": forms.percent_text(risk.probability, 1),
        }
        | _row_links(case, "risks", risk)
        for risk in risks
    ]


def bearer_options(case: BusinessCase) -> list[str]:
    """Suggestions for the bearer field: the organization, its units and the members."""
    names = [str(case.organization)]
    names += [m.get("name", "") for m in case.template_inputs.get("inputs", {}).get("members", [])]
    names += list(unit_list(organization=case.organization).values_list("name", flat=True))
    return list(dict.fromkeys(n for n in names if n))


def result_context(case: BusinessCase, computation: compute.Computation) -> dict[str, Any]:
    result = computation.result
    language = get_language() or "da"
    preset_labels = {
        preset.key: getattr(preset.label, "en" if language.startswith("en") else "da")
        for preset in load().channel_prices.presets
    }
    shares = {
        m.get("name"): m.get("share")
        for m in case.template_inputs.get("inputs", {}).get("members", [])
    }
    return {
        "computation": computation,
        "result": result,
        "simulation": computation.simulation,
        "charts": compute.charts(computation, labels()),
        "histogram": compute.histogram_rows(computation),
        "kind_rows": [(LineKind(k).label, v) for k, v in result.totals_by_kind.items()],
        "bearers": [
            {
                "row": row,
                "share": (
                    forms.percent_text(shares[row.bearer], 1) if shares.get(row.bearer) else ""
                ),
            }
            for row in result.by_bearer
        ],
        "has_shares": bool(shares),
        # The verdict of a case with members: every member whose own NPV is negative.
        "losing_members": [
            row.bearer for row in result.by_bearer if row.bearer in shares and row.npv < 0
        ],
        "payback_year": computation.calendar_year(result.payback.year if result.payback else None),
        "break_even_year": computation.calendar_year(result.break_even),
        "end_year": case.start_year + case.horizon - 1,
        "rate_percent": forms.percent_text(case.rate),
        "coverage_percent": forms.percent_text(case.coverage),
        "probability_percent": (
            forms.percent_text(computation.simulation.probability_positive, 1)
            if computation.simulation
            else ""
        ),
        "price_scenarios": [
            {"label": preset_labels.get(s.key, _("Sagens egne priser")), "scenario": s}
            for s in computation.price_scenarios
        ],
        "break_even_price": computation.break_even_price,
        "driver_rows": driver_rows(computation),
        "economic_benefits": result.totals_by_kind.get(EngineLineKind.ECONOMIC, 0),
        "tornado": [
            {"bar": bar, "share": forms.percent_text(bar.variance_share, 1)}
            for bar in (computation.simulation.tornado if computation.simulation else ())[
                : compute.TORNADO_BARS
            ]
        ],
    }


def driver_rows(computation: compute.Computation) -> list[dict[str, Any]]:
    """The uncertain assumptions the simulation draws (a channel shift's unit prices and
    digital share reached) as table rows: label, low, most likely, high, and whether the
    values are kroner (else shares shown as percentages)."""
    rows: list[dict[str, Any]] = []
    for driver in computation.engine.drivers:
        if driver.key == "prices":
            rows.append(
                {"label": _("Pris pr. personlig henvendelse"), "kr": True, "range": driver.estimate}
            )
            rows.append(
                {"label": _("Pris pr. digital henvendelse"), "kr": True, "range": driver.minus}
            )
        else:
            rows.append(
                {
                    "label": _("Digital andel der nås (i dag %(share)s %%)")
                    % {"share": forms.percent_text(driver.minus.mode, 1)},
                    "kr": False,
                    "range": driver.estimate,
                    "percent": [
                        forms.percent_text(v, 1)
                        for v in (driver.estimate.low, driver.estimate.mode, driver.estimate.high)
                    ],
                }
            )
    return rows


def rows_context(
    view: Any, case: BusinessCase, lines: list[CaseLine], risks: list[CaseRisk], *, focus: str
) -> dict[str, Any]:
    """The lines and risks sections of a case: rows, whether they can be edited, room for
    another risk."""
    return {
        "case": case,
        "lines": line_rows(case, lines),
        "risks": risk_rows(case, risks),
        "can_edit": case.status == CaseStatus.DRAFT and view.can("case.change", case),
        "risk_room": len(risks) < MAX_RISKS,
        "max_risks": MAX_RISKS,
        "focus": focus,
    }


def workbench_context(
    view: Any, case: BusinessCase, *, focus: str = "", status: str = ""
) -> dict[str, Any]:
    """Lines, risks and the recomputed result of a case loaded with its rows."""
    lines = list(case.lines.all())
    risks = list(case.risks.all())
    computation = compute.compute(case, lines, risks)
    return {
        **rows_context(view, case, lines, risks, focus=focus),
        "status_message": status,
        **result_context(case, computation),
    }


def realisation_context(case: BusinessCase, computation: compute.Computation) -> dict[str, Any]:
    if case.status != CaseStatus.APPROVED:
        return {"realisation": None}
    actuals, measured = realisation_actuals(case)
    report = compute.variance(compute.plan_by_year(computation), actuals)
    return {
        "realisation": report,
        "measured": measured,
        "realisation_chart": compute.variance_chart(report, labels()),
        "drift_threshold": compute.DRIFT_THRESHOLD,
    }


def inputs_for_display(case: BusinessCase) -> dict[str, Any]:
    inputs = dict(case.template_inputs.get("inputs", {}))
    if inputs.get("members"):
        inputs["members"] = [
            {**m, "share_text": forms.percent_text(m.get("share", 0), 1)} for m in inputs["members"]
        ]
    return inputs


def assumption_rows(case: BusinessCase) -> list[dict[str, Any]]:
    """The template's assumptions as used, with label, unit and source."""
    stored = case.template_inputs.get("assumptions", {})
    if not stored:
        return []
    labels = load().template_defaults.labels
    rows = []
    for key, entry in stored.items():
        label = labels.get(key)
        unit = label.unit if label else ""
        value = entry.get("value", "")
        percent = unit in forms.PERCENT_UNITS
        rows.append(
            {
                "label": label.da if label else key,
                "label_en": label.en if label else key,
                "value": f"{forms.percent_text(value)} %" if percent else value,
                "unit": "" if percent else unit,
                "source": entry.get("source", ""),
                "changed": entry.get("value") != entry.get("default"),
                "number": not percent,
            }
        )
    return rows
