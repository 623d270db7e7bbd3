"""Facts a usage row carries that live on related records: a yearly cost (a cost line of
the usage, for the year in a column or the import's year), a contract's expiry (the
usage's one contract, or a new contract for it) and the systemejer (a member of the
organization by name, else the name kept on the role).

:class:`RelatedPlanner` reads and checks them with the row (its messages join the row's
errors, so every error is found in one pass) and counts what would change;
:func:`write_related` writes them in the import's transaction, with one audit event per
usage (its cost lines and roles are audited as the usage's children) and per contract.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from core import audit
from core.choices import AuditAction
from core.models import AuditEvent
from interop.report import ImportReport
from interop.tabular.cells import blank, parse_date, parse_decimal, parse_int, parse_text
from knowledge.import_synonyms import fold
from organizations.models import Organization
from portfolio import choices as c
from portfolio.models import Contract, RoleType, SystemUsage, UsageCost, UsageRole

COST_KIND = c.CostKind.OTHER
OWNER_ROLE = "systemejer"
YEARS = (2000, 2100)


def cost_note() -> str:
    return _("Årlig udgift (import)")


@dataclass
class RelatedWrite:
    """What one row adds to its usage (None/"" = nothing)."""

    usage: SystemUsage
    row: int
    cost: tuple[int, Decimal] | None = None
    contract_end: dt.date | None = None
    contract: Contract | None = None  # the usage's one contract, to update
    owner_user: Any = None
    owner_name: str = ""
    label: str = ""


@dataclass
class RelatedPlanner:
    organization: Organization
    report: ImportReport
    year: int
    writes: list[RelatedWrite] = field(default_factory=list)
    _loaded: bool = False
    _costs: dict[tuple[int, int], UsageCost] = field(default_factory=dict)
    _owners: dict[int, list[UsageRole]] = field(default_factory=dict)
    _contracts: dict[int, list[Contract]] = field(default_factory=dict)
    _members: dict[str, list[Any]] = field(default_factory=dict)

    def _load(self) -> None:
        """The organization's import cost lines, systemejere, usage contracts and members,
        read once (a handful of queries, whatever the number of rows)."""
        if self._loaded:
            return
        self._loaded = True
        org = self.organization
        costs = UsageCost.objects.filter(usage__organization=org, kind=COST_KIND, note=cost_note())
        self._costs = {(x.usage_id, x.year): x for x in costs}
        roles = UsageRole.objects.filter(
            usage__organization=org, role_type__key=OWNER_ROLE
        ).select_related("user")
        for role in roles:
            self._owners.setdefault(role.usage_id, []).append(role)
        links = Contract.usages.through.objects.filter(contract__organization=org)
        contracts = {x.pk: x for x in Contract.objects.filter(organization=org)}
        for usage_id, contract_id in links.values_list("systemusage_id", "contract_id"):
            self._contracts.setdefault(usage_id, []).append(contracts[contract_id])
        users = get_user_model().objects.filter(memberships__organization=org, is_active=True)
        for user in users.distinct():
            self._members.setdefault(fold(user.get_full_name()), []).append(user)

    def plan_row(
        self, number: int, values: dict[str, Any], messages: list[str]
    ) -> RelatedWrite | None:
        """Read the row's related facts; a bad cell adds to ``messages``. None when the row
        carries none."""
        cost_raw, year_raw = values.get("yearly_cost"), values.get("cost_year")
        end_raw, owner_raw = values.get("contract_end"), values.get("system_owner")
        if all(blank(v) for v in (cost_raw, end_raw, owner_raw)):
            return None
        self._load()
        write = RelatedWrite(usage=SystemUsage(), row=number)
        if not blank(cost_raw):
            try:
                amount = parse_decimal(cost_raw)
            except ValueError as exc:
                messages.append(f"{_('Årlig udgift')}: {exc}")
                amount = None
            year = self.year
            if not blank(year_raw):
                try:
                    year = parse_int(year_raw)
                except ValueError as exc:
                    messages.append(f"{_('Omkostningsår')}: {exc}")
                if not YEARS[0] <= year <= YEARS[1]:
                    messages.append(
                        _("Omkostningsår: %(year)s ligger ikke mellem 2000 og 2100.")
                        % {"year": year}
                    )
            if amount is not None and amount < 0:
                messages.append(_("Årlig udgift: beløbet må ikke være negativt."))
            elif amount is not None:
                write.cost = (year, amount)
        if not blank(end_raw):
            try:
                write.contract_end = parse_date(end_raw)
            except ValueError as exc:
                messages.append(f"{_('Kontraktudløb')}: {exc}")
        if not blank(owner_raw):
            name = parse_text(owner_raw)[:200]
            found = self._members.get(fold(name), [])
            if len(found) == 1:
                write.owner_user = found[0]
            else:
                write.owner_name = name
        return write

    def attach(self, write: RelatedWrite, usage: SystemUsage, label: str) -> None:
        """The row's usage is known and valid: count what its facts change."""
        write.usage, write.label = usage, label
        report, row = self.report, write.row
        if write.cost is not None:
            year, amount = write.cost
            stored = self._costs.get((usage.pk, year)) if usage.pk else None
            outcome = "created" if stored is None else "unchanged"
            if stored is not None and stored.amount != amount:
                outcome = "updated"
            report.count("costs", outcome)
        if write.contract_end is not None:
            contracts = self._contracts.get(usage.pk, []) if usage.pk else []
            if len(contracts) > 1:
                report.warn(
                    row,
                    _(
                        "Systemet har %(n)s kontrakter; kontraktudløbet %(date)s er ikke sat. "
                        "Sæt det på den rigtige kontrakt."
                    )
                    % {"n": len(contracts), "date": write.contract_end.strftime("%d-%m-%Y")},
                    kind="contracts",
                )
                write.contract_end = None
            elif contracts:
                write.contract = contracts[0]
                changed = contracts[0].end_date != write.contract_end
                report.count("contracts", "updated" if changed else "unchanged")
            else:
                report.count("contracts", "created")
                report.warn(
                    row,
                    _("Der oprettes en kontrakt for %(name)s med udløb %(date)s.")
                    % {"name": label, "date": write.contract_end.strftime("%d-%m-%Y")},
                    kind="contracts",
                )
        if write.owner_user is not None or write.owner_name:
            roles = self._owners.get(usage.pk, []) if usage.pk else []
            same = [
                r
                for r in roles
                if (write.owner_user is not None and r.user_id == write.owner_user.pk)
                or (write.owner_user is None and fold(r.person_name) == fold(write.owner_name))
            ]
            report.count("roles", "unchanged" if same else "created")
            if same:
                write.owner_user, write.owner_name = None, ""
            elif write.owner_user is None:
                report.warn(
                    row,
                    _(
                        "Systemejeren »%(name)s« er ikke bruger i organisationen; navnet "
                        "gemmes på rollen."
                    )
                    % {"name": write.owner_name},
                    kind="roles",
                )
        self.writes.append(write)


