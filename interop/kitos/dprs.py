"""KITOS data-processing-registrations → data processing registrations (with their
processors, usages and contracts)."""

from __future__ import annotations

import datetime as dt
import uuid as uuidlib
from collections import defaultdict
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from interop.kitos.context import KitosContext
from interop.kitos.mapping import AGREEMENT, OVERSIGHT_INTERVAL, YES_NO_UNDECIDED
from interop.kitos.pages import CONTRACTS, DPRS, Record
from interop.kitos.values import (
    chunks,
    date_of,
    name_of,
    replace_links,
    rows_by_uuid,
    text_of,
    uuid_of,
)
from interop.kitos.vendors import import_vendors, match_vendors_by_name
from portfolio.models import Contract, DataProcessingRegistration

DPR_LINKS = ("data_processors", "sub_data_processors", "usages", "contracts")


def _sub_org(item: Any) -> Any:
    """A sub data processor's organization (newer KITOS wraps it with transfer details)."""
    if isinstance(item, dict) and "dataProcessorOrganization" in item:
        return item.get("dataProcessorOrganization")
    return item


def _names(refs: Any) -> list[str]:
    """Names of ``{uuid, name}`` references (a bare string is kept as it is)."""
    names: list[str] = []
    for ref in refs or []:
        name = name_of(ref) if isinstance(ref, dict) else text_of(ref)
        if name:
            names.append(name)
    return names


def _through(model: type[models.Model], name: str) -> tuple[Any, str, str]:
    """The through model of the many-to-many field ``name`` and its two column names."""
    field: Any = model._meta.get_field(name)
    through = field.remote_field.through
    owner = through._meta.get_field(field.m2m_field_name()).attname
    target = through._meta.get_field(field.m2m_reverse_field_name()).attname
    return through, owner, target


def _dpr_links(pks: list[int]) -> dict[str, dict[int, set[int]]]:
    """The stored link ids of the registrations ``pks``, per many-to-many field, read from
    the through tables (no model instances: a re-import of thousands stays fast)."""
    links: dict[str, dict[int, set[int]]] = {name: defaultdict(set) for name in DPR_LINKS}
    for name in DPR_LINKS:
        through, owner, target = _through(DataProcessingRegistration, name)
        for chunk in chunks(pks):
            rows = through.objects.filter(**{f"{owner}__in": chunk}).values_list(owner, target)
            for owner_id, target_id in rows:
                links[name][owner_id].add(target_id)
    return links


def _dpr_contract_refs(general: Record) -> list[Any]:
    main = general.get("mainContract")
    return [*([main] if main else []), *(general.get("associatedContracts") or [])]


