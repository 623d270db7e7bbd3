"""The before/after effect of a communication activity and the monthly series."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from channels import statistics
from channels.tests.factories import add_counts, make_activity, make_area
from organizations.testing import make_organization

pytestmark = pytest.mark.django_db


def _year(area: Any, shares: dict[int, tuple[int, int]]) -> None:
    for month, (personal, digital) in shares.items():
        add_counts(area, dt.date(2025, month, 1), personal, digital)


def test_the_effect_compares_whole_months_before_and_after_the_activity_month() -> None:
    org = make_organization()
    area = make_area(org, "Flytning")
    # Before (March-May): 300 digital of 1,000; June (the activity's month) left out;
    # after (July-September): 600 digital of 1,000.
    _year(
        area,
        {
            2: (1000, 1000),  # outside the window: must not count
            3: (300, 100),
            4: (200, 100),
            5: (200, 100),
            6: (0, 5000),  # the activity's own month: must not count
            7: (100, 200),
            8: (200, 200),
            9: (100, 200),
            10: (0, 9000),  # outside
        },
    )
    activity = make_activity(org, date=dt.date(2025, 6, 15), window_months=3)
    activity.areas.set([area])
    effect = statistics.activity_effect(activity)
    (row,) = effect.areas
    assert (row.before.first, row.before.last) == (dt.date(2025, 3, 1), dt.date(2025, 5, 1))
    assert (row.after.first, row.after.last) == (dt.date(2025, 7, 1), dt.date(2025, 9, 1))
    assert (row.before.digital, row.before.total) == (300, 1000)
    assert (row.after.digital, row.after.total) == (600, 1000)
    assert row.before.share == Decimal("30.0") and row.after.share == Decimal("60.0")
    assert row.change == Decimal("30.0") and row.complete
    assert not effect.all_areas


def test_missing_months_are_stated_and_no_numbers_is_no_change() -> None:
    org = make_organization()
    area, empty = make_area(org, "A"), make_area(org, "B")
    _year(area, {4: (100, 100), 7: (100, 300)})
    activity = make_activity(org, date=dt.date(2025, 6, 1), window_months=3)
    effect = statistics.activity_effect(activity)
    assert effect.all_areas  # no area chosen: all are compared
    first, second = effect.areas
    assert (first.before.covered, first.after.covered) == (1, 1) and not first.complete
    assert first.change == Decimal("25.0")
    assert second.area == empty and second.change is None and second.before.share is None


def test_other_activities_in_the_windows_are_named() -> None:
    org = make_organization()
    area = make_area(org)
    activity = make_activity(org, date=dt.date(2025, 6, 15))
    activity.areas.set([area])
    near = make_activity(org, date=dt.date(2025, 8, 1))
    near.areas.set([area])
    make_activity(org, date=dt.date(2025, 12, 1))  # after the window
    other_area = make_activity(org, date=dt.date(2025, 7, 1))
    other_area.areas.set([make_area(org)])
    (row,) = statistics.activity_effect(activity).areas
    assert list(row.others) == [near]


def test_the_series_sum_areas_and_share_is_of_summed_contacts() -> None:
    org = make_organization()
    a, b = make_area(org), make_area(org)
    add_counts(a, dt.date(2025, 1, 1), 900, 100)  # 10 %
    add_counts(b, dt.date(2025, 1, 1), 0, 10)  # 100 %, few contacts
    (month,) = statistics.total_series(statistics.area_series(organization=org))
    assert month.total == 1010 and month.share == Decimal("10.9")  # not (10 + 100) / 2


def test_the_statistics_of_one_organization_never_show_another() -> None:
    mine, theirs = make_organization(), make_organization()
    add_counts(make_area(theirs, "Naboens"), dt.date(2025, 1, 1), 1, 1)
    assert statistics.area_series(organization=mine) == []
