"""core.due: every registered provider is asked, filtered by kind, merged in date order."""

from datetime import date

import pytest

from core.due import DueItem, due_items
from core.registry import Registry

TODAY = date(2026, 6, 1)


def _item(kind: str, day: date, title: str) -> DueItem:
    return DueItem(kind, kind, f"{kind}:{title}:{day}", 1, title, day, "/x/")


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch) -> Registry:
    reg = Registry()
    monkeypatch.setattr("core.due.registry", reg)
    return reg


def test_merges_providers_in_date_order_and_passes_the_window(fresh: Registry) -> None:
    seen: dict[str, object] = {}

    def contracts(*, today: date, until: date, organization_ids: object) -> list[DueItem]:
        seen["args"] = (today, until, organization_ids)
        return [_item("contract", date(2026, 7, 1), "B"), _item("contract", date(2026, 5, 1), "A")]

    fresh.due("contract", contracts, order=2)
    fresh.due("review", lambda **_: [_item("review", date(2026, 6, 1), "C")], order=1)
    fresh.due("review", lambda **_: [_item("review", date(2000, 1, 1), "dup")], order=0)

    items = due_items(today=TODAY, horizon_days=30, organization_ids={7})

    assert [i.title for i in items] == ["A", "C", "B"]  # a second "review" was not registered
    assert seen["args"] == (TODAY, date(2026, 7, 1), {7})
    assert items[0].is_overdue(TODAY) and not items[1].is_overdue(TODAY)
    assert items[2].days_left(TODAY) == 30


def test_kinds_limit_which_providers_run(fresh: Registry) -> None:
    def boom(**_: object) -> list[DueItem]:
        raise AssertionError("not asked")

    fresh.due("contract", boom, order=1)
    fresh.due("review", lambda **_: [_item("review", TODAY, "C")], order=2)
    assert [i.kind for i in due_items(today=TODAY, kinds=["review"])] == ["review"]
