"""The field lists of a business case and the validation of its lines and risks, in
Danish, after the engine's rules.

The services clean every row here before it is stored, so a stored case always converts
to an engine case (:func:`businesscases.compute.engine_case`).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from businesscases import compute
from businesscases.choices import LineKind
from businesscases.errors import engine_message
from businesscases.models import BusinessCase

SETTINGS_FIELDS = (
    "name",
    "description",
    "start_year",
    "horizon",
    "rate",
    "iterations",
    "seed",
    "coverage",
    "budget_reduction",
    "assessment",
    "milestone",
)
LINK_FIELDS = ("assessment", "milestone")
"""Settings that stay editable after a case is submitted or decided."""
LINE_FIELDS = (
    "name",
    "kind",
    "low",
    "mode",
    "high",
    "years",
    "factors",
    "bearer",
    "unit_value",
    "score",
    "source",
    "group",
)
RISK_FIELDS = ("name", "probability", "low", "mode", "high", "year", "bearer")


def decimal_input(value: Any, field: str) -> Decimal:
    """``value`` as a finite Decimal, else a ValidationError on ``field``."""
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError) as exc:
        raise ValidationError({field: _("Angiv et tal.")}) from exc
    if not number.is_finite():
        raise ValidationError({field: _("Angiv et tal.")})
    return number


def plain(value: Decimal) -> str:
    """A decimal as plain text without trailing zeros or exponent: 0.500000 -> "0.5"."""
    return format(value.normalize(), "f")


def whole_year(value: Any) -> int:
    """``value`` as a whole year, else a ValidationError on "year"."""
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise ValidationError({"year": _("Året skal være et helt tal.")}) from exc


def _calendar_years(case: BusinessCase) -> dict[str, int]:
    """The case's first and last calendar year."""
    return {"first": case.start_year, "last": case.start_year + case.horizon - 1}


def _name(data: Mapping[str, Any], allowed: tuple[str, ...], missing: str) -> str:
    """The row's name (``missing`` when blank); fields outside ``allowed`` are refused."""
    unknown = set(data) - set(allowed) - {"order"}
    if unknown:
        raise ValidationError(_("Ukendte felter: %(f)s") % {"f": ", ".join(sorted(unknown))})
    name = str(data.get("name") or "").strip()
    if not name:
        raise ValidationError({"name": missing})
    return name


def _estimate(data: Mapping[str, Any]) -> tuple[Decimal, Decimal, Decimal]:
    low = decimal_input(data.get("low", 0), "low")
    mode = decimal_input(data.get("mode", 0), "mode")
    high = decimal_input(data.get("high", 0), "high")
    if low < 0:
        raise ValidationError(
            {"low": _("Beløb er positive; arten afgør, om det er en omkostning eller gevinst.")}
        )
    if not low <= mode <= high:
        raise ValidationError({"mode": engine_message("estimate_order")})
    return low, mode, high


def clean_line(case: BusinessCase, data: Mapping[str, Any]) -> dict[str, Any]:
    """A line's model fields from ``data``, checked against the engine's rules in Danish.

    ``years`` are year indexes (0 = the start year) within the horizon; ``factors``
    (optional) one phase-in share per year, stored as decimal strings.
    """
    name = _name(data, LINE_FIELDS, _("Giv linjen et navn."))
    try:
        kind = LineKind(str(data.get("kind")))
    except ValueError as exc:
        raise ValidationError({"kind": _("Vælg en gyldig art.")}) from exc
    fields: dict[str, Any] = {
        "name": name[:200],
        "kind": kind,
        "bearer": str(data.get("bearer") or "").strip()[:200],
        "source": str(data.get("source") or "").strip()[:200],
        "group": str(data.get("group") or "").strip()[:60],
    }
    if kind == LineKind.NON_MONETARY:
        score = data.get("score")
        if score is None or score == "" or not 0 <= int(score) <= 5:
            raise ValidationError({"score": _("En ikke-økonomisk gevinst skal have en score 0–5.")})
        return fields | {
            "low": Decimal(0),
            "mode": Decimal(0),
            "high": Decimal(0),
            "years": [],
            "factors": [],
            "unit_value": Decimal(1),
            "score": int(score),
        }
    low, mode, high = _estimate(data)
    raw_years = data.get("years") or []
    try:
        years = [int(y) for y in raw_years]
    except (TypeError, ValueError) as exc:
        raise ValidationError({"years": _("Årene skal være hele tal.")}) from exc
    if not years:
        raise ValidationError({"years": _("Vælg mindst ét år.")})
    if len(set(years)) != len(years):
        raise ValidationError({"years": _("Et år må kun stå én gang.")})
    if any(not 0 <= y < case.horizon for y in years):
        raise ValidationError(
            {
                "years": _("Årene skal ligge inden for horisonten %(first)s–%(last)s.")
                % _calendar_years(case)
            }
        )
    raw_factors = list(data.get("factors") or [])
    factors = [decimal_input(f, "factors") for f in raw_factors]
    if factors and len(factors) != len(years):
        raise ValidationError(
            {"factors": _("Angiv én indfasning pr. år (%(n)s år).") % {"n": len(years)}}
        )
    if any(f < 0 for f in factors):
        raise ValidationError({"factors": _("Indfasningen kan ikke være negativ.")})
    order = sorted(range(len(years)), key=years.__getitem__)
    unit_value = Decimal(1)
    if kind == LineKind.EFFICIENCY:
        unit_value = decimal_input(data.get("unit_value", 1), "unit_value")
        if unit_value <= 0:
            raise ValidationError({"unit_value": _("Timeprisen skal være større end 0.")})
    return fields | {
        "low": low,
        "mode": mode,
        "high": high,
        "years": [years[i] for i in order],
        "factors": [plain(factors[i].quantize(compute.FACTOR_PLACES)) for i in order]
        if factors
        else [],
        "unit_value": unit_value,
        "score": None,
    }


def clean_risk(case: BusinessCase, data: Mapping[str, Any]) -> dict[str, Any]:
    """A risk's model fields: probability 0–1, a three-point consequence, a year index."""
    name = _name(data, RISK_FIELDS, _("Giv risikoen et navn."))
    probability = decimal_input(data.get("probability", 0), "probability")
    if not 0 <= probability <= 1:
        raise ValidationError({"probability": _("Sandsynligheden skal ligge mellem 0 og 100 %.")})
    low, mode, high = _estimate(data)
    year = whole_year(data.get("year", 0))
    if not 0 <= year < case.horizon:
        raise ValidationError(
            {
                "year": _("Året skal ligge inden for horisonten %(first)s–%(last)s.")
                % _calendar_years(case)
            }
        )
    return {
        "name": name[:200],
        "probability": probability.quantize(Decimal("0.001"), ROUND_HALF_UP),
        "low": low,
        "mode": mode,
        "high": high,
        "year": year,
        "bearer": str(data.get("bearer") or "").strip()[:200],
    }
