"""ArchiMate data objects and business objects → the organization's data objects (the
kinds of data its integrations and processes move), matched by name."""

from __future__ import annotations

from django.utils.translation import gettext as _

from interop.archimate.context import ArchimateContext
from portfolio.models import DataObject

DESCRIPTION_MAX = 10_000


def import_data_objects(ctx: ArchimateContext) -> None:
    existing = {d.name.casefold(): d for d in DataObject.objects.filter(organization=ctx.org)}
    for el in ctx.of_kind("data"):
        name = ctx.element_name(el)
        if not name:
            ctx.report.error(el.identifier, _("Elementet mangler et navn."))
            continue
        found = existing.get(name.casefold())
        description = el.documentation[:DESCRIPTION_MAX]
        if found is None:
            found = DataObject.objects.create(
                organization=ctx.org, name=name, description=description
            )
            existing[name.casefold()] = found
            ctx.create("data-objects", found.pk)
        else:
            # A description already kept here is not blanked by a file without one.
            values = {"description": description} if description else {}
            ctx.save("data-objects", found, ctx.assign(found, values))
        ctx.data_objects[el.identifier] = found
