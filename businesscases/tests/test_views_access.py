"""Every business-case screen: anonymous users, each role, and tenant isolation."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from businesscases.models import CaseLine, CaseRisk
from businesscases.tests import factories as f
from organizations.testing import (
    Data,
    ViewAccessMixin,
    ViewCase,
    entity_view_cases,
    fixed,
    form_cases,
)

pytestmark = pytest.mark.django_db

EDITORS = frozenset({"redaktoer", "indkoeber", "arkitekt", "administrator"})
DECIDERS = frozenset({"administrator"})


def _new_row(prefix: str, **fields: str) -> Data:
    """The inline "new row" form of a case's lines or risks."""
    return fixed({f"{prefix}-new-{name}": value for name, value in fields.items()})


_line_post = _new_row(
    "lines",
    name="Ny licens",
    kind="operation",
    low="90",
    mode="100",
    high="120",
    first_year="0",
    last_year="3",
)
_risk_post = _new_row(
    "risks", name="Forsinkelse", probability="20", low="10", mode="20", high="40", year="1"
)
_settings_post = fixed(
    {
        "name": "Omdøbt",
        "start_year": "2026",
        "horizon": "5",
        "rate": "3,5",
        "iterations": "1000",
        "seed": "1",
        "coverage": "80",
    }
)


def _line_kwargs(line: CaseLine) -> dict[str, Any]:
    return {"pk": line.case_id, "line_pk": line.pk}


def _risk_kwargs(risk: CaseRisk) -> dict[str, Any]:
    return {"pk": risk.case_id, "risk_pk": risk.pk}


class TestBusinessCaseViews(f.AccessFactories, ViewAccessMixin):
    def _url(self, case: ViewCase, obj: Any) -> str:
        """Object-less pages with URL arguments (the template to create from)."""
        if obj is None and case.kwargs is not None:
            return reverse(case.url_name, kwargs=case.kwargs(None))
        return super()._url(case, obj)

    view_cases = (
        *entity_view_cases(
            "businesscases:case",
            obj="case",
            change=EDITORS,
            edit_data=_settings_post,
            pages=("list", "detail", "history", "edit", "delete"),
        ),
        ViewCase("businesscases:case_create", allowed=EDITORS),
        ViewCase(
            "businesscases:case_create_template",
            allowed=EDITORS,
            kwargs=lambda obj: {"template": "channel_shift"},
        ),
        ViewCase(
            "businesscases:case_create_template",
            allowed=EDITORS,
            method="post",
            kwargs=lambda obj: {"template": "blank"},
            data=fixed({"name": "Tom case", "start_year": "2027", "horizon": "5"}),
        ),
        ViewCase("businesscases:case_detail", obj="approved"),
        ViewCase(
            "businesscases:case_version",
            obj="versioned",
            kwargs=lambda obj: {"pk": obj.pk, "number": 1},
        ),
        ViewCase("businesscases:case_lines", obj="case"),
        ViewCase("businesscases:case_risks", obj="case"),
        ViewCase("businesscases:case_copy", allowed=EDITORS, obj="approved", method="post"),
        *form_cases("businesscases:case_submit", allowed=EDITORS, obj="case"),
        *form_cases(
            "businesscases:case_decide",
            fixed({"decision": "approved", "note": "ØU"}),
            allowed=DECIDERS,
            obj="submitted",
        ),
        *form_cases(
            "businesscases:case_actuals",
            fixed({"cost_2026": "1.050", "benefit_2027": "400"}),
            allowed=EDITORS,
            obj="approved",
        ),
        *form_cases("businesscases:line_add", _line_post, allowed=EDITORS, obj="case"),
        ViewCase("businesscases:line_edit", allowed=EDITORS, obj="line", kwargs=_line_kwargs),
        ViewCase(
            "businesscases:line_edit",
            allowed=EDITORS,
            obj="line",
            kwargs=_line_kwargs,
            method="post",
            data=fixed({}),
            ok=(200, 302, 400),
        ),
        ViewCase(
            "businesscases:line_delete",
            allowed=EDITORS,
            obj="line",
            kwargs=_line_kwargs,
            method="post",
        ),
        *form_cases("businesscases:risk_add", _risk_post, allowed=EDITORS, obj="case"),
        ViewCase("businesscases:risk_edit", allowed=EDITORS, obj="risk", kwargs=_risk_kwargs),
        ViewCase(
            "businesscases:risk_delete",
            allowed=EDITORS,
            obj="risk",
            kwargs=_risk_kwargs,
            method="post",
        ),
    )
