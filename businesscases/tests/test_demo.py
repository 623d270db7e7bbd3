"""The demo cases: two cases for Eksempel Kommune, idempotent, drifting on the dashboard."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from businesscases import compute, demo
from businesscases.choices import CaseStatus
from businesscases.dashboard import drifting_cases
from businesscases.models import BusinessCase
from organizations.demo import seed_foundation
from organizations.testing import logged_in_client

pytestmark = pytest.mark.django_db


def test_demo_cases_for_eksempel_kommune() -> None:
    result = seed_foundation()
    demo.seed(result)
    demo.seed(result)  # idempotent
    cases = BusinessCase.objects.filter(organization=result.kommune)
    assert cases.count() == 2
    channel = cases.get(template="channel_shift")
    shared = cases.get(template="shared_operations")
    assert channel.status == CaseStatus.APPROVED and channel.versions.count() == 2
    assert channel.actuals.count() == 4 and channel.risks.count() == 2
    assert shared.status == CaseStatus.SUBMITTED and shared.versions.count() == 1
    members = {m["organization_id"] for m in shared.template_inputs["inputs"]["members"]}
    assert members == {result.kommune.pk, *(p.pk for p in result.partners)}
    assert set(shared.lines.values_list("bearer", flat=True)) == {
        str(o) for o in [result.kommune, *result.partners]
    }
    # Positive as a whole, but not for every member: who pays, who gains.
    outcome = compute.compute(shared, with_simulation=False).result
    assert outcome.npv > 0 and any(b.npv < 0 for b in outcome.by_bearer)
    # The channel shift drifts from plan in its second year.
    report = compute.variance(
        compute.plan_by_year(compute.compute(channel, with_simulation=False)),
        channel.actuals.all(),
    )
    first, second = report.rows[0], report.rows[1]
    assert first.variance_percent is not None and abs(first.variance_percent) <= 10
    assert second.variance_percent is not None and abs(second.variance_percent) > 10
    assert report.drifting and report.deviation_percent == Decimal("-28.5")
    approved, drifting = drifting_cases(result.kommune)
    assert approved == 1 and [case.pk for case, _ in drifting] == [channel.pk]
    client = logged_in_client(result.users["laeser"], result.kommune)
    html = client.get(reverse("organizations:dashboard")).content.decode()
    assert demo.CHANNEL_SHIFT in html
    page = client.get(shared.get_absolute_url()).content.decode()
    assert "Hvem betaler, hvem får gevinsten" in page
