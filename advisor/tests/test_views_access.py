"""Every strategy screen: anonymous users, each role, and tenant isolation."""

from __future__ import annotations

from typing import Any

import pytest

from advisor.models import Assessment
from advisor.tests import factories as f
from organizations.testing import Entity, ViewAccessMixin, ViewCase, fixed, form_cases

pytestmark = pytest.mark.django_db

CHANGE = frozenset({"arkitekt", "administrator"})
DECIDE = frozenset({"arkitekt", "administrator"})


def _step(obj: Assessment) -> dict[str, Any]:
    return {"pk": obj.pk, "step": "organisation"}


DRAFT = Entity("draft", change=CHANGE)
COMPLETED = Entity("completed", change=CHANGE)


class TestAdvisorViews(f.AccessFactories, ViewAccessMixin):
    view_cases = (
        *DRAFT.pages(
            "advisor:assessment",
            create=fixed({"title": "Ny vurdering"}),
            only=("list", "create", "detail", "history"),
        ),
        ViewCase("advisor:assessment_compare"),
        ViewCase("advisor:assessment_detail", obj="completed"),
        *form_cases(
            "advisor:assessment_step",
            fixed({"management_commitment": "4", "done": ""}),
            allowed=CHANGE,
            obj="draft",
            kwargs=_step,
        ),
        DRAFT.post("advisor:assessment_refresh"),
        DRAFT.post("advisor:assessment_complete"),
        COMPLETED.post("advisor:assessment_copy"),
        ViewCase("advisor:assessment_result", obj="completed"),
        *Entity("completed", change=DECIDE).form(
            "advisor:assessment_choose",
            fixed({"option": "standardisering", "note": "Besluttet i Direktionen."}),
        ),
    )
