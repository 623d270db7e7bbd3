"""What falls due in solution reviews (:mod:`core.due`): reviews, governance-plan tests and
the actions of findings. Each provider reads in a constant number of queries."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import date
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.due import DueItem
from portfolio.models import SystemUsage
from reviews import choices as c
from reviews.models import Finding, GovernancePlan, SolutionReview
from reviews.schedule import (
    add_months,
    in_operation,
    overrides,
    plan_test_due_by,
    plan_test_due_on,
    review_due_on,
    rule_for,
    rules,
    with_schedule,
)
from reviews.selectors import owners_of

REVIEW = gettext_lazy("Løsningsgennemgang")
PLAN_TEST = gettext_lazy("Test efter styringsplan")
ACTION = gettext_lazy("Handling fra løsningsgennemgang")


def _scope(queryset: Any, organization_ids: Collection[int] | None) -> Any:
    if organization_ids is None:
        return queryset
    return queryset.filter(organization_id__in=list(organization_ids))


def _users(roles: list[Any]) -> tuple[Any, ...]:
    return tuple(r.user for r in roles if r.user is not None)


def _names(roles: list[Any]) -> str:
    return ", ".join(
        (r.user.get_full_name() or r.user.get_username()) if r.user else r.person_name
        for r in roles
    )


def reviews(
    *, today: date, until: date, organization_ids: Collection[int] | None = None
) -> Iterator[DueItem]:
    """Usages in operation whose next review is due by ``until``; on the kontrolorgan's
    agenda; to the systemejere. The link is the planned review where one is planned (the
    page where the kontrolorgan holds it), else the system. Five queries: overrides,
    usages, owners, planned reviews, link prefix."""
    own = overrides(organization_ids)
    # The shortest cadence anywhere bounds what can be due: rows beyond it are not read.
    shortest = min(
        [r.months for r in rules()] + [m for by_rule in own.values() for m in by_rule.values()]
    )
    usages = list(
        with_schedule(in_operation(_scope(SystemUsage.objects.all(), organization_ids)))
        .filter(
            Q(review_anchor__lte=add_months(until, -shortest))
            | Q(review_anchor__isnull=True, created_at__date__lte=until)
        )
        .select_related("catalog_system")
        .order_by("pk")
    )
    due = []
    for usage in usages:
        rule = rule_for(usage, own.get(usage.organization_id))
        when = review_due_on(usage, rule)
        if when <= until:
            due.append((usage, when))
    owners = owners_of([u.pk for u, _w in due])
    planned = {
        usage_id: pk
        for usage_id, pk in SolutionReview.objects.filter(
            usage_id__in=[u.pk for u, _w in due], status=c.ReviewStatus.PLANNED
        )
        .order_by("planned_date", "pk")  # the latest planned one wins
        .values_list("usage_id", "pk")
    }
    for usage, when in due:
        roles = owners.get(usage.pk, [])
        yield DueItem(
            kind="review",
            kind_label=REVIEW,
            key=f"review:{usage.pk}:{when.isoformat()}",
            organization_id=usage.organization_id,
            title=_("Løsningsgennemgang af %(usage)s") % {"usage": usage.name},
            due_date=when,
            link=reverse("reviews:review_detail", kwargs={"pk": planned[usage.pk]})
            if usage.pk in planned
            else reverse("portfolio:usage_detail", kwargs={"pk": usage.pk}),
            recipients=_users(roles),
            owner=_names(roles),
            agenda=True,
            lead_days=(30, 7, 0),
        )


def plan_tests(
    *, today: date, until: date, organization_ids: Collection[int] | None = None
) -> Iterator[DueItem]:
    """Governance plans whose test is due by ``until``; to the plan's responsible user,
    else the systemejere."""
    plans = list(
        _scope(GovernancePlan.objects.all(), organization_ids)
        .filter(plan_test_due_by(until))
        .select_related("usage", "usage__catalog_system", "responsible")
        .order_by("pk")
    )
    owners = owners_of([p.usage_id for p in plans if p.responsible_id is None])
    for plan in plans:
        when = plan_test_due_on(plan)
        if when is None:  # pragma: no cover - the query selects interval cadences only
            continue
        roles = owners.get(plan.usage_id, [])
        recipients = (plan.responsible,) if plan.responsible is not None else _users(roles)
        yield DueItem(
            kind="governance_test",
            kind_label=PLAN_TEST,
            key=f"governance_test:{plan.pk}:{when.isoformat()}",
            organization_id=plan.organization_id,
            title=_("Test af %(usage)s efter styringsplanen") % {"usage": plan.usage.name},
            due_date=when,
            link=plan.get_absolute_url(),
            recipients=recipients,
            owner=plan.responsible_label or _names(roles),
        )


def actions(
    *, today: date, until: date, organization_ids: Collection[int] | None = None
) -> Iterator[DueItem]:
    """Open actions from reviews with a due date by ``until``; to their owner."""
    findings = (
        _scope(Finding.objects.all(), organization_ids)
        .filter(status=c.ActionStatus.OPEN, due_date__lte=until)
        .select_related("owner", "review__usage__catalog_system")
        .order_by("pk")
    )
    for finding in findings:
        yield DueItem(
            kind="review_action",
            kind_label=ACTION,
            key=f"review_action:{finding.pk}:{finding.due_date.isoformat()}",
            organization_id=finding.organization_id,
            title=_("%(usage)s: %(text)s")
            % {"usage": finding.review.usage.name, "text": finding.text[:120]},
            due_date=finding.due_date,
            link=finding.get_absolute_url(),
            recipients=(finding.owner,) if finding.owner is not None else (),
            owner=finding.owner_label,
            agenda=finding.due_date < today,
        )
