"""The pure integration rule shared by the service and every importer."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from portfolio import choices as c
from portfolio.rules import check_integration, integration_errors

SHARED = SimpleNamespace(
    scope=c.Scope.GLOBAL, owner_organization_id=None, business_type=c.BusinessType.FAELLESKOMMUNAL
)


def _errors(**ends: object) -> dict[str, str]:
    fields = {"source": 1, "target": None, "target_component": None, **ends}
    return integration_errors(organization_id=7, **fields)


def test_a_usage_or_a_shared_component_is_a_valid_target() -> None:
    assert _errors(target=2) == {}
    assert _errors(target_component=SHARED) == {}
    own = SimpleNamespace(**{**vars(SHARED), "scope": c.Scope.LOCAL, "owner_organization_id": 7})
    assert _errors(target_component=own) == {}


@pytest.mark.parametrize(
    ("ends", "field"),
    [
        ({}, NON_FIELD_ERRORS),
        ({"target": 2, "target_component": SHARED}, NON_FIELD_ERRORS),
        ({"target": 1}, "target"),
        (
            {"target_component": SimpleNamespace(**{**vars(SHARED), "business_type": "fagsystem"})},
            "target_component",
        ),
        (
            {
                "target_component": SimpleNamespace(
                    **{**vars(SHARED), "scope": c.Scope.LOCAL, "owner_organization_id": 8}
                )
            },
            "target_component",
        ),
    ],
)
def test_refused_shapes_name_their_field(ends: dict[str, object], field: str) -> None:
    errors = _errors(**ends)
    assert list(errors) == [field]
    with pytest.raises(ValidationError) as caught:
        check_integration(
            organization_id=7, **{"source": 1, "target": None, "target_component": None, **ends}
        )
    assert list(caught.value.message_dict) == [field]
