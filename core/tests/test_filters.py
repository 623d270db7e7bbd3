from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from organizations.filters import UNIT_FILTERS
from organizations.models import OrganizationUnit
from organizations.testing import make_organization

pytestmark = pytest.mark.django_db


def test_filterspec_search_filter_sort_and_errors() -> None:
    org = make_organization()
    OrganizationUnit.objects.create(organization=org, name="Børn og Unge", kind="forvaltning")
    OrganizationUnit.objects.create(organization=org, name="Skoler", kind="afdeling", local_id="S1")
    OrganizationUnit.objects.create(organization=org, name="Dagtilbud", kind="afdeling")
    qs = OrganizationUnit.objects.filter(organization=org)
    assert [u.name for u in UNIT_FILTERS.apply(qs, {"kind": "afdeling"})] == ["Dagtilbud", "Skoler"]
    assert [u.name for u in UNIT_FILTERS.apply(qs, {"sort": "-name"})] == [
        "Skoler",
        "Dagtilbud",
        "Børn og Unge",
    ]
    assert [u.name for u in UNIT_FILTERS.apply(qs, {"q": "s1"})] == ["Skoler"]
    with pytest.raises(ValidationError):
        list(UNIT_FILTERS.apply(qs, {"sort": "password"}))
    with pytest.raises(ValidationError):
        list(UNIT_FILTERS.apply(qs, {"parent": "abc"}))


@pytest.mark.parametrize("param", ["q", "kind", "sort"])
def test_a_nul_byte_is_a_clear_error_not_a_database_error(param: str) -> None:
    org = make_organization()
    with pytest.raises(ValidationError) as caught:
        list(
            UNIT_FILTERS.apply(OrganizationUnit.objects.filter(organization=org), {param: "a\x00b"})
        )
    assert "NUL" in " ".join(caught.value.messages)
