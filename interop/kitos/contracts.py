"""KITOS it-contracts → contracts (with their usages, payments and parents)."""

from __future__ import annotations

import uuid as uuidlib
from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _

from interop.kitos.context import KitosContext
from interop.kitos.mapping import CONTRACT_TYPE, NOTICE_RUNS_TO, PROCUREMENT
from interop.kitos.pages import CONTRACTS, Record
from interop.kitos.values import (
    chunks,
    date_of,
    inverted,
    mark,
    name_of,
    parent_keys,
    replace_links,
    rows_by_uuid,
    text_of,
    uuid_of,
)
from interop.kitos.vendors import import_vendors
from portfolio import choices as c
from portfolio.models import Contract, ContractPayment


def import_contracts(ctx: KitosContext, records: list[Record]) -> None:
    import_vendors(
        ctx,
        [
            ((r.get("supplier") or {}).get("organization"), f"{CONTRACTS} {r.get('uuid')}")
            for r in records
        ],
    )
    keys = [k for k in (uuid_of(r) for r in records) if k]
    existing = rows_by_uuid(Contract.objects.prefetch_related("usages", "payments"), keys)
    usage_keys = [
        k for r in records for k in (uuid_of(ref) for ref in r.get("systemUsages") or []) if k
    ]
    usages = ctx.usage_by_uuid(usage_keys)
    create: list[Contract] = []
    update: list[Contract] = []
    usage_sets: dict[uuidlib.UUID, set[int]] = {}
    payments: dict[uuidlib.UUID, dict[tuple[int, str], Decimal]] = {}
    links_dirty: set[uuidlib.UUID] = set()
    payments_dirty: set[uuidlib.UUID] = set()
    foreign = _("UUID'et tilhører en anden organisations kontrakt.")
    for row, record, key, contract in ctx.claimed(CONTRACTS, records, existing, foreign):
        general = record.get("general") or {}
        validity = general.get("validity") or {}
        procurement = record.get("procurement") or {}
        period = record.get("agreementPeriod") or {}
        termination = record.get("termination") or {}
        terms = termination.get("terms") or {}
        vendor = ctx.vendors.get(uuid_of((record.get("supplier") or {}).get("organization")))  # type: ignore[arg-type]
        notice_name = name_of(terms.get("noticePeriodMonths"))
        notice_months = 0
        if notice_name:
            digits = "".join(ch for ch in notice_name.split()[0] if ch.isdigit())
            if digits:
                notice_months = int(digits)
            else:
                ctx.report.warn(
                    row,
                    _("Opsigelsesvarslet '%(v)s' kan ikke oversættes; sat til 0.")
                    % {"v": notice_name},
                )
        used = int(period.get("extensionOptionsUsed") or 0)
        contract_type, contract_type_local = ctx.option(
            CONTRACT_TYPE,
            name_of(general.get("contractType")),
            row,
            _("Kontrakttypen"),
            c.ContractType.OTHER,
        )
        procurement_form, procurement_form_local = ctx.option(
            PROCUREMENT,
            name_of(procurement.get("procurementStrategy")),
            row,
            _("Udbudsformen"),
            c.ProcurementForm.OTHER,
        )
        values = {
            "number": text_of(general.get("contractId"), 50),
            "name": text_of(record.get("name"), 200),
            "vendor_id": vendor.pk if vendor else None,
            "contract_type": contract_type,
            "contract_type_local": contract_type_local,
            "procurement_form": procurement_form,
            "procurement_form_local": procurement_form_local,
            "start_date": date_of(validity.get("validFrom")),
            "end_date": date_of(validity.get("validTo")),
            "irrevocable_until": date_of(period.get("irrevocableUntil")),
            "notice_months": notice_months,
            "notice_runs_to": ctx.mapped(
                NOTICE_RUNS_TO, terms.get("noticeByEndOf"), row, _("Opsigelse løber til")
            ),
            "options_used": used,
            "options_offered": max(used, contract.options_offered if contract else 0),
            "terminated": bool(termination.get("terminatedAt")),
            "terminated_date": date_of(termination.get("terminatedAt")),
            "responsible_unit_id": ctx.unit(
                (record.get("responsible") or {}).get("organizationUnit"), row
            ),
            "notes": text_of(general.get("notes")),
        }
        if not values["name"]:
            ctx.report.error(row, _("Kontrakten mangler et navn."))
            continue
        if inverted(values["start_date"], values["end_date"]):
            ctx.report.error(row, _("Udløbsdatoen ligger før startdatoen."))
            continue
        linked = ctx.usage_ids(record.get("systemUsages") or [], usages, row)
        usage_sets[key] = linked
        streams: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
        pay = record.get("payments") or {}
        for line in [*(pay.get("external") or []), *(pay.get("internal") or [])]:
            when = date_of(line.get("auditDate")) or values["start_date"]
            if when is None or not 2000 <= when.year <= 2100:
                ctx.report.warn(
                    row,
                    _("En betaling (%(date)s) kan ikke placeres på et år mellem 2000 og 2100.")
                    % {"date": when or "uden dato"},
                )
                continue
            for stream in ("acquisition", "operation", "other"):
                amount = line.get(stream) or 0
                if amount:
                    streams[(when.year, stream)] += Decimal(str(amount))
        payments[key] = streams
        if contract is None:
            contract = ctx.created(
                "contracts", Contract(uuid=key, organization=ctx.org, **values), create
            )
        else:
            current = {(p.year, p.stream): p.amount for p in contract.payments.all()}
            changed = (
                ctx.track(contract, values)
                | mark(links_dirty, key, {u.pk for u in contract.usages.all()} != linked)
                | mark(payments_dirty, key, current != dict(streams))
            )
            ctx.counted("contracts", contract, changed, update)
        ctx.contracts[key] = contract
    Contract.objects.bulk_create(create, batch_size=1000)
    pending = {id(x) for x in update}
    parents = parent_keys(records, "parentContract", ctx.contracts)
    parent_rows = rows_by_uuid(
        Contract.objects.filter(organization=ctx.org), {p for p in parents.values() if p}
    )
    for key, parent_key in parents.items():
        contract = ctx.contracts[key]
        parent = parent_rows.get(parent_key) if parent_key else None
        parent_id = parent.pk if parent else None
        if ctx.track(contract, {"parent_id": parent_id}) and id(contract) not in pending:
            pending.add(id(contract))
            update.append(contract)
    ctx.save(Contract, update)
    new = {x.uuid for x in create}
    replace_links(
        Contract.usages.through,
        "contract_id",
        "systemusage_id",
        {ctx.contracts[k].pk: usage_sets[k] for k in links_dirty | new},
    )
    rewrite = [ctx.contracts[k].pk for k in payments_dirty | new]
    for chunk in chunks(rewrite):
        ContractPayment.objects.filter(contract_id__in=chunk).delete()
    ContractPayment.objects.bulk_create(
        [
            ContractPayment(
                contract_id=ctx.contracts[k].pk, year=year, stream=stream, amount=amount
            )
            for k in payments_dirty | new
            for (year, stream), amount in sorted(payments[k].items())
        ],
        batch_size=1000,
    )
