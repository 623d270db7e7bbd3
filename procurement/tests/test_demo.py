"""The demo requests: 60 needs in every stage over 18 months, through the services, with a
realistic history, and idempotent."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import RequestFactory, TestCase
from django.urls import reverse
from django.utils import timezone

from advisor import demo as advisor_demo
from businesscases import demo as businesscases_demo
from core.models import AuditEvent, TransitionRecord
from organizations.demo import DemoResult, seed_foundation
from organizations.testing import logged_in_client
from portfolio.demo import seed_portfolio_demo
from portfolio.models import SystemUsage
from procurement import choices as c
from procurement import demo, leadtime
from procurement.dashboard import request_card
from procurement.models import Answer, Condition, ProcurementRequest
from procurement.workflow import REQUEST_WORKFLOW, large_amount

DAY = 86400


class DemoTests(TestCase):
    """One demo seeding (foundation, portfolio, advisor, business cases, then the requests)
    shared by the tests of the class (rolled back afterwards)."""

    result: DemoResult
    created: int

    @classmethod
    def setUpTestData(cls) -> None:
        cls.result = seed_foundation()
        seed_portfolio_demo(cls.result)
        advisor_demo.seed(cls.result)
        businesscases_demo.seed(cls.result)
        cls.created = demo.seed(cls.result)

    def requests(self) -> Any:
        return ProcurementRequest.objects.filter(organization=self.result.kommune)

    def transitions(self, **filters: Any) -> Any:
        return TransitionRecord.objects.filter(
            machine=REQUEST_WORKFLOW.name, organization=self.result.kommune, **filters
        )

    def test_sixty_requests_in_every_stage(self) -> None:
        assert self.created == len(demo.NEEDS) == self.requests().count() == 60
        stages = Counter(self.requests().values_list("stage", flat=True))
        assert set(stages) == set(c.Stage.values)
        assert stages[c.Stage.I_DRIFT] == 10 and stages[c.Stage.GENBRUG] == 9
        # Every request names its unit, KLE subjects and a submitter among the demo users.
        users = {u.pk for u in self.result.users.values()}
        for request in self.requests().prefetch_related("kle_subjects"):
            assert request.unit is not None and request.kle_subjects.exists()
            assert request.submitted_by_id in users and request.submitted_by_id != (
                self.result.users["laeser"].pk
            )
            assert request.strategy == "sammenhaengende_processer"  # the advisor's choice

    def test_the_history_is_spread_over_eighteen_months(self) -> None:
        now = timezone.now()
        created = sorted(self.requests().values_list("created_at", flat=True))
        assert created[0] >= now - timedelta(days=550) and created[-1] < now
        assert created[0] < now - timedelta(days=365)  # the oldest is over a year old
        by_request: dict[int, list[Any]] = {}
        for object_id, at, target in (
            self.transitions().order_by("id").values_list("object_id", "at", "to_state")
        ):
            by_request.setdefault(int(object_id), []).append((at, target))
        moves = sum(len(demo.path(n)) for n in demo.NEEDS)
        assert self.transitions().count() == moves
        for request in self.requests():
            steps = by_request.get(request.pk, [])
            times = [at for at, _ in steps]
            assert times == sorted(times) and all(request.created_at < t < now for t in times)
            assert all(8 <= timezone.localtime(t).hour < 16 for t in times)  # working hours
            assert request.stage_since == (times[-1] if times else request.created_at)
            if steps:
                assert steps[-1][1] == request.stage
        # The audit events moved with them: the creation is dated when the request was made.
        for request in self.requests()[:10]:
            first = (
                AuditEvent.objects.filter(object_id=str(request.pk), object_repr=request.title)
                .order_by("created_at")
                .first()
            )
            assert first is not None and first.created_at == request.created_at

    def test_lead_time_analysis_has_medians_reuse_and_show_stoppers(self) -> None:
        result = leadtime.analysis(self.result.kommune)
        assert result["requests"] == 60
        for name in ("beslutning", "kontrakt", "i_drift"):
            milestone = result["milestones"][name]
            assert milestone["count"] >= 10 and milestone["median_days"] > 0
            assert milestone["p90_days"] >= milestone["median_days"]
            assert len(milestone["by_quarter"]) >= 3
        assert result["milestones"]["i_drift"]["median_days"] > 100  # some take long
        for stage in c.OPEN_STAGES:
            assert result["stages"][stage]["median_days"] > 0
        assert result["reuse"]["count"] == 9 and Decimal(result["reuse"]["avoided_yearly"]) > 0
        assert result["reuse"]["without_amount"] == 0
        blocked = {row["question"]: row["blocked_days"] for row in result["show_stoppers"]}
        assert blocked and max(blocked.values()) > 30
        assert result["slowest_open"][0]["days_in_stage"] > 60

    def test_reuse_ends_on_an_own_usage_with_the_avoided_amount(self) -> None:
        reused = self.requests().filter(stage=c.Stage.GENBRUG)
        for request in reused:
            assert request.reuse_usage is not None or request.reuse_contract is not None
            owner = (request.reuse_usage or request.reuse_contract).organization_id
            assert owner == self.result.kommune.pk
            assert request.avoided_yearly == request.budget_yearly > 0

    def test_show_stoppers_blocked_for_weeks_then_answered_or_overridden(self) -> None:
        answers = Answer.objects.filter(request__organization=self.result.kommune)
        overridden = answers.exclude(override_reason="")
        assert overridden.count() == 3
        assert all(a.blocked_seconds >= 14 * DAY and a.overridden_at for a in overridden)
        answered = answers.filter(override_reason="", blocked_seconds__gt=0)
        assert answered.filter(value=c.AnswerValue.YES, blocked_seconds__gte=14 * DAY).exists()
        blocking = answers.filter(blocked_since__isnull=False)
        assert blocking.count() == 3  # open requests blocked right now
        assert all(not a.request.ended for a in blocking)
        for answer in answers:
            assert answer.request.created_at <= answer.answered_at <= timezone.now()

    def test_one_withdrawn_because_the_forvaltning_went_around_the_process(self) -> None:
        reasons = [
            fields["reason"]
            for fields in self.transitions(transition="withdraw").values_list("fields", flat=True)
        ]
        assert len(reasons) == 6
        around = [r for r in reasons if "uden om anskaffelsesprocessen" in r]
        assert len(around) == 1 and "spend" in around[0]
        rejected = self.transitions(transition="reject").values_list("fields", flat=True)
        assert all(fields["reason"] for fields in rejected)

    def test_large_requests_pass_the_kontrolorgan_with_a_business_case(self) -> None:
        large = [r for r in self.requests() if r.total_five_years >= large_amount()]
        assert len(large) == 4
        decided = [r for r in large if r.decided_on is not None]
        assert len(decided) == 2
        for request in decided:
            assert request.business_case is not None
            assert request.decision_body == c.DecisionBody.KONTROLORGAN
            assert self.transitions(object_id=str(request.pk), transition="to_kontrolorgan")
        assert {r.business_case.name for r in decided if r.business_case} == {
            businesscases_demo.CHANNEL_SHIFT,
            businesscases_demo.SHARED_OPERATIONS,
        }

    def test_decisions_have_conditions_one_overdue(self) -> None:
        today = timezone.localdate()
        decided = self.requests().filter(decided_on__isnull=False)
        assert decided.count() == 21
        conditions = Condition.objects.filter(request__in=decided)
        assert {x.request_id for x in conditions} == {r.pk for r in decided}
        overdue = conditions.filter(due_date__lt=today, done_on__isnull=True)
        assert overdue.count() == 1
        done = conditions.filter(done_on__isnull=False)
        assert done.count() >= 10 and all(x.done_on <= today for x in done)
        assert all(x.owner_id for x in conditions)
        chosen = self.requests().exclude(requirements=[])
        assert 10 <= chosen.count() < decided.count()

    def test_operation_hands_over_into_the_portfolio(self) -> None:
        live = self.requests().filter(stage=c.Stage.I_DRIFT).select_related("usage")
        systems = set()
        for request in live:
            usage = request.usage
            assert usage is not None and usage.organization_id == self.result.kommune.pk
            assert usage.valid_from == timezone.localtime(request.stage_since).date()
            assert usage.responsible_unit_id == request.unit_id
            systems.add(usage.catalog_system_id)
        assert len(systems) == 10  # ten different catalog systems
        assert SystemUsage.objects.filter(organization=self.result.kommune).count() == 410

    def test_the_pages_show_the_demo(self) -> None:
        client = logged_in_client(self.result.users["indkoeber"], self.result.kommune)
        assert client.get(reverse("procurement:leadtime")).status_code == 200
        assert client.get(reverse("procurement:request_list")).status_code == 200
        for stage in c.Stage.values:
            request = self.requests().filter(stage=stage).first()
            assert request is not None
            assert client.get(request.get_absolute_url()).status_code == 200
        page = client.get(reverse("organizations:dashboard")).content.decode()
        assert "Venter over 30 dage i fasen" in page
        http = RequestFactory().get("/")
        http.user = self.result.users["arkitekt"]
        http.organization = self.result.kommune  # type: ignore[attr-defined]
        card = request_card(http)
        assert card is not None
        figures = {str(label): value for label, value in card["figures"]}
        assert figures["Åbne anmodninger"] == 30
        assert 10 <= figures["Venter over 30 dage i fasen"] < 30

    def test_seeding_again_changes_nothing(self) -> None:
        counts = (
            self.requests().count(),
            AuditEvent.objects.count(),
            TransitionRecord.objects.count(),
            Answer.objects.count(),
        )
        assert demo.seed(self.result) == 0
        assert counts == (
            self.requests().count(),
            AuditEvent.objects.count(),
            TransitionRecord.objects.count(),
            Answer.objects.count(),
        )

    def test_the_seeder_runs_after_the_advisor_and_the_business_cases(self) -> None:
        from core.registry import registry, resolve

        seeders = {s.name: s for s in registry.seeders()}
        assert resolve(seeders["procurement"].seed) is demo.seed
        order = seeders["procurement"].order
        assert seeders["advisor"].order < seeders["businesscases"].order < order


@pytest.mark.django_db
def test_without_a_business_case_every_budget_stays_below_the_large_amount() -> None:
    result = seed_foundation()
    seeder = demo._Seeder(result)
    assert seeder.cases == []
    for need in demo.NEEDS:
        one_off, yearly = seeder.budget(need)
        assert one_off + 5 * yearly < large_amount()
        assert one_off % 1000 == 0 and yearly % 1000 == 0
        if not need.large:
            assert (one_off, yearly) == (Decimal(need.one_off), Decimal(need.yearly))


@pytest.mark.django_db
def test_the_dashboard_card_takes_the_same_queries_for_2_and_12_of_my_requests() -> None:
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from organizations.testing import make_organization, make_user
    from procurement.dashboard import request_card
    from procurement.models import ProcurementRequest

    org = make_organization()
    user = make_user(organization=org, roles=["redaktoer"])

    def card_queries() -> int:
        http = RequestFactory().get("/")
        http.user = user
        http.organization = org  # type: ignore[attr-defined]
        with CaptureQueriesContext(connection) as queries:
            request_card(http)
        return len(queries)

    def add(n: int) -> None:
        for i in range(n):
            ProcurementRequest.objects.create(
                organization=org,
                title=f"Behov {i}",
                problem="x",
                stage="afklaring",
                submitted_by=user,
            )

    add(2)
    card_queries()  # warm: the user's roles and the content types are cached after this
    few = card_queries()
    add(10)
    assert card_queries() == few
