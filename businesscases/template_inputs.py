"""The engine's case templates from form and API input, and their cases as row values.

:func:`build` checks a template's inputs (in Danish), runs the engine template and
returns the inputs as JSON for ``template_inputs``; :func:`rows_from_engine` turns the
engine's case into line and risk values for the services.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from businesscases.validation import decimal_input
from engine import case_templates
from engine.business_case import BusinessCase as EngineCase
from engine.channels import ChannelPrices
from engine.common import Assumption
from engine.money import ORE
from knowledge import template_defaults


def assumptions(template: str, overrides: Mapping[str, Any]) -> dict[str, Assumption]:
    """The template's sourced defaults from the knowledge base, with the user's values
    where they differ (their source becomes "Kommunens egen værdi")."""
    defaults = template_defaults(template)
    unknown = set(overrides) - set(defaults)
    if unknown:
        raise ValidationError(
            {"assumptions": _("Ukendte antagelser: %(k)s") % {"k": ", ".join(sorted(unknown))}}
        )
    chosen = dict(defaults)
    for key, value in overrides.items():
        if value is None or value == "":
            continue
        number = decimal_input(value, "assumptions")
        if number < 0:
            raise ValidationError({"assumptions": _("%(k)s kan ikke være negativ.") % {"k": key}})
        if number != defaults[key].value:
            chosen[key] = defaults[key].override(number)
    return chosen


def _positive(row: Mapping[str, Any], key: str, field: str) -> Decimal:
    number = decimal_input(row.get(key, 0), field)
    if number < 0:
        raise ValidationError({field: _("Tal kan ikke være negative.")})
    return number


def _named_rows(
    inputs: Mapping[str, Any], field: str, make: Any, keys: tuple[str, ...], missing: str
) -> tuple[tuple[Any, ...], list[dict[str, str]]]:
    """The rows of ``field`` that have a name, as engine values ``make(name, *numbers)``
    and as stored JSON (``name`` and ``keys`` as text). None is a 400 saying ``missing``."""
    rows = [row for row in inputs.get(field) or [] if str(row.get("name") or "").strip()]
    if not rows:
        raise ValidationError({field: missing})
    values = tuple(
        make(str(row["name"]).strip()[:150], *(_positive(row, key, field) for key in keys))
        for row in rows
    )
    stored = [{"name": v.name, **{key: str(getattr(v, key)) for key in keys}} for v in values]
    return values, stored


def build(
    template: str, inputs: Mapping[str, Any], assumptions: dict[str, Assumption], horizon: int
) -> tuple[case_templates.TemplateResult, dict[str, Any]]:
    """Run the engine template; return it and the inputs as JSON (for template_inputs)."""
    chosen = dict(assumptions)
    bearer = str(inputs.get("bearer") or "").strip()[:200]
    stored: dict[str, Any] = {"bearer": bearer} if template != "shared_operations" else {}
    result: case_templates.TemplateResult
    if template == "channel_shift":
        volumes, stored["services"] = _named_rows(
            inputs,
            "services",
            case_templates.ServiceVolume,
            ("in_person", "digital"),
            _("Angiv mindst én ydelse."),
        )

        def pair(name: str) -> ChannelPrices:
            return ChannelPrices(
                "case", chosen.pop(f"{name}.in_person"), chosen.pop(f"{name}.digital")
            )

        result = case_templates.channel_shift(
            case_templates.ChannelShiftInputs(
                services=volumes,
                horizon=horizon,
                bearer=bearer,
                prices=pair("prices"),
                prices_low=pair("prices_low"),
                prices_high=pair("prices_high"),
                **chosen,
            )
        )
    elif template == "shared_operations":
        members = [m for m in inputs.get("members") or [] if m.get("organization") is not None]
        if len(members) < 2:
            raise ValidationError({"members": _("Et driftsfællesskab kræver mindst to medlemmer.")})
        organizations = [m["organization"] for m in members]
        if len({o.pk for o in organizations}) != len(organizations):
            raise ValidationError({"members": _("Et medlem må kun stå én gang.")})
        split = str(inputs.get("split") or case_templates.SplitKey.OPERATIONS_COST)
        try:
            key = case_templates.SplitKey(split)
        except ValueError as exc:
            raise ValidationError({"split": _("Vælg en gyldig fordelingsnøgle.")}) from exc
        engine_members = tuple(
            case_templates.Member(
                name=str(m["organization"]),
                operations_cost=_positive(m, "operations_cost", "members"),
                it_staff_fte=_positive(m, "it_staff_fte", "members"),
                data_centres=int(_positive(m, "data_centres", "members")),
            )
            for m in members
        )
        shared = case_templates.shared_operations(
            case_templates.SharedOperationsInputs(
                members=engine_members, horizon=horizon, split=key, **chosen
            )
        )
        result = shared
        stored["split"] = str(key)
        stored["members"] = [
            {
                "organization_id": org.pk,
                "name": m.name,
                "operations_cost": str(m.operations_cost),
                "it_staff_fte": str(m.it_staff_fte),
                "data_centres": m.data_centres,
                "share": str(row.share),
            }
            for org, m, row in zip(organizations, engine_members, shared.who_pays, strict=True)
        ]
    elif template == "standardised_procurement":
        spend = _positive(inputs, "central_it_spend", "central_it_spend")
        purchases = _positive(inputs, "purchases_per_year", "purchases_per_year")
        result = case_templates.standardised_procurement(
            case_templates.ProcurementInputs(
                central_it_spend=spend,
                purchases_per_year=purchases,
                horizon=horizon,
                bearer=bearer,
                **chosen,
            )
        )
        stored |= {"central_it_spend": str(spend), "purchases_per_year": str(purchases)}
    elif template == "reuse":
        count = _positive(inputs, "avoided_purchases_per_year", "avoided_purchases_per_year")
        result = case_templates.reuse(
            case_templates.ReuseInputs(
                avoided_purchases_per_year=count, horizon=horizon, bearer=bearer, **chosen
            )
        )
        stored["avoided_purchases_per_year"] = str(count)
    elif template == "coherent_processes":
        flows, processes = _named_rows(
            inputs,
            "processes",
            case_templates.ProcessFlow,
            ("cases_per_year", "minutes_saved_per_case"),
            _("Angiv mindst én proces."),
        )
        integrations = _positive(inputs, "integrations", "integrations")
        result = case_templates.coherent_processes(
            case_templates.ProcessInputs(
                processes=flows, integrations=integrations, horizon=horizon, bearer=bearer, **chosen
            )
        )
        stored |= {"integrations": str(integrations), "processes": processes}
    else:
        raise ValidationError({"template": _("Ukendt skabelon.")})
    return result, stored


def rows_from_engine(
    model: EngineCase, source: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The engine case's lines and risks as row values.

    A line with yearly factors keeps them as a *phase-in*: the estimate is scaled to the
    largest yearly amount and the factors divided by it (so they lie in 0–1 and the
    largest is 1), which leaves every yearly amount as it was (up to rounding to the øre
    and six decimals on the factors).
    """
    lines: list[dict[str, Any]] = []
    for line in model.lines:
        scale = max(line.factors) if line.factors else Decimal(1)
        if scale <= 0:
            scale = Decimal(1)
        factors = [f / scale for f in line.factors]
        estimate = line.estimate
        lines.append(
            {
                "name": line.name,
                "kind": str(line.kind),
                "low": (estimate.low * scale).quantize(ORE, ROUND_HALF_UP),
                "mode": (estimate.mode * scale).quantize(ORE, ROUND_HALF_UP),
                "high": (estimate.high * scale).quantize(ORE, ROUND_HALF_UP),
                "years": list(line.years),
                "factors": factors,
                "bearer": line.bearer,
                "unit_value": line.unit_value.quantize(ORE, ROUND_HALF_UP),
                "score": line.score,
                "source": source,
                "group": line.group,
            }
        )
    risks = [
        {
            "name": risk.name,
            "probability": risk.probability,
            "low": risk.consequence.low.quantize(ORE, ROUND_HALF_UP),
            "mode": risk.consequence.mode.quantize(ORE, ROUND_HALF_UP),
            "high": risk.consequence.high.quantize(ORE, ROUND_HALF_UP),
            "year": risk.year,
            "bearer": risk.bearer,
        }
        for risk in model.risks
    ]
    return lines, risks
