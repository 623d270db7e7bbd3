"""What the portfolio reports as due: contracts' last notice day (the arithmetic at month,
quarter, half-year and year ends), data processor oversight; recipients, tenancy,
constant queries; the contract page's badge and the list's ``?due`` filter."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.notice import add_months, first_period_end, is_period_end, latest_period_end
from organizations.testing import logged_in_client, make_organization, make_user
from portfolio import choices as c
from portfolio.due import contract_notices, dpr_oversights, last_notice_day
from portfolio.models import Contract, ContractRole, DataProcessingRegistration
from portfolio.tests import factories as f
from roadmaps.due import milestones
from roadmaps.tests import factories as rf

TODAY = date(2026, 3, 2)


def _terms(end: date, months: int, runs_to: str, **extra: Any) -> Contract:
    """An unsaved contract: the arithmetic needs no database."""
    return Contract(pk=1, end_date=end, notice_months=months, notice_runs_to=runs_to, **extra)


@pytest.mark.parametrize(
    ("end", "months", "runs_to", "expected"),
    [
        # any day: the expiry minus the notice months, the day clamped to the month
        (date(2026, 5, 31), 3, c.NoticeRunsTo.ANY_DAY, date(2026, 2, 28)),
        (date(2028, 5, 31), 3, c.NoticeRunsTo.ANY_DAY, date(2028, 2, 29)),  # leap year
        (date(2026, 6, 15), 0, c.NoticeRunsTo.ANY_DAY, date(2026, 6, 15)),  # no notice
        # to a month end: the last month end on or before the expiry
        (date(2026, 6, 15), 1, c.NoticeRunsTo.MONTH, date(2026, 4, 30)),
        (date(2026, 3, 31), 1, c.NoticeRunsTo.MONTH, date(2026, 2, 28)),
        # to a quarter end
        (date(2026, 12, 31), 3, c.NoticeRunsTo.QUARTER, date(2026, 9, 30)),
        (date(2026, 11, 15), 3, c.NoticeRunsTo.QUARTER, date(2026, 6, 30)),
        (date(2027, 2, 1), 6, c.NoticeRunsTo.QUARTER, date(2026, 6, 30)),
        # to a half-year end and a year end, across the year
        (date(2027, 3, 1), 6, c.NoticeRunsTo.HALF_YEAR, date(2026, 6, 30)),
        (date(2027, 6, 30), 12, c.NoticeRunsTo.YEAR, date(2025, 12, 31)),
        (date(2027, 12, 31), 12, c.NoticeRunsTo.YEAR, date(2026, 12, 31)),
    ],
)
def test_last_notice_day_by_hand(end: date, months: int, runs_to: str, expected: date) -> None:
    assert last_notice_day(_terms(end, months, runs_to), date(2025, 1, 1)) == expected


def test_no_last_notice_day_when_it_cannot_be_given() -> None:
    today = date(2026, 3, 2)
    assert last_notice_day(_terms(date(2026, 3, 1), 1, "any_day"), today) is None  # expired
    terminated = _terms(date(2027, 1, 1), 1, "any_day", terminated=True)
    assert last_notice_day(terminated, today) is None
    open_ended = Contract(pk=1, end_date=None, notice_months=3)
    assert last_notice_day(open_ended, today) is None  # notice can always be given
    irrevocable = _terms(date(2026, 12, 31), 3, "quarter", irrevocable_until=date(2027, 1, 1))
    assert last_notice_day(irrevocable, today) is None  # cannot end before its expiry


@settings(max_examples=200, deadline=None)
@given(
    end=st.dates(date(2026, 1, 1), date(2040, 12, 31)),
    months=st.integers(0, 36),
    runs_to=st.sampled_from(c.NoticeRunsTo.values),
)
def test_notice_given_on_the_last_day_ends_the_contract_by_its_expiry(
    end: date, months: int, runs_to: str
) -> None:
    day = last_notice_day(_terms(end, months, runs_to), date(2025, 12, 31))
    assert day is not None and day <= end
    # Notice on that day ends the contract on the last period end on or before expiry …
    termination = latest_period_end(end, runs_to)
    assert is_period_end(termination, runs_to) and termination <= end
    assert first_period_end(termination + timedelta(days=1), runs_to) > end
    # … exactly ``months`` calendar months later (the day clamped to the month's length).
    assert day == add_months(termination, -months)
    assert add_months(day, months) <= termination


@pytest.mark.django_db
def test_contract_notice_items_recipients_and_tenancy() -> None:
    a, b = make_organization(), make_organization()
    owner = make_user(organization=a, roles=["indkoeber"], first_name="Olga")
    manager = make_user(organization=a, roles=["redaktoer"])
    buyer = make_user(organization=a, roles=["indkoeber"])
    unit = f.unit(a, name="Borgerservice")
    contract = f.contract(
        a,
        name="Booking",
        end_date=date(2026, 12, 31),
        notice_months=3,
        notice_runs_to=c.NoticeRunsTo.QUARTER,
        responsible_unit=unit,
        vendor=f.vendor(name="Bookit ApS"),
    )
    for kind, user in (
        (c.ContractRoleKind.OWNER, owner),
        (c.ContractRoleKind.MANAGER, manager),
        (c.ContractRoleKind.PROCUREMENT, buyer),
    ):
        ContractRole.objects.create(contract=contract, kind=kind, user=user)
    f.contract(b, name="Nabo", end_date=date(2026, 12, 31), notice_months=3)
    f.contract(a, name="Langt ude", end_date=date(2030, 12, 31), notice_months=3)
    f.contract(a, name="Opsagt", end_date=date(2026, 12, 31), notice_months=3, terminated=True)

    (item,) = contract_notices(today=TODAY, until=date(2026, 9, 30), organization_ids=[a.pk])
    assert item.key == f"contract_notice:{contract.pk}:2026-09-30"
    assert item.title == "Booking (Bookit ApS)" and item.lead_days == (90, 30, 7, 0)
    assert item.recipients == (owner, manager)  # not the procurement contact
    assert item.owner == "Olga" and item.link == contract.get_absolute_url()
    assert not list(contract_notices(today=TODAY, until=date(2026, 9, 29), organization_ids=[a.pk]))
    everyone = contract_notices(today=TODAY, until=date(2026, 9, 30))
    assert {(i.organization_id, i.title) for i in everyone} == {
        (a.pk, "Booking (Bookit ApS)"),
        (b.pk, "Nabo"),
    }
    assert [
        i.title for i in contract_notices(today=TODAY, until=TODAY, organization_ids=[b.pk])
    ] == []
    # without an owner or manager, any user role is told; the unit names the owner
    ContractRole.objects.filter(kind__in=["owner", "manager"]).delete()
    (item,) = contract_notices(today=TODAY, until=date(2026, 9, 30), organization_ids=[a.pk])
    assert item.recipients == (buyer,) and item.owner == buyer.get_username()


@pytest.mark.django_db
def test_oversight_goes_to_the_dpa_responsible_of_its_contracts() -> None:
    org = make_organization()
    dpa_user = make_user(organization=org, roles=["redaktoer"])
    contract = f.contract(org, name="Hosting")
    ContractRole.objects.create(
        contract=contract, kind=c.ContractRoleKind.DPA_RESPONSIBLE, user=dpa_user
    )
    dpr = DataProcessingRegistration.objects.create(
        organization=org, name="Hosting", next_oversight=date(2026, 2, 1)
    )
    dpr.contracts.set([contract])
    DataProcessingRegistration.objects.create(
        organization=org, name="Senere", next_oversight=date(2027, 2, 1)
    )
    (item,) = dpr_oversights(today=TODAY, until=TODAY, organization_ids=[org.pk])
    assert item.recipients == (dpa_user,) and item.is_overdue(TODAY)
    assert item.key == f"dpr_oversight:{dpr.pk}:2026-02-01"


def _queries(provider: Any, org: Any) -> int:
    with CaptureQueriesContext(connection) as ctx:
        found = list(provider(today=TODAY, until=date(2027, 12, 31), organization_ids=[org.pk]))
    assert found
    return len(ctx.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("provider", [contract_notices, dpr_oversights, milestones])
def test_providers_read_in_constant_queries(provider: Any) -> None:
    org = make_organization()

    def grow(n: int) -> None:
        for i in range(n):
            user = make_user(organization=org, roles=["redaktoer"])
            contract = f.contract(org, end_date=date(2026, 12, 31), notice_months=3)
            ContractRole.objects.create(contract=contract, kind="dpa", user=user)
            ContractRole.objects.create(contract=contract, kind="owner", person_name=f"P{i}")
            dpr = DataProcessingRegistration.objects.create(
                organization=org, name=f"D{i}", next_oversight=date(2026, 6, 1)
            )
            dpr.contracts.set([contract])
            rf.milestone(org, owner=user, due_date=date(2026, 6, 1))

    grow(1)
    few = _queries(provider, org)
    grow(5)
    assert _queries(provider, org) == few


@pytest.mark.django_db
def test_contract_page_flags_the_notice_and_the_list_filters_by_it() -> None:
    org = make_organization()
    client = logged_in_client(make_user(organization=org, roles=["laeser"]), org)
    today = timezone.localdate()
    passed = f.contract(org, name="Forpasset", end_date=today + timedelta(days=40), notice_months=2)
    soon = f.contract(
        org, name="Snart", end_date=add_months(today + timedelta(days=20), 1), notice_months=1
    )
    f.contract(org, name="Fjern", end_date=today + timedelta(days=800), notice_months=1)

    html = client.get(passed.get_absolute_url()).content.decode()
    assert "Forfalden" in html and "Sidste opsigelsesdag var" in html
    html = client.get(soon.get_absolute_url()).content.decode()
    assert "Opsigelsesfrist om 20 dage" in html

    url = reverse("portfolio:contract_list")
    overdue = client.get(url, {"due": "overdue"}).content.decode()
    assert "Forpasset" in overdue and "Snart" not in overdue and "Fjern" not in overdue
    upcoming = client.get(url, {"due": "soon"}).content.decode()
    assert "Snart" in upcoming and "Forpasset" not in upcoming and "Fjern" not in upcoming
    bad = client.get(url, {"due": "igår"})
    assert bad.status_code == 400 and "overdue eller soon" in bad.content.decode()
    with_column = client.get(url, {"cols": "notice"}).content.decode()
    assert "Sidste opsigelsesdag" in with_column
