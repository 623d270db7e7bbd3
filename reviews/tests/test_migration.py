"""The governance-plan fields move off the usage into GovernancePlan records and back."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("reviews", "0001_initial"), ("portfolio", "0001_squashed_0005_catalog_review_records")]
AFTER = [("portfolio", "0006_usage_governance_plan_moved")]


def _migrate(targets: Any) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_plans_are_made_from_the_usage_fields_and_written_back() -> None:
    old = _migrate(BEFORE)
    Organization = old.get_model("organizations", "Organization")
    CatalogSystem = old.get_model("portfolio", "CatalogSystem")
    SystemUsage = old.get_model("portfolio", "SystemUsage")
    org = Organization.objects.create(name="Migreringskommune", kind="kommune")
    system = CatalogSystem.objects.create(name="Migreret system", business_type="fagsystem")
    planned = SystemUsage.objects.create(
        organization=org,
        catalog_system=system,
        local_name="Med plan",
        update_cadence="monthly",
        test_cadence="quarterly",
        governance_responsible="Syntetisk Ansvarlig",
        last_tested=date(2025, 5, 20),
    )
    bare = SystemUsage.objects.create(organization=org, catalog_system=system, local_name="Uden")

    new = _migrate(AFTER)
    GovernancePlan = new.get_model("reviews", "GovernancePlan")
    plans = list(GovernancePlan.objects.values())
    assert len(plans) == 1
    plan = plans[0]
    assert plan["usage_id"] == planned.pk and plan["organization_id"] == org.pk
    assert (plan["update_cadence"], plan["test_cadence"]) == ("monthly", "quarterly")
    assert plan["responsible_name"] == "Syntetisk Ansvarlig"
    assert plan["last_tested"] == date(2025, 5, 20)
    assert plan["created_at"] == planned.created_at
    assert not GovernancePlan.objects.filter(usage_id=bare.pk).exists()
    assert "last_tested" not in {
        f.name for f in new.get_model("portfolio", "SystemUsage")._meta.fields
    }

    back = _migrate(BEFORE)
    usage = back.get_model("portfolio", "SystemUsage").objects.get(pk=planned.pk)
    assert (usage.test_cadence, usage.governance_responsible) == (
        "quarterly",
        "Syntetisk Ansvarlig",
    )
    assert usage.last_tested == date(2025, 5, 20)
    assert not back.get_model("reviews", "GovernancePlan").objects.exists()
    # Back to the latest state of every app for the tests that follow: going back to
    # portfolio 0001 also unapplied the apps that depend on later portfolio migrations
    # (spend, sharing, …), which migrating to AFTER alone would leave without tables.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    tables = set(connection.introspection.table_names())
    from django.apps import apps

    assert {m._meta.db_table for m in apps.get_models() if m._meta.managed} <= tables
