from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import AuditEvent
from organizations.models import Membership
from organizations.testing import make_organization, make_user
from portfolio import choices as c
from portfolio import services
from portfolio.models import CatalogSystem, RoleType, SystemUsage
from portfolio.tests import factories as f
from portfolio.validators import cvr_is_valid

pytestmark = pytest.mark.django_db


def test_cvr_check_digit() -> None:
    assert cvr_is_valid("29189846")
    assert not cvr_is_valid("29189847")
    assert not cvr_is_valid("0918984")
    assert not cvr_is_valid("abcdefgh")


def test_reference_data_is_seeded() -> None:
    components = CatalogSystem.objects.filter(
        business_type=c.BusinessType.FAELLESKOMMUNAL, scope="global"
    )
    assert {"Serviceplatformen", "Beskedfordeler", "Fordelingskomponent"} <= set(
        components.values_list("name", flat=True)
    )
    assert RoleType.objects.get(organization=None, key="systemejer").grants_edit


def test_take_into_use_and_catalog_visibility(org, editor) -> None:  # type: ignore[no-untyped-def]
    other = make_organization()
    foreign_local = f.catalog_system(other)
    with pytest.raises(ValidationError):
        services.usage_create(actor=editor, organization=org, catalog_system=foreign_local)
    mine = services.catalog_create(
        actor=editor,
        organization=org,
        name="Lokalt system",
        business_type="fagsystem",
        propose=True,
    )
    assert mine.scope == "local" and mine.proposed and mine.owner_organization == org
    usage = services.catalog_take_into_use(
        actor=editor, organization=org, system=mine, local_name="Vores"
    )
    assert usage.lifecycle == c.Lifecycle.PHASING_IN
    assert AuditEvent.objects.filter(
        action="create", object_id=str(usage.pk), organization=org
    ).exists()
    with pytest.raises(PermissionDenied):
        services.catalog_update(
            actor=make_user(organization=other, roles=["redaktoer"]),
            organization=other,
            system=mine,
            name="X",
        )


def test_units_of_another_organization_are_rejected(org, editor) -> None:  # type: ignore[no-untyped-def]
    foreign_unit = f.unit(make_organization())
    with pytest.raises(ValidationError):
        services.usage_create(
            actor=editor,
            organization=org,
            catalog_system=f.catalog_system(org),
            responsible_unit=foreign_unit,
        )
    with pytest.raises(ValidationError):
        services.usage_create(
            actor=editor,
            organization=org,
            catalog_system=f.catalog_system(org),
            using_units=[foreign_unit],
        )


def test_systemejer_edits_only_own_usages(org) -> None:  # type: ignore[no-untyped-def]
    owner = make_user(organization=org, roles=["systemejer"])
    admin = make_user(organization=org, roles=["administrator"])
    mine, other = f.usage(org), f.usage(org)
    systemejer = RoleType.objects.get(organization=None, key="systemejer")
    services.usage_roles_set(
        actor=admin, usage=mine, roles=[{"role_type": systemejer, "user": owner}]
    )
    services.usage_update(actor=owner, usage=mine, notes="Opdateret af systemejer")
    assert SystemUsage.objects.get(pk=mine.pk).notes == "Opdateret af systemejer"
    with pytest.raises(PermissionDenied):
        services.usage_update(actor=owner, usage=other, notes="Nej")
    with pytest.raises(PermissionDenied):
        services.usage_delete(actor=owner, usage=mine)


def test_roles_must_be_members(org, editor) -> None:  # type: ignore[no-untyped-def]
    outsider = make_user()
    systemejer = RoleType.objects.get(organization=None, key="systemejer")
    with pytest.raises(ValidationError):
        services.usage_roles_set(
            actor=editor, usage=f.usage(org), roles=[{"role_type": systemejer, "user": outsider}]
        )


def test_contract_roles_must_be_members(org) -> None:  # type: ignore[no-untyped-def]
    buyer = make_user(organization=org, roles=["administrator"])
    member, outsider = make_user(organization=org, roles=["redaktoer"]), make_user()
    contract = f.contract(org)
    row = {"kind": c.ContractRoleKind.values[0], "person_name": ""}
    with pytest.raises(ValidationError, match="ikke medlem"):
        services.contract_roles_set(
            actor=buyer, contract=contract, roles=[{**row, "user": outsider}]
        )
    assert not contract.roles.exists()
    services.contract_roles_set(
        actor=buyer, contract=contract, roles=[{**row, "user": member}, {**row, "user": member}]
    )
    assert contract.roles.count() == 2


