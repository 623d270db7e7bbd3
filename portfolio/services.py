"""Writes to the portfolio: atomic, permission-checked, validated, audited.

Every function takes ``actor`` and the objects it works on as keyword arguments; the
organization of every related object is checked so nothing can point across tenants.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.permissions import require
from core.services import (
    create_audited,
    delete_audited,
    replace_children_audited,
    touch,
    update_audited,
)
from organizations.models import Membership, Organization
from portfolio import choices as c
from portfolio.models import (
    BusinessProcess,
    CatalogSystem,
    Contract,
    DataObject,
    DataProcessingRegistration,
    Integration,
    ProcessStep,
    RoleType,
    SystemUsage,
    UsageRole,
    Vendor,
)
from portfolio.rules import check_integration

# Helpers -------------------------------------------------------------------------------


def _same_org(organization: Organization, field: str, objects: Iterable[Any]) -> None:
    """Every object must belong to the organization (a foreign one is 'not found')."""
    for obj in objects:
        if obj is not None and getattr(obj, "organization_id", organization.pk) != organization.pk:
            raise ValidationError({field: _("%(obj)s findes ikke.") % {"obj": obj}})


def _members_only(organization: Organization, rows: Iterable[dict[str, Any]]) -> None:
    """The users named in role rows must be members of the organization (one query)."""
    user_ids = {row["user"].pk for row in rows if row.get("user") is not None}
    members = Membership.objects.filter(organization=organization, user_id__in=user_ids)
    if user_ids and len(user_ids) != members.values("user_id").distinct().count():
        raise ValidationError({"roles": _("Brugeren er ikke medlem af organisationen.")})


def _visible_system(organization: Organization, field: str, system: CatalogSystem | None) -> None:
    if system is None:
        return
    if system.scope != c.Scope.GLOBAL and system.owner_organization_id != organization.pk:
        raise ValidationError({field: _("Systemet findes ikke i kataloget.")})


# Vendors (shared) ----------------------------------------------------------------------


def vendor_create(*, actor: Any, organization: Organization, **fields: Any) -> Vendor:
    require(actor, organization, "vendor.change")
    return create_audited(
        model=Vendor,
        actor=actor,
        audit_organization=organization,
        created_by=organization,
        **fields,
    )


def _may_maintain_shared(actor: Any, organization: Organization, owner_id: int | None) -> None:
    if owner_id != organization.pk and not getattr(actor, "is_superuser", False):
        raise PermissionDenied(_("Posten vedligeholdes af en anden organisation."))


def vendor_update(
    *, actor: Any, organization: Organization, vendor: Vendor, **fields: Any
) -> Vendor:
    require(actor, organization, "vendor.change")
    _may_maintain_shared(actor, organization, vendor.created_by_id)
    return update_audited(obj=vendor, actor=actor, audit_organization=organization, **fields)


def vendor_delete(*, actor: Any, organization: Organization, vendor: Vendor) -> None:
    require(actor, organization, "vendor.change")
    _may_maintain_shared(actor, organization, vendor.created_by_id)
    processes = DataProcessingRegistration.data_processors.through.objects.filter(vendor=vendor)
    subprocesses = DataProcessingRegistration.sub_data_processors.through.objects.filter(
        vendor=vendor
    )
    if vendor.systems.exists() or vendor.contracts.exists():
        raise ValidationError(
            _("Leverandøren bruges af systemer eller kontrakter og kan ikke slettes.")
        )
    if processes.exists() or subprocesses.exists():
        raise ValidationError(
            _("Leverandøren er databehandler i en databehandling og kan ikke slettes.")
        )
    delete_audited(obj=vendor, actor=actor, audit_organization=organization)


# Catalog ---------------------------------------------------------------------------------


def catalog_create(
    *,
    actor: Any,
    organization: Organization,
    kle_subjects: Iterable[Any] = (),
    propose: bool = False,
    **fields: Any,
) -> CatalogSystem:
    """A local catalog entry of the organization; ``propose`` marks it for the shared catalog."""
    require(actor, organization, "portfolio.change")
    _visible_system(organization, "parent", fields.get("parent"))
    return create_audited(
        model=CatalogSystem,
        actor=actor,
        m2m={"kle_subjects": list(kle_subjects)},
        audit_organization=organization,
        scope=c.Scope.LOCAL,
        owner_organization=organization,
        proposed=propose,
        **fields,
    )


def catalog_update(
    *,
    actor: Any,
    organization: Organization,
    system: CatalogSystem,
    kle_subjects: Iterable[Any] | None = None,
    **fields: Any,
) -> CatalogSystem:
    require(actor, organization, "portfolio.change")
    _may_maintain_shared(actor, organization, system.owner_organization_id)
    m2m = {"kle_subjects": list(kle_subjects)} if kle_subjects is not None else None
    return update_audited(
        obj=system, actor=actor, m2m=m2m, audit_organization=organization, **fields
    )


# Usages --------------------------------------------------------------------------------

USAGE_M2M = ("using_units", "kle_additions", "kle_removals")


def _usage_checks(organization: Organization, fields: dict[str, Any], m2m: dict[str, Any]) -> None:
    _visible_system(organization, "catalog_system", fields.get("catalog_system"))
    _same_org(organization, "responsible_unit", [fields.get("responsible_unit")])
    _same_org(organization, "using_units", m2m.get("using_units", []))


def _split_m2m(fields: dict[str, Any]) -> dict[str, Any]:
    return {name: list(fields.pop(name)) for name in USAGE_M2M if name in fields}


def usage_create(*, actor: Any, organization: Organization, **fields: Any) -> SystemUsage:
    require(actor, organization, "usage.change")
    m2m = _split_m2m(fields)
    _usage_checks(organization, fields, m2m)
    return create_audited(
        model=SystemUsage, actor=actor, organization=organization, m2m=m2m, **fields
    )


def catalog_take_into_use(
    *, actor: Any, organization: Organization, system: CatalogSystem, **fields: Any
) -> SystemUsage:
    """Take a catalog system into use in the organization (creates the usage)."""
    if system.deactivated:
        raise ValidationError(_("Systemet er deaktiveret i kataloget."))
    fields.setdefault("lifecycle", c.Lifecycle.PHASING_IN)
    return usage_create(actor=actor, organization=organization, catalog_system=system, **fields)


def usage_update(*, actor: Any, usage: SystemUsage, **fields: Any) -> SystemUsage:
    require(actor, usage.organization, "usage.change", usage)
    m2m = _split_m2m(fields)
    _usage_checks(usage.organization, fields, m2m)
    return update_audited(obj=usage, actor=actor, m2m=m2m or None, **fields)


def usage_delete(*, actor: Any, usage: SystemUsage) -> None:
    require(actor, usage.organization, "portfolio.change")
    delete_audited(obj=usage, actor=actor)


@transaction.atomic
def usage_bulk_update(
    *,
    actor: Any,
    organization: Organization,
    usages: Iterable[SystemUsage],
    lifecycle: str | None = None,
    time_disposition: str | None = None,
    owner: Any = None,
) -> int:
    """Set lifecycle, TIME disposition and/or systemejer on many usages; one event each."""
    fields: dict[str, Any] = {}
    if lifecycle:
        fields["lifecycle"] = lifecycle
    if time_disposition is not None and time_disposition != "keep":
        fields["time_disposition"] = time_disposition
    if not fields and owner is None:
        raise ValidationError(_("Vælg mindst én ændring."))
    count = 0
    systemejer = (
        RoleType.objects.get(organization=None, key="systemejer") if owner is not None else None
    )
    for usage in usages:
        _same_org(organization, "usages", [usage])
        if fields:
            usage_update(actor=actor, usage=usage, **fields)
        if owner is not None and systemejer is not None:
            rows = [
                _role_row(r)
                for r in usage.roles.select_related("role_type").all()
                if r.role_type_id != systemejer.pk
            ]
            rows.append({"role_type": systemejer, "user": owner, "person_name": "", "email": ""})
            usage_roles_set(actor=actor, usage=usage, roles=rows)
        count += 1
    return count


def _role_row(role: UsageRole) -> dict[str, Any]:
    return {
        "role_type": role.role_type,
        "user": role.user,
        "person_name": role.person_name,
        "email": role.email,
    }


def usage_roles_set(*, actor: Any, usage: SystemUsage, roles: list[dict[str, Any]]) -> SystemUsage:
    require(actor, usage.organization, "usage.change", usage)
    _members_only(usage.organization, roles)
    for row in roles:
        role_type = row["role_type"]
        if role_type.organization_id not in (None, usage.organization_id):
            raise ValidationError({"roles": _("Rolletypen findes ikke.")})
    return replace_children_audited(obj=usage, actor=actor, relation="roles", rows=roles)


def usage_costs_set(*, actor: Any, usage: SystemUsage, lines: list[dict[str, Any]]) -> SystemUsage:
    require(actor, usage.organization, "usage.change", usage)
    return replace_children_audited(obj=usage, actor=actor, relation="costs", rows=lines)


def usage_references_set(
    *, actor: Any, usage: SystemUsage, references: list[dict[str, Any]]
) -> SystemUsage:
    require(actor, usage.organization, "usage.change", usage)
    return replace_children_audited(obj=usage, actor=actor, relation="references", rows=references)


# Data objects ----------------------------------------------------------------------------


def data_object_create(*, actor: Any, organization: Organization, **fields: Any) -> DataObject:
    require(actor, organization, "portfolio.change")
    return create_audited(model=DataObject, actor=actor, organization=organization, **fields)


def data_object_get_or_create(*, actor: Any, organization: Organization, name: str) -> DataObject:
    existing = DataObject.objects.filter(
        organization=organization, name__iexact=name.strip()
    ).first()
    return existing or data_object_create(actor=actor, organization=organization, name=name.strip())


# Contracts -----------------------------------------------------------------------------


def _contract_checks(
    organization: Organization, fields: dict[str, Any], usages: list[Any] | None
) -> None:
    _same_org(organization, "usages", usages or [])
    _same_org(organization, "parent", [fields.get("parent")])
    _same_org(organization, "responsible_unit", [fields.get("responsible_unit")])


def contract_create(
    *, actor: Any, organization: Organization, usages: Iterable[SystemUsage] = (), **fields: Any
) -> Contract:
    require(actor, organization, "contract.change")
    usage_list = list(usages)
    _contract_checks(organization, fields, usage_list)
    return create_audited(
        model=Contract, actor=actor, organization=organization, m2m={"usages": usage_list}, **fields
    )


def contract_update(
    *, actor: Any, contract: Contract, usages: Iterable[SystemUsage] | None = None, **fields: Any
) -> Contract:
    require(actor, contract.organization, "contract.change", contract)
    usage_list = list(usages) if usages is not None else None
    _contract_checks(contract.organization, fields, usage_list)
    if fields.get("parent") is not None and fields["parent"].pk == contract.pk:
        raise ValidationError(
            {"parent": _("En kontrakt kan ikke være sin egen overordnede kontrakt.")}
        )
    m2m = {"usages": usage_list} if usage_list is not None else None
    return update_audited(obj=contract, actor=actor, m2m=m2m, **fields)


def contract_delete(*, actor: Any, contract: Contract) -> None:
    require(actor, contract.organization, "contract.change", contract)
    delete_audited(obj=contract, actor=actor)


def contract_payments_set(
    *, actor: Any, contract: Contract, payments: list[dict[str, Any]]
) -> Contract:
    require(actor, contract.organization, "contract.change", contract)
    keys = [(p["year"], p["stream"]) for p in payments]
    if len(keys) != len(set(keys)):
        raise ValidationError(
            {"payments": _("Hvert år og hver betalingsstrøm må kun stå én gang.")}
        )
    return replace_children_audited(obj=contract, actor=actor, relation="payments", rows=payments)


def contract_roles_set(*, actor: Any, contract: Contract, roles: list[dict[str, Any]]) -> Contract:
    require(actor, contract.organization, "contract.change", contract)
    _members_only(contract.organization, roles)
    return replace_children_audited(obj=contract, actor=actor, relation="roles", rows=roles)


# Integrations --------------------------------------------------------------------------


def _integration_checks(
    organization: Organization, fields: dict[str, Any], data_objects: list[Any] | None
) -> None:
    _same_org(organization, "source", [fields.get("source")])
    _same_org(organization, "target", [fields.get("target")])
    _same_org(organization, "contract", [fields.get("contract")])
    _same_org(organization, "data_objects", data_objects or [])
    check_integration(
        organization_id=organization.pk,
        source=fields.get("source"),
        target=fields.get("target"),
        target_component=fields.get("target_component"),
    )


def integration_create(
    *,
    actor: Any,
    organization: Organization,
    data_objects: Iterable[DataObject] = (),
    **fields: Any,
) -> Integration:
    require(actor, organization, "portfolio.change")
    objects = list(data_objects)
    _integration_checks(organization, fields, objects)
    return create_audited(
        model=Integration,
        actor=actor,
        organization=organization,
        m2m={"data_objects": objects},
        **fields,
    )


def integration_update(
    *,
    actor: Any,
    integration: Integration,
    data_objects: Iterable[DataObject] | None = None,
    **fields: Any,
) -> Integration:
    require(actor, integration.organization, "portfolio.change")
    objects = list(data_objects) if data_objects is not None else None
    merged = {
        "source": integration.source,
        "target": integration.target,
        "target_component": integration.target_component,
        **fields,
    }
    _integration_checks(integration.organization, merged, objects)
    m2m = {"data_objects": objects} if objects is not None else None
    return update_audited(obj=integration, actor=actor, m2m=m2m, **fields)


def integration_delete(*, actor: Any, integration: Integration) -> None:
    require(actor, integration.organization, "portfolio.change")
    delete_audited(obj=integration, actor=actor)


# Processes -----------------------------------------------------------------------------


def process_create(*, actor: Any, organization: Organization, **fields: Any) -> BusinessProcess:
    require(actor, organization, "portfolio.change")
    _same_org(organization, "parent", [fields.get("parent")])
    _same_org(organization, "owner_unit", [fields.get("owner_unit")])
    return create_audited(model=BusinessProcess, actor=actor, organization=organization, **fields)


def process_update(*, actor: Any, process: BusinessProcess, **fields: Any) -> BusinessProcess:
    require(actor, process.organization, "portfolio.change")
    _same_org(process.organization, "parent", [fields.get("parent")])
    _same_org(process.organization, "owner_unit", [fields.get("owner_unit")])
    parent = fields.get("parent")
    while parent is not None:
        if parent.pk == process.pk:
            raise ValidationError({"parent": _("En proces kan ikke ligge under sig selv.")})
        parent = parent.parent
    return update_audited(obj=process, actor=actor, **fields)


def process_delete(*, actor: Any, process: BusinessProcess) -> None:
    require(actor, process.organization, "portfolio.change")
    delete_audited(obj=process, actor=actor)


@transaction.atomic
def process_steps_set(
    *, actor: Any, process: BusinessProcess, steps: list[dict[str, Any]]
) -> BusinessProcess:
    """Replace the ordered steps; each: name, unit, usages, collects, reads (lists)."""
    from core import audit

    require(actor, process.organization, "portfolio.change")
    org = process.organization
    with audit.audited(actor=actor, obj=process, organization=org, values=_process_values):
        process.steps.all().delete()
        for order, row in enumerate(steps, start=1):
            _same_org(org, "unit", [row.get("unit")])
            _same_org(org, "usages", row.get("usages", []))
            _same_org(org, "collects", row.get("collects", []))
            _same_org(org, "reads", row.get("reads", []))
            step = ProcessStep(process=process, order=order, name=row["name"], unit=row.get("unit"))
            step.full_clean()
            step.save()
            step.usages.set(row.get("usages", []))
            step.collects.set(row.get("collects", []))
            step.reads.set(row.get("reads", []))
        touch(process)
    return process


def _process_values(process: BusinessProcess) -> dict[str, Any]:
    """The audited values of a process, with the links of its steps."""
    from core import audit

    return audit.snapshot(process) | {"step_links": _step_links(process)}


def _step_links(process: BusinessProcess) -> list[dict[str, list[int]]]:
    return [
        {
            "usages": sorted(s.usages.values_list("pk", flat=True)),
            "collects": sorted(s.collects.values_list("pk", flat=True)),
            "reads": sorted(s.reads.values_list("pk", flat=True)),
        }
        for s in process.steps.all()
    ]


# Data processing registrations ---------------------------------------------------------

DPR_M2M = ("data_processors", "sub_data_processors", "usages", "contracts")


def _dpr_m2m(fields: dict[str, Any]) -> dict[str, Any]:
    return {name: list(fields.pop(name)) for name in DPR_M2M if name in fields}


def _dpr_checks(organization: Organization, fields: dict[str, Any], m2m: dict[str, Any]) -> None:
    _same_org(organization, "responsible_unit", [fields.get("responsible_unit")])
    _same_org(organization, "usages", m2m.get("usages", []))
    _same_org(organization, "contracts", m2m.get("contracts", []))


def dpr_create(
    *, actor: Any, organization: Organization, **fields: Any
) -> DataProcessingRegistration:
    """A data processing registration; ``next_oversight`` is derived, never taken."""
    require(actor, organization, "contract.change")
    fields.pop("next_oversight", None)
    m2m = _dpr_m2m(fields)
    _dpr_checks(organization, fields, m2m)
    fields["next_oversight"] = DataProcessingRegistration.derive_next_oversight(
        fields.get("latest_oversight"), fields.get("oversight_interval_months")
    )
    return create_audited(
        model=DataProcessingRegistration,
        actor=actor,
        organization=organization,
        m2m=m2m,
        **fields,
    )


def dpr_update(
    *, actor: Any, registration: DataProcessingRegistration, **fields: Any
) -> DataProcessingRegistration:
    require(actor, registration.organization, "contract.change", registration)
    fields.pop("next_oversight", None)
    m2m = _dpr_m2m(fields)
    _dpr_checks(registration.organization, fields, m2m)
    latest = fields.get("latest_oversight", registration.latest_oversight)
    months = fields.get("oversight_interval_months", registration.oversight_interval_months)
    fields["next_oversight"] = DataProcessingRegistration.derive_next_oversight(latest, months)
    return update_audited(obj=registration, actor=actor, m2m=m2m or None, **fields)


def dpr_delete(*, actor: Any, registration: DataProcessingRegistration) -> None:
    require(actor, registration.organization, "contract.change", registration)
    delete_audited(obj=registration, actor=actor)


# Data objects: edit and delete (the screens) ---------------------------------------------


def data_object_update(*, actor: Any, data_object: DataObject, **fields: Any) -> DataObject:
    require(actor, data_object.organization, "portfolio.change")
    return update_audited(obj=data_object, actor=actor, **fields)


def data_object_delete(*, actor: Any, data_object: DataObject) -> None:
    """Delete a data object no integration or process step uses any more."""
    require(actor, data_object.organization, "portfolio.change")
    if data_object.integrations.exists():
        raise ValidationError(
            _("Dataobjektet bruges af integrationer og kan ikke slettes. Fjern det fra dem først.")
        )
    if data_object.collected_in.exists() or data_object.read_in.exists():
        raise ValidationError(
            _("Dataobjektet bruges i procestrin og kan ikke slettes. Fjern det fra dem først.")
        )
    delete_audited(obj=data_object, actor=actor)
