"""ArchiMate Flow, Serving and Triggering between application components → integrations."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.utils.translation import gettext as _

from interop.archimate.context import ArchimateContext, as_uuid
from interop.archimate.vocabulary import NAME_MAX, P_INTERFACE, P_UUID
from portfolio import choices as c
from portfolio.models import Integration
from portfolio.rules import integration_errors


def import_integrations(ctx: ArchimateContext) -> None:
    rels = [
        rel
        for rel in ctx.relationships.values()
        if rel.type in {"Flow", "Serving", "Triggering"}
        and ctx.ends(rel)[0] == "usage"
        and ctx.ends(rel)[1] in {"usage", "component"}
    ]
    rels.sort(key=lambda rel: (rel.line or 0, rel.identifier))
    existing = list(Integration.objects.filter(organization=ctx.org).order_by("pk"))
    by_uuid = {i.uuid: i for i in existing}
    by_ends: dict[tuple[Any, ...], list[Integration]] = defaultdict(list)
    for row in existing:
        ends = (row.source_id, row.target_id, row.target_component_id)
        by_ends[(*ends, row.interface_name.casefold())].append(row)
    taken: set[int] = set()
    create: list[Integration] = []
    for rel in rels:
        source = ctx.usages.get(rel.source)
        target = ctx.usages.get(rel.target)
        component = ctx.components.get(rel.target)
        if source is None or (target is None and component is None):
            continue  # the element itself was refused and reported
        refused = integration_errors(
            organization_id=ctx.org.pk, source=source, target=target, target_component=component
        )
        if refused:
            for message in refused.values():
                ctx.report.error(rel.identifier, message)
            continue
        interface = (rel.props.get(P_INTERFACE) or rel.name)[:NAME_MAX]
        values: dict[str, Any] = {
            "source_id": source.pk,
            "target_id": target.pk if target else None,
            "target_component_id": component.pk if component else None,
            "interface_name": interface,
        }
        if rel.documentation:
            values["description"] = rel.documentation
        for prop, (attr, table) in ctx.flow_tables.items():
            value = ctx.choice(rel, prop, table)
            if value is not None:
                values[attr] = value
        key = as_uuid(rel.props.get(P_UUID))
        integration: Integration | None = by_uuid.get(key) if key else None
        if integration is None or integration.pk in taken:
            ends = (values["source_id"], values["target_id"], values["target_component_id"])
            integration = next(
                (i for i in by_ends.get((*ends, interface.casefold()), []) if i.pk not in taken),
                None,
            )
        if integration is None:
            if "technology" not in values:
                values["technology"] = c.Technology.API
                ctx.report.warn(
                    rel.identifier,
                    _("Teknologien er ikke angivet; sat til '%(label)s'.")
                    % {"label": c.Technology.API.label},
                )
            create.append(Integration(organization=ctx.org, **values))
            ctx.report.count("integrations", "created")
        else:
            taken.add(integration.pk)
            ctx.save("integrations", integration, ctx.assign(integration, values))
    Integration.objects.bulk_create(create, batch_size=500)
