"""Every portfolio screen: anonymous users, each role, and tenant isolation."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from organizations.models import Organization
from organizations.testing import ViewAccessMixin, ViewCase
from portfolio.tests import factories as f
from portfolio.tests.cases import form_page, read_pages

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
        *read_pages("usage", "usage"),
        *form_page("portfolio:usage_edit", EDITORS, "usage", _usage_post),
        *form_page("portfolio:usage_roles", EDITORS, "usage", _rows()),
        *form_page(
            "portfolio:usage_costs",
            EDITORS,
            "usage",
            _rows(year="2026", kind="license", amount="1.234,50"),
        ),
        *form_page(
            "portfolio:usage_references",
            EDITORS,
            "usage",
            _rows(title="Driftsaftale", url="https://example.invalid/aftale"),
        ),
        *form_page("portfolio:usage_delete", EDITORS, "usage"),
        ViewCase("portfolio:usage_bulk", allowed=EDITORS, method="post", data=_bulk_post),
        ViewCase("portfolio:catalog_list"),
        ViewCase("portfolio:catalog_detail", obj="system"),
        *form_page(
            "portfolio:catalog_create",
            EDITORS,
            data=lambda t, o: {
                "name": "Nyt system",
                "business_type": "fagsystem",
                "recommended_archive_duty": "undecided",
            },
        ),
        ViewCase("portfolio:catalog_edit", allowed=EDITORS, obj="system"),
        *form_page(
            "portfolio:catalog_take",
            EDITORS,
            "system",
            lambda t, o: {"local_name": "Taget i brug", "lifecycle": "phasing_in"},
        ),
        ViewCase("portfolio:vendor_list"),
        ViewCase("portfolio:vendor_detail", obj="vendor", shared=True),
        *form_page("portfolio:vendor_create", BUYERS, data=lambda t, o: {"name": "Ny leverandør"}),
        ViewCase("portfolio:vendor_edit", allowed=BUYERS, obj="vendor", shared=True),
        *read_pages("contract", "contract"),
        *form_page(
            "portfolio:contract_create",
            BUYERS,
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
        *form_page(
            "portfolio:contract_payments",
            BUYERS,
            "contract",
            _rows(year="2026", stream="operation", amount="100000"),
        ),
        *form_page(
            "portfolio:contract_roles",
            BUYERS,
            "contract",
            _rows(kind="owner", person_name="Kim Kontraktejer"),
        ),
        *form_page("portfolio:contract_delete", BUYERS, "contract"),
        *read_pages("integration", "integration"),
        *form_page(
            "portfolio:integration_create",
            EDITORS,
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
        *form_page("portfolio:integration_delete", EDITORS, "integration"),
        *read_pages("data_object", "data_object"),
        *form_page("portfolio:data_object_create", EDITORS, data=_data_object_post),
        *form_page("portfolio:data_object_edit", EDITORS, "data_object", _data_object_post),
        *form_page("portfolio:data_object_delete", EDITORS, "data_object"),
        *read_pages("process", "process"),
        *form_page("portfolio:process_create", EDITORS, data=lambda t, o: {"name": "Ny proces"}),
        ViewCase("portfolio:process_edit", allowed=EDITORS, obj="process"),
        *form_page("portfolio:process_steps", EDITORS, "process", _rows(name="Modtag ansøgning")),
        *form_page("portfolio:process_delete", EDITORS, "process"),
    )
