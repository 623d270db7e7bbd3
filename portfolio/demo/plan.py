"""A planned demo landscape (the rows, children by their parent's index) and how it is
inserted: only what is missing, children only with a parent created in the same run."""

from __future__ import annotations

from dataclasses import dataclass, field

from organizations.models import Organization
from portfolio.demo.catalog import CatalogEntry
from portfolio.demo.common import BATCH, children_of, link_pairs
from portfolio.models import (
    BusinessProcess,
    Contract,
    ContractPayment,
    ContractRole,
    DataObject,
    ExternalReference,
    Integration,
    ProcessStep,
    SystemUsage,
    UsageCost,
    UsageRole,
)


@dataclass
class PlannedUsage:
    entry: CatalogEntry
    unit: str
    obj: SystemUsage
    personal: bool
    self_service: bool


@dataclass
class Plan:
    data_objects: list[DataObject] = field(default_factory=list)
    usages: list[PlannedUsage] = field(default_factory=list)
    using_units: list[tuple[int, int]] = field(default_factory=list)
    kle_additions: list[tuple[int, int]] = field(default_factory=list)
    kle_removals: list[tuple[int, int]] = field(default_factory=list)
    roles: list[tuple[int, UsageRole]] = field(default_factory=list)
    costs: list[tuple[int, UsageCost]] = field(default_factory=list)
    references: list[tuple[int, ExternalReference]] = field(default_factory=list)
    contracts: list[Contract] = field(default_factory=list)
    contract_parent: dict[int, int] = field(default_factory=dict)
    contract_usages: list[tuple[int, int]] = field(default_factory=list)
    payments: list[tuple[int, ContractPayment]] = field(default_factory=list)
    contract_roles: list[tuple[int, ContractRole]] = field(default_factory=list)
    integrations: list[tuple[Integration, int, int | None, int | None]] = field(
        default_factory=list
    )  # (row, source, target usage, contract)
    integration_data: list[tuple[int, str]] = field(default_factory=list)
    processes: list[tuple[BusinessProcess, int | None]] = field(default_factory=list)
    steps: list[tuple[int, ProcessStep, list[int], list[str], list[str]]] = field(
        default_factory=list
    )


@dataclass
class SeedCounts:
    usages: int = 0
    contracts: int = 0
    integrations: int = 0
    processes: int = 0

    def add(self, other: SeedCounts) -> None:
        self.usages += other.usages
        self.contracts += other.contracts
        self.integrations += other.integrations
        self.processes += other.processes