def write_related(
    writes: list[RelatedWrite], *, actor: Any, organization: Organization
) -> list[AuditEvent]:
    """Write the planned facts (inside the import's transaction); one audit event per
    usage whose cost lines or roles change, and per contract created or changed."""
    events: list[AuditEvent] = []
    owner_type = RoleType.objects.filter(organization=None, key=OWNER_ROLE).first()
    for write in writes:
        usage = write.usage
        touches_usage = write.cost is not None or write.owner_user or write.owner_name
        before = audit.snapshot(usage) if touches_usage else None
        changed = False
        if write.cost is not None:
            year, amount = write.cost
            stored = UsageCost.objects.filter(
                usage=usage, year=year, kind=COST_KIND, note=cost_note()
            ).first()
            if stored is None:
                UsageCost.objects.create(
                    usage=usage, year=year, kind=COST_KIND, amount=amount, note=cost_note()
                )
                changed = True
            elif stored.amount != amount:
                stored.amount = amount
                stored.save(update_fields=["amount"])
                changed = True
        if (write.owner_user is not None or write.owner_name) and owner_type is not None:
            UsageRole.objects.create(
                usage=usage,
                role_type=owner_type,
                user=write.owner_user,
                person_name=write.owner_name,
            )
            changed = True
        if changed:
            events.append(
                audit.event(
                    actor=actor,
                    organization=organization,
                    action=AuditAction.UPDATE,
                    obj=usage,
                    before=before,
                    after=audit.snapshot(usage),
                    extra={"import": True},
                )
            )
        if write.contract_end is not None:
            events += _contract_end(write, actor=actor, organization=organization)
    return events


def _contract_end(
    write: RelatedWrite, *, actor: Any, organization: Organization
) -> list[AuditEvent]:
    contract = write.contract
    if contract is not None:
        if contract.end_date == write.contract_end:
            return []
        before = audit.snapshot(contract, relations=False)
        contract.end_date = write.contract_end
        contract.save(update_fields=["end_date", "updated_at"])
        action, extra = AuditAction.UPDATE, None
    else:
        before = None
        contract = Contract(
            organization=organization,
            name=(_("Kontrakt for %(name)s") % {"name": write.label})[:200],
            vendor=write.usage.catalog_system.vendor,
            end_date=write.contract_end,
        )
        contract.save()
        contract.usages.add(write.usage)
        action, extra = AuditAction.CREATE, {"import": True}
    return [
        audit.event(
            actor=actor,
            organization=organization,
            action=action,
            obj=contract,
            before=before,
            after=audit.snapshot(contract, relations=False),
            extra=extra,
        )
    ]


def model_fields_of(values: dict[str, Any], extra_keys: set[str]) -> dict[str, Any]:
    """The row's values without the related facts (those are not model fields)."""
    return {k: v for k, v in values.items() if k not in extra_keys}


__all__ = [
    "RelatedPlanner",
    "RelatedWrite",
    "model_fields_of",
    "write_related",
]
