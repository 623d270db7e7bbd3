"""Every business-case screen: anonymous users, each role, and tenant isolation."""

from __future__ import annotations

from typing import Any

import pytest

from businesscases.tests import factories as f
from organizations.testing import (
    Data,
    ViewAccessMixin,
    ViewCase,
    fixed,
    form_cases,
)

pytestmark = pytest.mark.django_db


_line_post = fixed(f.row_form("lines-new", f.LINE_FORM))
_risk_post = fixed(f.row_form("risks-new", f.RISK_FORM, year="1"))


def _line_edit(test: Any, org: Any) -> dict[str, str]:
    return f.row_form(f"lines-{test.obj.pk}", f.LINE_FORM, low="500")


def _risk_edit(test: Any, org: Any) -> dict[str, str]:
    return f.row_form(f"risks-{test.obj.pk}", f.RISK_FORM, year="1", probability="40")


_settings_post = fixed(
    {
        "name": "Omdøbt",
        "start_year": "2026",
        "horizon": "5",
        "rate": "3,5",
        "iterations": "1000",
        "seed": "1",
        "coverage": "80",
        "budget_reduction": "undecided",
    }
)


def _row(row: str) -> dict[str, Any]:
    """Who may change a case's ``row`` ("line" or "risk"), its object and URL arguments."""

    def kwargs(obj: Any) -> dict[str, Any]:
        return {"pk": obj.case_id, f"{row}_pk": obj.pk}

    return {
        "allowed": f.EDITORS,
        "obj": row,
        "kwargs": kwargs,
        "redirect": "businesscases:case_detail",
    }


def _row_cases(row: str, post: Data, edit: Data) -> tuple[ViewCase, ...]:
    """A case's lines or risks: add (GET, POST ``post``), edit (GET, POST ``edit``) and
    delete one row."""
    return (
        *f.CASE_CASES.form(f"businesscases:{row}_add", post),
        *form_cases(f"businesscases:{row}_edit", edit, **_row(row)),
        ViewCase(f"businesscases:{row}_delete", method="post", **_row(row)),
    )


class TestBusinessCaseViews(f.AccessFactories, ViewAccessMixin):
    view_cases = (
        *f.CASE_CASES.pages(
            "businesscases:case",
            edit=_settings_post,
            only=("list", "detail", "history", "edit", "delete"),
        ),
        ViewCase("businesscases:case_create", allowed=f.EDITORS),
        ViewCase(
            "businesscases:case_create_template",
            allowed=f.EDITORS,
            kwargs=lambda obj: {"template": "channel_shift"},
        ),
        ViewCase(
            "businesscases:case_create_template",
            allowed=f.EDITORS,
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
        f.APPROVED_CASES.post("businesscases:case_copy"),
        *f.CASE_CASES.form("businesscases:case_submit"),
        *f.SUBMITTED_CASES.form(
            "businesscases:case_decide", fixed({"decision": "approved", "note": "ØU"})
        ),
        *f.APPROVED_CASES.form(
            "businesscases:case_actuals", fixed({"cost_2026": "1.050", "benefit_2027": "400"})
        ),
        *_row_cases("line", _line_post, _line_edit),
        *_row_cases("risk", _risk_post, _risk_edit),
    )
