"""Every business-case screen: anonymous users, each role, and tenant isolation."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from businesscases.choices import CaseStatus
from businesscases.models import BusinessCase, CaseLine, CaseRisk
from businesscases.tests import factories as f
from organizations.models import Organization
from organizations.testing import ViewAccessMixin, ViewCase

pytestmark = pytest.mark.django_db

EDITORS = frozenset({"redaktoer", "indkoeber", "arkitekt", "administrator"})
DECIDERS = frozenset({"administrator"})


class CaseFactories:
    def make_case(self, org: Organization) -> BusinessCase:
        case = f.simple_case(org)
        f.risk(case)
        return case

    def make_submitted(self, org: Organization) -> BusinessCase:
        return f.simple_case(org, status=CaseStatus.SUBMITTED, version=2)

    def make_approved(self, org: Organization) -> BusinessCase:
        case = f.approved_case(org)
        f.actual(case, 2026, "cost", "1100")
        return case

    def make_versioned(self, org: Organization) -> BusinessCase:
        from businesscases.models import CaseVersion

        case = f.simple_case(org, status=CaseStatus.SUBMITTED, version=2)
        CaseVersion.objects.create(
            case=case, number=1, status=CaseStatus.SUBMITTED, snapshot={"settings": {}}
        )
        return case

    def make_line(self, org: Organization) -> CaseLine:
        line = self.make_case(org).lines.first()
        assert line is not None
        return line

    def make_risk(self, org: Organization) -> CaseRisk:
        risk = self.make_case(org).risks.first()
        assert risk is not None
        return risk

    def list_marker(self, org: Organization) -> str:
        f.case(org, name="Naboens hemmelige business case")
        return "Naboens hemmelige"


def _line_post(test: Any, org: Organization) -> dict[str, Any]:
    return {
        "lines-new-name": "Ny licens",
        "lines-new-kind": "operation",
        "lines-new-low": "90",
        "lines-new-mode": "100",
        "lines-new-high": "120",
        "lines-new-first_year": "0",
        "lines-new-last_year": "3",
    }


def _line_edit_post(test: Any, org: Organization) -> dict[str, Any]:
    return {}


def _risk_post(test: Any, org: Organization) -> dict[str, Any]:
    return {
        "risks-new-name": "Forsinkelse",
        "risks-new-probability": "20",
        "risks-new-low": "10",
        "risks-new-mode": "20",
        "risks-new-high": "40",
        "risks-new-year": "1",
    }


def _settings_post(test: Any, org: Organization) -> dict[str, Any]:
    return {
        "name": "Omdøbt",
        "start_year": "2026",
        "horizon": "5",
        "rate": "3,5",
        "iterations": "1000",
        "seed": "1",
        "coverage": "80",
    }


def _create_post(test: Any, org: Organization) -> dict[str, Any]:
    return {"name": "Tom case", "start_year": "2027", "horizon": "5"}


def _line_kwargs(line: CaseLine) -> dict[str, Any]:
    return {"pk": line.case_id, "line_pk": line.pk}


def _risk_kwargs(risk: CaseRisk) -> dict[str, Any]:
    return {"pk": risk.case_id, "risk_pk": risk.pk}


class TestBusinessCaseViews(CaseFactories, ViewAccessMixin):
    def _url(self, case: ViewCase, obj: Any) -> str:
        """Object-less pages with URL arguments (the template to create from)."""
        if obj is None and case.kwargs is not None:
            return reverse(case.url_name, kwargs=case.kwargs(None))
        return super()._url(case, obj)

    view_cases = (
        ViewCase("businesscases:case_list"),
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
            data=_create_post,
        ),
        ViewCase("businesscases:case_detail", obj="case"),
        ViewCase("businesscases:case_detail", obj="approved"),
        ViewCase("businesscases:case_history", obj="case"),
        ViewCase(
            "businesscases:case_version",
            obj="versioned",
            kwargs=lambda obj: {"pk": obj.pk, "number": 1},
        ),
        ViewCase("businesscases:case_lines", obj="case"),
        ViewCase("businesscases:case_risks", obj="case"),
        ViewCase("businesscases:case_edit", allowed=EDITORS, obj="case"),
        ViewCase(
            "businesscases:case_edit",
            allowed=EDITORS,
            obj="case",
            method="post",
            data=_settings_post,
        ),
        ViewCase("businesscases:case_delete", allowed=EDITORS, obj="case"),
        ViewCase("businesscases:case_delete", allowed=EDITORS, obj="case", method="post"),
        ViewCase("businesscases:case_copy", allowed=EDITORS, obj="approved", method="post"),
        ViewCase("businesscases:case_submit", allowed=EDITORS, obj="case"),
        ViewCase("businesscases:case_submit", allowed=EDITORS, obj="case", method="post"),
        ViewCase("businesscases:case_decide", allowed=DECIDERS, obj="submitted"),
        ViewCase(
            "businesscases:case_decide",
            allowed=DECIDERS,
            obj="submitted",
            method="post",
            data=lambda t, o: {"decision": "approved", "note": "ØU"},
        ),
        ViewCase("businesscases:case_actuals", allowed=EDITORS, obj="approved"),
        ViewCase(
            "businesscases:case_actuals",
            allowed=EDITORS,
            obj="approved",
            method="post",
            data=lambda t, o: {"cost_2026": "1.050", "benefit_2027": "400"},
        ),
        ViewCase("businesscases:line_add", allowed=EDITORS, obj="case"),
        ViewCase(
            "businesscases:line_add", allowed=EDITORS, obj="case", method="post", data=_line_post
        ),
        ViewCase("businesscases:line_edit", allowed=EDITORS, obj="line", kwargs=_line_kwargs),
        ViewCase(
            "businesscases:line_edit",
            allowed=EDITORS,
            obj="line",
            kwargs=_line_kwargs,
            method="post",
            data=_line_edit_post,
            ok=(200, 302, 400),
        ),
        ViewCase(
            "businesscases:line_delete",
            allowed=EDITORS,
            obj="line",
            kwargs=_line_kwargs,
            method="post",
        ),
        ViewCase("businesscases:risk_add", allowed=EDITORS, obj="case"),
        ViewCase(
            "businesscases:risk_add", allowed=EDITORS, obj="case", method="post", data=_risk_post
        ),
        ViewCase("businesscases:risk_edit", allowed=EDITORS, obj="risk", kwargs=_risk_kwargs),
        ViewCase(
            "businesscases:risk_delete",
            allowed=EDITORS,
            obj="risk",
            kwargs=_risk_kwargs,
            method="post",
        ),
    )
