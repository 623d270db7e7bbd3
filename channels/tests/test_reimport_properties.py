"""Property: importing numbers again - the same file, a file that overlaps it or the same
rows in another order - never changes the totals; the stored numbers are always those of
the last file for each (service area, month)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from channels import importer
from channels.models import ChannelCount
from channels.tests.helpers import wide_csv
from core.permissions import SystemActor
from organizations.testing import make_organization

pytestmark = pytest.mark.django_db

AREAS = ("Pas og kørekort", "Flytning", "Boligstøtte")
MONTHS = [dt.date(2025, m, 1) for m in range(1, 7)]
counts = st.integers(min_value=0, max_value=100_000)
row = st.tuples(st.sampled_from(AREAS), st.sampled_from(MONTHS), *[counts] * 5)
# One row per (area, month): the file's own rule.
files = st.lists(row, min_size=1, max_size=12, unique_by=lambda r: (r[0], r[1]))


def _file(rows: list[Any]) -> bytes:
    return wide_csv([(m.strftime("%Y-%m"), a, *n) for a, m, *n in rows])


def _total(org: Any) -> int:
    return ChannelCount.objects.filter(organization=org).aggregate(n=Sum("contacts"))["n"] or 0


def _import(org: Any, rows: list[Any]) -> None:
    report = importer.run(actor=SystemActor(), organization=org, files=[_file(rows)], dry_run=False)
    assert report.committed, report.errors


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=files, overlap=st.data())
def test_reimporting_never_changes_totals(first: list[Any], overlap: Any) -> None:
    org = make_organization()
    _import(org, first)
    expected = sum(sum(r[2:]) for r in first)
    assert _total(org) == expected
    _import(org, first)  # the same file again
    assert _total(org) == expected
    part = overlap.draw(st.lists(st.sampled_from(first), unique=True, min_size=1))
    _import(org, list(reversed(part)))  # an overlapping file, rows in another order
    assert _total(org) == expected


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=files, second=files)
def test_the_last_file_wins_for_every_area_and_month_it_names(
    first: list[Any], second: list[Any]
) -> None:
    org = make_organization()
    _import(org, first)
    _import(org, second)
    latest = {(a, m): sum(n) for a, m, *n in first}
    latest.update({(a, m): sum(n) for a, m, *n in second})
    assert _total(org) == sum(latest.values())
