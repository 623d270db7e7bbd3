"""Every portfolio screen: anonymous users, each role, and tenant isolation."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from organizations.models import Organization
from organizations.testing import Entity, ViewAccessMixin, ViewCase, fixed, form_cases, unique
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
        """One of each listed kind, all named with the same unique text."""
        marker = unique("Hemmelig")
        usage = f.usage(org, local_name=f"{marker} system")
        f.contract(org, name=f"{marker} kontrakt")
        f.process(org, name=f"{marker} proces")
        f.data_object(org, name=f"{marker} data")
        f.integration(org, source=usage)
        f.catalog_system(org, name=f"{marker} katalog")
        return marker


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


_contract_post = fixed(
    {
        "name": "Ny kontrakt",
        "contract_type": "main",
        "notice_months": "3",
        "notice_runs_to": "month",
        "options_offered": "0",
        "options_used": "0",
        "option_months": "12",
    }
)
_system_post = fixed(
    {"name": "Nyt system", "business_type": "fagsystem", "recommended_archive_duty": "undecided"}
)


def _integration_post(test: Any, org: Organization) -> dict[str, Any]:
    return {
        "source": f.usage(org).pk,
        "target": f.usage(org).pk,
        "technology": "api",
        "frequency": "daily",
        "direction": "one_way",
        "status": "active",
    }


USAGE = Entity("usage", change=EDITORS)
SYSTEM = Entity("system", change=EDITORS)
CONTRACT = Entity("contract", change=BUYERS)
VENDOR = Entity("vendor", change=BUYERS)
PROCESS = Entity("process", change=EDITORS)
READ_PAGES = ("list", "detail", "history")


class TestPortfolioViews(PortfolioFactories, ViewAccessMixin):
    view_cases = (
        *USAGE.pages("portfolio:usage", edit=_usage_post, only=(*READ_PAGES, "edit", "delete")),
        *USAGE.form("portfolio:usage_roles", _rows()),
        *USAGE.form("portfolio:usage_costs", _rows(year="2026", kind="license", amount="1.234,50")),
        *USAGE.form(
            "portfolio:usage_references",
            _rows(title="Driftsaftale", url="https://example.invalid/aftale"),
        ),
        ViewCase("portfolio:usage_bulk", allowed=EDITORS, method="post", data=_bulk_post),
        *SYSTEM.pages(
            "portfolio:catalog",
            create=_system_post,
            edit=_system_post,
            only=("list", "detail", "create", "edit"),
        ),
        *SYSTEM.form(
            "portfolio:catalog_take",
            fixed({"local_name": "Taget i brug", "lifecycle": "phasing_in"}),
        ),
        ViewCase("portfolio:vendor_list"),
        ViewCase("portfolio:vendor_detail", obj="vendor"),
        *form_cases("portfolio:vendor_create", fixed({"name": "Ny leverandør"}), allowed=BUYERS),
        *VENDOR.form("portfolio:vendor_edit", fixed({"name": "Omdøbt leverandør"})),
        *CONTRACT.pages(
            "portfolio:contract",
            create=_contract_post,
            edit=_contract_post,
            only=(*READ_PAGES, "create", "edit", "delete"),
        ),
        *CONTRACT.form(
            "portfolio:contract_payments", _rows(year="2026", stream="operation", amount="100000")
        ),
        *CONTRACT.form(
            "portfolio:contract_roles", _rows(kind="owner", person_name="Kim Kontraktejer")
        ),
        *Entity("integration", change=EDITORS).pages(
            "portfolio:integration",
            create=_integration_post,
            edit=_integration_post,
            only=(*READ_PAGES, "create", "edit", "delete"),
        ),
        *Entity("data_object", change=EDITORS).pages(
            "portfolio:data_object", create=_data_object_post, edit=_data_object_post
        ),
        *PROCESS.pages(
            "portfolio:process",
            create=fixed({"name": "Ny proces"}),
            edit=fixed({"name": "Omdøbt proces"}),
            only=(*READ_PAGES, "create", "edit", "delete"),
        ),
        *PROCESS.form("portfolio:process_steps", _rows(name="Modtag ansøgning")),
    )
