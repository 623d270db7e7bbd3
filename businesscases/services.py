"""Writes to business cases: atomic, permission-checked, validated, audited.

* A case is created blank or from one of the engine's five templates
  (:func:`case_create_from_template`); the template's lines and risks become
  :class:`~businesscases.models.CaseLine` / :class:`~businesscases.models.CaseRisk` rows
  and ``template_inputs`` keeps the inputs, the assumptions with their sources and the
  template's notes.
* Lines and risks are edited one row at a time (the screens) or replaced as a whole (the
  API); either way the change is audited as an update of the case, with the rows in the
  before/after values.
* Status: draft -> submitted (``case.change``) -> approved or rejected (``case.decide``).
  Each submit and decision freezes a :class:`~businesscases.models.CaseVersion` (settings,
  lines, risks and the result summary) with the case's current version number and then
  bumps the number. Only drafts can change; a decided case is copied to a new draft.
* Benefit realisation: actual cost/benefit per year is recorded on approved cases only.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from businesscases import compute
from businesscases.choices import ActualKind, CaseStatus, CaseTemplate, LineKind
from businesscases.models import BusinessCase, CaseLine, CaseRisk, CaseVersion
from core import audit
from core.choices import AuditAction
from core.permissions import require
from core.services import delete_audited, replace_children_audited, touch
from core.workflow import Machine, Transition, transition
from engine import templates as engine_templates
from engine.business_case import MAX_HORIZON, MAX_RISKS, MIN_HORIZON
from engine.business_case import BusinessCase as EngineCase
from engine.channels import ChannelPrices
from engine.common import Assumption
from engine.money import ORE
from knowledge import load, template_defaults
from organizations.models import Organization

SETTINGS_FIELDS = (
    "name",
    "description",
    "start_year",
    "horizon",
    "rate",
    "iterations",
    "seed",
    "coverage",
    "assessment",
    "milestone",
)
LINK_FIELDS = ("assessment", "milestone")
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
)
RISK_FIELDS = ("name", "probability", "low", "mode", "high", "year", "bearer")
TEMPLATE_KEYS = tuple(engine_templates.TEMPLATES)
"""The engine's five templates (CaseTemplate minus blank)."""


# --- helpers ------------------------------------------------------------------------------


def _forget_rows(case: BusinessCase) -> None:
    """Drop prefetched child rows so audit snapshots read the database."""
    cache = case.__dict__.get("_prefetched_objects_cache")
    if cache:
        cache.clear()


@contextmanager
def _case_change(case: BusinessCase, actor: Any) -> Iterator[None]:
    """Audit what happens inside as one update of the case (child rows included)."""
    _forget_rows(case)
    with audit.audited(actor=actor, obj=case, organization=case.organization):
        yield
        touch(case)
        _forget_rows(case)


def _require_change(actor: Any, case: BusinessCase) -> None:
    require(actor, case.organization, "case.change", case)


def _require_draft(case: BusinessCase) -> None:
    if case.status != CaseStatus.DRAFT:
        raise ValidationError(
            _(
                "Business casen er %(status)s og kan ikke ændres. Kopiér den til en ny kladde "
                "for at arbejde videre."
            )
            % {"status": case.get_status_display().lower()}
        )


def _decimal(value: Any, field: str) -> Decimal:
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError) as exc:
        raise ValidationError({field: _("Angiv et tal.")}) from exc
    if not number.is_finite():
        raise ValidationError({field: _("Angiv et tal.")})
    return number


def _plain(value: Decimal) -> str:
    """A decimal as plain text without trailing zeros or exponent: 0.500000 -> "0.5"."""
    return format(value.normalize(), "f")


def _check_links(organization: Organization, fields: Mapping[str, Any]) -> None:
    """An assessment or milestone must belong to the case's organization."""
    assessment = fields.get("assessment")
    if assessment is not None and assessment.organization_id != organization.pk:
        raise ValidationError({"assessment": _("Strategivurderingen findes ikke.")})
    milestone = fields.get("milestone")
    if milestone is not None and milestone.roadmap.organization_id != organization.pk:
        raise ValidationError({"milestone": _("Milepælen findes ikke.")})


