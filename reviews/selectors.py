"""Organization-scoped reads of reviews, findings, governance plans and cadences."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import BooleanField, Case, Count, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from portfolio.models import RoleType, UsageRole
from reviews import choices as c
from reviews.models import CadenceOverride, Finding, GovernancePlan, SolutionReview
from reviews.schedule import TEST_MONTHS, add_months

SYSTEMEJER = "systemejer"


def _flag(condition: Q) -> Case:
    return Case(
        When(condition, then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def review_due_q(due: str, today: Any = None, prefix: str = "") -> Q:
    """Planned reviews by the ``due`` filter on their planned date."""
    today = today or timezone.localdate()
    planned = Q(**{f"{prefix}status": c.ReviewStatus.PLANNED})
    field = f"{prefix}planned_date"
    if due == c.Due.OVERDUE:
        return planned & Q(**{f"{field}__lt": today})
    if due == c.Due.DUE:
        return planned & Q(
            **{f"{field}__gte": today, f"{field}__lte": today + timedelta(days=c.DUE_DAYS)}
        )
    if due == c.Due.SOON:
        return planned & Q(
            **{
                f"{field}__gt": today + timedelta(days=c.DUE_DAYS),
                f"{field}__lte": today + timedelta(days=c.SOON_DAYS),
            }
        )
    raise ValueError(due)


def review_list(*, organization: Any) -> QuerySet[SolutionReview]:
    """The organization's reviews; ``due`` annotates the filter value of planned ones."""
    today = timezone.localdate()
    due = Case(
        *(When(review_due_q(d, today), then=Value(d)) for d in c.Due.values),
        default=Value(""),
    )
    return (
        SolutionReview.objects.filter(organization=organization)
        .select_related("usage", "usage__catalog_system")
        .prefetch_related("participants")
        .annotate(
            due=due,
            open_findings=Count("findings", filter=Q(findings__status=c.ActionStatus.OPEN)),
        )
    )


def review_get(*, organization: Any, pk: Any) -> SolutionReview:
    return get_object_or_404(review_list(organization=organization), pk=pk)


def finding_list(*, organization: Any) -> QuerySet[Finding]:
    today = timezone.localdate()
    return (
        Finding.objects.filter(organization=organization)
        .select_related("review", "review__usage", "review__usage__catalog_system", "owner")
        .annotate(
            overdue=_flag(Q(status=c.ActionStatus.OPEN, due_date__lt=today)),
        )
    )


def finding_get(*, organization: Any, pk: Any) -> Finding:
    return get_object_or_404(finding_list(organization=organization), pk=pk)


def plan_test_overdue_q(today: Any, prefix: str = "") -> Q:
    """Plans whose next test is before ``today`` (see :mod:`reviews.schedule`)."""
    q = Q(**{f"{prefix}pk__in": []})
    day_before = today - timedelta(days=1)
    for cadence, months in TEST_MONTHS.items():
        q |= Q(**{f"{prefix}test_cadence": cadence}) & (
            Q(**{f"{prefix}last_tested__lte": add_months(day_before, -months)})
            | Q(
                **{
                    f"{prefix}last_tested__isnull": True,
                    f"{prefix}created_at__date__lte": day_before,
                }
            )
        )
    return q


def plan_list(*, organization: Any) -> QuerySet[GovernancePlan]:
    today = timezone.localdate()
    return (
        GovernancePlan.objects.filter(organization=organization)
        .select_related("usage", "usage__catalog_system", "responsible")
        .annotate(overdue=_flag(plan_test_overdue_q(today)))
    )


def plan_get(*, organization: Any, pk: Any) -> GovernancePlan:
    return get_object_or_404(plan_list(organization=organization), pk=pk)


def cadence_list(*, organization: Any) -> QuerySet[CadenceOverride]:
    return CadenceOverride.objects.filter(organization=organization)


def cadence_get(*, organization: Any, pk: Any) -> CadenceOverride:
    return get_object_or_404(cadence_list(organization=organization), pk=pk)


def systemejer_role() -> RoleType | None:
    return RoleType.objects.filter(organization=None, key=SYSTEMEJER).first()


def owners_of(usage_ids: list[int]) -> dict[int, list[UsageRole]]:
    """The systemejer roles of the usages (one query): usage id -> roles."""
    result: dict[int, list[UsageRole]] = {}
    roles = UsageRole.objects.filter(
        usage_id__in=usage_ids, role_type__key=SYSTEMEJER, role_type__organization=None
    ).select_related("user")
    for role in roles:
        result.setdefault(role.usage_id, []).append(role)
    return result
