"""ArchiMate business actors → organization units (created under the parent a
Composition names)."""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext as _

from interop.archimate.context import ArchimateContext
from interop.archimate.vocabulary import MAX_DEPTH, P_UNIT_KIND
from organizations.choices import UnitKind
from organizations.models import OrganizationUnit


def import_units(ctx: ArchimateContext) -> None:
    parent_of: dict[str, str] = {}
    for rel in ctx.rels("Composition", "unit", "unit"):
        parent_of.setdefault(rel.target, rel.source)
    existing = list(OrganizationUnit.objects.filter(organization=ctx.org).order_by("pk"))
    by_pk = {u.pk: u for u in existing}
    by_name: dict[str, list[OrganizationUnit]] = defaultdict(list)
    for unit in existing:
        by_name[unit.name.casefold()].append(unit)
    taken: set[int] = set()

    # Check every chain of parents first (a ring, or too deep to be a real unit tree).
    depth: dict[str, int] = {}  # levels from the top, 1 for a unit without parent
    for el in ctx.of_kind("unit"):
        chain = [el.identifier]
        cursor = parent_of.get(el.identifier)
        while cursor is not None and cursor not in depth:
            if cursor in chain:
                ctx.report.error(cursor, _("Enhederne indgår i hinanden i ring."))
                return
            chain.append(cursor)
            cursor = parent_of.get(cursor)
        base = depth[cursor] if cursor is not None else 0
        if base + len(chain) > MAX_DEPTH:
            ctx.report.error(
                el.identifier, _("Enhederne ligger for mange niveauer under hinanden.")
            )
            return
        for level, ident in enumerate(reversed(chain), start=base + 1):
            depth[ident] = level

    def visit(ident: str) -> OrganizationUnit | None:
        """The unit of an element, made after its parent (depth ≤ MAX_DEPTH, no rings)."""
        if ident in ctx.units:
            return ctx.units[ident]
        el = ctx.elements[ident]
        parent_ident = parent_of.get(ident)
        parent = visit(parent_ident) if parent_ident else None
        name = ctx.element_name(el)
        if not name:
            ctx.report.error(ident, _("Elementet mangler et navn."))
            return None
        candidates = [u for u in by_name.get(name.casefold(), []) if u.pk not in taken]
        same_parent = [
            u
            for u in candidates
            if parent is not None
            and u.parent_id is not None
            and by_pk.get(u.parent_id, u).name == parent.name
        ]
        unit = next(iter(same_parent or candidates), None)
        kind = ctx.choice(el, P_UNIT_KIND, ctx.unit_kinds)
        if unit is None:
            unit = OrganizationUnit.objects.create(
                organization=ctx.org,
                name=name,
                kind=kind or UnitKind.AFDELING,
                parent=parent,
            )
            by_pk[unit.pk] = unit
            ctx.create("units", unit.pk)
        else:
            ctx.save("units", unit, ctx.assign(unit, {"kind": kind} if kind else {}))
        taken.add(unit.pk)
        ctx.units[ident] = unit
        return unit

    for el in ctx.of_kind("unit"):
        visit(el.identifier)
