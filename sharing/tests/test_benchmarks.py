"""Anonymous benchmarks: the nightly computation, k-anonymity, differencing between two
groups, consent (joining, leaving) and that no other municipality's value ever leaks."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from core.models import AuditEvent
from core.testing import ALL, ApiCase, ViewCase
from organizations.choices import OrganizationKind
from organizations.models import Organization
from organizations.testing import (
    ApiAccessMixin,
    ViewAccessMixin,
    logged_in_client,
    make_organization,
    make_token,
    make_user,
)
from portfolio import choices as pc
from portfolio.models import ContractPayment, UsageCost
from portfolio.tests import factories
from sharing import services
from sharing.benchmarks import Contributor, benchmark_result, compute, figures
from sharing.choices import GroupKind, Metric, Suppression
from sharing.models import BenchmarkFigure, BenchmarkParticipation, BenchmarkValue

pytestmark = pytest.mark.django_db

YEAR = 2026
ADMIN = frozenset({"administrator"})
ORG = "/api/v1/organizations/{org_id}"


def municipality(
    index: int, *, region: int | None = 1084, population: int = 30_000, join: bool = True
) -> Organization:
    """A municipality whose cost per inhabitant is 1,000 + 111.11 * index + 0.37 kr. (a
    value that no rounded quartile can equal), with 3 + index systems, one under contract."""
    org = make_organization(
        population=population,
        region_code=region,
        region="Region Hovedstaden" if region == 1084 else "Region Midtjylland",
    )
    per_inhabitant = Decimal("1000.37") + Decimal("111.11") * index
    usages = [factories.usage(org) for _ in range(3 + index)]
    contract = factories.contract(org, start_date="2020-01-01")
    contract.usages.add(usages[0])
    ContractPayment.objects.create(
        contract=contract, year=YEAR, stream=pc.PaymentStream.OPERATION, amount=Decimal("1000.00")
    )
    UsageCost.objects.create(
        usage=usages[0],
        year=YEAR,
        kind=pc.CostKind.INTERNAL,
        amount=per_inhabitant * population - Decimal("1000.00"),
    )
    factories.integration(org, source=usages[0], target=usages[1], interface_name="API")
    if join:
        BenchmarkParticipation.objects.create(organization=org)
    return org


def others_values(viewer: Organization) -> list[str]:
    """Every other municipality's own cost per inhabitant (the distinctive values the
    test data gives them), as the API and the page would print them (plain and Danish)."""
    found = []
    for value in (
        BenchmarkValue.objects.exclude(organization=viewer)
        .filter(metric=Metric.COST_PER_INHABITANT)
        .values_list("value", flat=True)
    ):
        plain = f"{value:.2f}"
        whole, _, cents = plain.partition(".")
        danish = f"{int(whole):,}".replace(",", ".") + "," + cents
        found += [plain, danish]
    return found


def api_get(org: Organization, user: Any = None) -> dict[str, Any]:
    user = user or make_user(organization=org, roles=["laeser"])
    response = Client().get(
        f"/api/v1/organizations/{org.pk}/analyses/benchmarks",
        HTTP_AUTHORIZATION=f"Bearer {make_token(user)}",
    )
    assert response.status_code == 200, response.content
    data: dict[str, Any] = response.json()
    return data


def metric(data: dict[str, Any], name: str) -> dict[str, Any]:
    return next(m for m in data["metrics"] if m["metric"] == name)


def test_the_figures_are_quartiles_of_the_opted_in_municipalities_only() -> None:
    orgs = [municipality(i) for i in range(6)]
    municipality(9, join=False)  # data of its own, never counted
    run = compute(period=YEAR)
    assert run.participants == 6
    everyone = BenchmarkFigure.objects.get(
        run=run, metric=Metric.COST_PER_INHABITANT, group_kind=GroupKind.ALL
    )
    assert everyone.contributors == 6
    # Exact values 1000.37 ... 1555.92: Q1 1139.26, median 1278.15, Q3 1417.03, rounded
    # to two significant digits.
    assert [everyone.q1, everyone.median, everyone.q3] == [
        Decimal(1100),
        Decimal(1300),
        Decimal(1400),
    ]
    own = BenchmarkValue.objects.get(organization=orgs[0], metric=Metric.COST_PER_INHABITANT)
    assert own.value == Decimal("1000.37")
    data = api_get(orgs[0])
    row = metric(data, Metric.COST_PER_INHABITANT)
    assert Decimal(row["own"]) == Decimal("1000.37")
    assert row["groups"][0]["position"].startswith("laveste fjerdedel")
    assert metric(data, Metric.CONTRACT_AGE)["own"] is not None
    assert Decimal(metric(data, Metric.INTEGRATIONS_DOCUMENTED)["own"]) == 0  # no description


def test_no_other_municipalitys_value_appears_on_the_page_or_in_the_api() -> None:
    orgs = [municipality(i) for i in range(7)]
    compute(period=YEAR)
    for viewer in (orgs[0], orgs[3]):
        user = make_user(organization=viewer, roles=["administrator"])
        page = logged_in_client(user, viewer).get(reverse("sharing:benchmarks")).content.decode()
        text = json.dumps(api_get(viewer, user), ensure_ascii=False)
        assert "1.100" in page or "1.200" in page  # the page does show the quartiles
        assert len(others_values(viewer)) == 12
        for value in others_values(viewer):
            assert value not in text, value
            assert value not in page, value
        for other in orgs:
            if other != viewer:
                assert other.name not in page and other.name not in text


def test_a_group_of_fewer_than_five_shows_nothing_but_a_danish_explanation() -> None:
    orgs = [municipality(i, region=1084) for i in range(6)]
    small = [municipality(6 + i, region=1082) for i in range(4)]
    compute(period=YEAR)
    data = api_get(small[0])
    region = next(
        g for g in metric(data, Metric.COST_PER_INHABITANT)["groups"] if g["kind"] == "region"
    )
    assert region["suppressed"] == Suppression.FEW
    assert region["contributors"] is None  # not even the small number
    assert (region["q1"], region["median"], region["q3"]) == (None, None, None)
    assert "færre end fem kommuner" in region["explanation"]
    assert not BenchmarkFigure.objects.filter(group_kind="region", group_key="1082").exclude(
        q1=None
    )
    # Everyone (10) is shown; the large region (6) is not either: it differs from
    # everyone by the small region's four.
    groups = metric(api_get(orgs[0]), Metric.COST_PER_INHABITANT)["groups"]
    assert [(g["kind"], g["median"] is not None) for g in groups] == [
        ("all", True),
        ("size", True),
        ("region", False),
    ]
    assert groups[2]["suppressed"] == Suppression.DIFFERENCING
    page = logged_in_client(make_user(organization=small[0], roles=["laeser"]), small[0])
    text = page.get(reverse("sharing:benchmarks")).content.decode()
    assert "færre end 5" in text


def test_differencing_two_groups_one_municipality_apart_is_refused() -> None:
    """Five municipalities in one region, a sixth elsewhere: "all" (6) and the region (5)
    both reach five, but comparing the two would tell the sixth's value - so the region
    is suppressed, and the two queries return nothing to subtract."""
    inside = [municipality(i, region=1084) for i in range(5)]
    outside = municipality(5, region=1082)
    compute(period=YEAR)
    first, second = api_get(inside[0]), api_get(outside)
    for data in (first, second):
        for row in data["metrics"]:
            published = [g for g in row["groups"] if g["median"] is not None]
            # Only figures over exactly the same six (all, and the one size band that
            # holds them all): two of them give nothing to subtract.
            assert {g["contributors"] for g in published} <= {6}, row
            assert "region" not in {g["kind"] for g in published}, row
    region = next(
        g for g in metric(first, Metric.COST_PER_INHABITANT)["groups"] if g["kind"] == "region"
    )
    assert region["suppressed"] == Suppression.DIFFERENCING
    assert "sammenligne" in region["explanation"]
    # Nothing stored for the region either: a later reader cannot subtract it.
    stored = BenchmarkFigure.objects.filter(group_kind="region", group_key="1084")
    assert stored.exists() and not stored.exclude(median=None).exists()


def test_a_municipality_that_does_not_take_part_sees_nothing() -> None:
    [municipality(i) for i in range(6)]
    outsider = municipality(7, join=False)
    compute(period=YEAR)
    data = api_get(outsider)
    assert data["opted_in"] is False and data["metrics"] == []
    user = make_user(organization=outsider, roles=["administrator"])
    text = logged_in_client(user, outsider).get(reverse("sharing:benchmarks")).content.decode()
    assert 'id="benchmark-join"' in text and "table-cost_per_inhabitant" not in text


def test_joining_and_leaving_are_audited_and_leaving_deletes_own_values_at_once() -> None:
    orgs = [municipality(i) for i in range(5)]
    newcomer = municipality(6, join=False)
    admin = make_user(organization=newcomer, roles=["administrator"])
    client = logged_in_client(admin, newcomer)
    response = client.post(reverse("sharing:benchmark_join"), {"action": "join"})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(organization=newcomer, action="create").exists()
    compute(period=YEAR)
    assert BenchmarkValue.objects.filter(organization=newcomer).exists()
    assert api_get(orgs[0])["participants"] == 6
    client.post(reverse("sharing:benchmark_join"), {"action": "leave"})
    assert not BenchmarkParticipation.objects.filter(organization=newcomer).exists()
    assert not BenchmarkValue.objects.filter(organization=newcomer).exists()
    assert AuditEvent.objects.filter(organization=newcomer, action="delete").exists()
    assert api_get(newcomer)["opted_in"] is False
    compute(period=YEAR)
    assert api_get(orgs[0])["participants"] == 5


def test_joining_twice_or_as_a_community_is_a_clear_error() -> None:
    org = municipality(0)
    admin = make_user(organization=org, roles=["administrator"])
    client = logged_in_client(admin, org)
    response = client.post(reverse("sharing:benchmark_join"), {"action": "join"}, follow=True)
    assert "deltager allerede" in response.content.decode()
    df = make_organization(kind=OrganizationKind.DRIFTSFAELLESSKAB)
    token = make_token(make_user(organization=df, roles=["administrator"]))
    response = Client().post(
        f"/api/v1/organizations/{df.pk}/benchmarks/participation",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 400
    assert "Kun kommuner" in response.content.decode()
    assert not BenchmarkParticipation.objects.filter(organization=df).exists()


def test_the_command_computes_and_the_page_reads_in_constant_queries() -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    orgs = [municipality(i) for i in range(5)]
    call_command("compute_benchmarks", period=YEAR, stdout=open("/dev/null", "w"))  # noqa: SIM115
    client = logged_in_client(make_user(organization=orgs[0], roles=["laeser"]), orgs[0])
    counts = []
    for extra in (0, 6):
        for i in range(extra):
            municipality(20 + i)
        compute(period=YEAR)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("sharing:benchmarks")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_bad_period_is_a_danish_400() -> None:
    org = municipality(0)
    token = make_token(make_user(organization=org, roles=["laeser"]))
    response = Client().get(
        f"/api/v1/organizations/{org.pk}/analyses/benchmarks?period=1800",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 400
    assert "Året skal ligge" in str(response.json()["errors"])
    assert benchmark_result(organization=org).rows == []  # nothing computed yet


values = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=3),  # region
        st.integers(min_value=0, max_value=4),  # size band
        st.decimals(min_value=0, max_value=5000, places=2),
    ),
    max_size=30,
)


@settings(max_examples=60, deadline=None)
@given(values)
def test_every_published_figure_has_five_contributors_and_cannot_be_differenced(
    rows: list[tuple[int, int, Decimal]],
) -> None:
    contributors = [
        Contributor(
            id=n,
            population=1,
            region=str(region or ""),
            size=str(size or ""),
            values={Metric.CONTRACT_SHARE: value},
        )
        for n, (region, size, value) in enumerate(rows)
    ]
    computed = [f for f in figures(contributors) if f.metric == Metric.CONTRACT_SHARE]
    everyone = len(rows)
    for f in computed:
        if f.suppressed:
            assert f.q1 is None and f.median is None and f.q3 is None
            continue
        assert f.contributors >= 5
        assert everyone - f.contributors == 0 or everyone - f.contributors >= 5


def _noop(test: Any, organization: Organization) -> dict[str, Any]:
    return {"action": "join"}


def _leave(test: Any, organization: Organization) -> dict[str, Any]:
    BenchmarkParticipation.objects.get_or_create(organization=organization)
    return {}


class TestBenchmarkAccess(ViewAccessMixin, ApiAccessMixin):
    """The page for every role, joining and leaving for administrators only."""

    view_cases = (
        ViewCase("sharing:benchmarks", allowed=ALL),
        ViewCase(
            "sharing:benchmark_join",
            allowed=ADMIN,
            method="post",
            data=_noop,
            redirect="sharing:benchmarks",
        ),
    )
    api_cases = (
        ApiCase("GET", f"{ORG}/analyses/benchmarks", allowed=ALL),
        ApiCase("POST", f"{ORG}/benchmarks/participation", allowed=ADMIN),
        ApiCase("DELETE", f"{ORG}/benchmarks/participation", allowed=ADMIN, payload=_leave),
    )


def test_services_need_the_administrator() -> None:
    from django.core.exceptions import PermissionDenied

    org = municipality(0, join=False)
    reader = make_user(organization=org, roles=["laeser"])
    with pytest.raises(PermissionDenied):
        services.benchmark_join(actor=reader, organization=org)
    assert not BenchmarkParticipation.objects.filter(organization=org).exists()
