"""The review page where a review is held (checklist by section, findings → actions), the
governance plan's and the action's panels, their POST buttons, and the schedule of
usages due for review.

List, create, edit, delete and history pages come from the resources
(:mod:`reviews.resources`)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.permissions import has_perm
from core.views import ObjectActionView, OrgView
from core.workflow import records
from reviews import choices as c
from reviews import forms, selectors, services
from reviews.schedule import overrides, rules, schedule_list, scheduled
from reviews.workflow import REVIEW_WORKFLOW


def review_panel(view: Any, review: Any) -> dict[str, Any]:
    org = view.organization
    can = has_perm(view.request.user, org, "reviews.change", review)
    planned = review.status == c.ReviewStatus.PLANNED
    return {
        "answers_form": forms.AnswersForm(review=review),
        "findings": review.findings.select_related("owner").order_by("pk"),
        "participants": list(review.participants.all()),
        "can_hold": can and planned,
        "complete_form": forms.CompleteForm(
            initial={
                "held_date": review.held_date or timezone.localdate(),
                "summary": review.summary,
            }
        ),
        "cancel_form": forms.CancelForm(),
        "unanswered": len(review.unanswered()),
        "moves": records(REVIEW_WORKFLOW, review).select_related("actor"),
    }


def plan_panel(view: Any, plan: Any) -> dict[str, Any]:
    from reviews.schedule import plan_test_due_on

    return {
        "next_test": plan_test_due_on(plan),
        "tested_form": forms.TestedForm(initial={"tested_on": timezone.localdate()}),
        "today": timezone.localdate(),
    }


def finding_panel(view: Any, finding: Any) -> dict[str, Any]:
    return {
        "close_form": forms.CloseForm(),
        "can_close": finding.status == c.ActionStatus.OPEN
        and has_perm(view.request.user, view.organization, "finding.close", finding),
    }


class _Action(ObjectActionView):
    permission = "reviews.view"  # the services check the real permission

    def get_success_message(self, obj: Any, outcome: Any) -> str:
        return str(outcome)

    def bound(self, form_class: type, **kwargs: Any) -> Any:
        form = form_class(self.request.POST, **kwargs)
        if not form.is_valid():
            raise ValidationError(
                [
                    f"{form.fields[f].label if f in form.fields else ''}: {e}".lstrip(": ")
                    for f, errors in form.errors.items()
                    for e in errors
                ]
            )
        return form


class ReviewAction(_Action):
    selector_get = staticmethod(selectors.review_get)


class AnswersView(ReviewAction):
    """The checklist answers, saved together against the review's version: a colleague's
    save after the page was opened (any item) shows the conflict page with the items
    whose answers differ, instead of overwriting them."""

    versioned = True

    def act(self, obj: Any) -> str:
        form = self.bound(forms.AnswersForm, review=obj)
        services.review_answer(actor=self.request.user, review=obj, answers=form.answers())
        return _("Svarene er gemt.")

    def conflict_rows(self, current: Any) -> list[tuple[Any, str, str]]:
        form = forms.AnswersForm(self.request.POST, review=current)
        if not form.is_valid():
            return []
        return form.conflict_rows()

    def get_success_url(self, obj: Any, outcome: Any) -> str:
        return f"{obj.get_absolute_url()}#tjekliste"


class CompleteView(ReviewAction):
    def act(self, obj: Any) -> str:
        form = self.bound(forms.CompleteForm)
        services.review_complete(actor=self.request.user, review=obj, **form.cleaned_data)
        return _("Gennemgangen er afsluttet, og systemets oplysninger er opdateret.")


class CancelView(ReviewAction):
    def act(self, obj: Any) -> str:
        form = self.bound(forms.CancelForm)
        services.review_cancel(actor=self.request.user, review=obj, **form.cleaned_data)
        return _("Gennemgangen er aflyst.")


class FindingCloseView(_Action):
    selector_get = staticmethod(selectors.finding_get)

    def act(self, obj: Any) -> str:
        form = self.bound(forms.CloseForm)
        services.finding_close(actor=self.request.user, finding=obj, **form.cleaned_data)
        return _("Handlingen er lukket.")


class PlanTestedView(_Action):
    selector_get = staticmethod(selectors.plan_get)

    def act(self, obj: Any) -> str:
        form = self.bound(forms.TestedForm)
        services.plan_tested(actor=self.request.user, plan=obj, **form.cleaned_data)
        return _("Testen er registreret.")


class ScheduleView(OrgView):
    """The usages in operation with their cadence and next review, due ones first."""

    permission = "reviews.view"
    title = gettext_lazy("Gennemgangsplan")

    def get(self, request: HttpRequest) -> HttpResponse:
        from reviews.schedule import due_filter

        org = self.organization
        own = overrides([org.pk]).get(org.pk)
        queryset = schedule_list(organization=org)
        due = request.GET.get("due", "")
        error = ""
        if due:
            if due in c.Due.values:
                queryset = queryset.filter(due_filter(due, timezone.localdate(), own))
            else:
                error = _("Ugyldig værdi for filteret %(name)s.") % {"name": "due"}
                queryset = queryset.none()
        rows = sorted(scheduled(queryset[:400], own), key=lambda u: (u.next_review, u.name))
        return render(
            request,
            "reviews/schedule.html",
            {
                "title": self.title,
                "rows": rows,
                "today": timezone.localdate(),
                "due_choices": c.Due.choices,
                "rules": rules(own),
                "filter_error": error,
                "can_plan": has_perm(request.user, org, "reviews.change"),
            },
            status=400 if error else 200,
        )
