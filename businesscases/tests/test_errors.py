"""Engine error codes become Danish messages, and no English engine text reaches a user."""

from __future__ import annotations

import string
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from businesscases import services
from businesscases.errors import MESSAGES, engine_message, error_message
from businesscases.tests.test_services import _members
from engine.business_case import MAX_HORIZON, MIN_HORIZON
from engine.errors import CODES, EngineError
from organizations.testing import make_organization, make_user


def _params(code: str) -> dict[str, object]:
    """Sample values for the fields the engine's text of ``code`` names."""
    names = {field for _text, field, _spec, _conv in string.Formatter().parse(CODES[code])}
    return {name: f"<{name}>" for name in names if name}


def test_every_engine_code_has_a_message_and_no_more() -> None:
    assert set(MESSAGES) == set(CODES)


@pytest.mark.parametrize("code", sorted(CODES))
def test_each_code_maps_to_a_danish_message_with_its_params(code: str) -> None:
    params = _params(code)
    error = EngineError(code, params)
    with translation.override("da"):
        message = error_message(error)
    assert message != str(error)
    assert all(str(value) in message for value in params.values())
    assert "%(" not in message and "%%" not in message


def test_the_horizon_message_uses_the_engine_limits() -> None:
    with translation.override("da"):
        message = engine_message("horizon_out_of_range", {"min": MIN_HORIZON, "max": MAX_HORIZON})
    assert message == f"Horisonten skal være {MIN_HORIZON}–{MAX_HORIZON} år."


ENGLISH = ("split key", "phase-in needs", "must be below 100", "sums to zero", "horizon must")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("template", "inputs", "extra", "danish"),
    [
        (
            "shared_operations",
            None,
            {},
            "Skabelonen kunne ikke beregnes med disse input: Fordelingsnøglen summerer til nul.",
        ),
        (
            "standardised_procurement",
            {"central_it_spend": "1000000", "purchases_per_year": "10"},
            {"assumptions": {"phase_in_years": "0"}},
            "Skabelonen kunne ikke beregnes med disse input: En indfasning skal vare mindst en "
            "del af et år.",
        ),
        (
            "channel_shift",
            {"services": [{"name": "Pas", "in_person": "100", "digital": "10"}]},
            {"assumptions": {"adoption_ceiling": "1"}},
            "Skabelonen kunne ikke beregnes med disse input: Loftet for den digitale andel skal "
            "være under 100 %: borgere har ret til en ikke-digital kanal.",
        ),
        (
            "coherent_processes",
            {"integrations": "1", "processes": [{"name": "Byg", "cases_per_year": "10"}]},
            {"assumptions": {"ramp_years": "0"}},
            "Skabelonen kunne ikke beregnes med disse input: En indfasning skal vare mindst en "
            "del af et år.",
        ),
    ],
)
def test_bad_template_input_gives_the_danish_message_only(
    template: str, inputs: dict[str, Any] | None, extra: dict[str, Any], danish: str
) -> None:
    org = make_organization("Fejlrup")
    editor = make_user(organization=org, roles=["arkitekt"])
    if inputs is None:  # every member without operations cost: the split key sums to zero
        members = [m | {"operations_cost": "0"} for m in _members(org)]
        inputs = {"split": "operations_cost", "members": members}
    fields: dict[str, Any] = {"name": "Fejl", "start_year": 2027, "horizon": 5} | extra
    with translation.override("da"), pytest.raises(ValidationError) as caught:
        services.case_create_from_template(
            actor=editor, organization=org, template=template, inputs=inputs, **fields
        )
    text = " ".join(caught.value.messages)
    assert text == danish
    assert not any(english in text for english in ENGLISH)