def save_plan(plan: Plan, org: Organization) -> SeedCounts:
    """Insert what is missing; return how many usages/contracts/… were created."""
    counts = SeedCounts()
    objects = {d.name: d.pk for d in DataObject.objects.filter(organization=org)}
    missing = [d for d in plan.data_objects if d.name not in objects]
    DataObject.objects.bulk_create(missing, batch_size=BATCH)
    objects.update({d.name: d.pk for d in missing})

    # usages
    usage_pk = dict(SystemUsage.objects.filter(organization=org).values_list("uuid", "pk"))
    new_usages = [u.obj for u in plan.usages if u.obj.uuid not in usage_pk]
    SystemUsage.objects.bulk_create(new_usages, batch_size=BATCH)
    usage_pk.update({u.uuid: u.pk for u in new_usages})
    upk = [usage_pk[u.obj.uuid] for u in plan.usages]
    created = {u.uuid for u in new_usages}
    fresh = {i for i, u in enumerate(plan.usages) if u.obj.uuid in created}
    counts.usages = len(new_usages)
    if fresh:
        link_pairs(
            SystemUsage,
            "using_units",
            [(upk[i], unit) for i, unit in plan.using_units if i in fresh],
        )
        link_pairs(
            SystemUsage,
            "kle_additions",
            [(upk[i], s) for i, s in plan.kle_additions if i in fresh],
        )
        link_pairs(
            SystemUsage,
            "kle_removals",
            [(upk[i], s) for i, s in plan.kle_removals if i in fresh],
        )
        UsageRole.objects.bulk_create(
            children_of(plan.roles, fresh, upk, "usage_id"), batch_size=BATCH
        )
        UsageCost.objects.bulk_create(
            children_of(plan.costs, fresh, upk, "usage_id"), batch_size=BATCH
        )
        ExternalReference.objects.bulk_create(
            children_of(plan.references, fresh, upk, "usage_id"), batch_size=BATCH
        )

    # contracts: the ones without a parent first
    contract_pk = dict(Contract.objects.filter(organization=org).values_list("uuid", "pk"))
    new_idx = [ci for ci, k in enumerate(plan.contracts) if k.uuid not in contract_pk]
    for wave in (
        [ci for ci in new_idx if ci not in plan.contract_parent],
        [ci for ci in new_idx if ci in plan.contract_parent],
    ):
        contracts = [plan.contracts[ci] for ci in wave]
        for ci, contract in zip(wave, contracts, strict=True):
            if ci in plan.contract_parent:
                parent = plan.contracts[plan.contract_parent[ci]]
                contract.parent_id = contract_pk[parent.uuid]
        Contract.objects.bulk_create(contracts, batch_size=BATCH)
        contract_pk.update({k.uuid: k.pk for k in contracts})
    cpk = [contract_pk[k.uuid] for k in plan.contracts]
    fresh_c = set(new_idx)
    counts.contracts = len(new_idx)
    if fresh_c:
        link_pairs(
            Contract,
            "usages",
            [(cpk[ci], upk[ui]) for ci, ui in plan.contract_usages if ci in fresh_c],
        )
        ContractPayment.objects.bulk_create(
            children_of(plan.payments, fresh_c, cpk, "contract_id"), batch_size=BATCH
        )
        ContractRole.objects.bulk_create(
            children_of(plan.contract_roles, fresh_c, cpk, "contract_id"), batch_size=BATCH
        )

    # integrations
    integration_pk = dict(Integration.objects.filter(organization=org).values_list("uuid", "pk"))
    new_rows: list[Integration] = []
    new_index: list[int] = []
    for index, (row, source, target, via) in enumerate(plan.integrations):
        if row.uuid in integration_pk:
            continue
        row.source_id = upk[source]
        row.target_id = upk[target] if target is not None else None
        row.contract_id = cpk[via] if via is not None else None
        new_rows.append(row)
        new_index.append(index)
    Integration.objects.bulk_create(new_rows, batch_size=BATCH)
    ipk = {index: row.pk for index, row in zip(new_index, new_rows, strict=True)}
    counts.integrations = len(new_rows)
    link_pairs(
        Integration,
        "data_objects",
        [(ipk[index], objects[name]) for index, name in plan.integration_data if index in ipk],
    )

    # processes and their steps
    process_pk = dict(BusinessProcess.objects.filter(organization=org).values_list("name", "pk"))
    new_p = [pi for pi, (p, _) in enumerate(plan.processes) if p.name not in process_pk]
    for wave in (
        [pi for pi in new_p if plan.processes[pi][1] is None],
        [pi for pi in new_p if plan.processes[pi][1] is not None],
    ):
        rows_p = []
        for pi in wave:
            process, mother = plan.processes[pi]
            if mother is not None:
                process.parent_id = process_pk[plan.processes[mother][0].name]
            rows_p.append(process)
        BusinessProcess.objects.bulk_create(rows_p, batch_size=BATCH)
        process_pk.update({p.name: p.pk for p in rows_p})
    counts.processes = len(new_p)
    fresh_p = set(new_p)
    steps = []
    links: list[tuple[ProcessStep, list[int], list[str], list[str]]] = []
    for pi, step, usages, collects, reads in plan.steps:
        if pi in fresh_p:
            step.process_id = process_pk[plan.processes[pi][0].name]
            steps.append(step)
            links.append((step, usages, collects, reads))
    ProcessStep.objects.bulk_create(steps, batch_size=BATCH)
    link_pairs(ProcessStep, "usages", [(s.pk, upk[u]) for s, us, _, _ in links for u in us])
    link_pairs(ProcessStep, "collects", [(s.pk, objects[d]) for s, _, cs, _ in links for d in cs])
    link_pairs(ProcessStep, "reads", [(s.pk, objects[d]) for s, _, _, rs in links for d in rs])
    return counts
