"""The due providers: what is due, to whom, with stable keys, in constant queries."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.due import due_items
from organizations.testing import make_organization, make_user
from portfolio.models import RoleType, UsageRole
from reviews import due
from reviews.models import Finding
from reviews.tests.factories import make_plan, make_review, make_usage

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 6)
UNTIL = date(2027, 3, 6)


def _owner(usage: Any, user: Any = None, name: str = "") -> Any:
    role_type, _ = RoleType.objects.get_or_create(
        organization=None, key="systemejer", defaults={"name": "Systemejer", "grants_edit": True}
    )
    return UsageRole.objects.create(usage=usage, role_type=role_type, user=user, person_name=name)


def _world(org: Any, n: int) -> Any:
    owner = make_user(organization=org, roles=["systemejer"])
    for i in range(n):
        usage = make_usage(org, valid_from=date(2020, 1, 1), criticality="high" if i % 2 else "")
        _owner(usage, owner)
        make_plan(org, usage=usage, test_cadence="quarterly", last_tested=date(2025, 5, 20))
        review = make_review(org, usage=usage, status="gennemfoert", held_date=date(2025, 1, 1))
        Finding.objects.create(
            organization=org,
            review=review,
            text=f"Handling {i}",
            owner=owner,
            due_date=date(2026, 10, 1),
        )
    return owner


def test_reviews_due_go_to_the_systemejer_on_the_agenda() -> None:
    org = make_organization()
    owner = make_user(organization=org, roles=["systemejer"])
    late = make_usage(org, local_name="Sent", criticality="high", valid_from=date(2020, 1, 1))
    _owner(late, owner)
    fine = make_usage(org, local_name="Nyligt", valid_from=date(2020, 1, 1))
    make_review(org, usage=fine, status="gennemfoert", held_date=date(2026, 6, 1))
    make_usage(org, local_name="Pilot", lifecycle="pilot", valid_from=date(2020, 1, 1))

    items = list(due.reviews(today=TODAY, until=UNTIL, organization_ids=[org.pk]))

    assert [i.title for i in items] == ["Løsningsgennemgang af Sent"]
    item = items[0]
    assert item.agenda and item.recipients == (owner,) and item.due_date == date(2021, 1, 1)
    assert item.key == f"review:{late.pk}:2021-01-01" and item.is_overdue(TODAY)


def test_plan_tests_go_to_the_responsible_else_the_systemejer() -> None:
    org = make_organization()
    owner = make_user(organization=org, roles=["systemejer"])
    responsible = make_user(organization=org, roles=["redaktoer"])
    first = make_plan(org, test_cadence="quarterly", last_tested=date(2025, 5, 20))
    _owner(first.usage, owner)
    second = make_plan(
        org, test_cadence="yearly", last_tested=date(2026, 2, 1), responsible=responsible
    )
    make_plan(org, test_cadence="on_release", last_tested=date(2020, 1, 1))  # no interval
    make_plan(org, test_cadence="yearly", last_tested=date(2026, 11, 1))  # not yet

    items = {i.key: i for i in due.plan_tests(today=TODAY, until=UNTIL, organization_ids=[org.pk])}

    assert set(items) == {
        f"governance_test:{first.pk}:2025-08-20",
        f"governance_test:{second.pk}:2027-02-01",
    }
    assert items[f"governance_test:{first.pk}:2025-08-20"].recipients == (owner,)
    assert items[f"governance_test:{second.pk}:2027-02-01"].recipients == (responsible,)


def test_open_actions_go_to_their_owner_and_closed_ones_not_at_all() -> None:
    org = make_organization()
    owner = make_user(organization=org, roles=["laeser"])
    review = make_review(org)
    late = Finding.objects.create(
        organization=org, review=review, text="Sen", owner=owner, due_date=date(2026, 11, 1)
    )
    Finding.objects.create(
        organization=org,
        review=review,
        text="Lukket",
        owner=owner,
        due_date=date(2026, 11, 1),
        status="closed",
        closed_on=date(2026, 11, 2),
    )
    Finding.objects.create(
        organization=org, review=review, text="Senere", due_date=date(2028, 1, 1)
    )
    items = list(due.actions(today=TODAY, until=UNTIL, organization_ids=[org.pk]))
    assert [(i.key, i.recipients, i.agenda) for i in items] == [
        (f"review_action:{late.pk}:2026-11-01", (owner,), True)
    ]


def test_other_organizations_are_left_out() -> None:
    mine, other = make_organization(), make_organization()
    _world(other, 2)
    kinds = ["review", "governance_test", "review_action"]
    assert due_items(today=TODAY, organization_ids=[mine.pk], kinds=kinds) == []
    theirs = due_items(today=TODAY, organization_ids=[other.pk], kinds=kinds)
    assert {i.kind for i in theirs} == set(kinds)


@pytest.mark.parametrize("provider", [due.reviews, due.plan_tests, due.actions])
def test_constant_queries(provider) -> None:  # type: ignore[no-untyped-def]
    counts = []
    for n in (2, 12):
        org = make_organization()
        _world(org, n)
        with CaptureQueriesContext(connection) as ctx:
            items = list(provider(today=TODAY, until=UNTIL, organization_ids=[org.pk]))
            [item.recipients for item in items]
        assert len(items) == n
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
