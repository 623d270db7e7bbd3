"""The demo's solution reviews: a year of reviews with findings (some actions closed, some
open and overdue), governance plans for the critical systems (one overdue), idempotent."""

from __future__ import annotations

from datetime import date, timedelta

from django.test import TestCase
from django.utils import timezone

from core.models import TransitionRecord
from organizations.demo import DemoResult, seed_foundation
from portfolio.demo import seed_portfolio_demo
from reviews import demo
from reviews.models import Finding, GovernancePlan, SolutionReview
from reviews.selectors import plan_list


class DemoTests(TestCase):
    result: DemoResult
    created: int

    @classmethod
    def setUpTestData(cls) -> None:
        cls.result = seed_foundation()
        seed_portfolio_demo(cls.result)
        cls.created = demo.seed(cls.result)

    def test_a_year_of_reviews_with_findings(self) -> None:
        kommune = self.result.kommune
        today = timezone.localdate()
        reviews = SolutionReview.objects.filter(organization=kommune)
        assert self.created == reviews.count() == 13
        held = reviews.filter(status="gennemfoert")
        assert held.count() == 10
        assert all(today - timedelta(days=366) <= r.held_date <= today for r in held)
        assert TransitionRecord.objects.filter(machine="reviews.review").count() == 10
        assert reviews.filter(status="planlagt", planned_date__lt=today).count() == 1
        findings = Finding.objects.filter(organization=kommune)
        assert findings.filter(status="closed").exists()
        assert findings.filter(status="open", due_date__lt=today).exists()
        assert not findings.filter(owner=None, owner_name="").exists()

    def test_plans_for_critical_systems_one_overdue(self) -> None:
        plans = plan_list(organization=self.result.kommune)
        assert plans.count() > 5
        overdue = plans.filter(overdue=True)  # type: ignore[misc]
        assert [(p.test_cadence, p.last_tested) for p in overdue] == [
            ("quarterly", date(2025, 5, 20))
        ]
        assert all(
            p.usage.criticality == "high"
            or p.usage.business_critical
            or p.usage.data_sensitivity in ("sensitive", "criminal")
            for p in plans
        )

    def test_second_run_changes_nothing(self) -> None:
        before = (SolutionReview.objects.count(), GovernancePlan.objects.count())
        assert demo.seed(self.result) == 0
        assert (SolutionReview.objects.count(), GovernancePlan.objects.count()) == before