def import_dprs(ctx: KitosContext, records: list[Record], contract_records: list[Record]) -> None:
    """Data processing registrations, plus the links the contracts' own
    ``dataProcessingRegistrations`` lists name.

    A registration's contracts are ``mainContract`` + ``associatedContracts`` when the
    record has them (then they replace the stored links); a contract's list only adds
    links (older KITOS versions have no ``associatedContracts`` on the registration).
    """
    contract_side: dict[uuidlib.UUID, set[uuidlib.UUID]] = defaultdict(set)
    for record in contract_records:
        contract_key = uuid_of(record)
        if contract_key is None or contract_key not in ctx.contracts:
            continue
        for ref in record.get("dataProcessingRegistrations") or []:
            dpr_key = uuid_of(ref)
            if dpr_key is not None:
                contract_side[dpr_key].add(contract_key)
    if not records and not contract_side:
        return
    refs: list[tuple[Any, str]] = []
    for record in records:
        general = record.get("general") or {}
        row = f"{DPRS} {record.get('uuid')}"
        refs += [(ref, row) for ref in general.get("dataProcessors") or []]
        refs += [(_sub_org(item), row) for item in general.get("subDataProcessors") or []]
    match_vendors_by_name(ctx, refs)
    import_vendors(ctx, refs)
    keys = {k for k in (uuid_of(r) for r in records) if k}
    existing = rows_by_uuid(DataProcessingRegistration.objects.all(), keys | set(contract_side))
    stored = _dpr_links([r.pk for r in existing.values() if r.organization_id == ctx.org.pk])
    usages = ctx.usage_by_uuid(
        [k for r in records for k in (uuid_of(ref) for ref in r.get("systemUsages") or []) if k]
    )
    contract_keys = {
        k
        for r in records
        for ref in _dpr_contract_refs(r.get("general") or {})
        for k in [uuid_of(ref)]
        if k and k not in ctx.contracts
    }
    contracts = {key: contract.pk for key, contract in ctx.contracts.items()}
    contracts.update(
        {
            key: contract.pk
            for key, contract in rows_by_uuid(
                Contract.objects.filter(organization=ctx.org), contract_keys
            ).items()
        }
    )
    create: list[DataProcessingRegistration] = []
    update: list[DataProcessingRegistration] = []
    done: dict[uuidlib.UUID, DataProcessingRegistration] = {}
    links: dict[str, dict[uuidlib.UUID, set[int]]] = {name: {} for name in DPR_LINKS}
    links_dirty: dict[str, set[uuidlib.UUID]] = {name: set() for name in DPR_LINKS}
    foreign = _("UUID'et tilhører en anden organisations databehandling.")
    for row, record, key, registration in ctx.claimed(DPRS, records, existing, foreign):
        general = record.get("general") or {}
        oversight = record.get("oversight") or {}
        values = _dpr_values(ctx, record, general, oversight, row)
        if not values["name"]:
            ctx.report.error(row, _("Databehandlingen mangler et navn."))
            continue
        wanted = {
            "data_processors": _vendor_ids(ctx, general.get("dataProcessors") or [], row),
            "sub_data_processors": _vendor_ids(
                ctx, [_sub_org(item) for item in general.get("subDataProcessors") or []], row
            ),
            "usages": ctx.usage_ids(record.get("systemUsages") or [], usages, row),
            "contracts": set(),
        }
        authoritative = "associatedContracts" in general or "mainContract" in general
        for ref in _dpr_contract_refs(general):
            contract_id = contracts.get(uuid_of(ref))  # type: ignore[arg-type]
            if contract_id is None:
                ctx.report.warn(
                    row,
                    _("Kontrakten %(name)s findes ikke i organisationen.")
                    % {"name": name_of(ref) or uuid_of(ref)},
                )
            else:
                wanted["contracts"].add(contract_id)
        if not authoritative and registration is not None:
            wanted["contracts"] |= stored["contracts"].get(registration.pk, set())
        wanted["contracts"] |= {contracts[k] for k in contract_side.pop(key, set())}
        if registration is None:
            registration = ctx.created(
                DPRS, DataProcessingRegistration(uuid=key, organization=ctx.org, **values), create
            )
            for name in DPR_LINKS:
                links_dirty[name].add(key)
        else:
            changed = ctx.track(registration, values)
            for name in DPR_LINKS:
                if stored[name].get(registration.pk, set()) != wanted[name]:
                    links_dirty[name].add(key)
                    changed = True
            ctx.counted(DPRS, registration, changed, update)
        for name in DPR_LINKS:
            links[name][key] = wanted[name]
        done[key] = registration
    # Registrations only named by a contract's list (not in these pages): add the link.
    for dpr_key, contract_set in contract_side.items():
        registration = existing.get(dpr_key)
        if registration is None or registration.organization_id != ctx.org.pk:
            ctx.report.warn(
                CONTRACTS,
                _("En kontrakt henviser til databehandlingen %(uuid)s, som ikke findes.")
                % {"uuid": dpr_key},
            )
            continue
        current = stored["contracts"].get(registration.pk, set())
        wanted_contracts = current | {contracts[k] for k in contract_set}
        if wanted_contracts != current:
            links["contracts"][dpr_key] = wanted_contracts
            links_dirty["contracts"].add(dpr_key)
            done[dpr_key] = registration
            update.append(registration)
            ctx.report.count(DPRS, "updated")
    DataProcessingRegistration.objects.bulk_create(create, batch_size=1000)
    ctx.save(DataProcessingRegistration, update)
    # A change of links only must still move updated_at (changed_since, delta readers).
    link_only = [r.pk for r in update if not ctx.dirty.get(id(r)) and r.pk is not None]
    now = timezone.now()
    for chunk in chunks(link_only):
        DataProcessingRegistration.objects.filter(pk__in=chunk).update(updated_at=now)
    for name in DPR_LINKS:
        through, owner, target = _through(DataProcessingRegistration, name)
        replace_links(
            through,
            owner,
            target,
            {done[k].pk: links[name][k] for k in links_dirty[name]},
        )