def _check_horizon(case: BusinessCase, horizon: int) -> None:
    """Every line and risk must lie within a (shortened) horizon."""
    outside = [
        line.name for line in case.lines.all() if any(int(y) >= horizon for y in line.years)
    ] + [risk.name for risk in case.risks.all() if risk.year >= horizon]
    if outside:
        raise ValidationError(
            {
                "horizon": _(
                    "Disse linjer og risici ligger uden for den kortere horisont: %(names)s. "
                    "Ret deres år først."
                )
                % {"names": ", ".join(outside)}
            }
        )


# --- validation of rows --------------------------------------------------------------------


def _estimate(data: Mapping[str, Any]) -> tuple[Decimal, Decimal, Decimal]:
    low = _decimal(data.get("low", 0), "low")
    mode = _decimal(data.get("mode", 0), "mode")
    high = _decimal(data.get("high", 0), "high")
    if low < 0:
        raise ValidationError(
            {"low": _("Beløb er positive; arten afgør, om det er en omkostning eller gevinst.")}
        )
    if not low <= mode <= high:
        raise ValidationError({"mode": _("Minimum ≤ mest sandsynlig ≤ maksimum.")})
    return low, mode, high


def clean_line(case: BusinessCase, data: Mapping[str, Any]) -> dict[str, Any]:
    """A line's model fields from ``data``, checked against the engine's rules in Danish.

    ``years`` are year indexes (0 = the start year) within the horizon; ``factors``
    (optional) one phase-in share per year, stored as decimal strings.
    """
    unknown = set(data) - set(LINE_FIELDS) - {"order"}
    if unknown:
        raise ValidationError(_("Ukendte felter: %(f)s") % {"f": ", ".join(sorted(unknown))})
    name = str(data.get("name") or "").strip()
    if not name:
        raise ValidationError({"name": _("Giv linjen et navn.")})
    try:
        kind = LineKind(str(data.get("kind")))
    except ValueError as exc:
        raise ValidationError({"kind": _("Vælg en gyldig art.")}) from exc
    fields: dict[str, Any] = {
        "name": name[:200],
        "kind": kind,
        "bearer": str(data.get("bearer") or "").strip()[:200],
        "source": str(data.get("source") or "").strip()[:200],
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
                % {"first": case.start_year, "last": case.start_year + case.horizon - 1}
            }
        )
    raw_factors = list(data.get("factors") or [])
    factors = [_decimal(f, "factors") for f in raw_factors]
    if factors and len(factors) != len(years):
        raise ValidationError(
            {"factors": _("Angiv én indfasning pr. år (%(n)s år).") % {"n": len(years)}}
        )
    if any(f < 0 for f in factors):
        raise ValidationError({"factors": _("Indfasningen kan ikke være negativ.")})
    order = sorted(range(len(years)), key=years.__getitem__)
    unit_value = Decimal(1)
    if kind == LineKind.EFFICIENCY:
        unit_value = _decimal(data.get("unit_value", 1), "unit_value")
        if unit_value <= 0:
            raise ValidationError({"unit_value": _("Timeprisen skal være større end 0.")})
    return fields | {
        "low": low,
        "mode": mode,
        "high": high,
        "years": [years[i] for i in order],
        "factors": [_plain(factors[i].quantize(compute.FACTOR_PLACES)) for i in order]
        if factors
        else [],
        "unit_value": unit_value,
        "score": None,
    }


