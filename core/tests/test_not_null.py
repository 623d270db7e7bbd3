"""An explicit null for a field that cannot be NULL is a clear 400, never a database error."""

from __future__ import annotations

import pytest
from django.test import Client

from organizations.models import OrganizationUnit
from organizations.testing import make_organization, make_token, make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("field", ["ean", "local_id"])
def test_null_in_a_patch_names_the_field(field: str) -> None:
    org = make_organization()
    unit = OrganizationUnit.objects.create(organization=org, name="Løn", kind="afdeling")
    token = make_token(make_user(organization=org, roles=["administrator"]))
    response = Client().patch(
        f"/api/v1/organizations/{org.pk}/units/{unit.pk}",
        {field: None},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 400, response.content
    assert "må ikke være tomt" in str(response.json()["errors"][field])
    unit.refresh_from_db()
    assert getattr(unit, field) == ""