def test_child_rows_are_audited_as_parent_update(org, editor) -> None:  # type: ignore[no-untyped-def]
    usage = f.usage(org)
    services.usage_costs_set(
        actor=editor,
        usage=usage,
        lines=[{"year": 2026, "kind": "license", "amount": Decimal("1000.50"), "note": ""}],
    )
    event = AuditEvent.objects.get(action="update", object_id=str(usage.pk))
    assert event.changes["costs"]["before"] == []
    assert event.changes["costs"]["after"][0]["amount"] == "1000.50"
    contract = f.contract(org)
    with pytest.raises(ValidationError):
        services.contract_payments_set(
            actor=editor,
            contract=contract,
            payments=[
                {"year": 2026, "stream": "operation", "amount": 1},
                {"year": 2026, "stream": "operation", "amount": 2},
            ],
        )


def test_bulk_update_sets_lifecycle_time_and_owner(org) -> None:  # type: ignore[no-untyped-def]
    admin = make_user(organization=org, roles=["administrator"])
    owner = make_user(organization=org, roles=["systemejer"])
    usages = [f.usage(org), f.usage(org)]
    count = services.usage_bulk_update(
        actor=admin,
        organization=org,
        usages=usages,
        lifecycle="phasing_out",
        time_disposition="eliminate",
        owner=owner,
    )
    assert count == 2
    for u in usages:
        u.refresh_from_db()
        assert u.lifecycle == "phasing_out" and u.time_disposition == "eliminate"
        assert u.roles.get(role_type__key="systemejer").user == owner
    with pytest.raises(ValidationError):
        services.usage_bulk_update(actor=admin, organization=org, usages=usages)
    with pytest.raises(ValidationError):
        services.usage_bulk_update(
            actor=admin, organization=org, usages=[f.usage(make_organization())], lifecycle="pilot"
        )


def test_integration_rules(org, editor) -> None:  # type: ignore[no-untyped-def]
    a, b = f.usage(org), f.usage(org)
    component = CatalogSystem.objects.get(name="Serviceplatformen")
    i = services.integration_create(
        actor=editor, organization=org, source=a, target_component=component, technology="api"
    )
    assert i.target_label == "Serviceplatformen"
    refused_targets = (
        {"target": a},
        {"target_component": a.catalog_system},
        {"target": b, "target_component": component},  # both at once: the model's constraint
    )
    for targets in refused_targets:
        with pytest.raises(ValidationError):
            services.integration_create(
                actor=editor, organization=org, source=a, technology="api", **targets
            )


def test_process_steps_and_cycles(org, editor) -> None:  # type: ignore[no-untyped-def]
    parent = f.process(org)
    child = services.process_create(actor=editor, organization=org, name="Delproces", parent=parent)
    with pytest.raises(ValidationError):
        services.process_update(actor=editor, process=parent, parent=child)
    cpr = f.data_object(org, "Cpr-oplysninger")
    usage = f.usage(org)
    services.process_steps_set(
        actor=editor,
        process=child,
        steps=[
            {"name": "Modtag", "usages": [usage], "collects": [cpr]},
            {"name": "Behandl", "collects": [cpr], "reads": [cpr]},
        ],
    )
    assert [s.name for s in child.steps.all()] == ["Modtag", "Behandl"]
    event = AuditEvent.objects.filter(action="update", object_id=str(child.pk)).latest("id")
    assert len(event.changes["steps"]["after"]) == 2


def test_vendor_maintained_by_creator_only(org) -> None:  # type: ignore[no-untyped-def]
    buyer = make_user(organization=org, roles=["indkoeber"])
    vendor = services.vendor_create(
        actor=buyer, organization=org, name="Fjordsystemer A/S", cvr="29189846"
    )
    other = make_organization()
    stranger = make_user(organization=other, roles=["administrator"])
    with pytest.raises(PermissionDenied):
        services.vendor_update(actor=stranger, organization=other, vendor=vendor, name="Kapret")
    with pytest.raises(ValidationError):
        services.vendor_create(actor=buyer, organization=org, name="Forkert CVR", cvr="12345678")
    assert Membership.objects.filter(user=buyer).count() == 1
