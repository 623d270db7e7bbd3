"""Shadow-it candidates: IT spend the portfolio does not explain, and their triage.

Three kinds, recomputed after every import and triage (:func:`refresh`):

* **uden_aftale** - IT-classified spend (net, after credit notes, above zero) on a
  creditor that is not matched to a vendor of the portfolio, or whose vendor has neither
  a contract nor a system in use in the organization; per creditor and unit.
* **efter_udloeb** - IT spend on a vendor all of whose contracts have an end date, posted
  after the last of them; per creditor and unit.
* **over_aftalt** - a year's IT spend on a vendor more than ``OVER_FACTOR`` times the
  payments its contracts agree for that year (and at least ``OVER_MIN`` kr. above them).

A candidate is kept across imports (its key: kind, creditor, unit, year), so a person's
triage is remembered: the next import updates its amounts, never its verdict. One that
is no longer found is marked not current. Triage is a workflow (``spend.candidate``):
it is a system (a prefilled system usage is created), a procurement request after the
fact (created), covered by a contract, not IT, or - for payments after expiry or above
the agreed - explained; each with who and when, audited; reopening is allowed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Min, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.aggregates import MoneySum
from core.workflow import Machine, Transition, records, transition
from organizations.models import Organization, OrganizationUnit
from portfolio import choices as pc
from portfolio.models import Contract, ContractPayment, SystemUsage, Vendor
from spend import choices as c
from spend.models import ShadowCandidate, SpendLine, SpendMonth, SpendVendor

OVER_FACTOR = Decimal("1.25")
OVER_MIN = Decimal(10000)
TRIAGE = "spend.triage"


def _covered_vendor_ids(organization: Organization) -> set[int]:
    """Vendors with a contract or a system in use in the organization."""
    contracts = Contract.objects.filter(organization=organization, vendor__isnull=False)
    usages = SystemUsage.objects.filter(
        organization=organization, catalog_system__vendor__isnull=False
    )
    return set(contracts.values_list("vendor_id", flat=True)) | set(
        usages.values_list("catalog_system__vendor_id", flat=True)
    )


def _matched(organization: Organization) -> dict[int, int]:
    """spend vendor id -> portfolio vendor id, for matched creditors."""
    return dict(
        SpendVendor.objects.filter(
            organization=organization, match__in=c.MATCHED, vendor__isnull=False
        ).values_list("pk", "vendor_id")
    )


def _groups(queryset: Any) -> list[dict[str, Any]]:
    return list(
        queryset.values("vendor_id", "unit")
        .annotate(
            amount=MoneySum("amount"), lines=Count("pk"), first=Min("posted"), last=Max("posted")
        )
        .order_by("vendor_id", "unit")
    )


def compute(organization: Organization) -> dict[tuple[str, int, str, int], dict[str, Any]]:
    """The candidates found now, keyed (kind, spend vendor id, unit, year)."""
    found: dict[tuple[str, int, str, int], dict[str, Any]] = {}
    matched = _matched(organization)
    covered = _covered_vendor_ids(organization)
    it_lines = SpendLine.objects.filter(organization=organization, is_it=True)
    for group in _groups(it_lines):
        vendor = matched.get(group["vendor_id"])
        if (vendor is None or vendor not in covered) and group["amount"] > 0:
            key = (c.CandidateKind.NO_AGREEMENT.value, group["vendor_id"], group["unit"], 0)
            found[key] = {**group, "detail": {"vendor": vendor}}
    by_vendor: dict[int, list[int]] = defaultdict(list)
    for spend_vendor, vendor in matched.items():
        by_vendor[vendor].append(spend_vendor)
    contracts: dict[int, list[tuple[int, dt.date | None, str]]] = defaultdict(list)
    for pk, vendor, end, name in Contract.objects.filter(
        organization=organization, vendor_id__in=list(by_vendor)
    ).values_list("pk", "vendor_id", "end_date", "name"):
        contracts[vendor].append((pk, end, name))
    for vendor, rows in contracts.items():
        ends = [end for _pk, end, _name in rows]
        if any(end is None for end in ends):
            continue
        last_end = max(e for e in ends if e is not None)
        last = next(r for r in rows if r[1] == last_end)
        late = it_lines.filter(vendor_id__in=by_vendor[vendor], posted__gt=last_end)
        for group in _groups(late):
            if group["amount"] > 0:
                key = (c.CandidateKind.AFTER_EXPIRY.value, group["vendor_id"], group["unit"], 0)
                detail = {
                    "contract": last[0],
                    "contract_name": last[2],
                    "end": last_end.isoformat(),
                }
                found[key] = {**group, "detail": detail}
    agreed: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    for vendor, year, amount in ContractPayment.objects.filter(
        contract__organization=organization, contract__vendor_id__in=list(by_vendor)
    ).values_list("contract__vendor_id", "year", "amount"):
        agreed[(vendor, year)] += amount
    spent: dict[tuple[int, int], dict[str, Any]] = {}
    months = (
        SpendMonth.objects.filter(
            organization=organization, is_it=True, vendor_id__in=list(matched)
        )
        .annotate(year=ExtractYear("month"))
        .values("vendor_id", "year")
        .annotate(total=MoneySum("amount"), n=Sum("lines"), first=Min("month"), last=Max("month"))
    )
    for row in months:
        vendor = matched[row["vendor_id"]]
        entry = spent.setdefault(
            (vendor, row["year"]),
            {
                "amount": Decimal(0),
                "lines": 0,
                "first": row["first"],
                "last": row["last"],
                "top": (Decimal(-1), 0),
            },
        )
        entry["amount"] += row["total"]
        entry["lines"] += row["n"]
        entry["first"], entry["last"] = (
            min(entry["first"], row["first"]),
            max(entry["last"], row["last"]),
        )
        entry["top"] = max(entry["top"], (row["total"], row["vendor_id"]))
    for (vendor, year), entry in spent.items():
        limit = agreed.get((vendor, year))
        if not limit or limit <= 0:
            continue
        if entry["amount"] > limit * OVER_FACTOR and entry["amount"] - limit >= OVER_MIN:
            spend_vendor = entry["top"][1]
            key = (c.CandidateKind.OVER_AGREED.value, spend_vendor, "", year)
            found[key] = {
                "amount": entry["amount"],
                "lines": entry["lines"],
                "first": entry["first"],
                "last": entry["last"],
                "detail": {"agreed": f"{limit:.2f}", "vendor": vendor},
            }
    return found


def refresh(*, organization: Organization) -> None:
    """Store what :func:`compute` finds; triage is kept, vanished ones are not current."""
    found = compute(organization)
    existing = {
        (k.kind, k.vendor_id, k.unit, k.year): k
        for k in ShadowCandidate.objects.filter(organization=organization)
    }
    now = timezone.now()
    create, update = [], []
    for key, data in found.items():
        values = {
            "amount": data["amount"],
            "lines": data["lines"],
            "first_seen": data["first"],
            "last_seen": data["last"],
            "detail": data["detail"],
            "current": True,
        }
        candidate = existing.get(key)
        if candidate is None:
            kind, vendor, unit, year = key
            create.append(
                ShadowCandidate(
                    organization=organization,
                    kind=kind,
                    vendor_id=vendor,
                    unit=unit,
                    year=year,
                    created_at=now,
                    updated_at=now,
                    **values,
                )
            )
        elif any(getattr(candidate, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(candidate, k, v)
            candidate.updated_at = now
            update.append(candidate)
    for key, candidate in existing.items():
        if key not in found and candidate.current:
            candidate.current = False
            candidate.updated_at = now
            update.append(candidate)
    ShadowCandidate.objects.bulk_create(create, batch_size=500)
    fields = ["amount", "lines", "first_seen", "last_seen", "detail", "current", "updated_at"]
    ShadowCandidate.objects.bulk_update(update, fields, batch_size=500)


# Triage ---------------------------------------------------------------------------------


def _unit(candidate: ShadowCandidate) -> OrganizationUnit | None:
    """The organization unit the cost centre names (by local id, else by name)."""
    if not candidate.unit:
        return None
    units = OrganizationUnit.objects.filter(organization=candidate.organization)
    return (
        units.filter(local_id__iexact=candidate.unit).first()
        or units.filter(name__iexact=candidate.unit).first()
    )


def _stamp(obj: ShadowCandidate, actor: Any) -> None:
    obj.triaged_by = actor if getattr(actor, "is_authenticated", False) else None
    obj.triaged_at = timezone.now()


def _portfolio_vendor(obj: ShadowCandidate, actor: Any) -> Vendor:
    from portfolio import services as portfolio_services

    spend_vendor = obj.vendor
    if spend_vendor.vendor_id and spend_vendor.match in c.MATCHED:
        matched: Vendor | None = spend_vendor.vendor
        assert matched is not None
        return matched
    vendor = Vendor.objects.filter(cvr=spend_vendor.cvr).first() if spend_vendor.cvr else None
    if vendor is None:
        vendor = portfolio_services.vendor_create(
            actor=actor, organization=obj.organization, name=spend_vendor.name, cvr=spend_vendor.cvr
        )
    spend_vendor.vendor, spend_vendor.match, spend_vendor.match_candidates = (
        vendor,
        c.MatchHow.MANUAL,
        [],
    )
    spend_vendor.save(update_fields=["vendor", "match", "match_candidates", "updated_at"])
    return vendor


def _to_system(obj: ShadowCandidate, actor: Any, fields: Any) -> dict[str, Any]:
    from portfolio import services as portfolio_services

    vendor = _portfolio_vendor(obj, actor)
    name = (fields.get("name") or obj.vendor.name).strip()[:200]
    system = portfolio_services.catalog_create(
        actor=actor,
        organization=obj.organization,
        name=name,
        vendor=vendor,
        business_type=fields.get("business_type") or pc.BusinessType.ANDET,
    )
    unit = _unit(obj)
    usage = portfolio_services.usage_create(
        actor=actor,
        organization=obj.organization,
        catalog_system=system,
        lifecycle=pc.Lifecycle.OPERATIONAL,
        responsible_unit=unit,
        using_units=[unit] if unit else [],
        notes=_(
            "Oprettet fra en skygge-it-kandidat: %(amount)s kr. betalt til %(vendor)s "
            "%(first)s–%(last)s."
        )
        % {
            "amount": f"{obj.amount:.2f}",
            "vendor": obj.vendor.name,
            "first": obj.first_seen.isoformat(),
            "last": obj.last_seen.isoformat(),
        },
    )
    obj.usage = usage
    obj.note = fields.get("note", "") or ""
    _stamp(obj, actor)
    return {"usage": usage.pk}


def _to_request(obj: ShadowCandidate, actor: Any, fields: Any) -> dict[str, Any]:
    from procurement import services as procurement_services

    request = procurement_services.request_create(
        actor=actor,
        organization=obj.organization,
        title=(_("Anskaffelse efter betaling: %(vendor)s") % {"vendor": obj.vendor.name})[:200],
        problem=_(
            "Købt uden om anskaffelsesprocessen; fundet i forbruget: %(amount)s kr. "
            "%(first)s–%(last)s. %(note)s"
        )
        % {
            "amount": f"{obj.amount:.2f}",
            "first": obj.first_seen.isoformat(),
            "last": obj.last_seen.isoformat(),
            "note": fields.get("note", "") or "",
        },
        unit=_unit(obj),
    )
    obj.request = request
    obj.note = fields.get("note", "") or ""
    _stamp(obj, actor)
    return {"request": request.pk}


def _check_contract(obj: ShadowCandidate, fields: Any) -> None:
    if not Contract.objects.filter(organization=obj.organization, pk=fields["contract"]).exists():
        raise ValidationError({"contract": _("Kontrakten findes ikke i organisationen.")})


def _to_contract(obj: ShadowCandidate, actor: Any, fields: Any) -> dict[str, Any]:
    contract = Contract.objects.get(organization=obj.organization, pk=fields["contract"])
    obj.contract = contract
    obj.note = fields.get("note", "") or ""
    spend_vendor = obj.vendor
    if contract.vendor_id and spend_vendor.vendor_id != contract.vendor_id:
        spend_vendor.vendor, spend_vendor.match, spend_vendor.match_candidates = (
            contract.vendor,
            c.MatchHow.MANUAL,
            [],
        )
        spend_vendor.save(update_fields=["vendor", "match", "match_candidates", "updated_at"])
    _stamp(obj, actor)
    return {"contract": contract.pk}


def _with_note(obj: ShadowCandidate, actor: Any, fields: Any) -> dict[str, Any]:
    obj.note = fields["note"]
    _stamp(obj, actor)
    return {}


def _reopen(obj: ShadowCandidate, actor: Any, fields: Any) -> dict[str, Any]:
    obj.note = fields.get("note", "") or ""
    obj.triaged_by, obj.triaged_at = None, None
    return {}


OPEN = (c.Triage.OPEN,)
TRIAGED = tuple(t for t in c.Triage.values if t != c.Triage.OPEN)
NOTE = gettext_lazy("Skriv en begrundelse.")

MACHINE = Machine(
    name="spend.candidate",
    model=ShadowCandidate,
    states=tuple(c.Triage.values),
    field="status",
    final=TRIAGED,
    transitions=(
        Transition("system", OPEN, c.Triage.SYSTEM, TRIAGE, apply=_to_system),
        Transition("anskaffelse", OPEN, c.Triage.REQUEST, TRIAGE, apply=_to_request),
        Transition(
            "kontrakt",
            OPEN,
            c.Triage.CONTRACT,
            TRIAGE,
            required={"contract": gettext_lazy("Vælg kontrakten.")},
            check=_check_contract,
            apply=_to_contract,
        ),
        Transition(
            "ikke_it", OPEN, c.Triage.NOT_IT, TRIAGE, required={"note": NOTE}, apply=_with_note
        ),
        Transition(
            "accepteret", OPEN, c.Triage.ACCEPTED, TRIAGE, required={"note": NOTE}, apply=_with_note
        ),
        Transition("genaabn", TRIAGED, c.Triage.OPEN, TRIAGE, apply=_reopen),
    ),
)


def candidate_triage(
    *, actor: Any, candidate: ShadowCandidate, decision: str, **fields: Any
) -> ShadowCandidate:
    """Triage a candidate (``decision``: system, anskaffelse, kontrakt, ikke_it, accepteret
    or genaabn); then the candidates are recomputed, so one that is now explained (a
    system or contract covers its vendor) is no longer current."""
    if decision not in {t.name for t in MACHINE.transitions}:
        raise ValidationError(_("Ukendt vurdering: %(name)s.") % {"name": decision})
    clean = {k: v for k, v in fields.items() if v not in (None, "")}
    result = transition(MACHINE, candidate, decision, actor=actor, **clean)
    refresh(organization=candidate.organization)
    result.refresh_from_db()
    return result


def history(candidate: ShadowCandidate) -> Any:
    """The candidate's triage steps, newest first."""
    return records(MACHINE, candidate).select_related("actor")
