"""The benchmark figures beyond cost and contracts: their definitions (KLE hovedgrupper,
shared components, data quality, procurement lead time, digital share), that a
municipality without data is left out rather than counted as zero, that k-anonymity holds
for them too, and that the higher modules are read through registry hooks only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import TransitionRecord
from core.registry import registry
from organizations.testing import logged_in_client, make_organization, make_user
from portfolio import choices as pc
from portfolio.analysis import data_quality
from portfolio.models import CatalogSystem, Integration, KleSubject
from portfolio.tests import factories
from sharing.benchmarks import compute, kle_key
from sharing.choices import GroupKind, Metric, Suppression
from sharing.models import BenchmarkFigure, BenchmarkParticipation, BenchmarkValue
from sharing.tests.test_benchmarks import YEAR, municipality

pytestmark = pytest.mark.django_db

TODAY = dt.date(YEAR, 6, 1)


def own(org: Any, period: int = YEAR) -> dict[str, Decimal]:
    return dict(
        BenchmarkValue.objects.filter(organization=org, run__period=period).values_list(
            "metric", "value"
        )
    )


def classified(org: Any, *numbers: str, **fields: Any) -> Any:
    catalog = factories.catalog_system(org)
    catalog.kle_subjects.set(KleSubject.objects.filter(number__in=numbers))
    return factories.usage(org, catalog_system=catalog, **fields)


def test_kle_shares_count_the_portfolios_effective_subjects_per_hovedgruppe() -> None:
    first = municipality(0)  # three systems without KLE subjects
    classified(first, "90.01.01")
    both = classified(first, "90.02.01")
    both.kle_additions.add(KleSubject.objects.get(number="92.01.01"))
    removed = classified(first, "92.01.01")
    removed.kle_removals.add(KleSubject.objects.get(number="92.01.01"))
    classified(first, "92.01.01", lifecycle=pc.Lifecycle.NOT_IN_USE)  # not active
    second = municipality(1)
    classified(second, "92.01.01")
    classified(second, "91.01.01")  # the only municipality in hovedgruppe 91
    without = municipality(2)
    for i in range(4):
        classified(municipality(3 + i), "90.01.01", "92.01.01")

    compute(period=YEAR, today=TODAY)

    mine = own(first)
    # Two active systems have a subject (the removal leaves the third without any).
    assert mine[kle_key("90")] == Decimal("100.00")
    assert mine[kle_key("92")] == Decimal("50.00")
    assert own(second)[kle_key("90")] == Decimal("0.00")  # classified, none in 90
    assert own(second)[kle_key("92")] == Decimal("50.00")
    assert not [k for k in own(without) if k.startswith("kle_share")]  # left out, not 0
    # Fewer than five municipalities serve 91: no values, no figures, not even its row.
    assert not BenchmarkValue.objects.filter(metric=kle_key("91")).exists()
    assert not BenchmarkFigure.objects.filter(metric=kle_key("91")).exists()
    # Six classified municipalities contribute to each hovedgruppe's figure.
    figure = BenchmarkFigure.objects.get(metric=kle_key("92"), group_kind=GroupKind.ALL)
    assert (figure.contributors, figure.suppressed) == (6, "")
    assert figure.median == Decimal(100)  # 50, 50, 100, 100, 100, 100


def test_a_hovedgruppe_fewer_than_five_municipalities_serve_gets_no_row() -> None:
    orgs = [municipality(i) for i in range(5)]
    for org in orgs:
        classified(org, "90.01.01")
    classified(orgs[0], "92.01.01")
    compute(period=YEAR, today=TODAY)
    assert BenchmarkFigure.objects.get(metric=kle_key("90"), group_kind=GroupKind.ALL).median
    BenchmarkParticipation.objects.filter(organization=orgs[4]).delete()
    compute(period=YEAR, today=TODAY)
    assert not BenchmarkFigure.objects.filter(metric=kle_key("90")).exists()  # 4 serve it


def test_the_page_names_each_hovedgruppe_and_states_a_missing_value() -> None:
    orgs = [municipality(i) for i in range(6)]
    for org in orgs[:5]:
        classified(org, "90.01.01")
    compute(period=YEAR, today=TODAY)
    title = KleSubject.objects.get(number="90").title
    for org, expected in ((orgs[0], "100"), (orgs[5], None)):
        client = logged_in_client(make_user(organization=org, roles=["laeser"]), org)
        page = client.get(reverse("sharing:benchmarks"))
        row = next(r for r in page.context["result"].rows if r.metric == kle_key("90"))
        assert row.label == f"Andel systemer i KLE-hovedgruppe 90 {title}"
        assert row.own == (Decimal(expected) if expected else None)
        assert [g.median for g in row.groups if g.kind == GroupKind.ALL] == [Decimal(100)]
        html = page.content.decode()
        assert f"Andel systemer i KLE-hovedgruppe 90 {title}" in html
        if expected is None:
            assert "Jeres værdi: ikke beregnet" in html


def test_shared_components_are_active_systems_with_an_integration_to_one() -> None:
    org = municipality(1)  # four active systems, one integration between two of them
    component = CatalogSystem.objects.create(name="Fælles komponent (test)")
    source = factories.usage(org)  # now five active systems
    for _ in range(2):  # two integrations from the same system count it once
        Integration.objects.create(
            organization=org, source=source, target_component=component, technology="api"
        )
    bare = make_organization(population=30_000, region_code=1084)
    factories.usage(bare)
    BenchmarkParticipation.objects.create(organization=bare)

    compute(period=YEAR, today=TODAY)

    assert own(org)[Metric.SHARED_COMPONENTS] == Decimal("20.00")  # 1 of 5
    assert Metric.SHARED_COMPONENTS not in own(bare)  # no integrations registered at all
    assert Metric.SYSTEMS_PER_1000 in own(bare)


def test_data_quality_is_the_portfolio_analysis_average_score() -> None:
    org = municipality(2)
    empty = make_organization(population=30_000)
    BenchmarkParticipation.objects.create(organization=empty)

    compute(period=YEAR, today=TODAY)

    expected = data_quality(organization=org, today=TODAY).average
    assert expected is not None
    assert own(org)[Metric.DATA_QUALITY] == Decimal(expected)
    assert Metric.DATA_QUALITY not in own(empty)  # no systems: no score, not 0


def test_procurement_lead_time_is_the_measured_median_from_idea_to_decision() -> None:
    from procurement.choices import Stage
    from procurement.tests.test_workflow import make_request, walk

    org = municipality(0)
    few = municipality(1)
    buyer = make_user(organization=org, roles=["indkoeber"])
    now = timezone.now()
    for days in (10, 30, 50):
        request = walk(buyer, make_request(org, buyer), Stage.ANSKAFFELSE)
        type(request).objects.filter(pk=request.pk).update(
            created_at=now - dt.timedelta(days=days + 5)
        )
        TransitionRecord.objects.filter(object_id=str(request.pk), transition="decide").update(
            at=now - dt.timedelta(days=5)
        )
    other = make_user(organization=few, roles=["indkoeber"])
    walk(other, make_request(few, other), Stage.ANSKAFFELSE)

    compute(today=timezone.localdate())

    period = timezone.localdate().year
    assert own(org, period)[Metric.PROCUREMENT_LEAD_TIME] == Decimal("30.00")
    assert Metric.PROCUREMENT_LEAD_TIME not in own(few, period)  # one decision: too few


def test_digital_share_is_the_periods_digital_contacts_of_all_contacts() -> None:
    from channels.tests.factories import add_counts, make_area

    org = municipality(0)
    area = make_area(org)
    add_counts(area, dt.date(YEAR, 1, 1), personal=300, digital=600)
    add_counts(area, dt.date(YEAR, 2, 1), personal=100, digital=0)
    add_counts(area, dt.date(YEAR - 1, 12, 1), personal=0, digital=5000)  # another period
    uncounted = municipality(1)

    compute(period=YEAR, today=TODAY)

    assert own(org)[Metric.DIGITAL_SHARE] == Decimal("60.00")  # 600 of 1,000
    assert Metric.DIGITAL_SHARE not in own(uncounted)


def test_k_anonymity_holds_for_a_figure_few_municipalities_have_data_for() -> None:
    from channels.tests.factories import add_counts, make_area

    orgs = [municipality(i) for i in range(6)]
    for i, org in enumerate(orgs[:4]):
        add_counts(make_area(org), dt.date(YEAR, 3, 1), personal=100, digital=10 * (i + 1))

    compute(period=YEAR, today=TODAY)

    digital = BenchmarkFigure.objects.get(metric=Metric.DIGITAL_SHARE, group_kind=GroupKind.ALL)
    assert (digital.contributors, digital.suppressed, digital.q1) == (4, Suppression.FEW, None)
    cost = BenchmarkFigure.objects.get(metric=Metric.COST_PER_INHABITANT, group_kind=GroupKind.ALL)
    assert (cost.contributors, cost.suppressed) == (6, "")
    page = logged_in_client(make_user(organization=orgs[0], roles=["laeser"]), orgs[0])
    row = next(
        r
        for r in page.get(reverse("sharing:benchmarks")).context["result"].rows
        if r.metric == Metric.DIGITAL_SHARE
    )
    assert row.own is not None  # its own value, beside nothing but why
    assert [(g.contributors, g.median) for g in row.groups] == [(None, None)] * len(row.groups)


def test_without_the_procurement_and_channels_modules_their_figures_are_left_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from channels.tests.factories import add_counts, make_area

    org = municipality(0)
    add_counts(make_area(org), dt.date(YEAR, 3, 1), personal=100, digital=100)
    hooks = {
        k: v
        for k, v in registry._hooks.items()
        if k not in ("process_facts", "channel_digital_shares")
    }
    monkeypatch.setattr(registry, "_hooks", hooks)

    compute(period=YEAR, today=TODAY)

    assert Metric.DIGITAL_SHARE not in own(org)
    assert Metric.PROCUREMENT_LEAD_TIME not in own(org)
    assert Metric.COST_PER_INHABITANT in own(org)
    client = logged_in_client(make_user(organization=org, roles=["laeser"]), org)
    shown = {r.metric for r in client.get(reverse("sharing:benchmarks")).context["result"].rows}
    assert Metric.DIGITAL_SHARE not in shown and Metric.PROCUREMENT_LEAD_TIME not in shown
    assert Metric.DATA_QUALITY in shown


def test_sharing_reads_procurement_and_channels_only_through_hooks() -> None:
    """lint-imports forbids it too (same layer); this names where it would slip in."""
    root = Path(__file__).resolve().parents[1]
    for path in root.glob("*.py"):
        text = path.read_text()
        assert "from procurement" not in text and "import procurement" not in text, path
        assert "from channels" not in text and "import channels" not in text, path


def test_the_page_reads_in_constant_queries_however_many_hovedgrupper() -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    orgs = [municipality(i) for i in range(5)]
    for org in orgs:
        classified(org, "90.01.01")
    client = logged_in_client(make_user(organization=orgs[0], roles=["laeser"]), orgs[0])
    counts = []
    for numbers in ((), ("92.01.01", "90.02.01")):
        for i in range(6 if numbers else 0):
            classified(municipality(20 + i), *numbers)
        for org in orgs:
            for number in numbers:
                classified(org, number)
        compute(period=YEAR, today=TODAY)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("sharing:benchmarks"))
        assert page.status_code == 200
        counts.append(len(queries))
    kle_rows = [r.metric for r in page.context["result"].rows if r.metric.startswith("kle")]
    assert kle_rows == [kle_key("90"), kle_key("92")]
    assert counts[0] == counts[1], counts


def test_the_api_lists_each_hovedgruppe_and_a_missing_value_as_null() -> None:
    from sharing.tests.test_benchmarks import api_get, metric

    orgs = [municipality(i) for i in range(6)]
    for org in orgs[1:]:
        classified(org, "90.01.01")
    compute(period=YEAR, today=TODAY)

    data = api_get(orgs[0])
    kle = metric(data, kle_key("90"))
    assert kle["label"].startswith("Andel systemer i KLE-hovedgruppe 90 ")
    assert kle["unit"] == "%" and kle["own"] is None  # no KLE subjects: not 0
    assert [g["median"] for g in kle["groups"] if g["kind"] == GroupKind.ALL] == ["100.00"]
    assert metric(data, Metric.DATA_QUALITY)["own"] is not None
