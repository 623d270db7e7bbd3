"""One selector per figure (issue 18): the dashboard and data quality count the usages
without a systemejer the same way; the dashboard and the audit log count the same events."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from organizations.testing import logged_in_client, make_organization, make_user
from portfolio import analysis, selectors
from portfolio import choices as c
from portfolio.tests import factories as f
from portfolio.tests.analysis_helpers import systemejer

pytestmark = pytest.mark.django_db


def _figure(html: str, label: str) -> int:
    match = re.search(rf"<dt>{label}</dt>\s*<dd>(\d+)</dd>", html)
    assert match, f"no figure {label!r} on the page"
    return int(match.group(1))


def test_owner_less_count_is_the_same_on_the_dashboard_and_in_data_quality() -> None:
    org = make_organization()
    owned = f.usage(org, lifecycle=c.Lifecycle.OPERATIONAL)
    systemejer(owned)
    # The lifecycles the two pages used to count differently: undecided and planned
    # usages are judged by data quality, and so are they on the dashboard now.
    for lifecycle in (c.Lifecycle.OPERATIONAL, c.Lifecycle.UNDECIDED, c.Lifecycle.PHASING_OUT):
        f.usage(org, lifecycle=lifecycle)
    f.usage(org, lifecycle=c.Lifecycle.NOT_IN_USE)  # counted nowhere
    client = logged_in_client(make_user(organization=org, roles=["laeser"]), org)

    dashboard = _figure(
        client.get(reverse("organizations:dashboard")).content.decode(), "Systemer uden systemejer"
    )
    gap = next(g for g in analysis.data_quality(organization=org).gaps if g.key == "no_systemejer")
    page = client.get(reverse("portfolio:analysis_quality")).content.decode()

    assert dashboard == len(gap.usages) == 3
    assert selectors.usages_without_systemejer(organization=org).count() == 3
    assert "Uden systemejer (3)" in page


def test_audit_event_count_is_the_same_on_the_dashboard_and_in_the_log() -> None:
    org = make_organization()
    for name in ("A", "B", "C"):
        f.usage(org, local_name=name)
    from core.choices import AuditAction
    from core.models import AuditEvent

    other = make_organization("Andetsted")
    for who in (org, org, other):  # another organization's event is in neither count
        AuditEvent.objects.create(organization=who, action=AuditAction.UPDATE, object_repr="x")
    admin = make_user(organization=org, roles=["administrator"])
    client = logged_in_client(admin, org)
    dashboard = _figure(
        client.get(reverse("organizations:dashboard")).content.decode(),
        "Hændelser i revisionsloggen",
    )
    log = client.get(reverse("organizations:audit_log")).content.decode()
    match = re.search(r"(\d+) hændelse", log)
    assert match and int(match.group(1)) == dashboard >= 2