def _vendor_ids(ctx: KitosContext, refs: list[Any], row: str) -> set[int]:
    found: set[int] = set()
    for ref in refs:
        key = uuid_of(ref)
        vendor = ctx.vendors.get(key) if key else None
        if vendor is None:
            ctx.report.warn(
                row,
                _("Databehandleren %(name)s mangler et gyldigt uuid og er udeladt.")
                % {"name": name_of(ref) or "?"},
            )
        else:
            found.add(vendor.pk)
    return found


def _dpr_values(
    ctx: KitosContext, record: Record, general: Record, oversight: Record, row: str
) -> dict[str, Any]:
    subs = [item for item in general.get("subDataProcessors") or [] if isinstance(item, dict)]
    countries = _names(
        general.get("insecureCountriesSubjectToDataTransfer")
        or general.get("insecureThirdCountries")
    )
    bases = _names([general.get("basisForTransfer") or general.get("transferBasis")])
    for item in subs:
        who = name_of(_sub_org(item))
        country = name_of(item.get("insecureThirdCountrySubjectToDataProcessing"))
        basis = name_of(item.get("basisForTransfer"))
        if country:
            countries.append(f"{country} ({who})" if who else country)
        if basis:
            bases.append(f"{basis} ({who})" if who else basis)
    options = ", ".join(_names(oversight.get("oversightOptions")))
    dates: list[dt.date] = []
    for item in oversight.get("oversightDates") or []:
        raw = item.get("completedAt") if isinstance(item, dict) else item
        when = date_of(raw)
        if when is None:
            ctx.report.warn(
                row, _("Tilsynsdatoen '%(v)s' kan ikke læses og er udeladt.") % {"v": raw}
            )
        else:
            dates.append(when)
    months = ctx.choice(
        OVERSIGHT_INTERVAL,
        oversight.get("oversightInterval"),
        row,
        _("Tilsynsintervallet '%(v)s' kan ikke oversættes; der er ikke sat et interval."),
    )
    latest = max(dates) if dates else None
    return {
        "name": text_of(record.get("name"), 200),
        "agreement_concluded": ctx.choice(
            AGREEMENT,
            general.get("isAgreementConcluded"),
            row,
            _("Aftalestatus '%(v)s' kan ikke oversættes; sat til 'Ikke afklaret'."),
        ),
        "agreement_date": date_of(general.get("agreementConcludedAt")),
        "transfer_to_third_countries": ctx.choice(
            YES_NO_UNDECIDED,
            general.get("transferToInsecureThirdCountries"),
            row,
            _("Overførsel til usikre tredjelande '%(v)s' kan ikke oversættes; sat til nej."),
        ),
        "third_countries": ctx.limited(
            ", ".join(dict.fromkeys(countries)), 500, row, _("Usikre tredjelande")
        ),
        "transfer_basis": ctx.limited(
            "; ".join(dict.fromkeys(bases)), 500, row, _("Overførselsgrundlaget")
        ),
        "oversight_interval_months": months,
        "oversight_options": "\n".join(
            t
            for t in (
                options,
                text_of(oversight.get("oversightOptionsRemark")),
                text_of(oversight.get("oversightIntervalRemark")),
            )
            if t
        ),
        "latest_oversight": latest,
        "next_oversight": DataProcessingRegistration.derive_next_oversight(latest, months),
        "oversight_completed": ctx.choice(
            YES_NO_UNDECIDED,
            oversight.get("isOversightCompleted"),
            row,
            _("Tilsyn gennemført '%(v)s' kan ikke oversættes; sat til nej."),
        ),
        "responsible_unit_id": ctx.unit(general.get("responsibleOrganizationUnit"), row),
        "notes": "\n\n".join(
            t
            for t in (
                text_of(general.get("isAgreementConcludedRemark")),
                text_of(oversight.get("oversightCompletedRemark")),
            )
            if t
        ),
    }
