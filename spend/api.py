"""The spend API.

* ``GET /organizations/{id}/spend-lines``: posted lines (filters ``period_from``,
  ``period_to``, ``vendor``, ``unit``, ``it``; ``q`` searches text and creditor), each
  with the rule that classified it; three queries per page;
* ``GET …/analyses/spend?year=``: a year's totals per vendor, unit, account and month;
* ``GET …/analyses/shadow-it``: the shadow-it candidates with their triage (filters
  ``kind``, ``status``, ``current``), and the share of IT spend outside central agreements;
* ``POST …/shadow-it/{id}/triage``: triage a candidate (spend.triage);
* ``GET …/spend-vendors``: the creditors with their match in the portfolio.

The classification rules' CRUD comes from their resource (``…/spend-rules``). Imports go
through the imports API (kind ``spend``). Another organization's candidate is a 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from core.api import MONEY, ORG, money, page_of, paginate
from core.api.tenancy import member_organization
from spend import candidates, selectors
from spend import choices as c
from spend.filters import CANDIDATE_FILTERS, LINE_FILTERS, VENDOR_FILTERS

router = Router(tags=["spend"])
OPERATION_ID_PREFIX = "spend_api"
VIEW, TRIAGE = "spend.view", "spend.triage"


def _params(request: HttpRequest) -> dict[str, Any]:
    """The query parameters a list takes (no ``changed_since``: lines are replaced, not
    edited)."""
    return {k: v for k, v in request.GET.items() if k != "changed_since"}


class SpendLineOut(Schema):
    id: int
    posted: dt.date
    vendor: int = Field(description="Id of the creditor (spend-vendors)")
    vendor_name: str
    unit: str = Field(description="Omkostningssted as in the financial system")
    account: str
    function: str
    amount: str = Field(description=MONEY)
    text: str
    is_it: bool
    rule: int | None = Field(description="Id of the classification rule; null: no rule matched")
    rule_name: str


def _line(line: Any) -> dict[str, Any]:
    return {
        "id": line.pk,
        "posted": line.posted,
        "vendor": line.vendor_id,
        "vendor_name": line.vendor.name,
        "unit": line.unit,
        "account": line.account,
        "function": line.function,
        "amount": money(line.amount),
        "text": line.text,
        "is_it": line.is_it,
        "rule": line.rule_id,
        "rule_name": line.rule.name if line.rule_id else "",
    }


@router.get(f"{ORG}/spend-lines", response=page_of(SpendLineOut), summary="Posted spend lines")
def line_list(request: HttpRequest, org_id: int) -> Any:
    org = member_organization(request, org_id, VIEW)
    page = paginate(
        request,
        selectors.line_list(organization=org),
        filterset=LINE_FILTERS,
        params=_params(request),
    )
    return {"items": [_line(x) for x in page["items"]], "count": page["count"]}


class SpendVendorOut(Schema):
    id: int
    name: str
    number: str
    cvr: str
    match: c.MatchHow
    vendor: int | None = Field(description="Id of the portfolio vendor it is matched to")
    candidates: list[dict[str, Any]] = Field(description="Possible vendors of an ambiguous match")


@router.get(
    f"{ORG}/spend-vendors", response=page_of(SpendVendorOut), summary="Creditors and their match"
)
def vendor_list(request: HttpRequest, org_id: int) -> Any:
    org = member_organization(request, org_id, VIEW)
    page = paginate(request, selectors.vendor_list(organization=org), filterset=VENDOR_FILTERS)
    return {
        "items": [
            {
                "id": v.pk,
                "name": v.name,
                "number": v.number,
                "cvr": v.cvr,
                "match": v.match,
                "vendor": v.vendor_id,
                "candidates": v.match_candidates,
            }
            for v in page["items"]
        ],
        "count": page["count"],
    }


class SpendGroupOut(Schema):
    key: str
    name: str = ""
    amount: str = Field(description=MONEY)
    it_amount: str = Field(description=MONEY)
    lines: int


class SpendAnalysisOut(Schema):
    year: int
    total: str = Field(description=MONEY)
    it_total: str = Field(description=MONEY)
    it_share: float | None
    lines: int
    it_lines: int
    months_with_data: int = Field(description="Months of the year that have lines (coverage)")
    vendors: int
    units: int
    by_vendor: list[SpendGroupOut] = Field(description="The 25 largest")
    by_unit: list[SpendGroupOut] = Field(description="The 25 largest")
    by_account: list[SpendGroupOut] = Field(description="The 25 largest")
    by_month: list[SpendGroupOut]


def _groups(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    return [
        {
            "key": str(r[key]),
            "name": r.get("name", ""),
            "amount": money(r["amount"]),
            "it_amount": money(r["it_amount"]),
            "lines": r["lines"],
        }
        for r in rows
    ]


@router.get(
    f"{ORG}/analyses/spend",
    response=SpendAnalysisOut,
    summary="A year's spend per vendor, unit, account and month",
)
def spend_analysis(request: HttpRequest, org_id: int, year: int | None = None) -> Any:
    org = member_organization(request, org_id, VIEW)
    year = year or timezone.localdate().year
    if not 1990 <= year <= 2100:
        raise HttpError(400, "year skal ligge mellem 1990 og 2100.")
    a = selectors.spend_analysis(organization=org, year=year)
    return {
        "year": a.year,
        "total": money(a.total),
        "it_total": money(a.it_total),
        "it_share": None if a.it_share is None else round(a.it_share, 4),
        "lines": a.lines,
        "it_lines": a.it_lines,
        "months_with_data": a.months_with_data,
        "vendors": a.vendors,
        "units": a.units,
        "by_vendor": _groups(a.by_vendor, "vendor_id"),
        "by_unit": _groups(a.by_unit, "unit"),
        "by_account": _groups(a.by_account, "account"),
        "by_month": _groups(a.by_month, "month"),
    }


class ShadowCandidateOut(Schema):
    id: int
    kind: c.CandidateKind
    vendor: int
    vendor_name: str
    unit: str
    year: int | None
    amount: str = Field(description=MONEY)
    lines: int
    first_seen: dt.date
    last_seen: dt.date
    current: bool = Field(description="Whether the last computation still found it")
    status: c.Triage
    note: str
    contract: int | None
    usage: int | None
    request: int | None
    detail: dict[str, Any]


def _candidate(k: Any) -> dict[str, Any]:
    return {
        "id": k.pk,
        "kind": k.kind,
        "vendor": k.vendor_id,
        "vendor_name": k.vendor.name,
        "unit": k.unit,
        "year": k.year or None,
        "amount": money(k.amount),
        "lines": k.lines,
        "first_seen": k.first_seen,
        "last_seen": k.last_seen,
        "current": k.current,
        "status": k.status,
        "note": k.note,
        "contract": k.contract_id,
        "usage": k.usage_id,
        "request": k.request_id,
        "detail": k.detail,
    }


class ShadowItOut(Schema):
    items: list[ShadowCandidateOut]
    count: int
    outside_central_share: float | None = Field(
        description="Share of the last twelve months' IT spend outside central agreements"
    )
    outside_central_source: str
    open_total: str = Field(description=MONEY)


@router.get(
    f"{ORG}/analyses/shadow-it",
    response=ShadowItOut,
    summary="Shadow-it candidates with their triage",
)
def shadow_it(request: HttpRequest, org_id: int) -> Any:
    from spend.facts import advisor_facts

    org = member_organization(request, org_id, VIEW)
    page = paginate(
        request, selectors.candidate_list(organization=org), filterset=CANDIDATE_FILTERS
    )
    measured = selectors.outside_central(organization=org)
    share, source = advisor_facts(organization=org)["spend_outside_central_share"]
    return {
        "items": [_candidate(k) for k in page["items"]],
        "count": page["count"],
        "outside_central_share": share,
        "outside_central_source": source,
        "open_total": money(measured.candidates_total if measured else 0),  # type: ignore[arg-type]
    }


class ShadowTriageIn(Schema):
    decision: str = Field(
        description="system, anskaffelse, kontrakt, ikke_it, accepteret or genaabn"
    )
    name: str = Field("", max_length=200, description="The system's name (decision system)")
    contract: int | None = Field(None, description="Id of the contract (decision kontrakt)")
    note: str = Field("", max_length=5000)


@router.post(
    f"{ORG}/shadow-it/{{candidate_id}}/triage",
    response=ShadowCandidateOut,
    summary="Triage a shadow-it candidate (spend.triage)",
)
def triage(request: HttpRequest, org_id: int, candidate_id: int, payload: ShadowTriageIn) -> Any:
    org = member_organization(request, org_id, VIEW)
    candidate = selectors.candidate_get(organization=org, pk=candidate_id)
    try:
        done = candidates.candidate_triage(
            actor=request.user,
            candidate=candidate,
            decision=payload.decision,
            name=payload.name,
            contract=payload.contract,
            note=payload.note,
        )
    except ValidationError:
        raise
    return _candidate(selectors.candidate_get(organization=org, pk=done.pk))
