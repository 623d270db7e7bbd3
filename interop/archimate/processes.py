"""ArchiMate business processes → processes and their steps (with KLE subjects, owners
and the systems that serve a step)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.utils.translation import gettext as _

from interop.archimate.context import ArchimateContext, chunks
from interop.archimate.vocabulary import KLE_NUMBER, P_KLE, P_ORDER
from portfolio.models import BusinessProcess, KleSubject, ProcessStep


def import_processes(ctx: ArchimateContext) -> None:
    existing = list(BusinessProcess.objects.filter(organization=ctx.org).order_by("pk"))
    by_name: dict[str, list[BusinessProcess]] = defaultdict(list)
    for row in existing:
        by_name[row.name.casefold()].append(row)
    numbers: dict[str, str] = {}
    for el in ctx.of_kind("capability"):
        match = KLE_NUMBER.match(el.props.get(P_KLE) or el.name)
        if match:
            numbers[el.identifier] = match.group(1)
    kle = dict(
        KleSubject.objects.filter(number__in=sorted(set(numbers.values()))).values_list(
            "number", "pk"
        )
    )
    parent_of = {rel.target: rel.source for rel in ctx.rels("Composition", "process", "process")}
    owner_of = {rel.target: rel.source for rel in ctx.rels("Assignment", "unit", "process")}
    realizes = {rel.source: rel.target for rel in ctx.rels("Realization", "process", "capability")}
    taken: set[int] = set()
    for el in ctx.of_kind("process"):
        name = ctx.element_name(el)
        if not name:
            ctx.report.error(el.identifier, _("Elementet mangler et navn."))
            continue
        values: dict[str, Any] = {}
        if el.documentation:
            values["description"] = el.documentation
        if el.identifier in owner_of and owner_of[el.identifier] in ctx.units:
            values["owner_unit_id"] = ctx.units[owner_of[el.identifier]].pk
        capability = realizes.get(el.identifier)
        if capability is not None:
            number = numbers.get(capability, "")
            if number in kle:
                values["kle_subject_id"] = kle[number]
            else:
                ctx.report.warn(
                    capability,
                    _("KLE-emnet '%(name)s' findes ikke i Styrbar.")
                    % {"name": ctx.elements[capability].name},
                )
        process: BusinessProcess | None = next(
            (p for p in by_name.get(name.casefold(), []) if p.pk not in taken), None
        )
        if process is None:
            process = BusinessProcess.objects.create(organization=ctx.org, name=name, **values)
            ctx.create("processes", process.pk)
        else:
            ctx.save("processes", process, ctx.assign(process, values))
        taken.add(process.pk)
        ctx.processes[el.identifier] = process
    for child, parent in sorted(parent_of.items()):
        below, above = ctx.processes.get(child), ctx.processes.get(parent)
        if below is None or above is None:
            continue
        chain: set[int] = {below.pk}
        cursor: BusinessProcess | None = above
        while cursor is not None and cursor.pk not in chain:
            chain.add(cursor.pk)
            cursor = cursor.parent
        if cursor is not None:
            ctx.report.warn(child, _("Processerne indgår i hinanden i ring; ikke overført."))
            continue
        ctx.save("processes", below, ctx.assign(below, {"parent_id": above.pk}))
        below.parent = above
    import_steps(ctx)


def import_steps(ctx: ArchimateContext) -> None:
    process_of = {rel.target: rel.source for rel in ctx.rels("Composition", "process", "step")}
    unit_of = {rel.target: rel.source for rel in ctx.rels("Assignment", "unit", "step")}
    pks = sorted({p.pk for p in ctx.processes.values()})
    existing: dict[tuple[int, int], ProcessStep] = {}
    for chunk in chunks(pks):
        for row in ProcessStep.objects.filter(process_id__in=chunk):
            existing[(row.process_id, row.order)] = row
    used_orders: dict[int, set[int]] = defaultdict(set)
    for process_pk, number in existing:
        used_orders[process_pk].add(number)
    taken: set[int] = set()
    for el in ctx.of_kind("step"):
        process = ctx.processes.get(process_of.get(el.identifier, ""))
        if process is None:
            ctx.report.skip(el, _("Procestrinnet hører ikke til en proces i filen."))
            continue
        name = ctx.element_name(el)
        if not name:
            ctx.report.error(el.identifier, _("Elementet mangler et navn."))
            continue
        raw = el.props.get(P_ORDER, "").strip()
        order: int | None = int(raw) if raw.isdigit() and 0 < int(raw) < 32768 else None
        step: ProcessStep | None = existing.get((process.pk, order)) if order is not None else None
        if step is not None and step.pk in taken:
            step, order = None, None
        values: dict[str, Any] = {"name": name}
        if el.identifier in unit_of and unit_of[el.identifier] in ctx.units:
            values["unit_id"] = ctx.units[unit_of[el.identifier]].pk
        if step is None:
            if order is None or order in used_orders[process.pk]:
                order = max(used_orders[process.pk], default=0) + 1
            step = ProcessStep.objects.create(process=process, order=order, **values)
            used_orders[process.pk].add(order)
            ctx.create("steps", step.pk)
        else:
            fields = ctx.assign(step, values)
            if fields:
                step.save(update_fields=fields)
            ctx.outcome("steps", step.pk, bool(fields))
        taken.add(step.pk)
        ctx.steps[el.identifier] = step
    pairs = {
        (ctx.steps[rel.target].pk, ctx.usages[rel.source].pk)
        for rel in ctx.rels("Serving", "usage", "step")
        if rel.target in ctx.steps and rel.source in ctx.usages
    }
    ctx.add_links("steps", ProcessStep.usages.through, "processstep_id", "systemusage_id", pairs)
