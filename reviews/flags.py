"""What the reviews app shows on the portfolio's usage pages (hooks the portfolio calls
without importing this app): flags on the usage page, its governance-plan panel, and
the usage list's filters "Gennemgang forfalden" and "Styringsplan forfalden"."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.permissions import has_perm
from core.templatetags.styrbar import cell as dk_date
from reviews import choices as c
from reviews.models import Finding, GovernancePlan
from reviews.schedule import (
    IN_OPERATION,
    TEST_MONTHS,
    due_filter,
    overrides,
    plan_test_due_on,
    review_due_on,
    rule_for,
    with_schedule,
)
from reviews.selectors import plan_test_overdue_q

REVIEW_PARAM = "gennemgang"
PLAN_PARAM = "styringsplan"
PLAN_CHOICES = (
    ("forfalden", gettext_lazy("Test forfalden")),
    ("mangler", gettext_lazy("Mangler")),
)


def usage_list_filter_choices() -> list[tuple[str, Any, Any]]:
    return [
        (REVIEW_PARAM, gettext_lazy("Gennemgang"), c.Due.choices),
        (PLAN_PARAM, gettext_lazy("Styringsplan"), PLAN_CHOICES),
    ]


def usage_list_filter(
    *, queryset: QuerySet[Any], params: Mapping[str, Any], organization: Any
) -> QuerySet[Any]:
    """``?gennemgang=overdue|due|soon`` (usages in operation by their next review) and
    ``?styringsplan=forfalden|mangler``; an unknown value is a clear error."""
    today = timezone.localdate()
    review = str(params.get(REVIEW_PARAM, "") or "")
    if review:
        if review not in c.Due.values:
            raise ValidationError(
                _("Ugyldig værdi for filteret %(name)s.") % {"name": REVIEW_PARAM}
            )
        own = overrides([organization.pk]).get(organization.pk)
        queryset = with_schedule(queryset.filter(lifecycle__in=IN_OPERATION)).filter(
            due_filter(review, today, own)
        )
    plan = str(params.get(PLAN_PARAM, "") or "")
    if plan:
        if plan == "forfalden":
            queryset = queryset.filter(plan_test_overdue_q(today, prefix="governance_plan__"))
        elif plan == "mangler":
            queryset = queryset.filter(lifecycle__in=IN_OPERATION, governance_plan__isnull=True)
        else:
            raise ValidationError(_("Ugyldig værdi for filteret %(name)s.") % {"name": PLAN_PARAM})
    return queryset


def usage_panel(*, usage: Any, organization: Any, tab: str, view: Any) -> dict[str, Any]:
    """Flags for the usage page (every tab) and the governance panel (platforms tab)."""
    today = timezone.localdate()
    plan = GovernancePlan.objects.filter(usage=usage).select_related("responsible").first()
    flags: list[dict[str, Any]] = []
    in_operation = usage.lifecycle in IN_OPERATION
    next_review = None
    if in_operation:
        scheduled = with_schedule(type(usage).objects.filter(pk=usage.pk)).get()
        own = overrides([organization.pk]).get(organization.pk)
        rule = rule_for(scheduled, own)
        next_review = review_due_on(scheduled, rule)
        if next_review < today:
            flags.append(
                {
                    "text": _("Løsningsgennemgangen er forfalden (skulle være holdt %(date)s).")
                    % {"date": dk_date(next_review)},
                    "url": reverse("reviews:review_list") + "?usage=" + str(usage.pk),
                    "link_label": _("Se gennemgange"),
                }
            )
        elif (next_review - today).days <= c.DUE_DAYS:
            flags.append(
                {
                    "text": _("Løsningsgennemgangen forfalder %(date)s.")
                    % {"date": dk_date(next_review)},
                    "url": reverse("reviews:review_list") + "?usage=" + str(usage.pk),
                    "link_label": _("Se gennemgange"),
                }
            )
    next_test = plan_test_due_on(plan) if plan is not None else None
    if plan is None and in_operation:
        flags.append(
            {
                "text": _("Systemet har ingen styringsplan."),
                "url": reverse("reviews:plan_create") + f"?usage={usage.pk}",
                "link_label": _("Opret styringsplan"),
            }
        )
    elif plan is not None and next_test is not None and next_test < today:
        flags.append(
            {
                "text": _(
                    "Styringsplanens test er forfalden: sidst testet %(tested)s, "
                    "testkadence %(cadence)s, skulle være testet %(due)s."
                )
                % {
                    "tested": dk_date(plan.last_tested) if plan.last_tested else _("aldrig"),
                    "cadence": plan.get_test_cadence_display().lower(),
                    "due": dk_date(next_test),
                },
                "url": plan.get_absolute_url(),
                "link_label": _("Se styringsplanen"),
            }
        )
    open_findings = Finding.objects.filter(
        review__usage=usage, status=c.ActionStatus.OPEN
    ).values_list("due_date", flat=True)
    dues = list(open_findings)
    if dues:
        late = sum(1 for d in dues if d is not None and d < today)
        flags.append(
            {
                "text": _(
                    "%(n)s åbne handlinger fra løsningsgennemgange, heraf %(late)s forfaldne."
                )
                % {"n": len(dues), "late": late},
                "url": reverse("reviews:finding_list") + f"?usage={usage.pk}&status=open",
                "link_label": _("Se handlinger"),
            }
        )
    panel = None
    if tab == "platforme":
        panel = {
            "template": "reviews/_usage_panel.html",
            "plan": plan,
            "next_test": next_test,
            "next_review": next_review,
            "has_interval": plan is not None and plan.test_cadence in TEST_MONTHS,
            "can_create": has_perm(view.request.user, organization, "plan.change", usage),
            "usage": usage,
        }
    return {"flags": flags, "panel": panel}


__all__ = ["usage_list_filter", "usage_list_filter_choices", "usage_panel"]
