"""Business cases under /api/v1/organizations/{org_id}/business-cases.

* ``GET …/business-cases`` lists the organization's cases (``q``, ``status``,
  ``template``, ``sort``, ``changed_since``, ``limit`` ≤ 100, ``offset``) with their lines,
  risks, actual figures and frozen versions, at a constant number of queries;
  ``POST`` creates a draft, blank or from one of the engine's five templates;
  ``GET|PATCH|DELETE …/{case_id}`` reads, changes the settings of, or deletes a draft.
* ``PUT …/{case_id}/lines`` and ``…/risks`` replace the rows (drafts only; at most 12
  risks); ``PUT …/actuals`` replaces the actual figures of an approved case.
* ``GET …/{case_id}/result``: NPV, payback, yearly flows, P10/P50/P90, the probability of
  a positive NPV, the risk pool and the tornado ranking - computed from the stored rows
  with the case's seed, so the same case gives the same numbers.
* ``POST …/{case_id}/submit`` (``case.change``) and ``…/decide`` (``case.decide``) move
  the status and freeze a version.

Money is a decimal **string** in kr. with two decimals; input accepts a string or a
number. Years of lines and risks are indexes within the horizon (0 = ``start_year``);
years of actual figures are calendar years. Another organization's case is a 404.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from businesscases import compute, selectors, services
from businesscases.choices import ActualKind, BudgetReduction, CaseStatus, CaseTemplate, LineKind
from businesscases.filters import CASE_FILTERS
from businesscases.forms import (
    member_organizations,
    organization_assessments,
    organization_milestones,
)
from businesscases.models import BusinessCase
from core.api import MONEY, AmountOut, money
from core.api.resources import ApiResource, Writable, resolved
from core.api.routes import Crud
from core.api.tenancy import member_organization
from organizations.models import Organization

router = Router(tags=["business cases"])


# Schemas ---------------------------------------------------------------------------------


class _Estimate(Schema):
    """The three-point estimate of a line or risk as money strings."""

    resolve_low = resolved("low", money)
    resolve_mode = resolved("mode", money)
    resolve_high = resolved("high", money)


class LineOut(_Estimate):
    id: int
    order: int
    name: str
    kind: LineKind
    low: str = Field(description=MONEY + " For effektiviseringsgevinster: timer pr. år.")
    mode: str
    high: str
    years: list[int] = Field(description="Årsindeks inden for horisonten (0 = start_year).")
    factors: list[str] = Field(description="Indfasning pr. år (1 = 100 %); tom = 100 % alle år.")
    bearer: str
    unit_value: str = Field(description="Timepris for effektiviseringsgevinster, ellers 1.")
    score: int | None
    source: str
    group: str = Field(description="Fælles antagelse: linjer med samme værdi simuleres sammen.")

    resolve_unit_value = resolved("unit_value", money)

    @staticmethod
    def resolve_factors(obj: Any) -> list[str]:
        return [str(f) for f in obj.factors or ()]


class RiskOut(_Estimate):
    id: int
    order: int
    name: str
    probability: str = Field(description="Sandsynlighed 0–1 som decimaltekst.")
    low: str = Field(description=MONEY)
    mode: str
    high: str
    year: int = Field(description="Årsindeks inden for horisonten (0 = start_year).")
    bearer: str

    resolve_probability = resolved("probability", str)


class ActualOut(AmountOut):
    year: int
    kind: ActualKind
    amount: str = Field(description=MONEY)
    note: str


class VersionOut(Schema):
    number: int
    status: CaseStatus
    created_at: dt.datetime
    npv: str | None

    @staticmethod
    def resolve_npv(obj: Any) -> str | None:
        return (obj.snapshot.get("result") or {}).get("npv")


class CaseOut(Schema):
    id: int
    name: str
    description: str
    template: CaseTemplate
    template_inputs: dict[str, Any] = Field(
        description="Skabelonens input, antagelser med kilder og opmærksomhedspunkter."
    )
    status: CaseStatus
    version: int = Field(description="Nummeret, næste frosne version får.")
    start_year: int
    horizon: int
    rate: str = Field(description="Diskonteringsrente som andel, fx 0.0350.")
    iterations: int
    seed: int
    coverage: str = Field(description="Risikopuljens dækning som andel, fx 0.80.")
    budget_reduction: BudgetReduction = Field(
        description="Foreslås de økonomiske gevinster i budgettet taget ud af budgettet?"
    )
    assessment_id: int | None
    milestone_id: int | None
    decided_at: dt.datetime | None
    lines: list[LineOut]
    risks: list[RiskOut]
    actuals: list[ActualOut]
    versions: list[VersionOut]
    created_at: dt.datetime
    updated_at: dt.datetime

    resolve_rate = resolved("rate", str)
    resolve_coverage = resolved("coverage", str)


class ServiceIn(Schema):
    name: str
    in_person: Decimal = Field(ge=0)
    digital: Decimal = Field(ge=0)


class MemberIn(Schema):
    organization_id: int
    operations_cost: Decimal = Field(ge=0, description=MONEY)
    it_staff_fte: Decimal = Field(ge=0)
    data_centres: int = Field(ge=0)


class ProcessIn(Schema):
    name: str
    cases_per_year: Decimal = Field(ge=0)
    minutes_saved_per_case: Decimal = Field(ge=0)


class TemplateInputsIn(Schema):
    """The inputs a template needs (see the template's description)."""

    bearer: str = ""
    services: list[ServiceIn] = Field(default_factory=list, description="channel_shift")
    split: Literal["operations_cost", "staff", "equal"] = Field(
        default="operations_cost", description="shared_operations: fordelingsnøgle"
    )
    members: list[MemberIn] = Field(default_factory=list, description="shared_operations")
    central_it_spend: Decimal = Field(
        default=Decimal(0), ge=0, description="standardised_procurement"
    )
    purchases_per_year: Decimal = Field(
        default=Decimal(0), ge=0, description="standardised_procurement"
    )
    avoided_purchases_per_year: Decimal = Field(default=Decimal(0), ge=0, description="reuse")
    integrations: Decimal = Field(default=Decimal(0), ge=0, description="coherent_processes")
    processes: list[ProcessIn] = Field(default_factory=list, description="coherent_processes")


class CaseSettings(Schema):
    description: str = ""
    horizon: int = Field(5, ge=3, le=10)
    rate: Decimal = Field(Decimal("0.035"), ge=0, le=Decimal("0.2"))
    iterations: int = Field(10_000, ge=1_000, le=100_000)
    seed: int = Field(2026, ge=0)
    coverage: Decimal = Field(Decimal("0.80"), ge=Decimal("0.5"), le=Decimal("0.99"))
    budget_reduction: BudgetReduction = BudgetReduction.UNDECIDED
    assessment_id: int | None = None
    milestone_id: int | None = None


class CaseIn(CaseSettings):
    name: str
    start_year: int = Field(ge=2000, le=2100)
    template: CaseTemplate = CaseTemplate.BLANK
    inputs: TemplateInputsIn | None = None
    assumptions: dict[str, Decimal] = Field(
        default_factory=dict,
        description="Skabelonens antagelser, der afviger fra standardværdierne (nøgle → værdi).",
    )


class CasePatch(Schema):
    name: str | None = None
    description: str | None = None
    start_year: int | None = Field(None, ge=2000, le=2100)
    horizon: int | None = Field(None, ge=3, le=10)
    rate: Decimal | None = Field(None, ge=0, le=Decimal("0.2"))
    iterations: int | None = Field(None, ge=1_000, le=100_000)
    seed: int | None = Field(None, ge=0)
    coverage: Decimal | None = Field(None, ge=Decimal("0.5"), le=Decimal("0.99"))
    budget_reduction: BudgetReduction | None = None
    assessment_id: int | None = None
    milestone_id: int | None = None


class LineIn(Schema):
    name: str
    kind: LineKind
    low: Decimal = Field(Decimal(0), description=MONEY)
    mode: Decimal = Decimal(0)
    high: Decimal = Decimal(0)
    years: list[int] = Field(default_factory=list, description="Årsindeks (0 = start_year).")
    factors: list[Decimal] = Field(default_factory=list, description="Indfasning pr. år.")
    bearer: str = ""
    unit_value: Decimal = Decimal(1)
    score: int | None = Field(None, ge=0, le=5)
    source: str = ""
    group: str = Field("", max_length=60, description="Fælles antagelse (simuleres sammen).")


class LinesIn(Schema):
    lines: list[LineIn]


class RiskIn(Schema):
    name: str
    probability: Decimal = Field(ge=0, le=1)
    low: Decimal = Field(description=MONEY)
    mode: Decimal
    high: Decimal
    year: int = Field(0, ge=0)
    bearer: str = ""


class RisksIn(Schema):
    risks: list[RiskIn]


class ActualIn(Schema):
    year: int = Field(description="Kalenderår inden for casens horisont.")
    kind: ActualKind
    amount: Decimal = Field(ge=0, description=MONEY)
    note: str = ""


class ActualsIn(Schema):
    actuals: list[ActualIn]


class SubmitIn(Schema):
    note: str = ""


class DecideIn(Schema):
    decision: Literal["approved", "rejected"]
    note: str = ""


class PaybackOut(Schema):
    year: int
    year_index: int
    month: int = Field(description="Måned 1–12 i tilbagebetalingsåret; 0 = intet at indhente.")
    years: str


class YearFlowOut(Schema):
    year: int
    cost: str
    benefit: str
    net: str
    cumulative: str
    discounted_cumulative: str


class BearerOut(Schema):
    bearer: str
    cost: str
    benefit: str
    net: str
    npv: str


class NonMonetaryOut(Schema):
    name: str
    score: int


class SimulationOut(Schema):
    iterations: int
    seed: int
    distribution: str
    mean: str
    p10: str
    p50: str
    p90: str
    probability_positive: str = Field(description="Andel af simuleringerne med positiv NPV.")


class RiskPoolOut(Schema):
    expected: str
    pool: str
    coverage: str


class TornadoOut(Schema):
    name: str
    key: str
    is_risk: bool
    npv_low: str
    npv_high: str
    swing: str
    variance_share: str


class PriceLevelOut(Schema):
    basis: str
    base_year: int
    text: str


class BudgetOut(Schema):
    economic_benefits: str = Field(
        description=f"{MONEY} Økonomiske gevinster i budgettet i alt over horisonten."
    )
    reduction: BudgetReduction
    text: str = Field(description="Om der foreslås en budgetreduktion, sagt i en sætning.")


class PriceScenarioOut(Schema):
    key: str = Field(description="case (sagens egne priser) eller en forudindstillings nøgle.")
    in_person: str
    digital: str
    npv: str = Field(description="Nutidsværdi, mest sandsynlige beregning, med disse priser.")


class RangeOut(Schema):
    low: str
    mode: str
    high: str


class DriverOut(Schema):
    key: str = Field(description="prices (enhedspriserne) eller adoption (digital andel der nås).")
    name: str
    group: str = Field(description="De linjer (gruppe), hvis værdi den ganger.")
    range: RangeOut = Field(
        description="Intervallet der trækkes fra: personlig pris (prices) eller loftet for "
        "den digitale andel (adoption)."
    )
    minus: RangeOut = Field(
        description="Trækkes fra, med samme tilfældige tal: den digitale pris (prices) eller "
        "dagens digitale andel (adoption, fast)."
    )
    most_likely: str = Field(description="mest sandsynlig værdi minus mest sandsynlig minus.")


class ResultOut(Schema):
    basis: str
    rate: str
    rate_source: str = Field(description="Hvor diskonteringsrenten kommer fra.")
    horizon: int
    start_year: int
    price_level: PriceLevelOut
    npv: str = Field(
        description=f"{MONEY} Den mest sandsynlige beregning (alle linjer på deres "
        "mest sandsynlige værdi)."
    )
    expected_npv: str | None = Field(
        description="Forventet nutidsværdi (simuleringens middelværdi) - overskriften; "
        "null uden simulering."
    )
    most_likely_outside_band: bool | None = Field(
        description="Ligger den mest sandsynlige beregning uden for simuleringens P10-P90?"
    )
    npv_after_risks: str
    payback: PaybackOut | None
    break_even: int | None = Field(description="Kalenderår for diskonteret break-even.")
    benefit_cost_ratio: str | None
    totals_by_kind: dict[str, str]
    by_bearer: list[BearerOut]
    non_monetary: list[NonMonetaryOut]
    expected_risk_cost: str
    years: list[YearFlowOut]
    simulation: SimulationOut | None
    risk_pool: RiskPoolOut | None
    tornado: list[TornadoOut]
    drivers: list[DriverOut] = Field(
        description="Usikre antagelser bag hele linjegrupper, som simuleringen trækker "
        "(kanalomlægning: enhedspriser og digital andel der nås); tom for andre skabeloner. "
        "Deres virkning ses i simulation (P10-P90) og i tornado (nøgle driver:<key>)."
    )
    price_scenarios: list[PriceScenarioOut] = Field(
        description="Kanalomlægning: nutidsværdien med sagens egne enhedspriser og med hver "
        "forudindstilling side om side (tom for andre skabeloner)."
    )
    budget: BudgetOut
    break_even_in_person: str | None = Field(
        description="Kanalomlægning: prisen pr. personlig henvendelse hvor nutidsværdien er 0 "
        "(den digitale pris i samme forhold som i sagen); null hvis ingen pris giver det."
    )


# Helpers -----------------------------------------------------------------------------------


def _case_qs(organization: Organization) -> QuerySet[BusinessCase]:
    return selectors.case_list(organization=organization).prefetch_related(
        "lines", "risks", "actuals", "versions"
    )


CASE_READS = ApiResource(
    queryset=_case_qs, permission="case.view", filters=CASE_FILTERS, model=BusinessCase
)
CASE_WRITES = Writable(
    CASE_READS, permission="case.change", get=selectors.case_get, kwarg="case", refs={}
)


def _links(org: Organization, data: dict[str, Any]) -> dict[str, Any]:
    """assessment_id / milestone_id -> objects of the organization (else a 400)."""
    fields: dict[str, Any] = {}
    for name, choices, unknown in (
        ("assessment", organization_assessments, _("Strategivurderingen findes ikke.")),
        ("milestone", organization_milestones, _("Milepælen findes ikke.")),
    ):
        key = f"{name}_id"
        if key in data:
            pk = data.pop(key)
            found = None if pk is None else choices(org).filter(pk=pk).first()
            if pk is not None and found is None:
                raise ValidationError({key: unknown})
            fields[name] = found
    return fields


def _template_inputs(payload: CaseIn) -> dict[str, Any]:
    inputs = (payload.inputs or TemplateInputsIn()).dict()
    if payload.template == CaseTemplate.SHARED_OPERATIONS:
        wanted = [m["organization_id"] for m in inputs["members"]]
        found = member_organizations().in_bulk(wanted)
        missing = [str(pk) for pk in wanted if pk not in found]
        if missing:
            raise ValidationError(
                {"members": _("Kommune %(ids)s findes ikke.") % {"ids": ", ".join(missing)}}
            )
        inputs["members"] = [
            {**m, "organization": found[m["organization_id"]]} for m in inputs["members"]
        ]
    return inputs


# Operations --------------------------------------------------------------------------------


CASE_API = Crud(router, "business-cases", "case", CASE_WRITES, CaseOut, module=__name__)
CASE_API.add_list("Business cases with lines, risks, actual figures and versions")


@CASE_API.on_collection("post", status=201, summary="Create a draft, blank or from a template")
def case_create(request: HttpRequest, org_id: int, payload: CaseIn) -> tuple[int, Any]:
    org = member_organization(request, org_id, "case.change")
    data = payload.dict(exclude={"inputs", "assumptions", "template"})
    links = _links(org, data)
    fields = {**data, **links}
    case = services.case_create_from_template(
        actor=request.user,
        organization=org,
        template=payload.template,
        inputs=_template_inputs(payload),
        assumptions=payload.assumptions,
        **fields,
    )
    return 201, CASE_READS.one(org, case.pk)


CASE_API.add_detail("One business case")


def _settings(payload: CasePatch, org: Organization) -> dict[str, Any]:
    data = payload.dict(exclude_unset=True)
    links = _links(org, data)
    return {**data, **links}


CASE_API.action(
    "patch",
    "",
    "update",
    services.case_update,
    "Change the settings (drafts; links always)",
    CasePatch,
    _settings,
)
CASE_API.add_delete(services.case_delete, "Delete a draft")


def _rows_set(relation: str, payload_in: type[Schema], summary: str) -> None:
    """``PUT …/{case_id}/<relation>``: replace a draft's lines or risks."""

    def rows(payload: Schema, organization: Organization) -> dict[str, Any]:
        return {"relation": relation, "rows": payload.dict()[relation]}

    CASE_API.action(
        "put", f"/{relation}", f"{relation}_set", services.case_rows_set, summary, payload_in, rows
    )


_rows_set("lines", LinesIn, "Replace the lines of a draft")
_rows_set("risks", RisksIn, "Replace the risks of a draft (≤ 12)")
CASE_API.action(
    "put",
    "/actuals",
    "actuals_set",
    services.case_actuals_set,
    "Replace the actual figures of an approved case (benefit realisation)",
    ActualsIn,
    lambda payload, org: {"actuals": payload.dict()["actuals"]},
)


@CASE_API.on_item(
    "get",
    "/result",
    response=ResultOut,
    summary="NPV, payback, yearly flows, P10/P50/P90, probability of a positive NPV, tornado",
)
def case_result(request: HttpRequest, org_id: int, case_id: int) -> dict[str, Any]:
    org = member_organization(request, org_id, "case.view")
    case = selectors.case_with_rows(organization=org, pk=case_id)
    return compute.summary(compute.compute(case))


CASE_API.action(
    "post",
    "/submit",
    "submit",
    services.case_submit,
    "Submit a draft for decision",
    SubmitIn,
    lambda payload, org: {"note": payload.note},
)
CASE_API.action(
    "post",
    "/decide",
    "decide",
    services.case_decide,
    "Approve or reject (case.decide)",
    DecideIn,
    lambda payload, org: {"decision": payload.decision, "note": payload.note},
    "case.decide",
)
