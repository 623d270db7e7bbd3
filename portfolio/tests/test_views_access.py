"""Every portfolio screen: anonymous users, each role, and tenant isolation."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from organizations.models import Organization
from organizations.testing import ViewAccessMixin, ViewCase
from portfolio.tests import factories as f

pytestmark = pytest.mark.django_db

EDITORS = frozenset({"redaktoer", "arkitekt", "administrator"})
BUYERS = EDITORS | {"indkoeber"}
_n = itertools.count(1)


class PortfolioFactories:
    def make_usage(self, org: Organization) -> Any:
        return f.usage(org)

    def make_system(self, org: Organization) -> Any:
        return f.catalog_system(org)

    def make_vendor(self, org: Organization) -> Any:
        return f.vendor(org)

    def make_contract(self, org: Organization) -> Any:
        return f.contract(org)

    def make_integration(self, org: Organization) -> Any:
        return f.integration(org)

    def make_process(self, org: Organization) -> Any:
        return f.process(org)

    def make_data_object(self, org: Organization) -> Any:
        return f.data_object(org)

    def list_marker(self, org: Organization) -> str:
        f.usage(org, local_name="Naboens hemmelige system")
        f.contract(org, name="Naboens hemmelige kontrakt")
        f.process(org, name="Naboens hemmelige proces")
        f.data_object(org, name=f"Naboens hemmelige data {next(_n)}")
        return "Naboens hemmelige"


def _usage_post(test: Any, org: Organization) -> dict[str, Any]:
    system = f.catalog_system(org)
    return {
        "catalog_system": system.pk,
        "local_name": "Omdøbt",
        "lifecycle": "operational",
        "user_count": "undecided",
        "hosting": "saas",
        "data_sensitivity": "none",
        "archive_duty": "undecided",
        "wcag_status": "unknown",
        "update_cadence": "none",
        "test_cadence": "none",
    }


def _bulk_post(test: Any, org: Organization) -> dict[str, Any]:
    return {"usages": [f.usage(org).pk], "lifecycle": "phasing_out", "time_disposition": "keep"}


def _data_object_post(test: Any, org: Organization) -> dict[str, Any]:
    return {"name": f"Sagsakter {next(_n)}", "description": "", "personal_data": "on"}


def _rows(**row: Any) -> Any:
    def build(test: Any, org: Organization) -> dict[str, Any]:
        data = {"rows-TOTAL_FORMS": "1", "rows-INITIAL_FORMS": "0"}
        data.update({f"rows-0-{k}": v for k, v in row.items()})
        return data

    return build


class TestPortfolioViews(PortfolioFactories, ViewAccessMixin):
    view_cases = (
        ViewCase("portfolio:usage_list"),
        ViewCase("portfolio:usage_detail", obj="usage"),
        ViewCase("portfolio:usage_history", obj="usage"),
        ViewCase("portfolio:usage_edit", allowed=EDITORS, obj="usage"),
        ViewCase(
            "portfolio:usage_edit", allowed=EDITORS, obj="usage", method="post", data=_usage_post
        ),
        ViewCase("portfolio:usage_roles", allowed=EDITORS, obj="usage"),
        ViewCase(
            "portfolio:usage_roles", allowed=EDITORS, obj="usage", method="post", data=_rows()
        ),
        ViewCase("portfolio:usage_costs", allowed=EDITORS, obj="usage"),
        ViewCase(
            "portfolio:usage_costs",
            allowed=EDITORS,
            obj="usage",
            method="post",
            data=_rows(year="2026", kind="license", amount="1.234,50"),
        ),
        ViewCase("portfolio:usage_references", allowed=EDITORS, obj="usage"),
        ViewCase(
            "portfolio:usage_references",
            allowed=EDITORS,
            obj="usage",
            method="post",
            data=_rows(title="Driftsaftale", url="https://example.invalid/aftale"),
        ),
        ViewCase("portfolio:usage_delete", allowed=EDITORS, obj="usage"),
        ViewCase("portfolio:usage_delete", allowed=EDITORS, obj="usage", method="post"),
        ViewCase("portfolio:usage_bulk", allowed=EDITORS, method="post", data=_bulk_post),
        ViewCase("portfolio:catalog_list"),
        ViewCase("portfolio:catalog_detail", obj="system"),
        ViewCase("portfolio:catalog_create", allowed=EDITORS),
        ViewCase(
            "portfolio:catalog_create",
            allowed=EDITORS,
            method="post",
            data=lambda t, o: {
                "name": "Nyt system",
                "business_type": "fagsystem",
                "recommended_archive_duty": "undecided",
            },
        ),
        ViewCase("portfolio:catalog_edit", allowed=EDITORS, obj="system"),
        ViewCase("portfolio:catalog_take", allowed=EDITORS, obj="system"),
        ViewCase(
            "portfolio:catalog_take",
            allowed=EDITORS,
            obj="system",
            method="post",
            data=lambda t, o: {"local_name": "Taget i brug", "lifecycle": "phasing_in"},
        ),
        ViewCase("portfolio:vendor_list"),
        ViewCase("portfolio:vendor_detail", obj="vendor", shared=True),
        ViewCase("portfolio:vendor_create", allowed=BUYERS),
        ViewCase(
            "portfolio:vendor_create",
            allowed=BUYERS,
            method="post",
            data=lambda t, o: {"name": "Ny leverandør"},
        ),
        ViewCase("portfolio:vendor_edit", allowed=BUYERS, obj="vendor", shared=True),
        ViewCase("portfolio:contract_list"),
        ViewCase("portfolio:contract_detail", obj="contract"),
        ViewCase("portfolio:contract_history", obj="contract"),
        ViewCase("portfolio:contract_create", allowed=BUYERS),
        ViewCase(
            "portfolio:contract_create",
            allowed=BUYERS,
            method="post",
            data=lambda t, o: {
                "name": "Ny kontrakt",
                "contract_type": "main",
                "notice_months": "3",
                "notice_runs_to": "month",
                "options_offered": "0",
                "options_used": "0",
                "option_months": "12",
            },
        ),
        ViewCase("portfolio:contract_edit", allowed=BUYERS, obj="contract"),
        ViewCase("portfolio:contract_payments", allowed=BUYERS, obj="contract"),
        ViewCase(
            "portfolio:contract_payments",
            allowed=BUYERS,
            obj="contract",
            method="post",
            data=_rows(year="2026", stream="operation", amount="100000"),
        ),
        ViewCase("portfolio:contract_roles", allowed=BUYERS, obj="contract"),
        ViewCase(
            "portfolio:contract_roles",
            allowed=BUYERS,
            obj="contract",
            method="post",
            data=_rows(kind="owner", person_name="Kim Kontraktejer"),
        ),
        ViewCase("portfolio:contract_delete", allowed=BUYERS, obj="contract"),
        ViewCase("portfolio:contract_delete", allowed=BUYERS, obj="contract", method="post"),
        ViewCase("portfolio:integration_list"),
        ViewCase("portfolio:integration_detail", obj="integration"),
        ViewCase("portfolio:integration_history", obj="integration"),
        ViewCase("portfolio:integration_create", allowed=EDITORS),
        ViewCase(
            "portfolio:integration_create",
            allowed=EDITORS,
            method="post",
            data=lambda t, o: {
                "source": f.usage(o).pk,
                "target": f.usage(o).pk,
                "technology": "api",
                "frequency": "daily",
                "direction": "one_way",
                "status": "active",
            },
        ),
        ViewCase("portfolio:integration_edit", allowed=EDITORS, obj="integration"),
        ViewCase("portfolio:integration_delete", allowed=EDITORS, obj="integration"),
        ViewCase("portfolio:integration_delete", allowed=EDITORS, obj="integration", method="post"),
        ViewCase("portfolio:data_object_list"),
        ViewCase("portfolio:data_object_detail", obj="data_object"),
        ViewCase("portfolio:data_object_history", obj="data_object"),
        ViewCase("portfolio:data_object_create", allowed=EDITORS),
        ViewCase(
            "portfolio:data_object_create",
            allowed=EDITORS,
            method="post",
            data=_data_object_post,
        ),
        ViewCase("portfolio:data_object_edit", allowed=EDITORS, obj="data_object"),
        ViewCase(
            "portfolio:data_object_edit",
            allowed=EDITORS,
            obj="data_object",
            method="post",
            data=_data_object_post,
        ),
        ViewCase("portfolio:data_object_delete", allowed=EDITORS, obj="data_object"),
        ViewCase("portfolio:data_object_delete", allowed=EDITORS, obj="data_object", method="post"),
        ViewCase("portfolio:process_list"),
        ViewCase("portfolio:process_detail", obj="process"),
        ViewCase("portfolio:process_history", obj="process"),
        ViewCase("portfolio:process_create", allowed=EDITORS),
        ViewCase(
            "portfolio:process_create",
            allowed=EDITORS,
            method="post",
            data=lambda t, o: {"name": "Ny proces"},
        ),
        ViewCase("portfolio:process_edit", allowed=EDITORS, obj="process"),
        ViewCase("portfolio:process_steps", allowed=EDITORS, obj="process"),
        ViewCase(
            "portfolio:process_steps",
            allowed=EDITORS,
            obj="process",
            method="post",
            data=_rows(name="Modtag ansøgning"),
        ),
        ViewCase("portfolio:process_delete", allowed=EDITORS, obj="process"),
        ViewCase("portfolio:process_delete", allowed=EDITORS, obj="process", method="post"),
    )
