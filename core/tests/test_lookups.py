"""``any_of`` (core.lookups): the same rows as ``__in`` on every database, one array
parameter on PostgreSQL instead of one placeholder per id."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organizations.models import OrganizationUnit
from organizations.testing import make_organization

pytestmark = pytest.mark.django_db


def test_any_of_finds_what_in_finds_and_sends_one_value_on_postgresql() -> None:
    org = make_organization()
    units = [OrganizationUnit.objects.create(organization=org, name=f"Enhed {n}") for n in range(5)]
    wanted = [units[0].pk, units[3].pk, units[4].pk, 10**9]
    by_in = set(OrganizationUnit.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as queries:
        by_any = set(
            OrganizationUnit.objects.filter(pk__any_of=wanted).values_list("pk", flat=True)
        )
    assert by_any == by_in == {units[0].pk, units[3].pk, units[4].pk}
    assert not OrganizationUnit.objects.filter(pk__any_of=[]).exists()
    assert OrganizationUnit.objects.filter(organization_id__any_of=[org.pk]).count() == 5
    if connection.vendor == "postgresql":
        assert "= ANY(" in queries.captured_queries[0]["sql"]
