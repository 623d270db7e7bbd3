"""What the import and export tests share: a landscape builder and a report check."""

from __future__ import annotations

import datetime as dt
from typing import Any

from interop.report import ImportReport
from organizations.models import Organization
from portfolio import choices as c
from portfolio.models import SystemUsage
from portfolio.tests import factories as f


def formula_usage(
    org: Organization, url: str, business_type: str = c.BusinessType.FAGSYSTEM, **fields: Any
) -> SystemUsage:
    """A phasing-out usage of Fjordsystemer A/S's Jobportal whose local name is a
    spreadsheet formula linking to ``url`` (an export must neutralise it)."""
    vendor = f.vendor(org, name="Fjordsystemer A/S")
    system = f.catalog_system(org, name="Jobportal", vendor=vendor, business_type=business_type)
    return f.usage(
        org,
        catalog_system=system,
        local_name=f'=HYPERLINK("{url}")',
        lifecycle="phasing_out",
        valid_from=dt.date(2026, 12, 31),
        **fields,
    )


def assert_counts(report: ImportReport, outcome: str, expected: dict[str, int]) -> None:
    """The report counts ``expected[kind]`` records of each kind as ``outcome``."""
    assert {kind: report.counts[kind][outcome] for kind in expected} == expected
