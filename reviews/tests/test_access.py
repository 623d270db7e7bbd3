"""Every review page and API operation, for every role and across organizations."""

from __future__ import annotations

import dataclasses

import pytest

from core.permissions import roles_with
from core.testing import ALL, ApiCase, ViewCase
from organizations.models import Organization
from organizations.testing import ApiAccessMixin, ViewAccessMixin, fixed, unique
from reviews.models import CadenceOverride, SolutionReview
from reviews.resources import CADENCES, FINDINGS, PLANS, REVIEWS
from reviews.tests import factories as f

pytestmark = pytest.mark.django_db

CHANGE = roles_with("reviews.change")
PLAN = roles_with("plan.change")
CLOSE = roles_with("finding.close")
REVIEW = "/api/v1/organizations/{org_id}/reviews/{review_id}"


class Reviews:
    def make_review(self, organization: Organization) -> SolutionReview:
        return f.make_review(organization)

    def make_answered(self, organization: Organization) -> SolutionReview:
        """A review with every checklist item answered "ok", ready to be completed."""
        review = f.make_review(organization)
        review.answers = {item["key"]: {"value": "ok"} for item in review.checklist_items}
        review.save(update_fields=["answers"])
        return review

    def make_finding(self, organization: Organization):  # type: ignore[no-untyped-def]
        return f.make_finding(organization, owner_name="Systemejer", due_date="2027-02-01")

    def make_plan(self, organization: Organization):  # type: ignore[no-untyped-def]
        return f.make_plan(organization, test_cadence="quarterly")

    def make_cadence(self, organization: Organization) -> CadenceOverride:
        CadenceOverride.objects.filter(organization=organization).delete()
        return f.make_cadence(organization)

    def list_marker(self, organization: Organization) -> str:
        """A system of its own with a review, an action and a governance plan, each carrying
        the same unique text (the pages list the system's name or the action's text, the
        API the review's conclusion and the plan's test procedure)."""
        name = unique("Nabosystemet")
        usage = f.make_usage(organization, local_name=name)
        review = f.make_review(organization, usage=usage, summary=name)
        f.make_finding(
            organization, review=review, text=name, owner_name="X", due_date="2027-02-01"
        )
        f.make_plan(organization, usage=usage, test_procedure=name)
        return name


def _post(url_name: str, allowed: frozenset[str], data: dict[str, str], obj: str) -> ViewCase:
    return ViewCase(url_name, allowed=allowed, obj=obj, method="post", data=fixed(data))


class TestReviewPages(Reviews, ViewAccessMixin):
    view_cases = (
        *REVIEWS.view_cases("review"),
        *FINDINGS.view_cases("finding"),
        *PLANS.view_cases("plan"),
        *CADENCES.view_cases("cadence"),
        ViewCase("reviews:schedule", allowed=ALL),
        _post("reviews:review_answers", CHANGE, {"browsere__value": "ok"}, "review"),
        _post("reviews:review_complete", CHANGE, {"held_date": "2026-12-01"}, "answered"),
        _post("reviews:review_cancel", CHANGE, {"reason": "Flyttet"}, "review"),
        _post("reviews:finding_close", CLOSE, {"closing_note": "Rettet"}, "finding"),
        _post("reviews:plan_tested", PLAN, {"tested_on": "2026-12-01"}, "plan"),
    )


def _on_review(method: str, path: str, allowed: frozenset[str] = ALL, **payload: object) -> ApiCase:
    body = fixed(dict(payload)) if payload else None
    return ApiCase(method, f"{REVIEW}/{path}", allowed=allowed, obj="review", payload=body)


def _api(resource, obj: str, patch: dict[str, object]) -> tuple[ApiCase, ...]:  # type: ignore[no-untyped-def]
    """The resource's cases; PATCH changes fields without moving the record to another
    system or review (which the services refuse, tested in test_services)."""
    return tuple(
        dataclasses.replace(case, payload=fixed(patch)) if case.method == "PATCH" else case
        for case in resource.api_cases(obj)
    )


class TestReviewApi(Reviews, ApiAccessMixin):
    api_cases = (
        *_api(REVIEWS, "review", {"planned_date": "2027-02-01"}),
        *_api(FINDINGS, "finding", {"due_date": "2027-04-01"}),
        *_api(PLANS, "plan", {"test_cadence": "yearly"}),
        *CADENCES.api_cases("cadence"),
        _on_review("GET", "answers"),
        _on_review("PUT", "answers", CHANGE, answers=[{"key": "dpia", "value": "ok"}]),
        _on_review("POST", "cancel", CHANGE, reason="Flyttet"),
        # Unanswered items: the transition is refused with a Danish message (400), but only
        # after the permission and the organization are checked.
        ApiCase(
            "POST", f"{REVIEW}/complete", allowed=CHANGE, obj="review", payload=fixed({}), ok=(400,)
        ),
        ApiCase(
            "POST",
            "/api/v1/organizations/{org_id}/review-actions/{finding_id}/close",
            allowed=CLOSE,
            obj="finding",
            payload=fixed({"closing_note": "Rettet"}),
        ),
        ApiCase("GET", "/api/v1/organizations/{org_id}/review-schedule", allowed=ALL),
    )
