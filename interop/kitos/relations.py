"""KITOS it-interfaces and the usages' outgoing system relations → integrations."""

from __future__ import annotations

from django.utils.translation import gettext as _

from interop.kitos.context import KitosContext
from interop.kitos.mapping import FREQUENCY
from interop.kitos.pages import USAGES, Record
from interop.kitos.values import name_of, rows_by_uuid, text_of, uuid_of
from portfolio import choices as c
from portfolio.models import Contract, Integration
from portfolio.rules import integration_errors


def import_interfaces(ctx: KitosContext, records: list[Record]) -> None:
    for record in records:
        key = uuid_of(record)
        if key is not None:
            ctx.interfaces[key] = text_of(record.get("name"), 200)


def import_integrations(ctx: KitosContext, records: list[Record]) -> None:
    relations = [
        (record, relation)
        for record in records
        if uuid_of(record) in ctx.usages
        for relation in record.get("outgoingSystemRelations") or []
    ]
    keys = [k for k in (uuid_of(rel) for _r, rel in relations) if k]
    existing = rows_by_uuid(Integration.objects.all(), keys)
    targets = ctx.usage_by_uuid(
        [k for k in (uuid_of(rel.get("toSystemUsage")) for _r, rel in relations) if k]
    )
    contract_keys = [
        k for k in (uuid_of(rel.get("associatedContract")) for _r, rel in relations) if k
    ]
    contracts = dict(ctx.contracts)
    contracts.update(
        rows_by_uuid(
            Contract.objects.filter(organization=ctx.org),
            [k for k in contract_keys if k not in contracts],
        )
    )
    create: list[Integration] = []
    update: list[Integration] = []
    unknown_target = _(
        "Relationens mål %(name)s findes ikke i organisationen; relationen er ikke importeret."
    )
    for index, (record, relation) in enumerate(relations):
        source = ctx.usages[uuid_of(record)]  # type: ignore[index]
        row = f"{USAGES} relation[{index}] {source.local_name or record.get('uuid')}"
        claimed = ctx.claim(
            existing,
            uuid_of(relation),
            row,
            _("UUID'et tilhører en anden organisations integration."),
            missing=_("Relationen mangler et gyldigt uuid."),
        )
        if claimed is None:
            continue
        key, integration = claimed
        target = targets.get(uuid_of(relation.get("toSystemUsage")))  # type: ignore[arg-type]
        if target is None:
            ctx.unresolved(row, relation.get("toSystemUsage"), _("målsystemet"), unknown_target)
            continue
        refused = integration_errors(
            organization_id=ctx.org.pk, source=source, target=target, target_component=None
        )
        if refused:
            for message in refused.values():
                ctx.report.error(row, message)
            continue
        interface = relation.get("relationInterface")
        interface_key = uuid_of(interface)
        contract = contracts.get(uuid_of(relation.get("associatedContract")))  # type: ignore[arg-type]
        frequency, frequency_local = ctx.option(
            FREQUENCY,
            name_of(relation.get("relationFrequency")),
            row,
            _("Frekvensen"),
            FREQUENCY.default,
        )
        values = {
            "source_id": source.pk,
            "target_id": target.pk,
            "interface_name": (ctx.interfaces.get(interface_key) if interface_key else None)
            or text_of(name_of(interface), 200),
            "frequency": frequency,
            "frequency_local": frequency_local,
            "contract_id": contract.pk if contract else None,
            "description": text_of(relation.get("description")),
        }
        if integration is None:
            ctx.created(
                "integrations",
                Integration(uuid=key, organization=ctx.org, technology=c.Technology.API, **values),
                create,
            )
        else:
            ctx.counted("integrations", integration, ctx.track(integration, values), update)
    Integration.objects.bulk_create(create, batch_size=1000)
    ctx.save(Integration, update)