def clean_risk(case: BusinessCase, data: Mapping[str, Any]) -> dict[str, Any]:
    """A risk's model fields: probability 0–1, a three-point consequence, a year index."""
    unknown = set(data) - set(RISK_FIELDS) - {"order"}
    if unknown:
        raise ValidationError(_("Ukendte felter: %(f)s") % {"f": ", ".join(sorted(unknown))})
    name = str(data.get("name") or "").strip()
    if not name:
        raise ValidationError({"name": _("Giv risikoen et navn.")})
    probability = _decimal(data.get("probability", 0), "probability")
    if not 0 <= probability <= 1:
        raise ValidationError({"probability": _("Sandsynligheden skal ligge mellem 0 og 100 %.")})
    low, mode, high = _estimate(data)
    try:
        year = int(data.get("year", 0))
    except (TypeError, ValueError) as exc:
        raise ValidationError({"year": _("Året skal være et helt tal.")}) from exc
    if not 0 <= year < case.horizon:
        raise ValidationError(
            {
                "year": _("Året skal ligge inden for horisonten %(first)s–%(last)s.")
                % {"first": case.start_year, "last": case.start_year + case.horizon - 1}
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


# --- create -------------------------------------------------------------------------------


def _new_case(organization: Organization, fields: Mapping[str, Any]) -> BusinessCase:
    settings = {k: v for k, v in fields.items() if k in SETTINGS_FIELDS}
    _check_links(organization, settings)
    case = BusinessCase(organization=organization, status=CaseStatus.DRAFT, version=1, **settings)
    case.full_clean()
    return case


@transaction.atomic
def _save_new(
    *,
    actor: Any,
    case: BusinessCase,
    lines: Sequence[Mapping[str, Any]] = (),
    risks: Sequence[Mapping[str, Any]] = (),
    extra: dict[str, Any] | None = None,
) -> BusinessCase:
    if len(risks) > MAX_RISKS:
        raise ValidationError(_("En business case har højst %(n)s risici.") % {"n": MAX_RISKS})
    line_rows = [CaseLine(order=i, **clean_line(case, row)) for i, row in enumerate(lines)]
    risk_rows = [CaseRisk(order=i, **clean_risk(case, row)) for i, row in enumerate(risks)]
    case.save()
    for line in line_rows:
        line.case = case
    for risk in risk_rows:
        risk.case = case
    CaseLine.objects.bulk_create(line_rows)
    CaseRisk.objects.bulk_create(risk_rows)
    audit.record(
        actor=actor,
        organization=case.organization,
        action=AuditAction.CREATE,
        obj=case,
        after=audit.snapshot(case),
        extra=extra,
    )
    return case


def case_create(*, actor: Any, organization: Organization, **fields: Any) -> BusinessCase:
    """A blank draft: settings only (name, start_year, horizon, rate, …)."""
    require(actor, organization, "case.change")
    fields.pop("template", None)
    case = _new_case(organization, fields)
    case.template = CaseTemplate.BLANK
    return _save_new(actor=actor, case=case)


def _assumptions(template: str, overrides: Mapping[str, Any]) -> dict[str, Assumption]:
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
        number = _decimal(value, "assumptions")
        if number < 0:
            raise ValidationError({"assumptions": _("%(k)s kan ikke være negativ.") % {"k": key}})
        if number != defaults[key].value:
            chosen[key] = defaults[key].override(number)
    return chosen


def _positive(row: Mapping[str, Any], key: str, field: str) -> Decimal:
    number = _decimal(row.get(key, 0), field)
    if number < 0:
        raise ValidationError({field: _("Tal kan ikke være negative.")})
    return number


def _engine_template(
    template: str, inputs: Mapping[str, Any], assumptions: dict[str, Assumption], horizon: int
) -> tuple[engine_templates.TemplateResult, dict[str, Any]]:
    """Run the engine template; return it and the inputs as JSON (for template_inputs)."""
    chosen = dict(assumptions)
    bearer = str(inputs.get("bearer") or "").strip()[:200]
    stored: dict[str, Any] = {"bearer": bearer} if template != "shared_operations" else {}
    result: engine_templates.TemplateResult
    if template == "channel_shift":
        services = [s for s in inputs.get("services") or [] if str(s.get("name") or "").strip()]
        if not services:
            raise ValidationError({"services": _("Angiv mindst én ydelse.")})
        volumes = tuple(
            engine_templates.ServiceVolume(
                str(s["name"]).strip()[:150],
                _positive(s, "in_person", "services"),
                _positive(s, "digital", "services"),
            )
            for s in services
        )
        prices = ChannelPrices("case", chosen.pop("prices.in_person"), chosen.pop("prices.digital"))
        result = engine_templates.channel_shift(
            engine_templates.ChannelShiftInputs(
                services=volumes, horizon=horizon, bearer=bearer, prices=prices, **chosen
            )
        )
        stored["services"] = [
            {"name": v.name, "in_person": str(v.in_person), "digital": str(v.digital)}
            for v in volumes
        ]
    elif template == "shared_operations":
        members = [m for m in inputs.get("members") or [] if m.get("organization") is not None]
        if len(members) < 2:
            raise ValidationError({"members": _("Et driftsfællesskab kræver mindst to medlemmer.")})
        organizations = [m["organization"] for m in members]
        if len({o.pk for o in organizations}) != len(organizations):
            raise ValidationError({"members": _("Et medlem må kun stå én gang.")})
        split = str(inputs.get("split") or engine_templates.SplitKey.OPERATIONS_COST)
        try:
            key = engine_templates.SplitKey(split)
        except ValueError as exc:
            raise ValidationError({"split": _("Vælg en gyldig fordelingsnøgle.")}) from exc
        engine_members = tuple(
            engine_templates.Member(
                name=str(m["organization"]),
                operations_cost=_positive(m, "operations_cost", "members"),
                it_staff_fte=_positive(m, "it_staff_fte", "members"),
                data_centres=int(_positive(m, "data_centres", "members")),
            )
            for m in members
        )
        shared = engine_templates.shared_operations(
            engine_templates.SharedOperationsInputs(
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
        result = engine_templates.standardised_procurement(
            engine_templates.ProcurementInputs(
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
        result = engine_templates.reuse(
            engine_templates.ReuseInputs(
                avoided_purchases_per_year=count, horizon=horizon, bearer=bearer, **chosen
            )
        )
        stored["avoided_purchases_per_year"] = str(count)
    elif template == "coherent_processes":
        processes = [p for p in inputs.get("processes") or [] if str(p.get("name") or "").strip()]
        if not processes:
            raise ValidationError({"processes": _("Angiv mindst én proces.")})
        flows = tuple(
            engine_templates.ProcessFlow(
                str(p["name"]).strip()[:150],
                _positive(p, "cases_per_year", "processes"),
                _positive(p, "minutes_saved_per_case", "processes"),
            )
            for p in processes
        )
        integrations = _positive(inputs, "integrations", "integrations")
        result = engine_templates.coherent_processes(
            engine_templates.ProcessInputs(
                processes=flows, integrations=integrations, horizon=horizon, bearer=bearer, **chosen
            )
        )
        stored |= {
            "integrations": str(integrations),
            "processes": [
                {
                    "name": f.name,
                    "cases_per_year": str(f.cases_per_year),
                    "minutes_saved_per_case": str(f.minutes_saved_per_case),
                }
                for f in flows
            ],
        }
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


def case_create_from_template(
    *,
    actor: Any,
    organization: Organization,
    template: str,
    inputs: Mapping[str, Any],
    assumptions: Mapping[str, Any] | None = None,
    **fields: Any,
) -> BusinessCase:
    """A draft built by an engine template.

    ``inputs`` per template: channel_shift ``{bearer, services: [{name, in_person,
    digital}]}``; shared_operations ``{split, members: [{organization, operations_cost,
    it_staff_fte, data_centres}]}`` (each member organization bears its own lines);
    standardised_procurement ``{bearer, central_it_spend, purchases_per_year}``; reuse
    ``{bearer, avoided_purchases_per_year}``; coherent_processes ``{bearer, integrations,
    processes: [{name, cases_per_year, minutes_saved_per_case}]}``. ``assumptions``
    overrides the template's defaults by key (see ``knowledge.template_defaults``).
    """
    require(actor, organization, "case.change")
    if template == CaseTemplate.BLANK:
        return case_create(actor=actor, organization=organization, **fields)
    if template not in TEMPLATE_KEYS:
        raise ValidationError({"template": _("Ukendt skabelon.")})
    case = _new_case(organization, fields)
    if not MIN_HORIZON <= case.horizon <= MAX_HORIZON:
        raise ValidationError({"horizon": _("Horisonten skal være 3–10 år.")})
    chosen = _assumptions(template, assumptions or {})
    try:
        result, stored = _engine_template(template, inputs, chosen, case.horizon)
    except ValueError as exc:
        raise ValidationError(
            _("Skabelonen kunne ikke beregnes med disse input: %(e)s") % {"e": exc}
        ) from exc
    defaults = template_defaults(template)
    case.template = template
    case.template_inputs = {
        "knowledge_version": load().version,
        "inputs": stored,
        "assumptions": {
            key: {
                "value": str(value.value),
                "source": value.source,
                "default": str(defaults[key].value),
                "default_source": defaults[key].source,
            }
            for key, value in result.assumptions
        },
        "flags": [{"key": f.key, "da": f.text.da, "en": f.text.en} for f in result.flags],
    }
    label = str(CaseTemplate(template).label)
    lines, risks = rows_from_engine(result.case, _("Skabelon: %(t)s") % {"t": label})
    return _save_new(actor=actor, case=case, lines=lines, risks=risks)


# --- settings, delete, copy ---------------------------------------------------------------


@transaction.atomic
def case_update(*, actor: Any, case: BusinessCase, **fields: Any) -> BusinessCase:
    """Change the settings of a draft; the links (assessment, milestone) may change in
    every status."""
    _require_change(actor, case)
    unknown = set(fields) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValidationError(_("Ukendte felter: %(f)s") % {"f": ", ".join(sorted(unknown))})
    changing = {k for k, v in fields.items() if getattr(case, k) != v}
    if changing - set(LINK_FIELDS):
        _require_draft(case)
    _check_links(case.organization, fields)
    if "horizon" in fields and fields["horizon"] < case.horizon:
        _check_horizon(case, int(fields["horizon"]))
    with _case_change(case, actor):
        for key, value in fields.items():
            setattr(case, key, value)
        case.full_clean()
        case.save()
    return case


def case_delete(*, actor: Any, case: BusinessCase) -> None:
    """Only drafts can be deleted; submitted and decided cases are kept as records."""
    _require_change(actor, case)
    if case.status != CaseStatus.DRAFT:
        raise ValidationError(_("Kun kladder kan slettes."))
    delete_audited(obj=case, actor=actor)


def case_copy(*, actor: Any, case: BusinessCase, name: str = "") -> BusinessCase:
    """A new draft (version 1) with the settings, lines and risks of ``case``."""
    _require_change(actor, case)
    _forget_rows(case)
    settings = {k: getattr(case, k) for k in SETTINGS_FIELDS}
    settings["name"] = (name or _("Kopi af %(name)s") % {"name": case.name})[:200]
    copy = _new_case(case.organization, settings)
    copy.template = case.template
    copy.template_inputs = case.template_inputs
    lines = [{k: getattr(line, k) for k in LINE_FIELDS} for line in case.lines.all()]
    risks = [{k: getattr(risk, k) for k in RISK_FIELDS} for risk in case.risks.all()]
    return _save_new(
        actor=actor,
        case=copy,
        lines=lines,
        risks=risks,
        extra={"copied_from": {"id": case.pk, "name": case.name, "version": case.version}},
    )


# --- lines and risks ----------------------------------------------------------------------


def _next_order(rows: Any) -> int:
    last = rows.order_by("-order").values_list("order", flat=True).first()
    return 0 if last is None else last + 1


@transaction.atomic
def case_line_add(*, actor: Any, case: BusinessCase, **data: Any) -> CaseLine:
    _require_change(actor, case)
    _require_draft(case)
    fields = clean_line(case, data)
    with _case_change(case, actor):
        line = CaseLine(case=case, order=_next_order(case.lines), **fields)
        line.full_clean()
        line.save()
    return line


@transaction.atomic
def case_line_update(*, actor: Any, case: BusinessCase, line: CaseLine, **data: Any) -> CaseLine:
    _require_change(actor, case)
    _require_draft(case)
    if line.case_id != case.pk:
        raise ValidationError(_("Linjen hører ikke til denne business case."))
    fields = clean_line(case, data)
    with _case_change(case, actor):
        for key, value in fields.items():
            setattr(line, key, value)
        line.full_clean()
        line.save()
    return line


@transaction.atomic
def case_line_delete(*, actor: Any, case: BusinessCase, line: CaseLine) -> None:
    _require_change(actor, case)
    _require_draft(case)
    if line.case_id != case.pk:
        raise ValidationError(_("Linjen hører ikke til denne business case."))
    with _case_change(case, actor):
        line.delete()


@transaction.atomic
def case_lines_set(
    *, actor: Any, case: BusinessCase, lines: Sequence[Mapping[str, Any]]
) -> BusinessCase:
    """Replace all lines (API)."""
    _require_change(actor, case)
    _require_draft(case)
    rows = [{"order": i, **clean_line(case, row)} for i, row in enumerate(lines)]
    _forget_rows(case)
    return replace_children_audited(obj=case, actor=actor, relation="lines", rows=rows)


def _risk_room(case: BusinessCase, adding: int) -> None:
    if case.risks.count() + adding > MAX_RISKS:
        raise ValidationError(_("En business case har højst %(n)s risici.") % {"n": MAX_RISKS})


@transaction.atomic
def case_risk_add(*, actor: Any, case: BusinessCase, **data: Any) -> CaseRisk:
    _require_change(actor, case)
    _require_draft(case)
    _risk_room(case, 1)
    fields = clean_risk(case, data)
    with _case_change(case, actor):
        risk = CaseRisk(case=case, order=_next_order(case.risks), **fields)
        risk.full_clean()
        risk.save()
    return risk


@transaction.atomic
def case_risk_update(*, actor: Any, case: BusinessCase, risk: CaseRisk, **data: Any) -> CaseRisk:
    _require_change(actor, case)
    _require_draft(case)
    if risk.case_id != case.pk:
        raise ValidationError(_("Risikoen hører ikke til denne business case."))
    fields = clean_risk(case, data)
    with _case_change(case, actor):
        for key, value in fields.items():
            setattr(risk, key, value)
        risk.full_clean()
        risk.save()
    return risk


@transaction.atomic
def case_risk_delete(*, actor: Any, case: BusinessCase, risk: CaseRisk) -> None:
    _require_change(actor, case)
    _require_draft(case)
    if risk.case_id != case.pk:
        raise ValidationError(_("Risikoen hører ikke til denne business case."))
    with _case_change(case, actor):
        risk.delete()


@transaction.atomic
def case_risks_set(
    *, actor: Any, case: BusinessCase, risks: Sequence[Mapping[str, Any]]
) -> BusinessCase:
    """Replace all risks (API); at most 12."""
    _require_change(actor, case)
    _require_draft(case)
    if len(risks) > MAX_RISKS:
        raise ValidationError(_("En business case har højst %(n)s risici.") % {"n": MAX_RISKS})
    rows = [{"order": i, **clean_risk(case, row)} for i, row in enumerate(risks)]
    _forget_rows(case)
    return replace_children_audited(obj=case, actor=actor, relation="risks", rows=rows)


# --- status and versions ------------------------------------------------------------------


def _freeze(
    case: BusinessCase, actor: Any, step: Transition, fields: Mapping[str, Any]
) -> dict[str, Any]:
    """Store the case as it is now (with its result) under its current version number, as
    the status it moves to, and bump the number."""
    _forget_rows(case)
    values = audit.snapshot(case)
    note = fields.get("note", "")
    snapshot = {
        "settings": {key: values[key] for key in SETTINGS_FIELDS} | {"template": case.template},
        "lines": values["lines"],
        "risks": values["risks"],
        "result": compute.summary(compute.compute(case)),
        "note": note,
    }
    CaseVersion.objects.create(
        case=case,
        number=case.version,
        status=step.target,
        snapshot=snapshot,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    extra: dict[str, Any] = {"frozen_version": case.version}
    if note:
        extra["note"] = note
    case.version += 1
    return extra


def _has_lines(case: BusinessCase, fields: Mapping[str, Any]) -> None:
    if not case.lines.exists():
        raise ValidationError(_("Tilføj mindst én linje, før casen indsendes."))


def _decided(case: BusinessCase, actor: Any, fields: Mapping[str, Any]) -> None:
    case.decided_at = timezone.now()
    case.decided_by = actor if getattr(actor, "is_authenticated", False) else None


def _decision(name: str, target: str) -> Transition:
    return Transition(
        name,
        (CaseStatus.SUBMITTED,),
        target,
        permission="case.decide",
        refusal=gettext_lazy("Kun en indsendt business case kan godkendes eller afvises."),
        apply=_decided,
    )


CASE_WORKFLOW = Machine(
    name="businesscases.case",
    model=BusinessCase,
    states=tuple(CaseStatus.values),
    final=(CaseStatus.APPROVED, CaseStatus.REJECTED),
    freeze=_freeze,
    transitions=(
        Transition(
            "submit",
            (CaseStatus.DRAFT,),
            CaseStatus.SUBMITTED,
            permission="case.change",
            refusal=gettext_lazy("Kun en kladde kan indsendes."),
            check=_has_lines,
        ),
        _decision("approve", CaseStatus.APPROVED),
        _decision("reject", CaseStatus.REJECTED),
    ),
)
"""Draft -> submitted (``case.change``) -> approved or rejected (``case.decide``); each
step freezes a :class:`CaseVersion`."""


def case_submit(*, actor: Any, case: BusinessCase, note: str = "") -> BusinessCase:
    """Draft -> submitted; freezes the version that goes up for decision."""
    return transition(CASE_WORKFLOW, case, "submit", actor=actor, note=note.strip())


def case_decide(*, actor: Any, case: BusinessCase, decision: str, note: str = "") -> BusinessCase:
    """Submitted -> approved or rejected (``case.decide``); freezes the decided version."""
    require(actor, case.organization, "case.decide", case)
    if decision not in (CaseStatus.APPROVED, CaseStatus.REJECTED):
        raise ValidationError({"decision": _("Vælg godkend eller afvis.")})
    return transition(CASE_WORKFLOW, case, decision, actor=actor, note=note.strip())


# --- benefit realisation ------------------------------------------------------------------


@transaction.atomic
def case_actuals_set(
    *, actor: Any, case: BusinessCase, actuals: Sequence[Mapping[str, Any]]
) -> BusinessCase:
    """Replace the actual figures ``[{year, kind, amount, note}]`` of an approved case.
    Years are calendar years within the case's horizon; one figure per year and kind."""
    _require_change(actor, case)
    if case.status != CaseStatus.APPROVED:
        raise ValidationError(_("Faktiske tal registreres, når business casen er godkendt."))
    first, last = case.start_year, case.start_year + case.horizon - 1
    rows: list[dict[str, Any]] = []
    seen: set[tuple[int, str]] = set()
    for data in actuals:
        try:
            year = int(data.get("year", 0))
        except (TypeError, ValueError) as exc:
            raise ValidationError({"year": _("Året skal være et helt tal.")}) from exc
        if not first <= year <= last:
            raise ValidationError(
                {
                    "year": _("Året skal ligge i %(first)s–%(last)s.")
                    % {"first": first, "last": last}
                }
            )
        kind = str(data.get("kind", ""))
        if kind not in ActualKind.values:
            raise ValidationError({"kind": _("Vælg omkostning eller gevinst.")})
        if (year, kind) in seen:
            raise ValidationError(_("Ét tal pr. år og art."))
        seen.add((year, kind))
        amount = _decimal(data.get("amount"), "amount")
        if amount < 0:
            raise ValidationError(
                {"amount": _("Beløb er positive; arten afgør, om det er en omkostning.")}
            )
        rows.append(
            {
                "year": year,
                "kind": kind,
                "amount": amount.quantize(ORE, ROUND_HALF_UP),
                "note": str(data.get("note") or "").strip()[:200],
            }
        )
    rows.sort(key=lambda r: (r["year"], r["kind"]))
    _forget_rows(case)
    return replace_children_audited(obj=case, actor=actor, relation="actuals", rows=rows)
