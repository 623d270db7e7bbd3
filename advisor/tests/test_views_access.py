"""Every strategy screen: anonymous users, each role, and tenant isolation."""

from __future__ import annotations

from typing import Any

import pytest

from advisor.models import Assessment
from advisor.tests import factories as f
from organizations.models import Organization
from organizations.testing import ALL, ViewAccessMixin, ViewCase

pytestmark = pytest.mark.django_db

CHANGE = frozenset({"arkitekt", "administrator"})
DECIDE = frozenset({"arkitekt", "administrator"})


def _step(obj: Assessment) -> dict[str, Any]:
    return {"pk": obj.pk, "step": "organisation"}


def _step_post(test: Any, org: Organization) -> dict[str, Any]:
    return {"management_commitment": "4", "done": ""}


class AdvisorFactories:
    def make_draft(self, org: Organization) -> Assessment:
        return f.draft(org)

    def make_completed(self, org: Organization) -> Assessment:
        return f.completed(org)

    def list_marker(self, org: Organization) -> str:
        f.draft(org, title="Naboens hemmelige vurdering")
        return "Naboens hemmelige"


class TestAdvisorViews(AdvisorFactories, ViewAccessMixin):
    view_cases = (
        ViewCase("advisor:assessment_list"),
        ViewCase("advisor:assessment_compare"),
        ViewCase("advisor:assessment_create", allowed=CHANGE),
        ViewCase(
            "advisor:assessment_create",
            allowed=CHANGE,
            method="post",
            data=lambda t, o: {"title": "Ny vurdering"},
        ),
        ViewCase("advisor:assessment_detail", obj="draft"),
        ViewCase("advisor:assessment_detail", obj="completed"),
        ViewCase("advisor:assessment_history", obj="draft"),
        ViewCase("advisor:assessment_step", allowed=CHANGE, obj="draft", kwargs=_step),
        ViewCase(
            "advisor:assessment_step",
            allowed=CHANGE,
            obj="draft",
            kwargs=_step,
            method="post",
            data=_step_post,
        ),
        ViewCase("advisor:assessment_refresh", allowed=CHANGE, obj="draft", method="post"),
        ViewCase("advisor:assessment_complete", allowed=CHANGE, obj="draft", method="post"),
        ViewCase("advisor:assessment_copy", allowed=CHANGE, obj="completed", method="post"),
        ViewCase("advisor:assessment_result", allowed=ALL, obj="completed"),
        ViewCase("advisor:assessment_choose", allowed=DECIDE, obj="completed"),
        ViewCase(
            "advisor:assessment_choose",
            allowed=DECIDE,
            obj="completed",
            method="post",
            data=lambda t, o: {"option": "standardisering", "note": "Besluttet i direktionen."},
        ),
    )
